import { createHash } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './db.ts';
import { keys } from './keys.ts';

// What the pages keep on the server about signing in, so that nothing secret goes to the browser:
// - a sign-in under way: its PKCE verifier and return path, keyed by a hash of `state`, bound to
//   the browser by a hash of a random value in a cookie, single use (deleted when read) and
//   short-lived;
// - a signed-in browser's refresh token, keyed by a hash of a random id in a cookie.
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
        refreshToken: record.refreshToken,
        expiresAt: seconds(record.expiresAt),
      },
    }),
  );
}

export async function getWebSession(db: Db, id: string, now: Date): Promise<WebSessionRecord | null> {
  const result = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: keys.webSession(hash(id)), ConsistentRead: true }),
  );
  const item = result.Item as WebSessionRecord | undefined;
  return item && item.expiresAt > seconds(now) ? item : null;
}

export async function deleteWebSession(db: Db, id: string): Promise<void> {
  await db.doc.send(new DeleteCommand({ TableName: db.table, Key: keys.webSession(hash(id)) }));
}
