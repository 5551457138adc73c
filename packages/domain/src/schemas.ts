import * as z from 'zod';
import { penceAmount } from './messages.ts';

// Request bodies as the HTTP contract names them. Strings are trimmed and bounded so that
// nothing unbounded reaches the table (DynamoDB items stay well under 400 KB).

const text = (max: number) => z.string().trim().min(1).max(max);

export const partnershipInput = z
  .object({
    name: text(200),
    area: text(200),
    description: z.string().trim().max(4000).optional(),
  })
  .strict();

export const partnershipMemberInput = z
  .object({
    email: z
      .email()
      .max(320)
      .transform((e) => e.toLowerCase()),
    role: z.enum(['coordinator', 'board']),
  })
  .strict();

export const compactTextInput = z
  .object({
    title: text(200),
    summary: text(4000),
    commitments: z.array(text(2000)).min(1).max(50),
  })
  .strict();

export const sectors = ['public', 'private', 'voluntary-community'] as const;
export type Sector = (typeof sectors)[number];

const ukPostcode = /^[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$/i;

export const organisationInput = z
  .object({
    name: text(200),
    sector: z.enum(sectors),
    postcode: z
      .string()
      .trim()
      .regex(ukPostcode, 'must be a UK postcode such as B1 1BB')
      .transform((p) =>
        p
          .toUpperCase()
          .replace(/\s+/g, '')
          .replace(/(\d[A-Z]{2})$/, ' $1'),
      ),
    companyNumber: z
      .string()
      .trim()
      .regex(/^[A-Z0-9]{8}$/i, 'must be 8 characters, as Companies House gives it')
      .optional(),
    charityNumber: z
      .string()
      .trim()
      .regex(/^\d{6,8}(-\d{1,2})?$/, 'must be a charity number such as 1234567')
      .optional(),
    website: z
      .url({ protocol: /^https?$/ })
      .max(500)
      .optional(),
  })
  .strict();

/** Asking an organisation's representatives for an invitation: an optional note to them. */
export const joinRequestInput = z.object({ message: z.string().trim().max(1000).optional() }).strict();

export const organisationMemberInput = z
  .object({
    email: z
      .email()
      .max(320)
      .transform((e) => e.toLowerCase()),
    role: z.enum(['representative', 'officer']),
  })
  .strict();

/** Budgets are at most £1 trillion: a typo guard well inside safe integers. */
export const budgetInput = z
  .object({
    annualProcurementBudgetPence: penceAmount(0, 100_000_000_000_000),
  })
  .strict();

export const interestInput = z.object({ organisationId: text(64) }).strict();

export const signatureInput = z
  .object({
    organisationId: text(64),
    signatoryName: text(200),
    signatoryRole: text(200),
    version: z.number().int().min(1),
    textSha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be the 64-character hex SHA-256 of the text'),
    acceptCommitments: z.literal(true, { error: 'the commitments must be accepted to sign' }),
  })
  .strict();

export const withdrawInput = z.object({ reason: text(2000) }).strict();
/** Rejecting a signature needs a reason, kept in the audit trail. */
export const rejectInput = z.object({ reason: text(2000) }).strict();

export type PartnershipInput = z.infer<typeof partnershipInput>;
export type CompactTextInput = z.infer<typeof compactTextInput>;
export type OrganisationInput = z.infer<typeof organisationInput>;
export type SignatureInput = z.infer<typeof signatureInput>;
