import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { spendImportHandler } from '@compact-tracker/jobs/import/lambda';
import { s3Uploads } from '@compact-tracker/store/s3-uploads';
import type { S3Event } from 'aws-lambda';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { world } from '../support/fixtures.ts';
import { type Harness, harness } from '../support/harness.ts';
import { transparencyCsv, transparencyMapping } from '../support/transparency-csv.ts';

// The AWS path end to end against a local S3-compatible server: the API presigns a PUT, the client
// uploads to it, and an S3 ObjectCreated event (as S3 sends it, key URL-encoded) runs the import
// function's handler.

const BUCKET = 'compact-tracker-uploads-test';
let s3: S3rver;
let h: Harness;
let w: Awaited<ReturnType<typeof world>>;

beforeAll(async () => {
  s3 = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory: mkdtempSync(join(tmpdir(), 'ct-s3-')),
  });
  const { port } = await s3.run();
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${port}`,
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_REGION: 'eu-west-2',
  });
  await new S3Client({ forcePathStyle: true }).send(new CreateBucketCommand({ Bucket: BUCKET }));
  h = await harness();
  w = await world(h);
  process.env.TABLE_NAME = h.table;
  process.env.DYNAMODB_ENDPOINT = h.endpoint;
});

afterAll(async () => {
  await s3?.close();
});

function s3Event(key: string, size: number): S3Event {
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: 'eu-west-2',
        eventTime: new Date().toISOString(),
        eventName: 'ObjectCreated:Put',
        userIdentity: { principalId: 'AWS:EXAMPLE' },
        requestParameters: { sourceIPAddress: '192.0.2.1' },
        responseElements: { 'x-amz-request-id': 'r', 'x-amz-id-2': 'i' },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'imports',
          bucket: { name: BUCKET, ownerIdentity: { principalId: 'EXAMPLE' }, arn: `arn:aws:s3:::${BUCKET}` },
          object: { key: encodeURIComponent(key).replace(/%2F/g, '/'), size, eTag: 'e', sequencer: '1' },
        },
      },
    ],
  };
}

describe('the S3 import path', () => {
  it('presigned PUT, then the S3 event into the import handler', async () => {
    const { fullApiApp } = await import('@compact-tracker/api/app');
    const app = fullApiApp({ ...h.deps, uploads: s3Uploads({ bucket: BUCKET }) });
    const created = await app.request(`/v1/organisations/${w.org1.id}/spend-imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${w.tokens.officer}`, 'content-type': 'application/json' },
      body: JSON.stringify({ mapping: transparencyMapping }),
    });
    expect(created.status).toBe(201);
    const { id, uploadUrl } = (await created.json()) as { id: string; uploadUrl: string };
    expect(uploadUrl).toContain('X-Amz-Signature=');

    const file = transparencyCsv({ rows: 300, invalidEvery: 37 });
    const put = await fetch(uploadUrl, {
      method: 'PUT',
      body: file.bytes,
      headers: { 'content-type': 'text/csv' },
    });
    expect(put.status).toBe(200);

    const handler = spendImportHandler();
    const outcome = await handler(s3Event(`imports/${w.org1.id}/${id}.csv`, file.bytes.length), {
      functionName: 'spend-import',
      awsRequestId: 'test',
      getRemainingTimeInMillis: () => 900_000,
    } as never);
    expect(outcome).toEqual([
      {
        importId: id,
        status: 'completed',
        rowsImported: 292,
        rowsRejected: 8,
        rowsDuplicate: 0,
        rowsRestated: 0,
      },
    ]);

    const status = await h.call('GET', `/v1/organisations/${w.org1.id}/spend-imports/${id}`, {
      token: w.tokens.officer,
    });
    expect(status.body).toMatchObject({
      status: 'completed',
      rowsImported: 300 - file.rejectedLines.length,
      rowsRejected: file.rejectedLines.length,
      totalsByQuarter: file.totalsByQuarter,
    });

    // S3 may deliver the same event twice: the second run changes nothing.
    await handler(s3Event(`imports/${w.org1.id}/${id}.csv`, file.bytes.length), {} as never);
    const again = await h.call('GET', `/v1/organisations/${w.org1.id}/spend-imports/${id}`, {
      token: w.tokens.officer,
    });
    expect(again.body.rowsImported).toBe(status.body.rowsImported);
  });
});
