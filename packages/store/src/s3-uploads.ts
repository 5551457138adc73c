import type { Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

// Uploads in S3: the client PUTs to a presigned URL, the import function reads the object. The
// content type is not signed: browsers label CSV files differently (text/csv, application/vnd.ms-excel).

export type S3UploadsOptions = { bucket: string; client?: S3Client };

export function s3Uploads(options: S3UploadsOptions) {
  // A local S3-compatible server (AWS_ENDPOINT_URL_S3) wants path-style addressing.
  const client = options.client ?? new S3Client({ forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3) });
  return {
    uploadUrl: (key: string, { expiresInSeconds }: { expiresInSeconds: number }) =>
      getSignedUrl(client, new PutObjectCommand({ Bucket: options.bucket, Key: key }), {
        expiresIn: expiresInSeconds,
      }),
    open: async (key: string) => {
      const object = await client.send(new GetObjectCommand({ Bucket: options.bucket, Key: key }));
      return object.Body as Readable;
    },
  };
}

/** In the spend function: the bucket the stack names in UPLOAD_BUCKET. */
export function s3UploadsFromEnvironment() {
  const bucket = process.env.UPLOAD_BUCKET;
  return bucket ? s3Uploads({ bucket }) : undefined;
}
