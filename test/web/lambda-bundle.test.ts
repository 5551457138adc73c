import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureTable } from '@compact-tracker/local/dynamodb-local';
import type { LocalOidcIssuer } from '@compact-tracker/local/oidc-issuer';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { bundleFunction } from '../../infra/bundle-function.ts';
import { httpEvent, lambdaContext } from '../lambda/events.ts';
import { signInAtIssuer, testIssuer } from '../support/oidc.ts';

// The web function as deployed: bundled by esbuild with the stack's settings (JSX, the stylesheet
// module and all), given API Gateway v2 events. The local OpenID Connect issuer stands in for the
// user pool: the environment names it as the stack names the pool (JWT_ISSUER, JWT_AUDIENCE).

type Result = { statusCode: number; body: string; headers: Record<string, string>; cookies?: string[] };
let handler: (event: unknown, context: unknown) => Promise<Result>;
let issuer: LocalOidcIssuer;
const SITE = 'https://api.example.test';

afterAll(() => issuer?.stop());

beforeAll(async () => {
  issuer = await testIssuer(SITE);
  const table = `web-lambda-${ulid()}`;
  await ensureTable(inject('dynamoEndpoint'), table);
  Object.assign(process.env, {
    TABLE_NAME: table,
    DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
    AWS_REGION: 'eu-west-2',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    JWT_ISSUER: issuer.url,
    JWT_AUDIENCE: issuer.clientId,
  });
  const { outfile } = await bundleFunction('web', mkdtempSync(join(tmpdir(), 'ct-web-bundle-')));
  handler = (await import(pathToFileURL(outfile).href)).handler;
}, 120_000);

const get = (path: string, query = '') => handler(httpEvent('GET', path, { query }), lambdaContext('web'));

describe('the bundled web function', () => {
  test('serves the home page, the stylesheet, the docs and the OpenAPI document', async () => {
    const home = await get('/');
    expect(home.statusCode).toBe(200);
    expect(home.headers['content-type']).toMatch(/^text\/html/);
    expect(home.body).toContain('No compact is open for signatures at the moment.');
    expect(home.headers['content-security-policy']).toContain("script-src 'self'");

    const href = /href="\/assets\/site\.css\?v=(\w+)"/.exec(home.body);
    const css = await get('/assets/site.css', `v=${href?.[1]}`);
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);

    const docs = await get('/docs');
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('/v1/compacts/{cid}/signatures');
    const openapi = await get('/v1/openapi.json');
    expect(JSON.parse(openapi.body).openapi).toBe('3.1.0');
  });

  test('a forged session cookie is signed out, and unknown pages are the friendly 404', async () => {
    const event = httpEvent('GET', '/', { headers: { cookie: 'ct_session=a.b.c' } });
    const page = await handler(event, lambdaContext('web'));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Sign in');
    const missing = await get('/compacts/01ZZZZZZZZZZZZZZZZZZZZZZZZ');
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('Page not found');
  });

  test('answers the /v1 requests API Gateway sends it ($default) as the API does locally', async () => {
    // Unknown /v1 paths: a problem+json 404, not the friendly page.
    for (const method of ['GET', 'POST', 'DELETE']) {
      const missing = await handler(
        httpEvent(method, '/v1/nothing/here', { routeKey: '$default' }),
        lambdaContext('web'),
      );
      expect(missing.statusCode, method).toBe(404);
      expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(missing.body)).toMatchObject({ status: 404, type: '/problems/not-found' });
    }
    // The type resolves, on the same host, to the page explaining it.
    const explained = await get('/problems/not-found');
    expect(explained.statusCode).toBe(200);
    expect(explained.body).toContain('<h1>Not found</h1>');
    // Known paths with a method they do not take: 405 with Allow, whichever function serves the path.
    const cases = [
      ['DELETE', '/v1/compacts', 'GET, HEAD'],
      ['POST', '/v1/health', 'GET, HEAD'],
      ['PATCH', '/v1/organisations/01ABC/spend/2025-26-Q1', 'PUT'],
      ['GET', '/v1/partnerships/01ABC/members', 'POST'],
      ['PUT', '/v1/openapi.json', 'GET, HEAD'],
    ] as const;
    for (const [method, path, allow] of cases) {
      const event = httpEvent(method, path, {
        routeKey: '$default',
        body: method === 'GET' ? undefined : {},
      });
      const answer = await handler(event, lambdaContext('web'));
      expect(answer.statusCode, `${method} ${path}`).toBe(405);
      expect(answer.headers.allow, `${method} ${path}`).toBe(allow);
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(answer.body)).toMatchObject({ status: 405, type: '/problems/method-not-allowed' });
    }
    // HEAD of the document it serves: GET's headers, no body.
    const head = await handler(httpEvent('HEAD', '/v1/openapi.json'), lambdaContext('web'));
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-type']).toMatch(/^application\/json/);
    expect(head.body).toBe('');
  });

  test('signing in: /login, the issuer, then /auth/callback sets a Secure session; /me knows the person', async () => {
    const login = await get('/login', 'next=%2Fme');
    expect(login.statusCode).toBe(303);
    const binding = (login.cookies ?? []).find((c) => c.startsWith('ct_signin_'));
    expect(binding).toMatch(/;\s*Secure/i);
    const callback = await signInAtIssuer(login.headers.location ?? '', {
      email: 'nia@example.org',
      name: 'Nia New',
    });
    expect(callback.origin).toBe(SITE);
    expect(callback.pathname).toBe('/auth/callback');

    const cookie = (set: string[] | undefined) => (set ?? []).map((c) => c.split(';')[0]).join('; ');
    const done = await handler(
      httpEvent('GET', '/auth/callback', {
        query: callback.search.slice(1),
        headers: { cookie: cookie(login.cookies) },
      }),
      lambdaContext('web'),
    );
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/me');
    const session = (done.cookies ?? []).filter((c) => /^ct_(session|refresh)=[^;]/.test(c));
    expect(session).toHaveLength(2);
    for (const set of session) expect(set).toMatch(/;\s*HttpOnly/i);
    for (const set of session) expect(set).toMatch(/;\s*Secure/i);

    const me = await handler(
      httpEvent('GET', '/me', { headers: { cookie: cookie(session) } }),
      lambdaContext('web'),
    );
    expect(me.statusCode).toBe(200);
    expect(me.body).toContain('Signed in as <strong>Nia New</strong>');

    // The same callback again (a replay) sets no session.
    const replay = await handler(
      httpEvent('GET', '/auth/callback', {
        query: callback.search.slice(1),
        headers: { cookie: cookie(login.cookies) },
      }),
      lambdaContext('web'),
    );
    expect(replay.statusCode).toBe(400);
    expect((replay.cookies ?? []).some((c) => /^ct_session=[^;]/.test(c))).toBe(false);
  });

  test('behind CloudFront: the public host comes from X-Forwarded-Host, so form posts pass the Origin check', async () => {
    const post = (headers: Record<string, string>) =>
      handler(
        httpEvent('POST', '/compacts/01ZZZZZZZZZZZZZZZZZZZZZZZZ/reports/run', {
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            origin: 'https://d111.cloudfront.net',
            ...headers,
          },
        }),
        lambdaContext('web'),
      );
    // The API's own host name is not the site's: without the header the post looks cross-site.
    const refused = await post({});
    expect(refused.statusCode).toBe(403);
    const passed = await post({ 'x-forwarded-host': 'd111.cloudfront.net' });
    expect(passed.statusCode).not.toBe(403);
    // A header that is not a host name is ignored.
    expect((await post({ 'x-forwarded-host': 'd111.cloudfront.net/evil' })).statusCode).toBe(403);
  });

  test('behind CloudFront: a response to a request with a cookie or Authorization is private, no-store', async () => {
    const href = /href="\/assets\/site\.css\?v=(\w+)"/.exec((await get('/')).body);
    const css = (headers: Record<string, string>) =>
      handler(
        httpEvent('GET', '/assets/site.css', { query: `v=${href?.[1]}`, headers }),
        lambdaContext('web'),
      );
    expect((await css({})).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await css({ cookie: 'ct_flash=x' })).headers['cache-control']).toBe('private, no-store');
    expect((await css({ authorization: 'Bearer x' })).headers['cache-control']).toBe('private, no-store');
    const page = await handler(
      httpEvent('GET', '/', { headers: { cookie: 'ct_session=a.b.c' } }),
      lambdaContext('web'),
    );
    expect(page.headers['cache-control']).toBe('private, no-store');
  });
});
