import type { LocalOidcIssuer } from '@compact-tracker/local/oidc-issuer';
import { getWebSession } from '@compact-tracker/store/web-sessions';
import { webApp } from '@compact-tracker/web/app';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { tableItems } from '../support/fixtures.ts';
import { type Harness, harness } from '../support/harness.ts';
import { signInAtIssuer, signInSettings, testIssuer } from '../support/oidc.ts';
import { ORIGIN, WebClient } from './web-client.ts';

let h: Harness;
let web: ReturnType<typeof webApp>;

beforeAll(async () => {
  h = await harness();
  const users = [
    { email: 'rep@example.org', name: 'Rosa Rep', admin: false, description: 'A representative' },
  ];
  web = webApp({ deps: h.deps, login: { issue: h.issuer.issue, users } });
});

describe('browser sessions', () => {
  test('the login page offers the demo users and any email', async () => {
    const page = await new WebClient(web).get('/login?next=/me');
    expect(page.html).toContain('Rosa Rep');
    expect(page.html).toContain('A representative');
    expect(page.html).toContain('name="next" value="/me"');
  });

  test('signing in sets an HttpOnly, SameSite=Lax cookie and goes to the next page', async () => {
    const client = new WebClient(web);
    const response = await client.post('/login', { email: 'Rep@Example.org', name: 'Rosa Rep', next: '/me' });
    expect(response.status).toBe(303);
    expect(response.location).toBe('/me');
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('ct_session='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i); // plain http on the laptop
    const me = await client.get('/me');
    expect(me.html).toContain('Signed in as <strong>Rosa Rep</strong>');
    expect(me.html).toContain('rep@example.org');
    expect(me.headers.get('cache-control')).toBe('private, no-store');
  });

  test('over https the cookie is Secure', async () => {
    const response = await web.request('https://tracker.example/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://tracker.example' },
      body: new URLSearchParams({ email: 'rep@example.org', next: '/' }).toString(),
    });
    expect(response.status).toBe(303);
    expect(response.headers.getSetCookie().find((c) => c.startsWith('ct_session='))).toMatch(/Secure/);
  });

  test('next may only be a path on this site', async () => {
    for (const next of ['https://evil.example/', '//evil.example/x', '/\\evil.example']) {
      const response = await new WebClient(web).post('/login', { email: 'rep@example.org', next });
      expect(response.location, next).toBe('/');
    }
  });

  test('a bad email is shown next to the field', async () => {
    const page = await new WebClient(web).post('/login', { email: 'not-an-email', next: '/' });
    expect(page.status).toBe(400);
    expect(page.html).toContain('enter an email address');
    expect(page.html).toContain('aria-invalid="true"');
  });

  test('an invalid or expired cookie is simply signed out, and is cleared', async () => {
    const client = new WebClient(web);
    client.cookies.set('ct_session', 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln');
    const page = await client.get('/');
    expect(page.status).toBe(200);
    expect(page.html).toContain('Sign in');
    expect(client.cookies.has('ct_session')).toBe(false);

    const expired = await h.issuer.issue({ email: 'rep@example.org' }, -60);
    client.cookies.set('ct_session', expired);
    expect((await client.get('/')).html).not.toContain('Signed in as');
  });

  test('signing out clears the session', async () => {
    const client = new WebClient(web);
    await client.login({ email: 'rep@example.org', name: 'Rosa Rep' });
    const response = await client.post('/logout', {});
    expect(response.status).toBe(303);
    expect(client.cookies.has('ct_session')).toBe(false);
    expect((await client.get('/')).html).not.toContain('Signed in as');
  });

  test('form posts from another origin, or without the session token, are refused', async () => {
    const client = new WebClient(web);
    await client.login({ email: 'rep@example.org' });
    const crossSite = await client.post('/organisations', { name: 'X' }, { origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    expect(crossSite.html).toContain('Form expired');
    const noOrigin = await client.post('/organisations', { name: 'X' }, { origin: null });
    expect(noOrigin.status).toBe(403);
    const noToken = await client.post('/organisations', { name: 'X' }, { csrf: '' });
    expect(noToken.status).toBe(403);
    const wrongToken = await client.post('/organisations', { name: 'X' }, { csrf: 'x'.repeat(43) });
    expect(wrongToken.status).toBe(403);
  });

  test('pages that need a session send visitors to sign in and back', async () => {
    const client = new WebClient(web);
    for (const path of ['/me', '/organisations/new']) {
      const response = await client.get(path);
      expect(response.status).toBe(303);
      expect(response.location).toBe(`/login?next=${encodeURIComponent(path)}`);
    }
  });
});

describe('signing in through OpenID Connect (the local issuer, as on AWS the user pool)', () => {
  let issuer: LocalOidcIssuer;
  let clock = new Date();
  let oidcWeb: ReturnType<typeof webApp>;

  beforeAll(async () => {
    issuer = await testIssuer(ORIGIN);
    const verifyToken = async (token: string) => (await h.issuer.verify(token)) ?? issuer.verify(token);
    oidcWeb = webApp({ deps: { ...h.deps, verifyToken, now: () => clock }, signIn: signInSettings(issuer) });
  });
  afterAll(() => issuer?.stop());

  test('GET /login redirects to the issuer with the code flow, S256 PKCE and a state bound to the browser', async () => {
    clock = new Date();
    const client = new WebClient(oidcWeb);
    const start = await client.get('/login?next=/me');
    expect(start.status).toBe(303);
    const url = new URL(start.location ?? '');
    expect(url.origin).toBe(issuer.url);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get('state')).toMatch(/^[\w-]{20,}$/);
    expect(url.searchParams.get('scope')).toBe('openid email profile');
    expect(url.searchParams.get('redirect_uri')).toBe(`${ORIGIN}/auth/callback`);
    const binding = start.headers.getSetCookie().find((c) => c.startsWith('ct_signin_'));
    expect(binding).toMatch(/HttpOnly/i);
    expect(binding).toMatch(/SameSite=Lax/i);
  });

  test('a new email signs in: session cookies only, the refresh token kept on the server', async () => {
    clock = new Date();
    const client = new WebClient(oidcWeb);
    const callback = await client.signIn({ email: 'New.Person@Example.org', name: 'Nia New' }, '/me');
    expect(callback.status).toBe(303);
    expect(callback.location).toBe('/me');
    const set = callback.headers.getSetCookie();
    for (const name of ['ct_session', 'ct_refresh']) {
      const cookie = set.find((c) => c.startsWith(`${name}=`));
      expect(cookie, name).toMatch(/HttpOnly/i);
      expect(cookie, name).toMatch(/SameSite=Lax/i);
    }
    const me = await client.get('/me');
    expect(me.html).toContain('Signed in as <strong>Nia New</strong>');
    expect(me.html).toContain('new.person@example.org');
    // The refresh token is in the table, under a hash of the browser's random id and sealed with a
    // key derived from it: readable with that cookie only, and the cookie alone holds no token.
    const stored = (await tableItems(h)).filter((item) => item.type === 'web-session');
    const item = stored.at(-1) as Record<string, unknown>;
    expect(Object.keys(item)).not.toContain('refreshToken');
    const refreshId = client.cookies.get('ct_refresh') as string;
    const record = await getWebSession(h.deps.db, refreshId, new Date());
    expect(record?.refreshToken).toBeTruthy();
    expect(JSON.stringify(item)).not.toContain(record?.refreshToken);
    expect([...client.cookies.values()].join(' ')).not.toContain(record?.refreshToken);
    expect(await getWebSession(h.deps.db, `${refreshId}x`, new Date())).toBeNull();
  });

  test('a replayed, forged, expired or other-browser callback sets no session and says why', async () => {
    clock = new Date();
    const client = new WebClient(oidcWeb);
    const first = await client.signIn({ email: 'rep@example.org' });
    expect(first.status).toBe(303);
    // Replayed: the same callback again, even in the same browser.
    const start = await client.get('/login');
    const callback = await signInAtIssuer(start.location ?? '', { email: 'rep@example.org' });
    const path = `${callback.pathname}${callback.search}`;
    expect((await client.get(path)).status).toBe(303);
    const fresh = new WebClient(oidcWeb);
    const replay = await fresh.get(path);
    expect(replay.status).toBe(400);
    expect(replay.html).toContain('already used');
    expect(fresh.cookies.has('ct_session')).toBe(false);

    const forged = await fresh.get('/auth/callback?code=made-up&state=made-up-state');
    expect(forged.status).toBe(400);
    expect(forged.html).toContain('Not signed in');
    expect(forged.headers.getSetCookie().some((c) => /^ct_session=[^;]/.test(c))).toBe(false);
    expect((await fresh.get('/auth/callback')).status).toBe(400);
    expect((await fresh.get('/auth/callback?error=access_denied&state=x')).html).toContain('cancelled');

    // Started in one browser, finished in another (a link sent to a victim): refused.
    const victim = new WebClient(oidcWeb);
    const attacker = new WebClient(oidcWeb);
    const attackerStart = await attacker.get('/login');
    const attackerCallback = await signInAtIssuer(attackerStart.location ?? '', {
      email: 'evil@example.org',
    });
    const crossed = await victim.get(`${attackerCallback.pathname}${attackerCallback.search}`);
    expect(crossed.status).toBe(400);
    expect(crossed.html).toContain('another browser');
    expect(victim.cookies.has('ct_session')).toBe(false);

    // Expired: more than ten minutes between /login and the callback.
    const slow = new WebClient(oidcWeb);
    const slowStart = await slow.get('/login');
    const slowCallback = await signInAtIssuer(slowStart.location ?? '', { email: 'rep@example.org' });
    clock = new Date(Date.now() + 11 * 60 * 1000);
    const expired = await slow.get(`${slowCallback.pathname}${slowCallback.search}`);
    clock = new Date();
    expect(expired.status).toBe(400);
    expect(expired.html).toContain('expired');
    expect(slow.cookies.has('ct_session')).toBe(false);
  });

  test('two sign-ins started in two tabs of one browser both finish', async () => {
    clock = new Date();
    const client = new WebClient(oidcWeb);
    const first = await client.get('/login?next=/me');
    const second = await client.get('/login?next=/organisations/new');
    const firstBack = await signInAtIssuer(first.location ?? '', { email: 'rep@example.org' });
    const secondBack = await signInAtIssuer(second.location ?? '', { email: 'rep@example.org' });
    expect((await client.get(`${secondBack.pathname}${secondBack.search}`)).location).toBe(
      '/organisations/new',
    );
    expect((await client.get(`${firstBack.pathname}${firstBack.search}`)).location).toBe('/me');
  });

  test('the return path is same-site only', async () => {
    clock = new Date();
    for (const next of ['https://evil.example/', '//evil.example/x', '/\\evil.example']) {
      const response = await new WebClient(oidcWeb).signIn({ email: 'rep@example.org' }, next);
      expect(response.location, next).toBe('/');
    }
  });

  test('an expired ID token is renewed on the server; signing out ends the refresh record', async () => {
    clock = new Date();
    const client = new WebClient(oidcWeb);
    await client.signIn({ email: 'rep@example.org', name: 'Rosa Rep' });
    const refreshId = client.cookies.get('ct_refresh') as string;
    // The ID token has expired (here: is gone); the refresh cookie renews it.
    client.cookies.set('ct_session', await h.issuer.issue({ email: 'rep@example.org' }, -60));
    const me = await client.get('/me');
    expect(me.status).toBe(200);
    expect(me.html).toContain('Signed in as <strong>Rosa Rep</strong>');
    expect(me.headers.getSetCookie().some((c) => /^ct_session=[^;]/.test(c))).toBe(true);
    const logout = await client.post('/logout', {});
    expect(logout.status).toBe(303);
    expect(client.cookies.has('ct_refresh')).toBe(false);
    // The same refresh id, brought back, no longer signs anyone in.
    const stale = new WebClient(oidcWeb);
    stale.cookies.set('ct_refresh', refreshId);
    expect((await stale.get('/me')).status).toBe(303);
  });
});
