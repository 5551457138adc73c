import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { keyVerifier, type TokenVerifier } from '@compact-tracker/api/tokens';
import { type CryptoKey, exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';

// The laptop's stand-in for the Cognito user pool: an ES256 key kept under DATA_DIR signs tokens
// with the same claims (sub, email, name, cognito:groups), and the server verifies them with jose.

export const LOCAL_ISSUER = 'compact-tracker-local';
export const LOCAL_AUDIENCE = 'compact-tracker';

export type LocalIssuer = {
  issue: (user: { email: string; name?: string; admin?: boolean }, ttlSeconds?: number) => Promise<string>;
  verify: TokenVerifier;
};

type StoredKey = { privateJwk: JWK; publicJwk: JWK };

async function loadOrCreateKey(keyFile: string): Promise<StoredKey> {
  if (existsSync(keyFile)) return JSON.parse(readFileSync(keyFile, 'utf8')) as StoredKey;
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const stored = { privateJwk: await exportJWK(privateKey), publicJwk: await exportJWK(publicKey) };
  mkdirSync(dirname(keyFile), { recursive: true });
  writeFileSync(keyFile, JSON.stringify(stored), { mode: 0o600 });
  return stored;
}

/** A stable subject per email, as a user pool would keep one per user. */
export function localSubject(email: string): string {
  return `local-${createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 24)}`;
}

export async function localIssuer(keyFile: string): Promise<LocalIssuer> {
  const stored = await loadOrCreateKey(keyFile);
  const privateKey = (await importJWK(stored.privateJwk, 'ES256')) as CryptoKey;
  const publicKey = (await importJWK(stored.publicJwk, 'ES256')) as CryptoKey;
  return {
    issue: async (user, ttlSeconds = 12 * 60 * 60) => {
      const email = user.email.toLowerCase();
      return new SignJWT({
        email,
        name: user.name ?? email,
        ...(user.admin ? { 'cognito:groups': ['admin'] } : {}),
      })
        .setProtectedHeader({ alg: 'ES256', kid: 'local' })
        .setSubject(localSubject(email))
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(privateKey);
    },
    verify: keyVerifier(publicKey, { issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE }),
  };
}
