import * as z from 'zod';
import { categories } from './categories.ts';
import './messages.ts';

// An import of transaction-level spend CSV ("spending over £500" files): every council names its
// columns differently, so the client says which header holds each field.

export const dateFormats = [
  'dd/mm/yyyy',
  'dd/mm/yy',
  'yyyy-mm-dd',
  'mm/dd/yyyy',
  'dd-mmm-yyyy',
  'dd.mm.yyyy',
] as const;
export type DateFormat = (typeof dateFormats)[number];

/**
 * A column of the file: its header name, or its 1-based position written `#6` (for headers that
 * are blank, repeated or spread over two rows).
 */
const header = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((v) => !/^#\d*$/.test(v) || columnPosition(v) !== null, {
    message: 'a column position is written # and a number from 1 to 10000, such as #6',
  });

/** The 1-based position a mapping value names (`#6` -> 6), or null when it names a header. */
export function columnPosition(value: string): number | null {
  const match = /^#([1-9]\d{0,4})$/.exec(value.trim());
  const position = match ? Number(match[1]) : null;
  return position !== null && position <= MAX_COLUMN_POSITION ? position : null;
}

export const MAX_COLUMN_POSITION = 10_000;

/** The fields a mapping points at a column (every key but `categoryMap`). */
export const mappedFields = [
  'date',
  'amount',
  'transactionId',
  'supplierName',
  'category',
  'local',
  'sme',
  'vcse',
  'criteria',
] as const;
export type MappedField = (typeof mappedFields)[number];

export const importMapping = z
  .object({
    date: header,
    amount: header,
    transactionId: header.optional(),
    supplierName: header.optional(),
    category: header.optional(),
    /** The file's category text -> ours; text not listed (or no category column) counts as `other`. */
    categoryMap: z.record(z.string().max(200), z.enum(categories)).optional(),
    local: header.optional(),
    sme: header.optional(),
    vcse: header.optional(),
    criteria: header.optional(),
  })
  .strict()
  .refine((m) => Object.keys(m.categoryMap ?? {}).length <= 1000, {
    message: 'categoryMap may have at most 1000 entries',
    path: ['categoryMap'],
  });

export type ImportMapping = z.infer<typeof importMapping>;

/** Columns chosen so far, as a preview takes them: any field, none required. */
export const previewMapping = z
  .object(
    Object.fromEntries(mappedFields.map((f) => [f, header.optional()])) as Record<
      MappedField,
      z.ZodOptional<typeof header>
    >,
  )
  .strict();
export type PreviewMapping = z.infer<typeof previewMapping>;

export const spendImportInput = z
  .object({
    mapping: importMapping,
    dateFormat: z.enum(dateFormats).default('dd/mm/yyyy'),
    fileName: z.string().trim().max(255).optional(),
  })
  .strict();

export type SpendImportInput = z.infer<typeof spendImportInput>;

/** Running an import again on its uploaded file: a corrected mapping or date format, or both. */
export const spendImportRetryInput = z
  .object({
    mapping: importMapping.optional(),
    dateFormat: z.enum(dateFormats).optional(),
  })
  .strict();

export type SpendImportRetryInput = z.infer<typeof spendImportRetryInput>;

export const importStatuses = [
  'waiting',
  'running',
  'needs-review',
  'completed',
  'failed',
  'reverting',
  'reverted',
] as const;
/**
 * waiting for its file (or to run again); running; needs-review: read and stopped before writing
 * (too many rows would be rejected); completed; failed (the reason in `error`); reverting: its
 * lines leaving the ledger, in the background; reverted: its lines left the ledger again.
 */
export type ImportStatus = (typeof importStatuses)[number];

/** `imports/{organisationId}/{importId}.csv`: the import job finds its import from the key. */
export function importUploadKey(organisationId: string, importId: string): string {
  return `imports/${organisationId}/${importId}.csv`;
}

export function parseImportUploadKey(key: string): { organisationId: string; importId: string } | null {
  const match = /^imports\/([0-9A-Za-z_-]{1,64})\/([0-9A-Za-z_-]{1,64})\.csv$/.exec(key);
  return match ? { organisationId: match[1] as string, importId: match[2] as string } : null;
}

/** Uploads larger than this are refused by the local server and failed by the import job. */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;
