// Loaded first for its side effect: zod-to-openapi adds `.openapi()` to every zod schema.
import '@hono/zod-openapi';
// The namespace import lets bundlers keep only the parts of zod in use.
import * as z from 'zod';
import { page } from './common.ts';

export const partnershipSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    area: z.string(),
    description: z.string().optional(),
    createdAt: z.string(),
    createdBy: z.string(),
    /** The local area: postcode areas or districts (PUT /v1/partnerships/{pid}/area). */
    areaPostcodes: z.array(z.string()).optional(),
    areaSetAt: z.string().optional(),
  })
  .openapi('Partnership');

export const partnershipPage = page(partnershipSchema).openapi('PartnershipPage');
