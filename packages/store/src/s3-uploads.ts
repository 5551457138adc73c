import type { Readable } from 'node:stream';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { s3UploadUrls } from './s3-upload-urls.ts';

// Uploads in S3: the client PUTs to a presigned URL, the import function reads the object.

export type S3UploadsOptions = {
  bucket: string;
  client?: S3Client;
  /** Wraps the client once made (Lambda: X-Ray subsegments for every call). */
  instrument?: (client: S3Client) => S3Client;
};

/** Signing and reading: an upload store in S3 (the laptop's tests sign and read through one). */
export function s3Uploads(options: S3UploadsOptions) {
  return { ...s3UploadUrls({ bucket: options.bucket }), ...s3UploadReader(options) };
}

/** Reading only: for the import function, which opens what was uploaded and never signs. */
export function s3UploadReader(options: S3UploadsOptions) {
  // A local S3-compatible server (AWS_ENDPOINT_URL_S3) wants path-style addressing.
  const made = options.client ?? new S3Client({ forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3) });
  const client = options.instrument ? options.instrument(made) : made;
  return {
    open: async (key: string) => {
      const object = await client.send(new GetObjectCommand({ Bucket: options.bucket, Key: key }));
      return object.Body as Readable;
    },
  };
}
