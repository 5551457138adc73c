// Loaded first for its side effect: zod-to-openapi adds `.openapi()` to every zod schema.
import '@hono/zod-openapi';
// The namespace import lets bundlers keep only the parts of zod in use.
import * as z from 'zod';

export const membershipSchema = z
  .object({
    scope: z.enum(['organisation', 'partnership']),
    id: z.string(),
    role: z.enum(['representative', 'officer', 'coordinator', 'board']),
  })
  .openapi('Membership');

export const meSchema = z
  .object({
    sub: z.string(),
    email: z.string(),
    name: z.string(),
    admin: z.boolean(),
    memberships: z.array(membershipSchema),
  })
  .openapi('Me');
