import type { CryptoKey, JWTPayload, JWTVerifyGetKey, KeyObject } from 'jose';

// jose is loaded with the first token to verify: a request without one (most public reads) never
// needs it, so cold starts leave it out.
let joseLoaded: Promise<typeof import('./jose-verify.ts')> | undefined;
const jose = () => {
  joseLoaded ??= import('./jose-verify.ts');
  return joseLoaded;
};

// A token proves who the caller is. In Lambda, API Gateway's authorizer has verified it on private
// routes; public routes (and the laptop, and browser sessions) verify it here with jose.

export type Identity = { sub: string; email: string; name: string; admin: boolean };

export type TokenVerifier = (token: string) => Promise<Identity | null>;

/** Claims as API Gateway's JWT authorizer passes them (all strings), or as jose decodes them. */
export function identityFromClaims(claims: Record<string, unknown>): Identity | null {
  const sub = typeof claims.sub === 'string' ? claims.sub : null;
  const email = typeof claims.email === 'string' ? claims.email.toLowerCase() : null;
  if (!sub || !email) return null;
  // Memberships are granted by email before people sign up: an address the user pool has not
  // verified must not inherit them. (The local issuer sets no such claim.)
  if (claims.email_verified === false || claims.email_verified === 'false') return null;
  const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name : email;
  return { sub, email, name, admin: groupsOf(claims['cognito:groups']).includes('admin') };
}

/** Cognito groups arrive as an array from jose and as "[admin other]" from API Gateway's authorizer. */
function groupsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((g): g is string => typeof g === 'string');
  if (typeof value === 'string') {
    return value
      .replace(/^\[|\]$/g, '')
      .split(/[\s,]+/)
      .filter(Boolean);
  }
  return [];
}

type VerifierOptions = { issuer: string; audience: string };

type Key = KeyObject | CryptoKey | JWTVerifyGetKey;

function verifierWith(key: () => Promise<Key>, options: VerifierOptions): TokenVerifier {
  return async (token) => {
    try {
      const { jwtVerify } = await jose();
      const { payload } = await jwtVerify(token, (await key()) as JWTVerifyGetKey, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: ['ES256', 'RS256'],
        clockTolerance: 5,
        // jose checks exp only when present: a token without one would never expire.
        requiredClaims: ['exp'],
      });
      return identityFromClaims(payload as JWTPayload & Record<string, unknown>);
    } catch {
      return null; // expired, wrong issuer or audience, bad signature: all simply "not signed in"
    }
  };
}

/** A Cognito user pool (or any OIDC issuer) publishing its keys at /.well-known/jwks.json. */
export function jwksVerifier(options: VerifierOptions): TokenVerifier {
  let jwks: Promise<JWTVerifyGetKey> | undefined;
  const key = () => {
    jwks ??= jose().then(({ createRemoteJWKSet }) =>
      createRemoteJWKSet(new URL(`${options.issuer}/.well-known/jwks.json`)),
    );
    return jwks;
  };
  return verifierWith(key, options);
}

/** A single known public key: the laptop's local token issuer. */
export function keyVerifier(publicKey: KeyObject | CryptoKey, options: VerifierOptions): TokenVerifier {
  return verifierWith(async () => publicKey, options);
}

/** The bearer token of an Authorization header, if it has that form (unpadded base64url, as in JWS). */
export function bearerToken(header: string | undefined): string | null {
  const match = header
    ? /^Bearer\s+([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]*)$/i.exec(header.trim())
    : null;
  return match?.[1] ?? null;
}
