import { createHash, createHmac } from 'node:crypto';
import type { S3RequestPresigner } from '@aws-sdk/s3-request-presigner';
import type { AwsCredentialIdentity, SourceData } from '@smithy/types';

// Presigned PUT URLs for uploads, signed without an S3 client: the API and page functions only
// sign, so they need not carry the S3 client's weight in their bundles. The content type is not
// signed: browsers label CSV files differently (text/csv, application/vnd.ms-excel). Nor is a
// checksum: the S3 client's presigner signs the CRC32 of an empty body unless told otherwise, and
// S3 would then refuse every real upload to the URL.

export type S3UploadUrlsOptions = {
  bucket: string;
  region?: string;
  /** A local S3-compatible server (AWS_ENDPOINT_URL_S3), addressed path-style. */
  endpoint?: string;
  credentials?: () => Promise<AwsCredentialIdentity>;
};

export function s3UploadUrls(options: S3UploadUrlsOptions) {
  const region = options.region ?? process.env.AWS_REGION ?? 'eu-west-2';
  const endpoint = (options.endpoint ?? process.env.AWS_ENDPOINT_URL_S3) || undefined;
  // The presigner is loaded with the first upload URL (an import being set up), not at cold start.
  let presigner: Promise<S3RequestPresigner> | undefined;
  const presignerNow = () => {
    presigner ??= import('@aws-sdk/s3-request-presigner').then(
      ({ S3RequestPresigner: Presigner }) =>
        new Presigner({
          region,
          sha256: Sha256,
          credentials: options.credentials ?? credentialsFromEnvironment,
        }),
    );
    return presigner;
  };
  const origin = new URL(endpoint ?? s3UploadOrigin(options.bucket, region));
  return {
    uploadUrl: async (key: string, { expiresInSeconds }: { expiresInSeconds: number }) => {
      const path = `${endpoint ? `/${uriEscape(options.bucket)}` : ''}/${key.split('/').map(uriEscape).join('/')}`;
      const signed = await (await presignerNow()).presign(
        {
          method: 'PUT',
          protocol: origin.protocol,
          hostname: origin.hostname,
          ...(origin.port ? { port: Number(origin.port) } : {}),
          path,
          query: { 'x-id': 'PutObject' },
          headers: { host: origin.host },
        },
        { expiresIn: expiresInSeconds },
      );
      const query = Object.entries(signed.query ?? {})
        .map(([name, value]) => `${uriEscape(name)}=${uriEscape(String(value))}`)
        .join('&');
      return `${origin.origin}${signed.path}?${query}`;
    },
  };
}

/**
 * The origin a presigned URL of `bucket` has (virtual-hosted style, or the AWS_ENDPOINT_URL_S3
 * server): the one place browsers PUT uploads, for the pages' CSP.
 */
export function s3UploadOrigin(bucket: string, region: string, endpoint = process.env.AWS_ENDPOINT_URL_S3) {
  if (endpoint) return new URL(endpoint).origin;
  return `https://${bucket}.s3.${region}.${region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com'}`;
}

/** In the spend function: the bucket the stack names in UPLOAD_BUCKET. */
export function s3UploadsFromEnvironment() {
  const bucket = process.env.UPLOAD_BUCKET;
  return bucket ? s3UploadUrls({ bucket }) : undefined;
}

/** In the web function: the origin of the bucket the stack names in UPLOAD_BUCKET, in Lambda's region. */
export function s3UploadOriginFromEnvironment() {
  const bucket = process.env.UPLOAD_BUCKET;
  const region = process.env.AWS_REGION;
  return bucket && region ? s3UploadOrigin(bucket, region) : undefined;
}

/** Lambda hands its role's credentials to the function in these variables. */
async function credentialsFromEnvironment(): Promise<AwsCredentialIdentity> {
  const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN } = process.env;
  if (!AWS_ACCESS_KEY_ID || !AWS_SECRET_ACCESS_KEY)
    throw new Error('No AWS credentials in the environment to sign upload URLs with');
  return {
    accessKeyId: AWS_ACCESS_KEY_ID,
    secretAccessKey: AWS_SECRET_ACCESS_KEY,
    ...(AWS_SESSION_TOKEN ? { sessionToken: AWS_SESSION_TOKEN } : {}),
  };
}

/** RFC 3986 escaping, as SigV4 canonicalises. */
const uriEscape = (value: string) =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** SHA-256 and HMAC-SHA-256 from node:crypto, in the shape the signer asks for. */
class Sha256 {
  readonly #hash;
  constructor(secret?: SourceData) {
    this.#hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: SourceData) {
    this.#hash.update(bytes(data));
  }
  async digest() {
    return new Uint8Array(this.#hash.digest());
  }
}

const bytes = (data: SourceData) =>
  typeof data === 'string'
    ? Buffer.from(data, 'utf8')
    : ArrayBuffer.isView(data)
      ? Buffer.from(data.buffer, data.byteOffset, data.byteLength)
      : Buffer.from(data);
