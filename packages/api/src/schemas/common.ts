import { isFinancialYear, parseQuarter } from '@compact-tracker/domain/periods';
// Loaded first for its side effect: zod-to-openapi adds `.openapi()` to every zod schema.
import '@hono/zod-openapi';
// The namespace import lets bundlers keep only the parts of zod in use.
import * as z from 'zod';
import '@compact-tracker/domain/messages';

// zod-to-openapi adds `.openapi()` to schemas made after @hono/zod-openapi is loaded; schemas of
// packages/domain may be made earlier (bundles order modules by import), so `.openapi()` is only
// ever called on schemas made here, after the import above.

// Shapes of the HTTP contract for validation and the OpenAPI document. Request bodies come from
// packages/domain; these add path and query parameters and describe the responses.
// Split by area (schemas/<area>.ts): each function bundles, and builds as it starts, the schemas of its
// own routes only. Here what every area shares.

export const id = (name: string) =>
  z
    .string()
    .regex(/^[0-9A-Za-z_-]{1,64}$/, 'must be an id of 1-64 letters, digits, - or _')
    .openapi({ param: { name, in: 'path' }, example: '01JD5ZQ4M0B0V7Y9X3K2N8P6RT' });

export const financialYear = (name: string) =>
  z
    .string()
    .refine(isFinancialYear, 'must be a financial year such as 2025-26')
    .openapi({ param: { name, in: 'path' }, example: '2025-26' });

export const quarter = (name: string, where: 'path' | 'query' = 'path') =>
  z
    .string()
    .refine((q) => parseQuarter(q) !== null, 'must be a quarter such as 2025-26-Q3')
    .openapi({ param: { name, in: where }, example: '2025-26-Q3' });

export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50).openapi({ example: 50 }),
  cursor: z.string().min(1).max(2048).optional(),
});

export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const problemSchema = z
  .object({
    type: z.string().openapi({
      description:
        'The kind of problem: a URI relative to this host, /problems/{name}, whose page explains it and its fix',
      example: '/problems/invalid-request',
    }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().openapi({ description: 'What went wrong, written for people' }),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .openapi({
        description: 'For invalid fields: each dotted path (`lines.0.totalPence`) and what it must be',
      }),
  })
  .openapi('Problem');

export const sector = z.enum(['public', 'private', 'voluntary-community']);

export const memberSchema = z
  .object({ email: z.string(), role: z.string(), createdAt: z.string() })
  .catchall(z.string())
  .openapi('Member');
