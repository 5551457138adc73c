import type { DemoUser } from '@compact-tracker/local/demo-users';
import { type LocalOidcIssuer, startLocalOidcIssuer } from '@compact-tracker/local/oidc-issuer';
import type { SignInSettings } from '@compact-tracker/web/sign-in';

// The local OpenID Connect issuer for page and Lambda tests, and a person at its sign-in page:
// follows the authorization redirect, picks an email, and comes back with the callback address.

export async function testIssuer(webOrigin: string, users: DemoUser[] = []): Promise<LocalOidcIssuer> {
  const issuer = await startLocalOidcIssuer({ users });
  issuer.connect(webOrigin);
  return issuer;
}

export const signInSettings = (issuer: LocalOidcIssuer): SignInSettings => ({
  issuer: issuer.url,
  clientId: issuer.clientId,
  authorizationParams: { prompt: 'login' },
});

/**
 * From the provider's authorization URL (where GET /login redirected) to the callback URL on the
 * tracker that the issuer redirects back to, signing in as `email` on the issuer's page.
 */
export async function signInAtIssuer(
  authorizationUrl: string,
  user: { email: string; name?: string; admin?: boolean },
): Promise<URL> {
  const jar = new Map<string, string>();
  const send = async (url: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (jar.size > 0) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return response;
  };
  const issuerOrigin = new URL(authorizationUrl).origin;
  let response = await send(authorizationUrl);
  let location = response.headers.get('location');
  for (
    let hops = 0;
    location && new URL(location, issuerOrigin).origin === issuerOrigin && hops < 5;
    hops++
  ) {
    response = await send(new URL(location, issuerOrigin).href);
    location = response.headers.get('location');
  }
  const page = await response.text();
  const action = /action="(\/interaction\/[^"]+\/login)"/.exec(page)?.[1];
  if (!action) throw new Error(`no sign-in form at the issuer (${response.status}): ${page.slice(0, 300)}`);
  response = await send(new URL(action, issuerOrigin).href, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      email: user.email,
      name: user.name ?? '',
      ...(user.admin ? { admin: 'yes' } : {}),
    }).toString(),
  });
  location = response.headers.get('location');
  for (
    let hops = 0;
    location && new URL(location, issuerOrigin).origin === issuerOrigin && hops < 5;
    hops++
  ) {
    response = await send(new URL(location, issuerOrigin).href);
    location = response.headers.get('location');
  }
  if (!location) throw new Error(`the issuer did not redirect back (${response.status})`);
  return new URL(location);
}
