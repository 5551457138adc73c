import { webApp } from '@compact-tracker/web/app';
import { beforeAll, describe, expect, it } from 'vitest';
import { world } from '../support/fixtures.ts';
import { type Harness, harness } from '../support/harness.ts';
import { WebClient } from '../web/web-client.ts';

// Public GETs, API and pages: Cache-Control with max-age and s-maxage, an ETag, and 304 to a
// matching If-None-Match; whatever depends on the caller is private, no-store; errors no-store.

let h: Harness;
let w: Awaited<ReturnType<typeof world>>;
let web: ReturnType<typeof webApp>;

beforeAll(async () => {
  h = await harness();
  w = await world(h);
  web = webApp({ deps: h.deps, login: { issue: h.issuer.issue, users: [] } });
});

const isPublic = (headers: Headers) => {
  const value = headers.get('cache-control') ?? '';
  expect(value).toMatch(/^public, /);
  expect(value).toMatch(/(^|, )max-age=\d+/);
  expect(value).toMatch(/s-maxage=\d+/);
  expect(headers.get('etag')).toMatch(/^"[^"]+"$/);
};

describe('API', () => {
  it('a public GET is cacheable with an ETag, and If-None-Match with it is a 304 without a body', async () => {
    const path = `/v1/compacts/${w.compact.id}/signatories`;
    const first = await h.call('GET', path);
    expect(first.status).toBe(200);
    isPublic(first.headers);
    expect(first.headers.get('vary')).toMatch(/Authorization/);
    const tag = first.headers.get('etag') as string;
    const again = await h.call('GET', path, { headers: { 'if-none-match': tag } });
    expect(again.status).toBe(304);
    expect(again.body).toBeNull();
    expect(again.headers.get('etag')).toBe(tag);
    expect(again.headers.get('cache-control')).toBe(first.headers.get('cache-control'));
    const head = await h.call('HEAD', path, { headers: { 'if-none-match': `"other", ${tag}` } });
    expect(head.status).toBe(304);

    // A change makes a new tag: the old one gets the new body.
    await w.ok('POST', `/v1/compacts/${w.compact.id}/signatures`, w.tokens.rep, w.signature(w.org1.id));
    const changed = await h.call('GET', path, { headers: { 'if-none-match': tag } });
    expect(changed.status).toBe(200);
    expect(changed.body.items).toHaveLength(1);
    expect(changed.headers.get('etag')).not.toBe(tag);
  });

  it('what a caller sees with a token is private, no-store, without an ETag; errors are no-store', async () => {
    const signedIn = await h.call('GET', `/v1/compacts/${w.compact.id}`, { token: w.tokens.rep });
    expect(signedIn.status).toBe(200);
    expect(signedIn.headers.get('cache-control')).toBe('private, no-store');
    expect(signedIn.headers.get('etag')).toBeNull();
    const me = await h.call('GET', '/v1/me', { token: w.tokens.rep });
    expect(me.headers.get('cache-control')).toBe('private, no-store');
    for (const [path, status] of [
      ['/v1/me', 401],
      ['/v1/compacts/UNKNOWN', 404],
      [`/v1/compacts/${w.compact.id}/signatories?limit=0`, 400],
    ] as const) {
      const refused = await h.call('GET', path);
      expect(refused.status, path).toBe(status);
      expect(refused.headers.get('cache-control'), path).toBe('no-store');
      expect(refused.headers.get('etag'), path).toBeNull();
    }
  });

  it("a public answer negotiated on Accept varies on Accept (a report's JSON and CSV)", async () => {
    await h.call('POST', '/v1/admin/aggregations', { token: w.tokens.admin });
    await h.reportRuns.idle();
    const years = await h.call('GET', `/v1/compacts/${w.compact.id}/reports`);
    isPublic(years.headers);
    const year = years.body.items[0].financialYear;
    const csv = await h.call('GET', `/v1/compacts/${w.compact.id}/reports/${year}`, {
      headers: { accept: 'text/csv' },
    });
    expect(csv.status).toBe(200);
    isPublic(csv.headers);
    expect(csv.headers.get('vary')?.toLowerCase()).toContain('accept');
    const json = await h.call('GET', `/v1/compacts/${w.compact.id}/reports/${year}`);
    expect(json.headers.get('etag')).not.toBe(csv.headers.get('etag'));
  });
});

describe('pages', () => {
  it('a public page is cacheable with an ETag, and If-None-Match with it is a 304', async () => {
    for (const path of [`/compacts/${w.compact.id}`, '/', '/methodology', '/v1/openapi.json']) {
      const first = await web.request(path);
      expect(first.status, path).toBe(200);
      isPublic(first.headers);
      expect(first.headers.get('vary'), path).toMatch(/Cookie/);
      const tag = first.headers.get('etag') as string;
      const again = await web.request(path, { headers: { 'if-none-match': tag } });
      expect(again.status, path).toBe(304);
      expect(await again.text()).toBe('');
      expect(again.headers.get('cache-control'), path).toBe(first.headers.get('cache-control'));
    }
  });

  it("a signed-in person's page is private, no-store; a missing page is no-store", async () => {
    const client = new WebClient(web);
    await client.login({ email: 'rep@org1.example', name: 'Rep One' });
    const page = await client.get(`/compacts/${w.compact.id}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('private, no-store');
    expect(page.headers.get('etag')).toBeNull();
    const missing = await web.request('/compacts/UNKNOWN');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('cache-control')).toBe('no-store');
  });
});
