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

const header = z.string().trim().min(1).max(200);

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

export const spendImportInput = z
  .object({
    mapping: importMapping,
    dateFormat: z.enum(dateFormats).default('dd/mm/yyyy'),
    fileName: z.string().trim().max(255).optional(),
  })
  .strict();

export type SpendImportInput = z.infer<typeof spendImportInput>;

export type ImportStatus = 'waiting' | 'running' | 'completed' | 'failed';

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
