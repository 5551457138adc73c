import { fullApiApp } from '@compact-tracker/api/app';
import type { webApp as WebApp } from '@compact-tracker/web/app';
import { afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { httpEvent, lambdaContext } from '../lambda/events.ts';
import { world } from '../support/fixtures.ts';
import { type Harness, harness } from '../support/harness.ts';

// What the Lambda handlers write to their logs (Powertools to stdout, errors to the console) while
// serving requests with bearer tokens, session cookies, emails and names: none of those may appear.
// The most talkative settings a deployment could choose: every level, and Powertools' event logging.

process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
process.env.POWERTOOLS_LOGGER_LOG_EVENT = 'true';
process.env.POWERTOOLS_DEV = 'false';

type Handler = (event: unknown, context: unknown) => Promise<{ statusCode: number; body?: string }>;

let h: Harness;
let w: Awaited<ReturnType<typeof world>>;
let api: Handler;
let web: Handler;
let failingApi: Handler;
let failingWeb: Handler;
let logger: { info: (message: string, extra: Record<string, unknown>) => void };

const NAME = 'Philippa Quennell-Abernathy';
const EMAIL = 'philippa.quennell@org1.example';
let logged: string[] = [];
const restore: (() => void)[] = [];

beforeAll(async () => {
  h = await harness();
  w = await world(h);
  // Imported after the environment above is set: the logger reads it when created.
  const lambda = await import('@compact-tracker/api/lambda');
  const { lambdaHandler } = lambda;
  logger = lambda.logger;
  const { webApp } = (await import('@compact-tracker/web/app')) as { webApp: typeof WebApp };
  // A store failure whose message carries an address and a token, as a driver's message might.
  const failure = `cannot read USER#${EMAIL} with Bearer ${w.tokens.rep}`;
  const failing = {
    ...h.deps,
    db: { ...h.deps.db, doc: { send: () => Promise.reject(new Error(failure)) } },
  };
  api = lambdaHandler(fullApiApp(h.deps)) as Handler;
  web = lambdaHandler(webApp({ deps: h.deps })) as Handler;
  failingApi = lambdaHandler(fullApiApp(failing as never)) as Handler;
  failingWeb = lambdaHandler(webApp({ deps: failing as never })) as Handler;
});

beforeEach(() => {
  logged = [];
  const capture =
    () =>
    (...args: unknown[]) => {
      logged.push(args.map((a) => (typeof a === 'string' ? a : String(a))).join(' '));
      return true;
    };
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream);
    stream.write = capture() as typeof stream.write;
    restore.push(() => {
      stream.write = original;
    });
  }
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const original = console[method];
    console[method] = capture() as (typeof console)[typeof method];
    restore.push(() => {
      console[method] = original;
    });
  }
});

afterEach(() => {
  for (const undo of restore.splice(0)) undo();
});

/** The secrets and personal data of a request, none of which may be logged. */
function expectClean(secrets: string[]) {
  const text = logged.join('\n');
  for (const secret of secrets) expect(text).not.toContain(secret);
  expect(text).not.toMatch(/\beyJ[\w-]+\.[\w-]+\.[\w-]*/); // nothing JWT-like
  expect(text).not.toMatch(/Bearer\s+(?!\[redacted\])\S/i);
  expect(text).not.toMatch(/[\w.+-]+@[\w-]+\.[a-z]{2,}/i); // no email address
}

async function send(handler: Handler, ...args: Parameters<typeof httpEvent>) {
  return handler(httpEvent(...args), lambdaContext('test'));
}

describe('what the handlers log', () => {
  test('the logger writes where this test reads, and redacts what it is given', async () => {
    logger.info('probe', { header: `Bearer ${w.tokens.rep}`, email: EMAIL, nested: { token: w.tokens.rep } });
    expect(logged.join('\n')).toContain('"message":"probe"');
    expectClean([w.tokens.rep, EMAIL]);
  });

  test('API requests with a bearer token, emails and names in the body', async () => {
    const bearer = { authorization: `Bearer ${w.tokens.rep}` };
    const invited = await send(api, 'POST', `/v1/organisations/${w.org1.id}/members`, {
      headers: bearer,
      body: { email: EMAIL, role: 'officer' },
    });
    expect(invited.statusCode).toBe(201);
    const signed = await send(api, 'POST', `/v1/compacts/${w.compact.id}/signatures`, {
      headers: bearer,
      body: { ...w.signature(w.org1.id), signatoryName: NAME },
    });
    expect(signed.statusCode).toBe(201);
    // A refusal, a bad token and a bad body.
    const refused = await send(api, 'POST', `/v1/compacts/${w.compact.id}/signatures`, {
      headers: { authorization: `Bearer ${w.tokens.otherRep}` },
      body: { ...w.signature(w.org1.id), signatoryName: NAME },
    });
    expect(refused.statusCode).toBe(403);
    const forged = `${w.tokens.rep.slice(0, -4)}AAAA`;
    expect(
      (await send(api, 'GET', '/v1/me', { headers: { authorization: `Bearer ${forged}` } })).statusCode,
    ).toBe(401);
    const invalid = await send(api, 'POST', '/v1/organisations', {
      headers: bearer,
      body: { name: NAME, sector: 'nonsense', postcode: EMAIL },
    });
    expect(invalid.statusCode).toBe(400);
    // Through the authorizer's claims, as in AWS.
    const claims = { sub: 'sub-rep', email: 'rep@org1.example', name: 'Rep One' };
    expect((await send(api, 'GET', '/v1/me', { claims })).statusCode).toBe(200);
    expectClean([w.tokens.rep, w.tokens.otherRep, forged, EMAIL, NAME, 'rep@org1.example', 'Rep One']);
  });

  test('page requests with a session cookie and form fields', async () => {
    const token = await h.issuer.issue({ email: 'rep@org1.example', name: 'Rep One' });
    const cookie = `ct_session=${token}`;
    const me = await send(web, 'GET', '/me', { headers: { cookie } });
    expect(me.statusCode).toBe(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(me.body ?? '')?.[1] ?? '';
    const post = (path: string, fields: Record<string, string>) => {
      const event = httpEvent('POST', path, {
        headers: {
          cookie,
          origin: 'https://api.example.test',
          'content-type': 'application/x-www-form-urlencoded',
        },
      });
      event.body = new URLSearchParams(fields).toString();
      return web(event, lambdaContext('web'));
    };
    const invited = await post(`/organisations/${w.org1.id}/members`, {
      _csrf: csrf,
      email: 'second.officer@org1.example',
      role: 'officer',
    });
    expect(invited.statusCode).toBe(303);
    const forged = await post('/organisations', { _csrf: 'forged', name: NAME, postcode: EMAIL });
    expect(forged.statusCode).toBe(403);
    expectClean([token, csrf, NAME, EMAIL, 'second.officer@org1.example', 'rep@org1.example', 'Rep One']);
  });

  test('errors are logged, without the addresses and tokens their messages carry', async () => {
    const bearer = { authorization: `Bearer ${w.tokens.rep}` };
    const apiFailure = await send(failingApi, 'GET', `/v1/compacts/${w.compact.id}`, { headers: bearer });
    expect(apiFailure.statusCode).toBe(500);
    const pageFailure = await send(failingWeb, 'GET', `/compacts/${w.compact.id}`, {
      headers: { cookie: `ct_session=${w.tokens.rep}` },
    });
    expect(pageFailure.statusCode).toBe(500);
    const text = logged.join('\n');
    expect(text).toContain('cannot read USER#'); // the error is logged...
    expect(text).toContain('[email]'); // ...redacted
    expectClean([w.tokens.rep, EMAIL]);
  });
});
