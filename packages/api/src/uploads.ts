import type { Readable } from 'node:stream';

/**
 * Where uploaded files go: S3 through presigned URLs in AWS, a folder under DATA_DIR through the
 * local server on the laptop. Same contract: the client PUTs the file to `uploadUrl`, and the
 * import job reads it with `open`. The API only signs, so it asks for no more than `Uploads`.
 */
export type Uploads = {
  uploadUrl: (key: string, options: { expiresInSeconds: number }) => Promise<string>;
  /**
   * Hands an uploaded file to the import job again, as its upload did (an import confirmed after
   * review, or run again with another reading). Absent where that is not available: those answer 503.
   */
  rerun?: (key: string) => Promise<void>;
};

export type UploadStore = Uploads & {
  open: (key: string) => Promise<Readable>;
};

export { MAX_UPLOAD_BYTES } from '@compact-tracker/domain/spend-import';
