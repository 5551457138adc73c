import type { Readable } from 'node:stream';

/**
 * Where uploaded files go: S3 through presigned URLs in AWS, a folder under DATA_DIR through the
 * local server on the laptop. Same contract: the client PUTs the file to `uploadUrl`, and the
 * import job reads it with `open`.
 */
export type Uploads = {
  uploadUrl: (key: string, options: { expiresInSeconds: number }) => Promise<string>;
  open: (key: string) => Promise<Readable>;
};

/** Uploads larger than this are refused by the local server and failed by the import job. */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;
