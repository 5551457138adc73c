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
import { everyRoute, fillPath, isWrite, routeCases, routeKey } from '../support/hostile-routes.ts';
import {
  hostileBody,
  mutatedBody,
  NUM_RUNS,
  notJsonContentType,
  SEED,
  toJsonText,
} from '../support/hostile-values.ts';

// Hostile request bodies on every write: made-up JSON, valid bodies bent one field at a time, bodies
// that are not JSON, bodies over the limit. Whatever is sent, the answer is a problem+json 4xx
// (or a success, when the bent body happens to still be valid), never a 5xx, never an internal
// message, and a refused write leaves the table exactly as it was.

type Setting = { h: Harness; w: HostileWorld; send: Send };
let main: Setting;
let apart: Setting;
const setting = async (): Promise<Setting> => {
  const h = await harness();
  const { send } = hostileApp(h);
  return { h, send, w: await hostileWorld(h, send) };
};
beforeAll(async () => {
  main = await setting();
  // The report jobs write snapshots on every run: on their own table, the others' scans stay small.
  apart = await setting();
});
/** Long enough for NUM_RUNS report-job runs on a shared two-core machine. */
const TIMEOUT = 180_000;

const routes = everyRoute();
const writes = routes.filter((r) => isWrite(r.method));
const withBody = writes.filter((r) => r.spec.body);
const reads = routes.filter((r) => !isWrite(r.method));
const options = { numRuns: NUM_RUNS, seed: SEED, endOnFailure: true };

function target(route: (typeof routes)[number]) {
  const { spec } = route;
  const { h, w, send } = route.key === 'POST /v1/admin/aggregations' ? apart : main;
  return {
    h,
    w,
    send,
    url: fillPath(route.path, spec.params?.(w) ?? {}),
    token: spec.as ? w.tokens[spec.as] : null,
  };
}

describe('the hostile-input route table', () => {
  it('covers exactly the routes of functions/routes.ts', () => {
    expect(Object.keys(routeCases).sort()).toEqual(apiRoutes.map(routeKey).sort());
  });
});

describe.each(writes)('$key with a made-up JSON body', (route) => {
  it(
    'answers a clean 4xx or a success, and a refusal writes nothing',
    async () => {
      const { h, send, url, token } = target(route);
      await fc.assert(
        fc.asyncProperty(hostileBody, async (body) => {
          const response = await refusedWritesNothing(h, () =>
            send(route.method, url, { token, body: body.value }),
          );
          expectNoServerError(response, `${route.key} ${body.label}`);
        }),
        options,
      );
    },
    TIMEOUT,
  );
});

describe.each(withBody)('$key with its valid body bent in one place', (route) => {
  it(
    'answers a clean 4xx or a success, and a refusal writes nothing',
    async () => {
      const { h, w, send, url, token } = target(route);
      await fc.assert(
        fc.asyncProperty(mutatedBody(route.spec.body?.(w)), async (body) => {
          const response = await refusedWritesNothing(h, () =>
            send(route.method, url, { token, body: body.value }),
          );
          expectNoServerError(response, `${route.key} ${body.label}`);
        }),
        options,
      );
    },
    TIMEOUT,
  );
});

describe.each(writes)('$key with a body that is not JSON', (route) => {
  it(
    'is a 415, writing nothing',
    async () => {
      const { h, w, send, url, token } = target(route);
      const body = toJsonText(route.spec.body?.(w) ?? {});
      await fc.assert(
        fc.asyncProperty(notJsonContentType, async (type) => {
          const response = await refusedWritesNothing(h, () =>
            send(route.method, url, { token, body, headers: { 'content-type': type } }),
          );
          expect(response.status, `content-type ${JSON.stringify(type)}`).toBe(415);
          expectCleanProblem(response, `${route.key} content-type ${JSON.stringify(type)}`);
        }),
        options,
      );
    },
    TIMEOUT,
  );
});

describe.each(writes)('$key with a body over 64 KB', (route) => {
  it(
    'is a 413, writing nothing, whether or not the length is declared',
    async () => {
      const { h, w, send, url, token } = target(route);
      const valid = route.spec.body?.(w) ?? {};
      const padded = fc
        .tuple(
          fc.integer({ min: 64 * 1024 + 1, max: 256 * 1024 }),
          fc.boolean(),
          fc.constantFrom('x', 'é', '😀'),
        )
        .map(([size, declare, unit]) => ({ size, declare, unit }));
      await fc.assert(
        fc.asyncProperty(padded, async ({ size, declare, unit }) => {
          const filler = unit.repeat(Math.ceil(size / Buffer.byteLength(unit)));
          const text =
            valid !== null && typeof valid === 'object' && !Array.isArray(valid)
              ? toJsonText({ ...valid, padding: filler })
              : toJsonText([filler]);
          const headers: Record<string, string> = declare
            ? { 'content-length': String(Buffer.byteLength(text)) }
            : {};
          const response = await refusedWritesNothing(h, () =>
            send(route.method, url, { token, body: text, headers }),
          );
          expect(response.status, `${size} bytes of ${unit}, declared ${declare}`).toBe(413);
          expectCleanProblem(response, `${route.key} ${size} bytes`);
        }),
        options,
      );
    },
    TIMEOUT,
  );
});

describe.each(reads)('$key with junk query parameters and headers', (route) => {
  it(
    'answers a clean 4xx or a success',
    async () => {
      const { send, url, token } = target(route);
      const junk = fc.record({
        query: fc.dictionary(fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 40 }), {
          maxKeys: 4,
        }),
        accept: fc.constantFrom(
          '*/*',
          'text/csv',
          'application/xml',
          'text/html',
          '',
          'application/json;q=0',
        ),
        extra: fc.constantFrom<Record<string, string>>(
          {},
          { 'if-none-match': '"x"' },
          { 'accept-language': 'x'.repeat(5000) },
          { cookie: 'session=garbage; __proto__=x' },
          { 'x-forwarded-for': '::1, 10.0.0.1, ../../' },
          { 'content-type': 'text/plain' },
        ),
      });
      await fc.assert(
        fc.asyncProperty(junk, async ({ query, accept, extra }) => {
          const search = new URLSearchParams(query).toString();
          const response = await send(route.method, search ? `${url}?${search}` : url, {
            token,
            headers: { accept, ...extra },
          });
          expectNoServerError(response, `${route.key}?${search} accept ${accept}`);
        }),
        options,
      );
    },
    TIMEOUT,
  );
});

const secured = new Set(apiRoutes.filter((r) => r.auth === 'jwt').map(routeKey));

describe.each(routes.filter((r) => secured.has(r.key)))('$key called anonymously', (route) => {
  it(
    'is a 401 whatever the body, query or path, writing nothing',
    async () => {
      const { h, w, send } = target(route);
      const valid = route.spec.params?.(w) ?? {};
      const sent = fc.record({
        body: isWrite(route.method)
          ? fc.oneof(
              fc.constantFrom<string | undefined>(undefined, '', '{', 'null', '{}', '[]'),
              hostileBody.map((b) => b.value),
              mutatedBody(route.spec.body?.(w) ?? {}).map((b) => b.value),
              fc.constant(`{"padding":"${'x'.repeat(70_000)}"}`),
            )
          : fc.constant(undefined),
        contentType: fc.oneof(fc.constant('application/json'), notJsonContentType),
        // A path value or query no route would accept: still 401 first.
        bend: fc.constantFrom('none', 'path', 'query'),
      });
      await fc.assert(
        fc.asyncProperty(sent, async ({ body, contentType, bend }) => {
          const params = Object.fromEntries(
            Object.keys(valid).map((name) => [name, bend === 'path' ? '%00..%2F' : (valid[name] ?? '')]),
          );
          const url = `${fillPath(route.path, params)}${bend === 'query' ? '?limit=-1&from=x' : ''}`;
          const headers: Record<string, string> = body === undefined ? {} : { 'content-type': contentType };
          const response = await refusedWritesNothing(h, () =>
            send(route.method, url, { token: null, body, headers }),
          );
          const context = `${route.key} ${bend} ${contentType} ${JSON.stringify(body)?.slice(0, 80)}`;
          expect(response.status, context).toBe(401);
          expectCleanProblem(response, context);
        }),
        options,
      );
    },
    TIMEOUT,
  );
});
