import type { S3Client } from '@aws-sdk/client-s3';
import { MAX_UPLOAD_BYTES, parseImportUploadKey } from '@compact-tracker/domain/spend-import';
import type { Db } from '@compact-tracker/store/db';
import { s3UploadReader } from '@compact-tracker/store/s3-uploads';
import { updateSpendImport } from '@compact-tracker/store/spend-imports';
import type { S3Event } from 'aws-lambda';
import { runSpendImport } from './run-import.ts';

/**
 * The import function's work for one S3 event: every uploaded `imports/{oid}/{iid}.csv` is run
 * through the import job. Keys arrive URL-encoded (spaces as +). Objects that are not imports
 * are ignored; a run for an import already completed does nothing.
 */
export async function importUploadedFiles(
  db: Db,
  event: S3Event,
  log: (message: string, extra: Record<string, unknown>) => void,
  options: { instrumentS3?: (client: S3Client) => S3Client } = {},
) {
  const outcomes: ImportOutcome[] = [];
  for (const record of event.Records) {
    const bucket = record.s3.bucket.name;
    const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
    const target = parseImportUploadKey(key);
    if (!target) {
      log('ignored an object that is not an import upload', { bucket, key });
      continue;
    }
    if (record.s3.object.size > MAX_UPLOAD_BYTES) {
      await updateSpendImport(db, target.organisationId, target.importId, {
        status: 'failed',
        error: `the file is ${record.s3.object.size} bytes; imports take at most ${MAX_UPLOAD_BYTES}`,
      });
      log('refused an oversized upload', { importId: target.importId, size: record.s3.object.size });
      outcomes.push({ importId: target.importId, status: 'failed', ...noRows });
      continue;
    }
    const uploads = s3UploadReader({
      bucket,
      ...(options.instrumentS3 ? { instrument: options.instrumentS3 } : {}),
    });
    const result = await runSpendImport(db, target.organisationId, target.importId, {
      open: () => uploads.open(key),
    });
    log('import finished', {
      importId: target.importId,
      status: result.status,
      rowsImported: result.rowsImported,
    });
    outcomes.push({
      importId: target.importId,
      status: result.status,
      rowsImported: result.rowsImported ?? 0,
      rowsRejected: result.rowsRejected ?? 0,
      rowsDuplicate: result.rowsDuplicate ?? 0,
      // Restatement (API.md's rowsRestated) where the import job counts it.
      rowsRestated: (result as { rowsRestated?: number }).rowsRestated ?? 0,
    });
  }
  return outcomes;
}

/** What one uploaded file came to: its import's status and row counts. */
export type ImportOutcome = {
  importId: string;
  status: string;
  rowsImported: number;
  rowsRejected: number;
  rowsDuplicate: number;
  rowsRestated: number;
};

const noRows = { rowsImported: 0, rowsRejected: 0, rowsDuplicate: 0, rowsRestated: 0 };
