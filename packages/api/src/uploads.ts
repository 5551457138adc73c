import type { Readable } from 'node:stream';

/**
 * Where uploaded files go: S3 through presigned URLs in AWS, a folder under DATA_DIR through the
 * local server on the laptop. Same contract: the client PUTs the file to `uploadUrl`, and the
 * import job reads it with `open`. The API only signs, so it asks for no more than `Uploads`.
 */
export type Uploads = {
  uploadUrl: (key: string, options: { expiresInSeconds: number }) => Promise<string>;
};

export type UploadStore = Uploads & {
  open: (key: string) => Promise<Readable>;
};

export { MAX_UPLOAD_BYTES } from '@compact-tracker/domain/spend-import';
