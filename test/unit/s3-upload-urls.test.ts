import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { s3UploadUrls } from '@compact-tracker/store/s3-upload-urls';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// The API signs upload URLs without the S3 client; S3 must accept them exactly as it accepts the
// client's own, so the two are compared byte for byte at the same signing time.

const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const bucket = 'compacttracker-uploads-1a2b';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-11-29T12:34:56Z'));
});
afterEach(() => {
  vi.useRealTimers();
});

describe('s3UploadUrls', () => {
  it.each([
    ['eu-west-2', undefined],
    ['us-east-1', undefined],
    ['eu-west-2', 'http://127.0.0.1:4569'],
  ])('signs the same PUT URL as the S3 client (%s, endpoint %s)', async (region, endpoint) => {
    const key = 'imports/01JABC/01JDEF.csv';
    const ours = await s3UploadUrls({
      bucket,
      region,
      endpoint: endpoint ?? '',
      credentials: async () => ({ ...credentials, sessionToken: 'session/token+1=' }),
    }).uploadUrl(key, { expiresInSeconds: 900 });
    const client = new S3Client({
      region,
      credentials: { ...credentials, sessionToken: 'session/token+1=' },
      ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
      // Else the client signs a CRC32 of an empty body into the URL, which S3 then holds the upload to.
      requestChecksumCalculation: 'WHEN_REQUIRED',
    });
    const theirs = await getSignedUrl(client, new PutObjectCommand({ Bucket: bucket, Key: key }), {
      expiresIn: 900,
    });
    const sorted = (url: string) => {
      const parsed = new URL(url);
      parsed.searchParams.sort();
      return parsed.toString();
    };
    expect(sorted(ours)).toBe(sorted(theirs));
    expect(new URL(ours).searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses to sign without credentials in the environment', async () => {
    const saved = { ...process.env };
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    try {
      await expect(
        s3UploadUrls({ bucket, region: 'eu-west-2', endpoint: '' }).uploadUrl('k.csv', {
          expiresInSeconds: 60,
        }),
      ).rejects.toThrow(/credentials/);
    } finally {
      process.env = saved;
    }
  });
});
