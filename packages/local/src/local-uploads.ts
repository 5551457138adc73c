import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { problem, problemResponse } from '@compact-tracker/api/problem';
import { MAX_UPLOAD_BYTES, type UploadStore } from '@compact-tracker/api/uploads';
import { Hono } from 'hono';

// The laptop's stand-in for S3 presigned uploads: the same contract (PUT the file to a URL that
// expires), served by the local server, stored under DATA_DIR, and followed by the same import
// code the S3 event would run.

export type LocalUploads = {
  uploads: UploadStore;
  /** Mount on the local server: `PUT /local-uploads/{key}?expires=..&signature=..`. */
  app: Hono;
};

export function localUploads(options: {
  dir: string;
  baseUrl: () => string;
  onUploaded: (key: string) => void;
  maxBytes?: number;
}): LocalUploads {
  const secret = randomBytes(32);
  const maxBytes = options.maxBytes ?? MAX_UPLOAD_BYTES;
  const root = resolve(options.dir);
  const sign = (key: string, expires: number) =>
    createHmac('sha256', secret).update(`${key}\n${expires}`).digest('base64url');
  const pathOf = (key: string) => {
    const path = resolve(root, key);
    if (!path.startsWith(root + sep)) throw new Error('key outside the uploads folder');
    return path;
  };

  const uploads: UploadStore = {
    uploadUrl: async (key, { expiresInSeconds }) => {
      const expires = Math.floor(Date.now() / 1000) + expiresInSeconds;
      return `${options.baseUrl()}/local-uploads/${key}?expires=${expires}&signature=${sign(key, expires)}`;
    },
    open: async (key) => createReadStream(pathOf(key)),
    // The file is already here: the import runs again as after its upload.
    rerun: async (key) => {
      pathOf(key);
      options.onUploaded(key);
    },
  };

  const app = new Hono();
  app.put('/local-uploads/*', async (c) => {
    const key = c.req.path.slice('/local-uploads/'.length);
    const expires = Number(c.req.query('expires'));
    const given = Buffer.from(c.req.query('signature') ?? '');
    const wanted = Buffer.from(sign(key, expires));
    if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
      return problemResponse(c, problem(403, 'the upload URL is not valid: ask for a new one'));
    }
    if (!Number.isFinite(expires) || expires < Date.now() / 1000) {
      return problemResponse(c, problem(403, 'the upload URL has expired: ask for a new one'));
    }
    const declared = Number(c.req.header('content-length') ?? '0');
    if (declared > maxBytes)
      return problemResponse(c, problem(413, `uploads are limited to ${maxBytes} bytes`));
    const body = c.req.raw.body;
    if (!body) return problemResponse(c, problem(400, 'the upload has no body'));
    const path = pathOf(key);
    const partial = `${path}.part`;
    await mkdir(dirname(path), { recursive: true });
    let received = 0;
    const limit = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        received += chunk.length;
        done(received > maxBytes ? new Error('too large') : null, chunk);
      },
    });
    try {
      await pipeline(Readable.fromWeb(body as never), limit, createWriteStream(partial));
    } catch {
      await rm(partial, { force: true });
      return problemResponse(c, problem(413, `uploads are limited to ${maxBytes} bytes`));
    }
    await rename(partial, path);
    options.onUploaded(key);
    return c.body(null, 200);
  });
  return { uploads, app };
}

export const uploadsDir = (dataDir: string) => join(dataDir, 'uploads');
