import { parseRegisterUploadKey } from '@compact-tracker/domain/supplier-facts';
import type { Db } from '@compact-tracker/store/db';
import { s3UploadReader } from '@compact-tracker/store/s3-uploads';
import { fanOutModeFromEnvironment } from '@compact-tracker/store/supplier-fanout-mode';
import type { S3Event } from 'aws-lambda';
import { runRegisterLoad } from './run-register-load.ts';

/**
 * The register loader's work for one S3 event: every uploaded `registers/{loadId}.data` is loaded.
 * Keys arrive URL-encoded (spaces as +); other objects are ignored; a completed load does nothing.
 */
export async function loadUploadedRegisters(
  db: Db,
  event: S3Event,
  log: (message: string, extra: Record<string, unknown>) => void,
) {
  const outcomes = [];
  for (const record of event.Records) {
    const bucket = record.s3.bucket.name;
    const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
    const target = parseRegisterUploadKey(key);
    if (!target) {
      log('ignored an object that is not a register upload', { bucket, key });
      continue;
    }
    const uploads = s3UploadReader({ bucket });
    const result = await runRegisterLoad(
      db,
      target.loadId,
      { open: () => uploads.open(key) },
      () => new Date(),
      fanOutModeFromEnvironment(),
    );
    log('register load finished', { loadId: target.loadId, ...result });
    outcomes.push({ loadId: target.loadId, status: result?.status ?? 'unknown' });
  }
  return outcomes;
}
