// Loaded first for its side effect: zod-to-openapi adds `.openapi()` to every zod schema.
import '@hono/zod-openapi';
// The namespace import lets bundlers keep only the parts of zod in use.
import * as z from 'zod';
import { memberSchema, sector } from './common.ts';

export const organisationSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    sector,
    postcode: z.string(),
    companyNumber: z.string().optional(),
    charityNumber: z.string().optional(),
    website: z.string().optional(),
    createdAt: z.string(),
    yourRole: z.string().optional(),
    createdBy: z.string().optional(),
    budgets: z
      .array(
        z.object({
          financialYear: z.string(),
          annualProcurementBudgetPence: z.number().int(),
          declaredAt: z.string(),
          declaredBy: z.string(),
        }),
      )
      .optional()
      .openapi({ description: "Members only: the organisation's declared budgets" }),
    members: z.array(memberSchema).optional().openapi({ description: 'Members only' }),
    joinRequests: z
      .array(
        z.object({
          email: z.string(),
          name: z.string(),
          message: z.string().optional(),
          requestedAt: z.string(),
        }),
      )
      .optional()
      .openapi({ description: 'Representatives only: people asking to be invited' }),
  })
  .openapi('Organisation');

export const joinRequestSchema = z
  .object({ organisationId: z.string(), status: z.literal('requested'), requestedAt: z.string() })
  .openapi('JoinRequest');

export const budgetSchema = z
  .object({
    organisationId: z.string(),
    financialYear: z.string(),
    annualProcurementBudgetPence: z.number().int(),
    declaredAt: z.string(),
    declaredBy: z.string(),
  })
  .openapi('Budget');
