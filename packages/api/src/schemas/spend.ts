import { categories } from '@compact-tracker/domain/categories';
import { importStatuses } from '@compact-tracker/domain/spend-import';
// Loaded first for its side effect: zod-to-openapi adds `.openapi()` to every zod schema.
import '@hono/zod-openapi';
// The namespace import lets bundlers keep only the parts of zod in use.
import * as z from 'zod';

const spendLine = z
  .object({
    category: z.enum(categories),
    totalPence: z.number().int(),
    localPence: z.number().int(),
    smePence: z.number().int(),
    vcsePence: z.number().int(),
    criteriaPence: z.number().int(),
  })
  .openapi('SpendLine');

export const spendReturnSchema = z
  .object({
    organisationId: z.string(),
    quarter: z.string(),
    lines: z.array(spendLine),
    nil: z.boolean().optional().openapi({ description: 'A nil return: no spend in the quarter' }),
    confirmImported: z
      .boolean()
      .optional()
      .openapi({ description: "Lines equal to their category's imported total confirmed as other money" }),
    revision: z.number().int(),
    submittedAt: z.string(),
    submittedBy: z.string(),
    replacedRevision: z.number().int().nullable().optional(),
  })
  .openapi('SpendReturn');

export const spendReturnWithHistory = z
  .object({
    organisationId: z.string(),
    quarter: z.string(),
    current: spendReturnSchema.nullable(),
    history: z.array(spendReturnSchema),
    importedByCategory: z
      .record(z.string(), z.number().int())
      .openapi({ description: "The quarter's imported total per category (pence), non-zero ones only" }),
  })
  .openapi('SpendReturnWithHistory');

export const spendPage = z
  .object({
    items: z.array(
      spendLine.extend({
        quarter: z.string(),
        importedPence: z.number().int().openapi({ description: 'From imported files (pence)' }),
        returnedPence: z.number().int().openapi({ description: "From the quarter's return (pence)" }),
        estimatedKgCo2e: z.number(),
      }),
    ),
    nextCursor: z.string().nullable(),
    carbonFactorsVersion: z.string(),
  })
  .openapi('SpendPage');

export const spendImportSchema = z
  .object({
    id: z.string(),
    organisationId: z.string(),
    status: z.enum(importStatuses),
    mapping: z.record(z.string(), z.unknown()),
    dateFormat: z.string(),
    fileName: z.string().optional(),
    createdAt: z.string(),
    createdBy: z.string(),
    startedAt: z.string().optional(),
    finishedAt: z.string().optional(),
    encoding: z.string().optional(),
    error: z.string().optional(),
    rowsTotal: z.number().int().nullable(),
    rowsProcessed: z.number().int(),
    rowsImported: z.number().int(),
    rowsDuplicate: z.number().int(),
    rowsRestated: z.number().int(),
    rowsRejected: z.number().int(),
    newSuppliers: z.number().int().openapi({ description: 'Suppliers first seen in this import' }),
    unclassifiedPence: z.number().int().openapi({
      description:
        'Pence of the rows this import wrote whose supplier has none of the facts that classify (undisclosed names aside)',
    }),
    rejected: z.array(z.object({ row: z.number().int(), reason: z.string() })),
    restated: z
      .array(
        z.object({
          row: z.number().int(),
          date: z.string(),
          amountPence: z.number().int(),
          transactionId: z.string(),
          before: z.record(z.string(), z.unknown()),
          after: z.record(z.string(), z.unknown()),
        }),
      )
      .openapi({ description: 'Rows already in the ledger that this import read otherwise (first 1,000)' }),
    possibleDuplicates: z
      .array(z.object({ row: z.number().int(), of: z.number().int() }))
      .openapi({ description: 'Rows repeating another cell for cell without a transaction number: counted' }),
    totalsByQuarter: z.record(z.string(), z.number().int()),
    fileSha256: z.string().nullable().openapi({ description: "SHA-256 of the file's bytes (hex)" }),
    sameFileAs: z
      .array(z.string())
      .openapi({ description: 'Earlier imports of the organisation that had the same file' }),
    reviewReasons: z
      .array(
        z.object({
          reason: z.string(),
          rows: z.number().int(),
          firstRow: z.number().int(),
          suggestedDateFormat: z.string().optional(),
        }),
      )
      .optional()
      .openapi({ description: 'Why it waits in needs-review: nothing was written' }),
    confirmed: z.boolean().optional(),
    revertedAt: z.string().optional(),
    revertedBy: z.string().optional(),
    revertTotal: z
      .number()
      .int()
      .optional()
      .openapi({ description: 'Reverting: the lines to take out of the ledger or give back their values' }),
    revertDone: z.number().int().optional().openapi({ description: 'Reverting: those done so far' }),
    revertRefused: z.string().optional().openapi({
      description: 'A revert refused after it started (a later import restated rows meanwhile): why',
    }),
    uploadUrl: z.string().optional(),
    uploadMethod: z.literal('PUT').optional(),
    uploadExpiresAt: z.string().optional(),
    maxUploadBytes: z.number().int().optional(),
  })
  .openapi('SpendImport');

export const spendImportPage = z
  .object({
    items: z.array(spendImportSchema.omit({ rejected: true, restated: true })),
    nextCursor: z.string().nullable(),
  })
  .openapi('SpendImportPage');

export const importPreviewSchema = z
  .object({
    headers: z.array(z.string()).openapi({ description: "The header row's cells, trimmed" }),
    columns: z
      .array(
        z.object({
          position: z.number().int().openapi({ description: '1-based' }),
          header: z.string(),
          label: z
            .string()
            .openapi({ description: 'The header with its second row\'s cell, e.g. "Amount: Net"' }),
          value: z.string().openapi({
            description: 'What a mapping says to choose the column: its header, or #N when blank or repeated',
          }),
        }),
      )
      .optional(),
    headerLine: z.number().int().optional().openapi({ description: '1-based line of the header row' }),
    secondHeaderRow: z.boolean().optional(),
    rows: z.array(z.array(z.string())),
    suggestedMapping: z.record(z.string(), z.unknown()),
    categoriesSeen: z.array(z.string()),
    encoding: z
      .enum(['utf-8', 'windows-1252'])
      .nullable()
      .optional()
      .openapi({ description: 'How sampleBase64 was decoded; null when all ASCII or sent as text' }),
  })
  .openapi('ImportPreview');

// Flexible Framework progress.
