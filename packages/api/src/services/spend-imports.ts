import { conflict, DomainError, notFound } from '@compact-tracker/domain/errors';
import {
  importUploadKey,
  type PreviewMapping,
  type SpendImportInput,
  type SpendImportRetryInput,
} from '@compact-tracker/domain/spend-import';
import { laterRestatingImports } from '@compact-tracker/store/import-revert-check';
import { runImportRevert } from '@compact-tracker/store/import-revert-run';
import * as imports from '@compact-tracker/store/spend-imports';
import { MAX_UPLOAD_BYTES } from '../uploads.ts';
import type { PageRequest, ServiceContext } from './context.ts';
import { authoriseProgressRead, authoriseProgressWrite } from './progress-access.ts';

const UPLOAD_URL_SECONDS = 15 * 60;
const REJECTED_SHOWN = 1000;

/** Thrown when this deployment has nowhere to put uploads: a 503, not the client's fault. */
export class UploadsUnavailable extends Error {
  constructor() {
    super('uploads are not available here');
    this.name = 'UploadsUnavailable';
  }
}

/** Starts an import: the import waits for its file, which the client PUTs to `uploadUrl`. */
export async function createSpendImport(
  ctx: ServiceContext,
  organisationId: string,
  input: SpendImportInput,
) {
  const { caller } = await authoriseProgressWrite(ctx, organisationId);
  const uploads = ctx.deps.uploads;
  if (!uploads) throw new UploadsUnavailable();
  const id = ctx.deps.newId();
  const now = ctx.deps.now();
  const record: imports.SpendImportRecord = {
    id,
    organisationId,
    status: 'waiting',
    mapping: input.mapping,
    dateFormat: input.dateFormat,
    ...(input.fileName ? { fileName: input.fileName } : {}),
    uploadKey: importUploadKey(organisationId, id),
    createdAt: now.toISOString(),
    createdBy: caller.email,
    ...imports.initialCounters(),
  };
  await imports.createSpendImport(ctx.deps.db, record);
  const uploadUrl = await uploads.uploadUrl(record.uploadKey, { expiresInSeconds: UPLOAD_URL_SECONDS });
  return {
    ...view(record),
    uploadUrl,
    uploadMethod: 'PUT' as const,
    uploadExpiresAt: new Date(now.getTime() + UPLOAD_URL_SECONDS * 1000).toISOString(),
    maxUploadBytes: MAX_UPLOAD_BYTES,
    rejected: [],
    restated: [],
  };
}

export async function getSpendImport(ctx: ServiceContext, organisationId: string, importId: string) {
  await authoriseProgressRead(ctx, organisationId);
  const record = await imports.getSpendImport(ctx.deps.db, organisationId, importId);
  if (!record) throw importNotFound(importId);
  const [rejected, restated] = await Promise.all([
    record.rowsRejected > 0 ? imports.listRejections(ctx.deps.db, importId, REJECTED_SHOWN) : [],
    (record.rowsRestated ?? 0) > 0 ? imports.listRestated(ctx.deps.db, importId, REJECTED_SHOWN) : [],
  ]);
  return { ...view(record), rejected, restated };
}

export async function listSpendImports(ctx: ServiceContext, organisationId: string, page: PageRequest) {
  await authoriseProgressRead(ctx, organisationId);
  const result = await imports.listSpendImports(ctx.deps.db, organisationId, page);
  return { items: result.items.map(view), nextCursor: result.nextCursor };
}

/** Thrown when a preview's mapping names a header the file repeats: a 400 naming the positions. */
export class MappingRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MappingRefused';
  }
}

/**
 * The file's first part as the import will read it: `bytes` (the file's own bytes, decoded here as
 * the import decodes the whole file) or `text` (already decoded by the client). `mapping`: columns
 * chosen so far, which place the header row and the category column as the import will.
 * Throws MappingRefused (400) for a repeated header name, DomainError `rule` (422) for unreadable CSV.
 */
export async function previewSpendImport(
  ctx: ServiceContext,
  organisationId: string,
  sample: { bytes: Uint8Array } | { text: string },
  mapping?: PreviewMapping,
) {
  await authoriseProgressWrite(ctx, organisationId);
  // The reader (csv-parse) is loaded with the first preview, not by every cold start.
  const { previewSpendFile } = await import('@compact-tracker/spend-files/preview');
  const preview = previewSpendFile('bytes' in sample ? sample.bytes : sample.text, {
    mapping: mapping ?? {},
  });
  if (!preview.ok) {
    if (preview.duplicate) throw new MappingRefused(preview.reason);
    throw new DomainError('rule', `the sample cannot be read: ${preview.reason}`);
  }
  return preview.value;
}

/** The record as the API shows it; imports made before these fields read as having none. */
function view(record: imports.SpendImportRecord) {
  const { uploadKey: _key, revertFrom: _from, ...rest } = record;
  return {
    ...rest,
    rowsRestated: rest.rowsRestated ?? 0,
    newSuppliers: rest.newSuppliers ?? 0,
    unclassifiedPence: rest.unclassifiedPence ?? 0,
    possibleDuplicates: rest.possibleDuplicates ?? [],
    fileSha256: rest.fileSha256 ?? null,
    sameFileAs: rest.sameFileAs ?? [],
  };
}

const importNotFound = (importId: string) => notFound(`import ${importId}`);

/** The uploaded file goes to the import job again; 503 where that is not available. */
async function runAgain(ctx: ServiceContext, record: imports.SpendImportRecord) {
  const rerun = ctx.deps.uploads?.rerun;
  if (!rerun) throw new UploadsUnavailable();
  await rerun(record.uploadKey);
}

async function importForWrite(ctx: ServiceContext, organisationId: string, importId: string) {
  const { caller } = await authoriseProgressWrite(ctx, organisationId);
  const record = await imports.getSpendImport(ctx.deps.db, organisationId, importId);
  if (!record) throw importNotFound(importId);
  return { caller, record };
}

const statusConflict = (record: imports.SpendImportRecord, wanted: string) =>
  conflict(`the import is ${record.status}: ${wanted}`);

/**
 * An import waiting in needs-review imports its valid rows: it runs again on the same file,
 * skipping the review's stop. 409 unless it is in needs-review.
 */
export async function confirmSpendImport(ctx: ServiceContext, organisationId: string, importId: string) {
  const { caller, record } = await importForWrite(ctx, organisationId, importId);
  if (record.status !== 'needs-review')
    throw statusConflict(record, 'only an import waiting for review can be confirmed');
  if (!ctx.deps.uploads?.rerun) throw new UploadsUnavailable();
  const fields = {
    status: 'waiting' as const,
    confirmed: true,
    confirmedBy: caller.email,
    ...imports.initialCounters(),
  };
  await changeOrConflict(ctx, record, ['needs-review'], fields, ['reviewReasons', 'error', 'finishedAt']);
  await runAgain(ctx, record);
  return { ...view({ ...record, ...fields }), rejected: [], restated: [] };
}

/**
 * An import in needs-review or failed runs again on the same uploaded file with a corrected
 * mapping or date format (each kept as it was when not given). 409 in any other status.
 */
export async function retrySpendImport(
  ctx: ServiceContext,
  organisationId: string,
  importId: string,
  input: SpendImportRetryInput,
) {
  const { record } = await importForWrite(ctx, organisationId, importId);
  if (record.status !== 'needs-review' && record.status !== 'failed')
    throw statusConflict(record, 'only an import waiting for review or failed can run again');
  if (!ctx.deps.uploads?.rerun) throw new UploadsUnavailable();
  const fields = {
    status: 'waiting' as const,
    mapping: input.mapping ?? record.mapping,
    dateFormat: input.dateFormat ?? record.dateFormat,
    ...imports.initialCounters(),
  };
  await changeOrConflict(ctx, record, ['needs-review', 'failed'], fields, [
    'reviewReasons',
    'error',
    'finishedAt',
    'confirmed',
  ]);
  // The run forgets the rejected rows of the last reading (the import job writes them, not the API).
  await runAgain(ctx, record);
  return { ...view({ ...record, ...fields }), rejected: [], restated: [] };
}

/**
 * Reverts an import: its lines leave the ledger, the lines it restated go back, totals move back;
 * it ends listed as `reverted` (answered 200 when done within the request's time budget). A large
 * import answers `reverting` (202) and the import job finishes it in the background (the import
 * function invoked asynchronously on AWS). 409 naming the later imports that restated its lines
 * (revert those first), or when it is waiting, running or in review; 503 where a revert that did
 * not finish in the request cannot go on (it stays `reverting`: asked again, it carries on).
 */
export async function revertSpendImport(ctx: ServiceContext, organisationId: string, importId: string) {
  const { caller, record } = await importForWrite(ctx, organisationId, importId);
  const from: imports.SpendImportRecord['status'][] = ['completed', 'failed', 'reverting', 'reverted'];
  if (!from.includes(record.status))
    throw statusConflict(record, 'only a completed or failed import can be reverted');
  const later = await laterRestatingImports(ctx.deps.db, organisationId, importId);
  if (later.length > 0)
    throw conflict(
      `later imports restated rows of this one: revert ${later.join(', ')} first, then this one`,
    );
  const reverting = {
    status: 'reverting' as const,
    revertFrom: record.status === 'reverting' ? (record.revertFrom ?? 'completed') : record.status,
    revertedAt: record.revertedAt ?? ctx.deps.now().toISOString(),
    revertedBy: record.revertedBy ?? caller.email,
  };
  await changeOrConflict(ctx, record, from, reverting, ['revertRefused']);
  const { revertRefused: _refused, ...rest } = record;
  // Most imports revert within the request; a large one goes on in the import job.
  const { paused: _paused, ...after } = await runImportRevert(
    ctx.deps.db,
    { ...rest, ...reverting },
    { deadline: Date.now() + INLINE_REVERT_MS },
  );
  // Refused (a later import restated rows meanwhile): 409, whether or not part was undone before.
  if (after.revertRefused) throw conflict(after.revertRefused);
  if (after.status === 'reverting') await runAgain(ctx, record);
  return { ...view(after), rejected: [], restated: [] };
}

/** How long a revert runs within its request before the import job takes over (API Gateway waits 30 s). */
const INLINE_REVERT_MS = 15_000;

async function changeOrConflict(
  ctx: ServiceContext,
  record: imports.SpendImportRecord,
  from: imports.SpendImportRecord['status'][],
  fields: Partial<imports.SpendImportRecord>,
  remove: (keyof imports.SpendImportRecord)[] = [],
) {
  try {
    await imports.changeSpendImport(ctx.deps.db, record.organisationId, record.id, from, fields, remove);
  } catch (error) {
    if (error instanceof imports.ImportStatusChanged)
      throw conflict('the import changed meanwhile; reload it');
    throw error;
  }
}
