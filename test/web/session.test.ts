import { webApp } from '@compact-tracker/web/app';
import { beforeAll, describe, expect, test } from 'vitest';
import { type Harness, harness } from '../support/harness.ts';
import { WebClient } from './web-client.ts';

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
