import type { Readable } from 'node:stream';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';

// Uploads in S3: the client PUTs to a presigned URL (s3-upload-urls.ts), the import function reads
// the object (here; this file signs nothing, so the import function's bundle carries no signer).

export type S3UploadsOptions = {
  bucket: string;
  client?: S3Client;
  /** Wraps the client once made (Lambda: X-Ray subsegments for every call). */
  instrument?: (client: S3Client) => S3Client;
};

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
