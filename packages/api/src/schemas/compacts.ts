// Loaded first for its side effect: zod-to-openapi adds `.openapi()` to every zod schema.
import '@hono/zod-openapi';
// The namespace import lets bundlers keep only the parts of zod in use.
import * as z from 'zod';
import { page, sector } from './common.ts';

export const compactSchema = z
  .object({
    id: z.string(),
    partnershipId: z.string(),
    title: z.string(),
    summary: z.string(),
    commitments: z.array(z.string()),
    status: z.enum(['draft', 'open', 'closed']),
    version: z.number().int(),
    textSha256: z.string(),
    signatoryCount: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    publishedAt: z.string().optional(),
    closedAt: z.string().optional(),
  })
  .openapi('Compact');

export const compactPage = page(compactSchema).openapi('CompactPage');

const participationStatus = z.enum(['interested', 'signed', 'withdrawn', 'rejected']);

export const interestSchema = z
  .object({
    compactId: z.string(),
    organisationId: z.string(),
    status: participationStatus,
    interestedAt: z.string(),
  })
  .openapi('Interest');

export const signatureSchema = z
  .object({
    compactId: z.string(),
    organisationId: z.string(),
    status: z.literal('signed'),
    signedAt: z.string(),
    version: z.number().int(),
  })
  .openapi('Signature');

export const withdrawalSchema = z
  .object({
    compactId: z.string(),
    organisationId: z.string(),
    status: z.literal('withdrawn'),
    withdrawnAt: z.string(),
  })
  .openapi('Withdrawal');

export const verificationSchema = z
  .object({
    compactId: z.string(),
    organisationId: z.string(),
    status: z.literal('signed'),
    verifiedAt: z.string(),
  })
  .openapi('Verification');

export const rejectionSchema = z
  .object({
    compactId: z.string(),
    organisationId: z.string(),
    status: z.literal('rejected'),
    rejectedAt: z.string(),
  })
  .openapi('Rejection');

export const signatorySchema = z
  .object({
    organisationId: z.string(),
    name: z.string(),
    sector,
    status: participationStatus,
    signedAt: z.string().nullable(),
    withdrawnAt: z.string().nullable(),
    version: z.number().int().nullable(),
    /** When a coordinator verified the signature; null while it awaits verification. */
    verifiedAt: z.string().nullable(),
    reportingStatus: z.enum(['reporting', 'non-reporting', 'lapsed', 'not-yet-due']).nullable(),
  })
  .openapi('Signatory');

export const signatoryPage = page(signatorySchema).openapi('SignatoryPage');

export const eventSchema = z
  .object({
    id: z.string(),
    compactId: z.string(),
    type: z.string(),
    at: z.string(),
    actor: z.object({ sub: z.string(), email: z.string(), name: z.string() }),
    organisationId: z.string().optional(),
    version: z.number().int().optional(),
    textSha256: z.string().optional(),
    reason: z.string().optional(),
    signatoryName: z.string().optional(),
    signatoryRole: z.string().optional(),
  })
  .openapi('Event');

export const eventPage = page(eventSchema).openapi('EventPage');
