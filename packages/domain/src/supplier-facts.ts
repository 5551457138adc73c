// Facts about suppliers: what they are, where they come from, and which one counts.
//
// Each fact has a source: `officer` (an officer or representative of an organisation that paid the
// supplier, or a coordinator of a partnership where it is paid, or an admin) or `register` (an
// official register file an admin loaded). The value in force is the officer's when there is one,
// else the register's. For one imported row, the file's own flag column (when the import's mapping
// names it) wins over both.

import * as z from 'zod';
import { parseAreaEntry, parsePostcode } from './postcodes.ts';

export const factFields = [
  'postcode',
  'companyNumber',
  'charityNumber',
  'sme',
  'vcse',
  'publicBody',
  'organisationId',
] as const;
export type FactField = (typeof factFields)[number];
export type FactSource = 'officer' | 'register';
export type FactValue = string | boolean;

/** One source's value of one fact, with who set it and when. */
export type FactEntry = {
  value: FactValue;
  setAt: string;
  /** The organisation (or partnership, or `admin`, or the register load) on whose behalf it was set. */
  setBy: string;
};

/** Both sources' current values of one fact. */
export type FactSlots = { officer?: FactEntry; register?: FactEntry };

/** The value in force: the officer's, else the register's, else null (unknown). */
export function factInForce(slots: FactSlots | undefined): FactValue | null {
  return slots?.officer?.value ?? slots?.register?.value ?? null;
}

/**
 * One row's part for one classification (SME, VCSE, local): the row's own flag when the file has
 * one, else the supplier's fact, else null (unclassified).
 */
export function rowClassification(
  rowFlag: boolean | null | undefined,
  supplierFact: boolean | null,
): boolean | null {
  if (rowFlag === true || rowFlag === false) return rowFlag;
  return supplierFact;
}

/**
 * Companies House accounts categories that mean an SME (DOMAIN.md). Every other category (FULL,
 * GROUP, AUDIT EXEMPTION SUBSIDIARY, DORMANT, NO ACCOUNTS FILED, ...) leaves SME unknown.
 */
const SME_ACCOUNTS = new Set([
  'MICRO ENTITY',
  'SMALL',
  'MEDIUM',
  'TOTAL EXEMPTION FULL',
  'TOTAL EXEMPTION SMALL',
  'UNAUDITED ABRIDGED',
]);

/** true for an SME accounts category, null (unknown) for any other; case and spacing forgiven. */
export function smeFromAccountsCategory(category: string | undefined): true | null {
  const key = (category ?? '').trim().toUpperCase().replace(/\s+/g, ' ');
  return SME_ACCOUNTS.has(key) ? true : null;
}

/** A community interest company is a VCSE; other company categories say nothing (null). */
export function vcseFromCompanyCategory(category: string | undefined): true | null {
  return /^community interest company$/i.test((category ?? '').trim().replace(/\s+/g, ' ')) ? true : null;
}

/** A Companies House number: 8 characters, digits padded ("1234" -> "00001234"), prefixes kept ("SC123456"). */
export function normaliseCompanyNumber(text: string): string | null {
  const compact = text.trim().toUpperCase().replace(/\s+/g, '');
  if (/^\d{1,8}$/.test(compact)) return compact.padStart(8, '0');
  return /^[A-Z]{2}\d{6}$/.test(compact) ? compact : null;
}

/** A charity number: 6 to 8 digits, optionally "-N" for a linked charity; leading zeros kept. */
export function normaliseCharityNumber(text: string): string | null {
  const compact = text.trim().replace(/\s+/g, '');
  return /^\d{6,8}(-\d{1,2})?$/.test(compact) ? compact : null;
}

const postcodeFact = z
  .string()
  .trim()
  .max(16)
  .transform((text, ctx) => {
    const parsed = parsePostcode(text);
    if (!parsed) {
      ctx.addIssue({ code: 'custom', message: 'must be a UK postcode such as B1 1BB' });
      return z.NEVER;
    }
    return parsed.postcode;
  });

const companyNumberFact = z
  .string()
  .max(16)
  .transform((text, ctx) => {
    const number = normaliseCompanyNumber(text);
    if (!number) {
      ctx.addIssue({ code: 'custom', message: 'must be a company number such as 01234567 or SC123456' });
      return z.NEVER;
    }
    return number;
  });

const charityNumberFact = z
  .string()
  .max(16)
  .transform((text, ctx) => {
    const number = normaliseCharityNumber(text);
    if (!number) {
      ctx.addIssue({ code: 'custom', message: 'must be a charity number such as 1234567' });
      return z.NEVER;
    }
    return number;
  });

/** PUT /v1/suppliers/{sid}: any of the facts; null clears the officer's value (a register value then shows). */
export const supplierFactsInput = z
  .object({
    postcode: postcodeFact.nullable().optional(),
    companyNumber: companyNumberFact.nullable().optional(),
    charityNumber: charityNumberFact.nullable().optional(),
    sme: z.boolean().nullable().optional(),
    vcse: z.boolean().nullable().optional(),
    publicBody: z.boolean().nullable().optional(),
    organisationId: z
      .string()
      .regex(/^[0-9A-Za-z_-]{1,64}$/, 'must be the id of an organisation of this tracker')
      .nullable()
      .optional(),
  })
  .strict()
  .refine((input) => Object.values(input).some((v) => v !== undefined), {
    message: 'give at least one fact to set or clear',
  });

export type SupplierFactsInput = z.infer<typeof supplierFactsInput>;

/** PUT /v1/organisations/{oid}/supplier-names: a name as it appears in the rows, and the right supplier. */
export const supplierNamePointInput = z
  .object({
    name: z.string().trim().min(1).max(300),
    supplierId: z.string().regex(/^[0-9A-Za-z_-]{1,64}$/, 'must be a supplier id'),
  })
  .strict();

/** PUT /v1/partnerships/{pid}/area: postcode areas or districts, normalised and deduplicated. */
export const partnershipAreaInput = z
  .object({
    postcodes: z
      .array(
        z
          .string()
          .max(8)
          .transform((text, ctx) => {
            const entry = parseAreaEntry(text);
            if (!entry) {
              ctx.addIssue({
                code: 'custom',
                message: 'must be a postcode area such as "B" or a district such as "WS1"',
              });
              return z.NEVER;
            }
            return entry;
          }),
      )
      .max(500)
      .transform((entries) => [...new Set(entries)].sort()),
  })
  .strict();

export type PartnershipAreaInput = z.infer<typeof partnershipAreaInput>;

/** POST /v1/supplier-registers. */
export const registerKinds = ['companies-house', 'charity-commission'] as const;
export type RegisterKind = (typeof registerKinds)[number];
export const supplierRegisterInput = z.object({ kind: z.enum(registerKinds) }).strict();

/** Where a register file is uploaded: `registers/{loadId}.data` (zipped or not, CSV, text or JSON). */
export function registerUploadKey(loadId: string): string {
  return `registers/${loadId}.data`;
}

export function parseRegisterUploadKey(key: string): { loadId: string } | null {
  const match = /^registers\/([0-9A-Za-z_-]{1,64})\.data$/.exec(key);
  return match ? { loadId: match[1] as string } : null;
}
