import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureTable } from '@compact-tracker/local/dynamodb-local';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, inject, test } from 'vitest';
import { bundleFunction } from '../../infra/bundle-function.ts';
import { httpEvent, lambdaContext } from '../lambda/events.ts';

// The web function as deployed: bundled by esbuild with the stack's settings (JSX, the stylesheet
// module and all), given API Gateway v2 events. No user pool here, so every page is anonymous.

type Result = { statusCode: number; body: string; headers: Record<string, string>; cookies?: string[] };
let handler: (event: unknown, context: unknown) => Promise<Result>;

beforeAll(async () => {
  const table = `web-lambda-${ulid()}`;
  await ensureTable(inject('dynamoEndpoint'), table);
  Object.assign(process.env, {
    TABLE_NAME: table,
    DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
    AWS_REGION: 'eu-west-2',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
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

  test('/login says sign-in is through the user pool', async () => {
    const login = await get('/login');
    expect(login.statusCode).toBe(200);
    expect(login.body).toContain('user pool');
  });
});
