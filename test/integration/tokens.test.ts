import { createPrivateKey, sign } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fullApiApp } from '@compact-tracker/api/app';
import {
  LOCAL_AUDIENCE,
  LOCAL_ISSUER,
  type LocalIssuer,
  localIssuer,
  localSubject,
} from '@compact-tracker/local/token-issuer';
import { type CryptoKey, exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { tableItems } from '../support/fixtures.ts';
import { type Harness, harness } from '../support/harness.ts';

// Tokens a client should never get through with: each is a 401 problem+json whose detail says to
// sign in, and never what the verifier disliked (jose's message) nor any part of the token.

let h: Harness;
let issuer: LocalIssuer;
let privateKey: CryptoKey;
let privateJwk: JWK;
let app: ReturnType<typeof fullApiApp>;

beforeAll(async () => {
  h = await harness();
  // An issuer whose private key the test holds, so it can sign tokens with any claims.
  const keyFile = join(mkdtempSync(join(tmpdir(), 'ct-token-keys-')), 'issuer.json');
  issuer = await localIssuer(keyFile);
  privateJwk = (JSON.parse(readFileSync(keyFile, 'utf8')) as { privateJwk: JWK }).privateJwk;
  privateKey = (await importJWK(privateJwk, 'ES256')) as CryptoKey;
  app = fullApiApp({ ...h.deps, verifyToken: issuer.verify });
});

const EMAIL = 'rep@org1.example';
const now = () => Math.floor(Date.now() / 1000);
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

type Claims = Record<string, unknown>;
const goodClaims = (): Claims => ({
  email: EMAIL,
  name: 'Rep One',
  sub: localSubject(EMAIL),
  iss: LOCAL_ISSUER,
  aud: LOCAL_AUDIENCE,
  iat: now(),
  exp: now() + 3600,
});

async function signed(claims: Claims, key: CryptoKey = privateKey, header: Record<string, unknown> = {}) {
  return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'local', ...header }).sign(key);
}

/** Signed with the issuer's key by hand: headers jose will not write (unknown `crit`, say). */
function signedByHand(header: Record<string, unknown>, claims: Claims) {
  const input = `${b64(header)}.${b64(claims)}`;
  const key = createPrivateKey({ key: privateJwk as never, format: 'jwk' });
  const signature = sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

async function call(method: string, path: string, authorization?: string, body?: unknown) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (authorization !== undefined) headers.authorization = authorization;
  const response = await app.request(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, text, headers: response.headers };
}

/** jose's and the verifier's own words: none of these may reach the client. */
const INTERNALS =
  /jose|JW[STKE]|claim|signature|expired|"exp"|"nbf"|"iss"|"aud"|alg|timestamp|verif|ERR_|Invalid Compact|decod/i;

async function expectRefused(authorization: string, label: string) {
  const token = authorization.replace(/^\S+\s*/, '');
  for (const [method, path, body] of [
    ['GET', '/v1/me'],
    ['GET', '/v1/compacts'],
    ['POST', '/v1/organisations', { name: 'Token Org', sector: 'public', postcode: 'B1 1BB' }],
  ] as const) {
    const before = method === 'POST' ? await tableItems(h) : null;
    const response = await call(method, path, authorization, body);
    const context = `${label}: ${method} ${path} -> ${response.text}`;
    expect(response.status, context).toBe(401);
    expect(response.headers.get('content-type'), context).toMatch(/^application\/problem\+json/);
    const problem = JSON.parse(response.text);
    expect(problem, context).toEqual({
      type: '/problems/unauthenticated',
      title: expect.any(String),
      status: 401,
      detail: 'sign in: this needs a valid bearer token',
    });
    expect(response.text, context).not.toMatch(INTERNALS);
    // No piece of the token comes back.
    for (const part of token.split('.').filter((p) => p.length >= 8)) {
      expect(response.text, context).not.toContain(part.slice(0, 16));
    }
    if (before) expect(await tableItems(h), context).toEqual(before);
  }
}

describe('a bearer token the API must refuse', () => {
  it('a good token is accepted (the control), also signed by hand', async () => {
    for (const token of [await signed(goodClaims()), signedByHand({ alg: 'ES256' }, goodClaims())]) {
      const response = await call('GET', '/v1/me', `Bearer ${token}`);
      expect(response.status, response.text).toBe(200);
      expect(JSON.parse(response.text)).toMatchObject({ email: EMAIL });
    }
  });

  it('expired, also by more than the clock tolerance only', async () => {
    await expectRefused(`Bearer ${await issuer.issue({ email: EMAIL }, -60)}`, 'expired');
    await expectRefused(
      `Bearer ${await signed({ ...goodClaims(), iat: now() - 100, exp: now() - 30 })}`,
      'expired 30s ago',
    );
  });

  it('not valid yet (nbf in the future)', async () => {
    await expectRefused(`Bearer ${await signed({ ...goodClaims(), nbf: now() + 600 })}`, 'nbf');
  });

  it('from another issuer, or for another audience, or with neither', async () => {
    await expectRefused(`Bearer ${await signed({ ...goodClaims(), iss: 'https://evil.example' })}`, 'iss');
    await expectRefused(`Bearer ${await signed({ ...goodClaims(), aud: 'another-app' })}`, 'aud');
    const { iss: _iss, aud: _aud, ...bare } = goodClaims();
    await expectRefused(`Bearer ${await signed(bare)}`, 'no iss or aud');
  });

  it('without an expiry, subject or email, or with an unverified email', async () => {
    // A token without exp would never expire: a leaked one would be good for ever.
    const { exp: _exp, ...noExp } = goodClaims();
    const { sub: _sub, ...noSub } = goodClaims();
    const { email: _email, ...noEmail } = goodClaims();
    await expectRefused(`Bearer ${await signed(noExp)}`, 'no exp');
    await expectRefused(`Bearer ${await signed(noSub)}`, 'no sub');
    await expectRefused(`Bearer ${await signed(noEmail)}`, 'no email');
    await expectRefused(`Bearer ${await signed({ ...goodClaims(), email: 42 })}`, 'email not a string');
    await expectRefused(`Bearer ${await signed({ ...goodClaims(), email_verified: false })}`, 'unverified');
  });

  it('alg none, unsigned', async () => {
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(goodClaims())}.`;
    await expectRefused(`Bearer ${unsigned}`, 'alg none');
    await expectRefused(`Bearer ${b64({ alg: 'NONE' })}.${b64(goodClaims())}.`, 'alg NONE');
  });

  it('HS256 with the public key as the secret (algorithm confusion)', async () => {
    const { d: _d, ...publicJwk } = privateJwk;
    const secret = new TextEncoder().encode(JSON.stringify(publicJwk));
    const token = await new SignJWT(goodClaims()).setProtectedHeader({ alg: 'HS256' }).sign(secret);
    await expectRefused(`Bearer ${token}`, 'HS256');
  });

  it('with a tampered signature or a tampered payload', async () => {
    const token = await signed(goodClaims());
    const [header, payload, signature = ''] = token.split('.');
    const flipped = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
    await expectRefused(`Bearer ${header}.${payload}.${flipped}`, 'flipped signature');
    await expectRefused(`Bearer ${header}.${payload}.${signature.slice(0, -4)}`, 'short signature');
    const admin = b64({ ...goodClaims(), 'cognito:groups': ['admin'] });
    await expectRefused(`Bearer ${header}.${admin}.${signature}`, 'payload made admin');
  });

  it('signed by another key, even one the token itself carries', async () => {
    const other = await generateKeyPair('ES256', { extractable: true });
    await expectRefused(`Bearer ${await signed(goodClaims(), other.privateKey)}`, 'other key');
    const jwk = await exportJWK(other.publicKey);
    await expectRefused(
      `Bearer ${await signed(goodClaims(), other.privateKey, { jwk })}`,
      'other key in the jwk header',
    );
    const rsa = await generateKeyPair('RS256', { extractable: true });
    const rs = await new SignJWT(goodClaims()).setProtectedHeader({ alg: 'RS256' }).sign(rsa.privateKey);
    await expectRefused(`Bearer ${rs}`, 'RS256 by another key');
  });

  it('malformed', async () => {
    const good = await signed(goodClaims());
    for (const [label, value] of [
      ['three letters', 'a.b.c'],
      ['one part', 'abcdefghijklmnop'],
      ['two parts', good.split('.').slice(0, 2).join('.')],
      ['four parts', `${good}.abcdefghij`],
      ['header not JSON', `${Buffer.from('{not json').toString('base64url')}.${good.split('.')[1]}.abc`],
      ['payload not JSON', `${good.split('.')[0]}.${Buffer.from('[1,').toString('base64url')}.abc`],
      ['crit header', signedByHand({ alg: 'ES256', crit: ['x-unknown'], 'x-unknown': 1 }, goodClaims())],
      ['very long', `${'a'.repeat(20_000)}.${'b'.repeat(20_000)}.${'c'.repeat(100)}`],
      ['padding', `${good}==`],
    ] as const) {
      await expectRefused(`Bearer ${value}`, label);
    }
  });

  it('under another scheme, or no token after the scheme', async () => {
    const good = await signed(goodClaims());
    for (const [label, header] of [
      ['Basic', `Basic ${Buffer.from('rep:secret').toString('base64')}`],
      ['Token', `Token ${good}`],
      ['no scheme', good],
      ['Bearer alone', 'Bearer'],
      ['Bearer and spaces', 'Bearer    '],
      ['two tokens', `Bearer ${good} ${good}`],
      ['two headers folded', `Bearer ${good}, Bearer ${good}`],
      ['empty', ''],
    ] as const) {
      await expectRefused(header, label);
    }
  });
});
