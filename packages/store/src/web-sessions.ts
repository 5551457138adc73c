import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './db.ts';
import { keys } from './keys.ts';

// What the pages keep on the server about signing in, so that nothing secret goes to the browser:
// - a sign-in under way: its PKCE verifier and return path, keyed by a hash of `state`, bound to
//   the browser by a hash of a random value in a cookie, single use (deleted when read) and
//   short-lived;
// - a signed-in browser's refresh token, keyed by a hash of a random id in a cookie, and sealed
//   with a key derived from that id: the table, its backups and every role that may read it hold
//   nothing usable without the browser's cookie, and the browser holds nothing usable without the
//   table.
// The browser holds only random values; the table (encrypted at rest with a KMS key) holds the
// rest, and TTL removes what has expired.

const hash = (value: string) => createHash('sha256').update(value).digest('base64url');
const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

/** A sign-in started by GET /login, finished (or refused) by GET /auth/callback. */
export type SignIn = {
  /** The hash of the browser-binding cookie's value. */
  browserHash: string;
  codeVerifier: string;
  /** The same-site path to return to. */
  next: string;
  /** Epoch seconds after which the callback is refused. */
  expiresAt: number;
};

export async function saveSignIn(
  db: Db,
  state: string,
  signIn: { browser: string; codeVerifier: string; next: string; expiresAt: Date },
): Promise<void> {
  await db.doc.send(
    new PutCommand({
      TableName: db.table,
      Item: {
        ...keys.signIn(hash(state)),
        type: 'sign-in',
        browserHash: hash(signIn.browser),
        codeVerifier: signIn.codeVerifier,
        next: signIn.next,
        expiresAt: seconds(signIn.expiresAt),
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
}

export type TakenSignIn =
  | { outcome: 'ok'; signIn: SignIn }
  | { outcome: 'unknown' }
  | { outcome: 'expired' }
  | { outcome: 'other-browser' };

/**
 * Takes a sign-in once: the item is deleted as it is read, so a replayed callback finds nothing.
 * `browser` is the binding cookie's value (null when the browser sent none).
 */
export async function takeSignIn(
  db: Db,
  state: string,
  browser: string | null,
  now: Date,
): Promise<TakenSignIn> {
  const deleted = await db.doc.send(
    new DeleteCommand({ TableName: db.table, Key: keys.signIn(hash(state)), ReturnValues: 'ALL_OLD' }),
  );
  const item = deleted.Attributes as SignIn | undefined;
  if (!item) return { outcome: 'unknown' };
  if (item.expiresAt <= seconds(now)) return { outcome: 'expired' };
  if (!browser || hash(browser) !== item.browserHash) return { outcome: 'other-browser' };
  return { outcome: 'ok', signIn: item };
}

/** A signed-in browser's server-side record: the refresh token never leaves the server. */
export type WebSessionRecord = { refreshToken: string; expiresAt: number };

/** AES-256-GCM under a key derived (HKDF-SHA256) from the refresh cookie's random id. */
function sealingKey(id: string): Buffer {
  return Buffer.from(hkdfSync('sha256', id, 'compact-tracker', 'web session refresh token', 32));
}

function seal(id: string, refreshToken: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(id), iv);
  const sealed = Buffer.concat([cipher.update(refreshToken, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

/** The refresh token, or null when the record was not sealed for this id (or was altered). */
function unseal(id: string, value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const bytes = Buffer.from(value, 'base64url');
  if (bytes.length < 29) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', sealingKey(id), bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

export async function saveWebSession(
  db: Db,
  id: string,
  record: { refreshToken: string; expiresAt: Date },
): Promise<void> {
  await db.doc.send(
    new PutCommand({
      TableName: db.table,
      Item: {
        ...keys.webSession(hash(id)),
        type: 'web-session',
        sealedRefreshToken: seal(id, record.refreshToken),
        expiresAt: seconds(record.expiresAt),
      },
    }),
  );
}

export async function getWebSession(db: Db, id: string, now: Date): Promise<WebSessionRecord | null> {
  const result = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: keys.webSession(hash(id)), ConsistentRead: true }),
  );
  const item = result.Item as { sealedRefreshToken?: unknown; expiresAt: number } | undefined;
  if (!item || item.expiresAt <= seconds(now)) return null;
  // A record written before sealing, or not for this id, reads as no session: sign in again.
  const refreshToken = unseal(id, item.sealedRefreshToken);
  return refreshToken === null ? null : { refreshToken, expiresAt: item.expiresAt };
}

export async function deleteWebSession(db: Db, id: string): Promise<void> {
  await db.doc.send(new DeleteCommand({ TableName: db.table, Key: keys.webSession(hash(id)) }));
}
