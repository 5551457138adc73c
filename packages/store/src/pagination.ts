import * as z from 'zod';

// Cursors are the query's LastEvaluatedKey, base64url-encoded. A cursor from a client is
// untrusted input: it is decoded, shape-checked and rejected as a validation error if odd.

export type Page<T> = { items: T[]; nextCursor: string | null };

const keyShape = z
  .record(z.string().max(64), z.string().max(1024))
  .refine((key) => Object.keys(key).length <= 4);

export class InvalidCursorError extends Error {
  constructor() {
    super('cursor is not one this service issued');
    this.name = 'InvalidCursorError';
  }
}

export function encodeCursor(key: Record<string, unknown> | undefined): string | null {
  if (!key) return null;
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined): Record<string, string> | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parsed = keyShape.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through to the error below
  }
  throw new InvalidCursorError();
}
