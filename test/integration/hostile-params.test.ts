import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../functions/routes.ts';
import { type Harness, harness } from '../support/harness.ts';
import {
  expectCleanProblem,
  expectNoServerError,
  type HostileWorld,
  hostileApp,
  hostileWorld,
  refusedWritesNothing,
  type Send,
} from '../support/hostile-app.ts';
import { everyRoute, fillPath, isWrite, paramNames } from '../support/hostile-routes.ts';
import { badQueryValue, hostilePathValue, NUM_RUNS, SEED, toJsonText } from '../support/hostile-values.ts';

// Hostile path and query values on every route that takes them: traversal, NUL, bad percent
// escapes, very long and odd unicode ids; limits and cursors out of range or forged; quarters and
// formats that do not exist. The authorised caller sends them, so validation is what answers:
// always a problem+json 4xx, never a 5xx, and a refused write changes nothing.

let h: Harness;
let w: HostileWorld;
let send: Send;
beforeAll(async () => {
  h = await harness();
  send = hostileApp(h).send;
  w = await hostileWorld(h, send);
});

const TIMEOUT = 120_000;
const routes = everyRoute();
const options = { numRuns: NUM_RUNS, seed: SEED, endOnFailure: true };
const withParams = routes.filter((r) => paramNames(r.path).length > 0);
const withQuery = routes.filter((r) => r.spec.query);

/** Path segments after URL resolution: `..` and `%2e%2e` segments may move the request elsewhere. */
const segments = (url: string) => new URL(url, 'http://tracker.test').pathname.split('/').length;

describe.each(withParams)('$key with a hostile path value', (route) => {
  it(
    'is a clean 4xx, and a refused write changes nothing',
    async () => {
      const { spec } = route;
      const token = spec.as ? w.tokens[spec.as] : null;
      const valid = Object.fromEntries(
        Object.entries(spec.params?.(w) ?? {}).map(([k, v]) => [k, encodeURIComponent(v)]),
      );
      const arbitrary = fc.tuple(fc.constantFrom(...paramNames(route.path)), hostilePathValue);
      await fc.assert(
        fc.asyncProperty(arbitrary, async ([name, value]) => {
          const url = fillPath(route.path, { ...valid, [name]: value.value });
          const body = spec.body ? toJsonText(spec.body(w)) : undefined;
          const request = () => send(route.method, url, { token, body });
          const response = isWrite(route.method) ? await refusedWritesNothing(h, request) : await request();
          const context = `${route.key} {${name}} = ${value.label}`;
          // A dot-segment resolves to another path, which may be a route that answers: no 5xx still.
          if (segments(url) !== segments(fillPath(route.path, valid))) expectNoServerError(response, context);
          else expectCleanProblem(response, context);
        }),
        options,
      );
    },
    TIMEOUT,
  );
});

describe.each(withQuery)('$key with hostile query values', (route) => {
  it(
    'is a clean 4xx naming the parameter',
    async () => {
      const { spec } = route;
      const token = spec.as ? w.tokens[spec.as] : null;
      const url = fillPath(route.path, spec.params?.(w) ?? {});
      const kinds = Object.entries(spec.query ?? {});
      const arbitrary = fc.oneof(
        // One bad parameter...
        fc
          .constantFrom(...kinds)
          .chain(([name, kind]) =>
            (badQueryValue[kind] as fc.Arbitrary<string>).map(
              (value) => [[name, value]] as [string, string][],
            ),
          ),
        // ...or one given twice, a good value then a bad one.
        fc.constantFrom(...kinds).chain(([name, kind]) =>
          (badQueryValue[kind] as fc.Arbitrary<string>).map(
            (value) =>
              [
                [name, goodQueryValue[kind]],
                [name, value],
              ] as [string, string][],
          ),
        ),
      );
      await fc.assert(
        fc.asyncProperty(arbitrary, async (pairs) => {
          const search = new URLSearchParams(pairs).toString();
          const response = await send(route.method, `${url}?${search}`, { token });
          const context = `${route.key}?${search.slice(0, 200)}`;
          expectCleanProblem(response, context);
          expect(response.status, context).toBe(400);
          const names = new Set(pairs.map(([name]) => name));
          expect(
            response.body.errors?.some((e: { path: string }) => names.has(e.path)),
            `${context}: ${response.text.slice(0, 300)}`,
          ).toBe(true);
        }),
        options,
      );
    },
    TIMEOUT,
  );
});

const goodQueryValue: Record<string, string> = {
  limit: '10',
  cursor: 'e30',
  quarter: '2025-26-Q1',
  id: '01ABC',
  format: 'json',
  shortText: 'p',
  boolean: 'true',
};

describe('from after to on GET spend', () => {
  it('is a 400 naming to', async () => {
    const response = await send('GET', `/v1/organisations/${w.org1.id}/spend?from=2025-26-Q3&to=2025-26-Q1`, {
      token: w.tokens.officer,
    });
    expectCleanProblem(response, 'from after to');
    expect(response.body.errors).toEqual([{ path: 'to', message: expect.any(String) }]);
  });
});

/** The methods API.md's routes take on a concrete path (a literal segment may also be an id), HEAD beside GET. */
function expectedAllow(url: string): string {
  const methods = new Set<string>();
  for (const route of apiRoutes) {
    const pattern = new RegExp(`^${route.path.replace(/\{\w+\}/g, '[^/]+')}$`);
    if (!pattern.test(url)) continue;
    methods.add(route.method);
    if (route.method === 'GET') methods.add('HEAD');
  }
  return ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => methods.has(m)).join(', ');
}

describe.each(routes.filter((r) => r.method === 'GET'))('HEAD $path', (route) => {
  it('answers as GET does, without the body', async () => {
    const { spec } = route;
    const token = spec.as ? w.tokens[spec.as] : null;
    const url = fillPath(route.path, spec.params?.(w) ?? {});
    for (const caller of [token, null]) {
      const get = await send('GET', url, { token: caller });
      const head = await send('HEAD', url, { token: caller });
      const context = `HEAD ${url} ${caller ? 'signed in' : 'anonymous'}`;
      expect(head.status, context).toBe(get.status);
      expect(head.text, context).toBe('');
      expect(head.headers.get('content-type'), context).toBe(get.headers.get('content-type'));
      expect(head.headers.get('cache-control'), context).toBe(get.headers.get('cache-control'));
    }
  });
});

const paths = [...new Map(routes.map((r) => [r.path, r])).values()];

describe.each(paths)('$path with a method it does not take', (route) => {
  it('is a 405 naming the methods it takes in Allow, for anyone, writing nothing', async () => {
    const url = fillPath(route.path, route.spec.params?.(w) ?? {});
    const allow = expectedAllow(url);
    const others = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => !allow.split(', ').includes(m));
    for (const method of others) {
      for (const token of [route.spec.as ? w.tokens[route.spec.as] : null, null]) {
        const response = await refusedWritesNothing(h, () =>
          send(method, url, { token, body: method === 'GET' ? undefined : '{}' }),
        );
        const context = `${method} ${url}`;
        expectCleanProblem(response, context);
        expect(response.status, context).toBe(405);
        expect(response.headers.get('allow'), context).toBe(allow);
        expect(response.body.detail, context).toContain(allow);
      }
    }
    const options = await send('OPTIONS', url);
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')).toBe(allow);
  });
});

describe('a /v1 path no route has', () => {
  it.each(['GET', 'HEAD', 'POST', 'DELETE'])('is a problem+json 404 for %s', async (method) => {
    for (const path of ['/v1/nothing', '/v1/compacts/x/y/z', '/v1/', '/v1/compacts/']) {
      const response = await send(method, path, { token: w.tokens.rep });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      if (method !== 'HEAD') expectCleanProblem(response, `${method} ${path}`);
    }
  });
});
