import { s3UploadUrls } from './s3-upload-urls.ts';
import { type S3UploadsOptions, s3UploadReader } from './s3-uploads.ts';

/** Signing and reading: an upload store in S3 (the tests sign and read through one). */
export function s3Uploads(options: S3UploadsOptions) {
  return { ...s3UploadUrls({ bucket: options.bucket }), ...s3UploadReader(options) };
}
