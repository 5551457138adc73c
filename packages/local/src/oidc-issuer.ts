import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { dirname } from 'node:path';
import { keyVerifier, type TokenVerifier } from '@compact-tracker/api/tokens';
import { type CryptoKey, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import Provider from 'oidc-provider';
import { createMemoryAdapter } from 'oidc-provider/lib/adapters/memory_adapter.js';
import type { DemoUser } from './demo-users.ts';
import { localSubject } from './token-issuer.ts';

// The laptop's stand-in for the Cognito user pool's managed login: a real OpenID Connect issuer
// (oidc-provider) on its own port, with the same flow (authorization code + PKCE, scopes
// openid email profile, refresh tokens) and the same claims (sub, email, email_verified, name,
// cognito:groups). Its sign-in page lists the demo users for one click and takes any email: a new
// email is a new user (sign-up and email verification belong to Cognito and are not rebuilt here).

export const LOCAL_CLIENT_ID = 'compact-tracker-web';

export type LocalOidcIssuer = {
  /** The issuer identifier, e.g. http://localhost:3001 */
  url: string;
  clientId: string;
  /** Verifies this issuer's ID tokens (audience: the web client). */
  verify: TokenVerifier;
  /** Registers the tracker's pages as the client: their callback and sign-out addresses. */
  connect: (webUrl: string) => void;
  stop: () => Promise<void>;
};

type Account = { email: string; name: string; admin: boolean };

async function loadOrCreateKey(keyFile: string | undefined): Promise<JWK> {
  if (keyFile && existsSync(keyFile)) return JSON.parse(readFileSync(keyFile, 'utf8')) as JWK;
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), alg: 'ES256', use: 'sig', kid: 'local-oidc' };
  if (keyFile) {
    mkdirSync(dirname(keyFile), { recursive: true });
    writeFileSync(keyFile, JSON.stringify(jwk), { mode: 0o600 });
  }
  return jwk;
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch,
  );

function pickerPage(uid: string, users: DemoUser[], error?: string): string {
  const action = `/interaction/${encodeURIComponent(uid)}/login`;
  const userForms = users
    .map(
      (user) => `<li><form method="post" action="${action}">
  <input type="hidden" name="email" value="${escapeHtml(user.email)}">
  <input type="hidden" name="name" value="${escapeHtml(user.name)}">
  ${user.admin ? '<input type="hidden" name="admin" value="yes">' : ''}
  <button type="submit"><strong>${escapeHtml(user.name)}</strong> <span>${escapeHtml(user.email)}</span><br><small>${escapeHtml(user.description)}</small></button>
</form></li>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in: local issuer</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:40rem;padding:1rem;color:#1b1b1b}
ul{list-style:none;padding:0}li{margin:.5rem 0}
button{font:inherit;cursor:pointer;width:100%;text-align:left;padding:.6rem .8rem;border:1px solid #888;border-radius:6px;background:#f6f7f8}
.notice{background:#eef4fb;border-left:4px solid #1d70b8;padding:.5rem 1rem}.error{background:#fdecea;border-left-color:#b3261e}
label{display:block;margin:.5rem 0 .2rem}input[type=email],input[type=text]{font:inherit;width:100%;box-sizing:border-box;padding:.4rem}
.check label{display:inline}
</style></head><body>
<h1>Sign in</h1>
<p class="notice">The local OpenID Connect issuer of <code>npm start</code>: choose anyone. On AWS people sign up and sign in
on the user pool's managed login, which verifies their email.</p>
${error ? `<p class="notice error" role="alert">${escapeHtml(error)}</p>` : ''}
<h2>Demo users</h2>
<ul class="users">${userForms}</ul>
<h2>Anyone else</h2>
<form method="post" action="${action}" class="any">
<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="email" required>
<label for="name">Name</label><input id="name" name="name" type="text" autocomplete="name">
<p class="check"><input id="admin" name="admin" type="checkbox" value="yes"> <label for="admin">Administrator (may create partnerships)</label></p>
<button type="submit">Sign in</button>
</form>
</body></html>`;
}

async function formOf(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 10_000) break;
  }
  return new URLSearchParams(body);
}

function send(res: ServerResponse, status: number, html: string) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

/**
 * Starts the issuer on `port` (0: any free port). Until `connect` names the tracker's address,
 * it answers 503 (the pages' address is known only once they listen).
 */
export async function startLocalOidcIssuer(options: {
  port?: number;
  users: DemoUser[];
  /** Where its signing key is kept between runs; absent: a new key each start. */
  keyFile?: string;
}): Promise<LocalOidcIssuer> {
  const jwk = await loadOrCreateKey(options.keyFile);
  const { d: _private, ...publicJwk } = jwk;
  const publicKey = (await importJWK(publicJwk, 'ES256')) as CryptoKey;
  const accounts = new Map<string, Account>();
  const remember = (account: Account) => {
    const id = localSubject(account.email);
    accounts.set(id, account);
    return id;
  };
  for (const user of options.users) remember(user);

  let provider: Provider | null = null;
  let handle: ((req: IncomingMessage, res: ServerResponse) => void) | null = null;

  const interactions = async (req: IncomingMessage, res: ServerResponse, path: string) => {
    const live = provider as Provider;
    const login = /^\/interaction\/([\w-]+)\/login$/.exec(path);
    if (req.method === 'POST' && login) {
      const details = await live.interactionDetails(req, res);
      const form = await formOf(req);
      const email = (form.get('email') ?? '').trim().toLowerCase();
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email) || email.length > 320) {
        return send(
          res,
          400,
          pickerPage(details.uid, options.users, 'Enter an email address, such as you@example.org.'),
        );
      }
      const name = (form.get('name') ?? '').trim().slice(0, 200) || email;
      const accountId = remember({ email, name, admin: form.get('admin') === 'yes' });
      const grant = new live.Grant({ accountId, clientId: LOCAL_CLIENT_ID });
      grant.addOIDCScope('openid email profile');
      const grantId = await grant.save();
      return live.interactionFinished(
        req,
        res,
        { login: { accountId, remember: false }, consent: { grantId } },
        { mergeWithLastSubmission: false },
      );
    }
    if (req.method === 'GET' && /^\/interaction\/[\w-]+$/.test(path)) {
      const details = await live.interactionDetails(req, res);
      return send(res, 200, pickerPage(details.uid, options.users));
    }
    return send(res, 404, '<!DOCTYPE html><title>Not found</title><p>Not found.</p>');
  };

  const server = createServer((req, res) => {
    if (!provider || !handle) return send(res, 503, '<!DOCTYPE html><p>The issuer is starting.</p>');
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path.startsWith('/interaction/')) {
      interactions(req, res, path).catch(() => {
        if (!res.headersSent)
          send(
            res,
            400,
            '<!DOCTYPE html><p>This sign-in has expired: go back to the tracker and sign in again.</p>',
          );
      });
      return;
    }
    handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', () => resolve());
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1');
  });
  const address = server.address();
  const url = `http://localhost:${typeof address === 'object' && address ? address.port : options.port}`;

  return {
    url,
    clientId: LOCAL_CLIENT_ID,
    verify: keyVerifier(publicKey, { issuer: url, audience: LOCAL_CLIENT_ID }),
    connect: (webUrl) => {
      provider = new Provider(url, {
        clients: [
          {
            client_id: LOCAL_CLIENT_ID,
            // A public client, as the user pool's app client: PKCE instead of a secret.
            token_endpoint_auth_method: 'none',
            redirect_uris: [`${webUrl}/auth/callback`],
            post_logout_redirect_uris: [`${webUrl}/`],
            grant_types: ['authorization_code', 'refresh_token'],
            response_types: ['code'],
            id_token_signed_response_alg: 'ES256',
          },
        ],
        // The library's own in-memory store, chosen on purpose (the laptop's issuer may forget its
        // grants on restart: the pages keep their sessions in the table), so it does not warn.
        adapter: createMemoryAdapter(),
        jwks: { keys: [jwk] },
        cookies: { keys: [createHash('sha256').update(randomBytes(32)).digest('base64url')] },
        routes: { jwks: '/.well-known/jwks.json' },
        findAccount: (_ctx, sub) => {
          const account = accounts.get(sub);
          if (!account) return undefined;
          return {
            accountId: sub,
            claims: () => ({
              sub,
              email: account.email,
              email_verified: true,
              name: account.name,
              ...(account.admin ? { 'cognito:groups': ['admin'] } : {}),
            }),
          };
        },
        // As Cognito's ID tokens: the profile and email claims in the ID token itself.
        claims: { openid: ['sub', 'cognito:groups'], email: ['email', 'email_verified'], profile: ['name'] },
        conformIdTokenClaims: false,
        scopes: ['openid', 'email', 'profile'],
        pkce: { required: () => true },
        issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
        interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
        features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: false } },
        ttl: {
          AuthorizationCode: 60,
          IdToken: 60 * 60,
          AccessToken: 60 * 60,
          RefreshToken: 12 * 60 * 60,
          Session: 12 * 60 * 60,
          Grant: 12 * 60 * 60,
          Interaction: 10 * 60,
        },
      });
      handle = provider.callback() as unknown as (req: IncomingMessage, res: ServerResponse) => void;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
