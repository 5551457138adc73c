import { readFileSync } from 'node:fs';
import { problem } from '@compact-tracker/api/problem';
import { problemTypes, problemTypeUri } from '@compact-tracker/api/problem-types';
import { webApp } from '@compact-tracker/web/app';
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { beforeAll, describe, expect, test } from 'vitest';
import { type Harness, harness } from '../support/harness.ts';
import { openCompact, WebClient } from './web-client.ts';

let h: Harness;
let web: ReturnType<typeof webApp>;
let compact: Awaited<ReturnType<typeof openCompact>>;

beforeAll(async () => {
  h = await harness();
  web = webApp({ deps: h.deps, login: { issue: h.issuer.issue, users: [] } });
  compact = await openCompact(h);
});

describe('pages anyone can read', () => {
  test('the home page lists open compacts with their partnership, escaping what users wrote', async () => {
    const page = await new WebClient(web).get('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page.html).toContain('Test Compact');
    expect(page.html).toContain('Be Birmingham');
    expect(page.html).toContain('We buy better &lt;together&gt;.');
    expect(page.html).toContain(`href="/compacts/${compact.compactId}"`);
  });

  test('the compact page shows the text, version, hash and register, with no forms for visitors', async () => {
    const page = await new WebClient(web).get(`/compacts/${compact.compactId}`);
    expect(page.status).toBe(200);
    expect(page.html).toMatch(
      /<ol class="commitments"><li>Train staff\.<\/li><li>Publish a policy\.<\/li><\/ol>/,
    );
    expect(page.html).toContain(compact.textSha256);
    expect(page.html).toContain('No organisation has signed or registered interest yet.');
    expect(page.html).not.toContain('action="/compacts');
    expect(page.html).toContain(`/login?next=${encodeURIComponent(`/compacts/${compact.compactId}`)}`);
  });

  test('the methodology page explains statuses, the score, buying power and carbon, with sources', async () => {
    const page = await new WebClient(web).get('/methodology');
    expect(page.status).toBe(200);
    const text = page.html
      .replace(/<!-- -->/g, '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ');
    for (const id of [
      'reporting-status',
      'assessment-overdue',
      'score',
      'buying-power',
      'carbon',
      'sources',
    ]) {
      expect(page.html).toContain(`id="${id}"`);
    }
    expect(text).toContain('a grace period of 60 days');
    expect(text).toContain('none of the latest four has any spend logged');
    expect(text).toContain('no Flexible Framework self-assessment dated in the last 365 days');
    expect(text).toContain('Maturity, 0–50');
    expect(text).toContain('Practice, 0–40');
    expect(text).toContain('Reporting, 0–10');
    expect(text).toContain('weighted by their buying power');
    expect(text).toContain('Scope 3, category 1');
    expect(text).toContain('UK SIC 2007');
    expect(text).toContain('0.496 kgCO2e per £ in 2023');
    expect(page.html).toContain('href="https://ghgprotocol.org/standards/scope-3-standard"');
    expect(page.html).toContain('href="https://www.gov.uk/government/statistics/uks-carbon-footprint"');
    // Linked from every page's footer and from the register.
    expect(page.html).toContain('href="/methodology"');
    const compactPage = await new WebClient(web).get(`/compacts/${compact.compactId}`);
    expect(compactPage.html).toContain('href="/methodology#reporting-status"');
  });

  test("the project's own docs stand alone: the README points to /docs, the OpenAPI and the methodology, not elsewhere", async () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).not.toMatch(/\.\.\/shared|API\.md|DOMAIN\.md/);
    expect(readme).toMatch(/^## API$/m);
    for (const words of ['problem+json', '`?limit=`', '`Idempotency-Key`', 'Bearer', 'integer pence']) {
      expect(readme).toContain(words);
    }
    for (const path of ['/docs', '/v1/openapi.json', '/methodology']) {
      expect(readme).toContain(`\`${path}\``);
      expect((await new WebClient(web).get(path)).status, path).toBe(200);
    }
    const document = (await (await web.request('/v1/openapi.json')).json()) as {
      info: { description: string };
    };
    for (const words of [
      'integer pence',
      'problem+json',
      'Idempotency-Key',
      'cursor',
      'Bearer',
      '/methodology',
    ]) {
      expect(document.info.description).toContain(words);
    }
    const docs = await new WebClient(web).get('/docs');
    expect(docs.html).toContain('<code>Idempotency-Key</code>');
  });

  test('pages carry a strict CSP (no inline script or style) and the stylesheet is a cached file', async () => {
    const client = new WebClient(web);
    const page = await client.get('/');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.html).not.toMatch(/<script|<style| style="/);
    const href = /<link rel="stylesheet" href="([^"]+)"/.exec(page.html)?.[1] ?? '';
    const css = await client.get(href);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect(css.headers.get('cache-control')).toContain('immutable');
    expect(css.html).toContain('@media print');
  });

  test('unknown pages and compacts get the friendly 404; unknown API paths are left to the API', async () => {
    const client = new WebClient(web);
    for (const path of ['/no-such-page', '/compacts/01ZZZZZZZZZZZZZZZZZZZZZZZZ', '/organisations/nope']) {
      const page = await client.get(path);
      expect(page.status, path).toBe(404);
      expect(page.html).toContain('Page not found');
      expect(page.html).not.toMatch(/at .+\.ts:\d+/); // no stack trace
    }
  });

  test('every problem type the API can answer with resolves to a page explaining it and its fix', async () => {
    const client = new WebClient(web);
    // Every status an API problem can carry: each gets a type, and each type a page.
    const emitted = new Set<string>();
    for (let status = 400; status < 600; status += 1) {
      emitted.add(problem(status as ContentfulStatusCode, 'x').type);
    }
    for (const type of emitted) {
      expect(type).toMatch(/^\/problems\/[a-z-]+$/);
      const page = await client.get(type);
      expect(page.status, type).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.html, type).toContain('<h2>How to put it right</h2>');
      const kind = problemTypes.find((t) => problemTypeUri(t) === type);
      expect(page.html, type).toContain(`<h1>${kind?.title}</h1>`);
      expect(page.html).toContain('href="/assets/site.css');
    }
    expect(emitted.size).toBe(problemTypes.length);
    const index = await client.get('/problems');
    for (const type of emitted) expect(index.html).toContain(`href="${type}"`);
    expect((await client.get('/problems/no-such-problem')).status).toBe(404);
  });

  test('mounted beside the API (as on the laptop), pages and API keep their own rules', async () => {
    const root = new Hono();
    root.route('/', h.app);
    root.route('/', web);
    root.notFound((c) => c.json({ status: 404 }, 404));
    const client = new WebClient(root);
    const unknownApi = await client.get('/v1/no-such-thing');
    expect(unknownApi.status).toBe(404);
    expect(unknownApi.headers.get('content-type')).toMatch(/json/);
    const unknownPage = await client.get('/no-such-page');
    expect(unknownPage.status).toBe(404);
    expect(unknownPage.html).toContain('Page not found');
    const health = await client.get('/v1/health');
    expect(JSON.parse(health.html)).toEqual({ status: 'ok' });
    expect(health.headers.get('set-cookie')).toBeNull();
    expect((await client.get('/')).html).toContain('Test Compact');
  });

  test('/v1/openapi.json is the API document and /docs lists every operation', async () => {
    const client = new WebClient(web);
    const json = await client.get('/v1/openapi.json');
    expect(json.status).toBe(200);
    const document = JSON.parse(json.html);
    expect(document.openapi).toBe('3.1.0');
    const docs = await client.get('/docs');
    expect(docs.status).toBe(200);
    for (const [path, item] of Object.entries<Record<string, unknown>>(document.paths)) {
      for (const method of Object.keys(item)) {
        expect(docs.html, `${method} ${path}`).toContain(`id="${method}-${path}"`);
      }
    }
    expect(docs.html).toContain('href="/v1/openapi.json"');
  });

  test('without sign-in configured, /login says so and offers no form', async () => {
    const page = await new WebClient(webApp({ deps: h.deps })).get('/login');
    expect(page.html).toContain('Sign-in is not configured');
    expect(page.html).not.toContain('name="email"');
  });

  test('a failure inside is a friendly 500 page, logged, with no detail shown', async () => {
    const failing = { send: async () => Promise.reject(new Error('secret detail at store.ts:12')) };
    const broken = webApp({ deps: { ...h.deps, db: { ...h.deps.db, doc: failing as any } } });
    const errors: string[] = [];
    const original = console.error;
    console.error = (line: string) => errors.push(line);
    try {
      const page = await new WebClient(broken).get('/');
      expect(page.status).toBe(500);
      expect(page.html).toContain('Something went wrong');
      expect(page.html).not.toContain('secret detail');
    } finally {
      console.error = original;
    }
    expect(errors.join('\n')).toContain('secret detail');
  });
});
