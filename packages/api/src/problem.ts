import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { problemTypeFor, problemTypeUri } from './problem-types.ts';

// RFC 9457 problem details. Every client mistake is answered with one of these; `type` is a
// relative URI naming the kind of problem (problem-types.ts), stable for clients to switch on, and
// a page explaining it.

export type FieldError = { path: string; message: string };

export type Problem = {
  type: string;
  title: string;
  status: ContentfulStatusCode;
  detail: string;
  errors?: FieldError[];
  /** An extension member (RFC 9457): the existing organisation of a lookalike, say. */
  organisationId?: string;
};

export function problem(status: ContentfulStatusCode, detail: string, errors?: FieldError[]): Problem {
  const kind = problemTypeFor(status);
  return { type: problemTypeUri(kind), title: kind.title, status, detail, ...(errors ? { errors } : {}) };
}

export function problemResponse(c: Context, body: Problem, headers?: Record<string, string>): Response {
  return c.body(JSON.stringify(body), body.status, {
    'content-type': 'application/problem+json',
    ...headers,
  });
}

/** zod issues -> `errors` entries with dotted paths as the contract shows (`lines.0.totalPence`), each once. */
export function fieldErrors(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const issue of issues) {
    const error = { path: issue.path.map((part) => String(part)).join('.'), message: issue.message };
    // Two checks may refuse a value in the same words (a huge number: not whole, and too big).
    const key = JSON.stringify(error);
    if (seen.has(key)) continue;
    seen.add(key);
    errors.push(error);
  }
  return errors;
}
