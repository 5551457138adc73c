import { Readable } from 'node:stream';
import { fullApiApp } from '@compact-tracker/api/app';
import { lambdaHandler } from '@compact-tracker/api/lambda';
import { financialYearOf, isoDate } from '@compact-tracker/domain/periods';
import type { LocalOidcIssuer } from '@compact-tracker/local/oidc-issuer';
import { createInvitation } from '@compact-tracker/store/invitations';
import { s3UploadOrigin, s3UploadUrls } from '@compact-tracker/store/s3-upload-urls';
import { createRegisterLoad } from '@compact-tracker/store/supplier-registers';
import { webApp } from '@compact-tracker/web/app';
import { webRouteTable } from '@compact-tracker/web/lazy-routes';
import { recentQuarters } from '@compact-tracker/web/spend-view';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { httpEvent, lambdaContext } from '../lambda/events.ts';
import { settledTableItems, tableItems, world } from '../support/fixtures.ts';
import { type Harness, harness } from '../support/harness.ts';
import { LIBRARY_PHRASING } from '../support/library-phrasing.ts';
import { signInSettings, testIssuer } from '../support/oidc.ts';
import { paidSupplier } from '../support/supplier-fixtures.ts';
import { ORIGIN, WebClient, type WebResponse } from './web-client.ts';

// Every page and every form of the web app, found from the app's own route table so that a new one
// cannot go unchecked: security headers, cookie attributes, CSRF refusals that write nothing, and
// error answers (pages and API problems) that show no stack and nobody else's ids.

let h: Harness;
let w: Awaited<ReturnType<typeof world>>;
let web: ReturnType<typeof webApp>;
let routeTable: { method: string; path: string }[];
let issuer: LocalOidcIssuer;
const uploadOrigin = 'https://uploads-bucket.s3.eu-west-2.amazonaws.com';
const fy = financialYearOf(isoDate(new Date()));
const quarter = recentQuarters(new Date()).find((q) => q.startsWith(fy)) as string;
const today = isoDate(new Date());
const ids = {
  org3: '',
  assessment: '',
  import: '',
  supplier: '',
  otherSupplier: '',
  change: '',
  registerLoad: 'security-test-register-load',
  run: '',
  invitation: 'security-test-invitation',
};

type Actor = 'rep' | 'otherRep' | 'coordinator' | 'admin';
const emails: Record<Actor, { email: string; admin?: boolean }> = {
  rep: { email: 'rep@org1.example' },
  otherRep: { email: 'rep@org2.example' },
  coordinator: { email: 'coord@example.org' },
  admin: { email: 'admin@example.org', admin: true },
};

async function as(actor: Actor): Promise<WebClient> {
  const client = new WebClient(web);
  await client.login(emails[actor]);
  return client;
}

/** Uploads that go nowhere: enough for the import pages to create an import. */
const fakeUploads = {
  uploadUrl: async (key: string) => `${uploadOrigin}/${key}`,
  open: async () => Readable.from([]),
};

afterAll(() => issuer?.stop());

beforeAll(async () => {
  h = await harness();
  w = await world(h);
  issuer = await testIssuer(ORIGIN);
  web = webApp({
    deps: { ...h.deps, uploads: fakeUploads },
    login: { issue: h.issuer.issue, users: [] },
    signIn: signInSettings(issuer),
    uploadOrigin,
  });
  routeTable = await webRouteTable(web);
  // Org One is interested (so it may sign and assess); Org Two has signed (so there is a report).
  await w.ok('POST', `/v1/compacts/${w.compact.id}/interest`, w.tokens.rep, { organisationId: w.org1.id });
  await w.ok('POST', `/v1/compacts/${w.compact.id}/signatures`, w.tokens.otherRep, w.signature(w.org2.id));
  ids.org3 = (
    await w.ok('POST', '/v1/organisations', w.tokens.rep, {
      name: 'Org Three',
      sector: 'public',
      postcode: 'B3 3CC',
    })
  ).id;
  await w.ok('PUT', `/v1/organisations/${w.org1.id}/spend/${quarter}`, w.tokens.rep, {
    lines: [
      { category: 'ict', totalPence: 100_00, localPence: 0, smePence: 0, vcsePence: 0, criteriaPence: 0 },
    ],
  });
  ids.assessment = (
    await w.ok('POST', `/v1/organisations/${w.org1.id}/assessments`, w.tokens.rep, {
      assessedOn: today,
      criteriaMet: ['people.1.a'],
      evidence: {},
    })
  ).id;
  ids.run = (await w.ok('POST', '/v1/admin/aggregations', w.tokens.admin, {})).id;
  await h.reportRuns.idle();
  ids.supplier = await paidSupplier(h.deps.db, w.org1.id, 'ACME WIDGETS LTD');
  ids.otherSupplier = await paidSupplier(h.deps.db, w.org1.id, 'ACME WIDGETS NORTH LTD');
  await createRegisterLoad(h.deps.db, {
    id: ids.registerLoad,
    kind: 'companies-house',
    // Finished: a load still running would look like a report run to settledTableItems.
    status: 'completed',
    uploadKey: `registers/${ids.registerLoad}`,
    rowsProcessed: 10,
    suppliersMatched: 1,
    factsSet: 2,
    numbersRefused: 0,
    createdAt: new Date().toISOString(),
    createdBy: 'admin@example.org',
  });
  // Two changes of one fact: the restore form puts the first back.
  const classified = await w.ok('PUT', `/v1/suppliers/${ids.supplier}`, w.tokens.rep, { vcse: false });
  ids.change = classified.history[0].id;
  await w.ok('PUT', `/v1/suppliers/${ids.supplier}`, w.tokens.rep, { vcse: true });
  await createInvitation(h.deps.db, {
    id: ids.invitation,
    email: 'rep@org1.example',
    scope: 'organisation',
    targetId: w.org1.id,
    targetName: 'Org One',
    role: 'officer',
    invitedBy: { email: 'someone@example.org', name: 'Someone' },
    createdAt: new Date().toISOString(),
  });
  const rep = await as('rep');
  const created = await rep.post(`/organisations/${w.org1.id}/spend/imports`, importFields());
  expect(created.status, created.html).toBe(201);
  ids.import = JSON.parse(created.html).id;
});

const importFields = () => ({ 'map.date': 'Date', 'map.amount': 'Amount', fileName: 'spend.csv' });

/** Every route of the web app with this method, as Hono registered it (middleware excluded), lazily loaded groups included. */
function routesOf(method: string): string[] {
  return [...new Set(routeTable.filter((r) => r.method === method).map((r) => r.path))];
}

/** A route pattern with real ids for its parameters; fails on a parameter it does not know. */
function concrete(pattern: string): string {
  const path = pattern
    .replace(/^\/compacts\/:id/, `/compacts/${w.compact.id}`)
    .replace(':oid', w.org2.id)
    .replace(/^\/partnerships\/:pid/, `/partnerships/${w.partnership.id}`)
    .replace(/^\/invitations\/:id/, `/invitations/${ids.invitation}`)
    .replace(/^\/organisations\/:id/, `/organisations/${w.org1.id}`)
    .replace(/^\/suppliers\/:id/, `/suppliers/${ids.supplier}`)
    .replace(/^\/supplier-registers\/:id/, `/supplier-registers/${ids.registerLoad}`)
    .replace(/^\/partnerships\/:id/, `/partnerships/${w.partnership.id}`)
    .replace(':hid', ids.change)
    .replace(':aid', ids.assessment)
    .replace(':iid', ids.import)
    .replace(':runId', ids.run)
    .replace(':fy', fy)
    .replace(/:quarter\{.*\}(?=\/return)/, quarter)
    .replace(/^\/problems\/:name$/, '/problems/not-found');
  if (path.includes(':') || path.includes('*')) throw new Error(`no value for a parameter of ${pattern}`);
  return path;
}

const STACK = /\bat .+:\d+:\d+|node_modules|\.tsx?:\d+|Error: /;

function expectSecurityHeaders(response: WebResponse, what: string) {
  const csp = response.headers.get('content-security-policy') ?? '';
  const directives = new Map(
    csp.split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );
  expect(directives.get('script-src'), what).toEqual(["'self'"]);
  expect(csp, what).not.toContain('unsafe-inline');
  expect(csp, what).not.toContain('unsafe-eval');
  expect(directives.get('frame-ancestors'), what).toEqual(["'none'"]);
  expect(directives.get('connect-src'), what).toEqual(["'self'", uploadOrigin]);
  expect(response.headers.get('x-content-type-options'), what).toBe('nosniff');
  expect(response.headers.get('strict-transport-security'), what).toMatch(/max-age=\d{7,}/);
  expect(response.headers.get('referrer-policy'), what).toMatch(
    /^(no-referrer|same-origin|strict-origin.*)$/,
  );
  expect(response.headers.get('x-frame-options'), what).toBe('DENY');
}

/** Every cookie set must be HttpOnly and SameSite; over https (as in AWS) Secure too. */
function expectSafeCookies(response: { headers: Headers }, what: string, https: boolean) {
  for (const cookie of response.headers.getSetCookie()) {
    expect(cookie, what).toMatch(/;\s*HttpOnly/i);
    expect(cookie, what).toMatch(/;\s*SameSite=(Lax|Strict)/i);
    if (https) expect(cookie, what).toMatch(/;\s*Secure/i);
  }
}

describe('every page', () => {
  test('the route table has only GET and POST routes (besides the catch-all)', () => {
    const methods = new Set(routeTable.filter((r) => r.method !== 'ALL').map((r) => r.method));
    expect([...methods].sort()).toEqual(['GET', 'POST']);
  });

  test('answers with the security headers and safe cookies, signed out and signed in', async () => {
    const pages = routesOf('GET');
    expect(pages.length).toBeGreaterThan(20);
    const clients = {
      anonymous: new WebClient(web),
      rep: await as('rep'),
      coordinator: await as('coordinator'),
    };
    for (const pattern of pages) {
      const path = concrete(pattern);
      const statuses: number[] = [];
      for (const [who, client] of Object.entries(clients)) {
        const response = await client.get(path);
        const what = `${who} GET ${path} (${response.status})`;
        statuses.push(response.status);
        expect(response.status, what).toBeLessThan(500);
        expectSecurityHeaders(response, what);
        expectSafeCookies(response, what, false);
        expect(response.html, what).not.toMatch(STACK);
      }
      // The sign-in callback without a sign-in under way is refused to all (session.test.ts walks it).
      if (pattern === '/auth/callback') {
        expect(statuses, path).toEqual([400, 400, 400]);
        continue;
      }
      // Org One's representative or the partnership's coordinator sees each page: the walk is real.
      expect(
        statuses.some((s) => s === 200 || s === 303),
        `${path}: ${statuses}`,
      ).toBe(true);
    }
  });

  test('error pages carry the headers too', async () => {
    const client = await as('otherRep');
    for (const path of ['/no-such-page', `/organisations/${w.org1.id}/assessments/new`]) {
      const response = await client.get(path);
      expect(response.status, path).toBeGreaterThanOrEqual(400);
      expectSecurityHeaders(response, path);
    }
  });

  test('without a configured upload bucket, connect-src is this origin only', async () => {
    const page = await new WebClient(webApp({ deps: h.deps })).get('/');
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self';");
  });

  test('in Lambda, connect-src names the upload bucket of the environment, in its region', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      TABLE_NAME: h.table,
      DYNAMODB_ENDPOINT: h.endpoint,
      AWS_REGION: 'eu-west-2',
      UPLOAD_BUCKET: 'compacttracker-uploads-1a2b',
    });
    try {
      const css = await webApp().request('/assets/site.css');
      expect(css.headers.get('content-security-policy')).toContain(
        "connect-src 'self' https://compacttracker-uploads-1a2b.s3.eu-west-2.amazonaws.com;",
      );
    } finally {
      process.env = saved;
    }
  });

  test('the upload origin is the one a presigned URL of the bucket has', async () => {
    for (const region of ['eu-west-2', 'us-east-1', 'cn-north-1']) {
      const url = await s3UploadUrls({
        bucket: 'compacttracker-uploads-1a2b',
        region,
        endpoint: '',
        credentials: async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' }),
      }).uploadUrl('imports/o/i.csv', { expiresInSeconds: 60 });
      expect(s3UploadOrigin('compacttracker-uploads-1a2b', region, '')).toBe(new URL(url).origin);
    }
    expect(s3UploadOrigin('b', 'eu-west-2', 'http://127.0.0.1:9000')).toBe('http://127.0.0.1:9000');
  });
});

describe('session cookies', () => {
  test('signing in on the laptop (http): HttpOnly and SameSite=Lax', async () => {
    const response = await new WebClient(web).post('/login', { email: 'rep@org1.example', next: '/' });
    expect(response.status).toBe(303);
    expect(response.headers.getSetCookie().some((c) => c.startsWith('ct_session='))).toBe(true);
    expectSafeCookies(response, 'login', false);
  });

  test('in Lambda (https behind API Gateway) every cookie the pages set or clear is Secure', async () => {
    const handler = lambdaHandler(webApp({ deps: h.deps }));
    const call = async (method: string, path: string, headers: Record<string, string>, body?: string) => {
      const event = { ...httpEvent(method, path, { headers }), body, isBase64Encoded: false };
      const result = await handler(event as never, lambdaContext('web') as never);
      const cookies = [result.cookies ?? [], result.headers?.['set-cookie'] ?? []].flat() as string[];
      return { status: result.statusCode as number, body: String(result.body ?? ''), cookies };
    };
    // A stale session cookie is cleared...
    const cleared = await call('GET', '/', { cookie: 'ct_session=not.a.token' });
    expect(cleared.cookies.some((c) => c.startsWith('ct_session='))).toBe(true);
    // ...and a form post leaves a one-time message cookie.
    const cookie = `ct_session=${await h.issuer.issue({ email: 'rep@org1.example' })}`;
    const me = await call('GET', '/me', { cookie });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(me.body)?.[1] ?? '';
    expect(csrf).not.toBe('');
    const posted = await call(
      'POST',
      '/logout',
      { cookie, origin: 'https://api.example.test', 'content-type': 'application/x-www-form-urlencoded' },
      new URLSearchParams({ _csrf: csrf }).toString(),
    );
    expect(posted.status).toBe(303);
    expect(posted.cookies.length).toBeGreaterThan(0);
    for (const set of [...cleared.cookies, ...posted.cookies]) {
      expect(set).toMatch(/;\s*Secure/i);
      expect(set).toMatch(/;\s*HttpOnly/i);
      expect(set).toMatch(/;\s*SameSite=Lax/i);
    }
  });
});

type FormCase = { as: Actor; fields: () => Record<string, string>; writes: boolean };

/** Every form post of the web app, who may make it, and a body that is accepted with the right token. */
const forms: Record<string, FormCase> = {
  '/logout': { as: 'rep', fields: () => ({}), writes: false },
  '/login': { as: 'rep', fields: () => ({ email: 'rep@org1.example', next: '/' }), writes: false },
  '/compacts/:id/interest': { as: 'rep', fields: () => ({ organisationId: ids.org3 }), writes: true },
  '/compacts/:id/sign': {
    as: 'rep',
    fields: () => ({
      organisationId: w.org1.id,
      signatoryName: 'Sam Signer',
      signatoryRole: 'Chief Executive',
      version: String(w.compact.version),
      textSha256: w.compact.textSha256,
      acceptCommitments: 'yes',
    }),
    writes: true,
  },
  '/compacts/:id/withdraw': {
    as: 'rep',
    fields: () => ({ organisationId: w.org1.id, reason: 'Our priorities have changed.' }),
    writes: true,
  },
  '/compacts/:id/signatures/:oid/verify': { as: 'coordinator', fields: () => ({}), writes: true },
  // Org Two's signature is verified by then, so the accepted post is a 422 that writes nothing.
  '/compacts/:id/signatures/:oid/reject': {
    as: 'coordinator',
    fields: () => ({ reason: 'Not a registered body.' }),
    writes: false,
  },
  '/invitations/:id/accept': { as: 'rep', fields: () => ({}), writes: true },
  '/partnerships': {
    as: 'admin',
    fields: () => ({ name: 'Partnership Two', area: 'Walsall' }),
    writes: true,
  },
  '/partnerships/:pid/members': {
    as: 'coordinator',
    fields: () => ({ email: 'second.coordinator@example.org', role: 'coordinator' }),
    writes: true,
  },
  '/partnerships/:pid/compacts': {
    as: 'coordinator',
    fields: () => ({ title: 'Second Compact', summary: 'Buy better.', commitments: 'One.\nTwo.' }),
    writes: true,
  },
  '/compacts/:id/edit': {
    as: 'coordinator',
    fields: () => ({ title: 'Test Compact', summary: 'Buy better, again.', commitments: 'One.\nTwo.' }),
    writes: true,
  },
  // The compact is open: publishing it again is refused (422, a message), writing nothing.
  '/compacts/:id/publish': { as: 'coordinator', fields: () => ({}), writes: false },
  '/organisations': {
    as: 'rep',
    fields: () => ({ name: 'Org Four', sector: 'public', postcode: 'B4 4DD' }),
    writes: true,
  },
  '/organisations/:id/join': {
    as: 'otherRep',
    fields: () => ({ message: 'I buy for Org One.' }),
    writes: true,
  },
  '/organisations/:id/budgets': {
    as: 'rep',
    fields: () => ({ financialYear: fy, budgetPounds: '1,000,000' }),
    writes: true,
  },
  '/organisations/:id/members': {
    as: 'rep',
    fields: () => ({ email: 'new.officer@org1.example', role: 'officer' }),
    writes: true,
  },
  '/organisations/:id/spend/:quarter{[0-9]{4}-[0-9]{2}-Q[1-4]}/return': {
    as: 'rep',
    fields: () => ({ 'construction.total': '2,000' }),
    writes: true,
  },
  '/organisations/:id/spend/imports/preview': {
    as: 'rep',
    fields: () => ({ sample: 'Date,Amount\n2025-04-01,10.00\n', fileName: 'spend.csv' }),
    writes: false,
  },
  '/organisations/:id/spend/imports': { as: 'rep', fields: importFields, writes: true },
  // The world's import waits for its file: each of these is then refused as a conflict (409).
  '/organisations/:id/spend/imports/:iid/retry': {
    as: 'rep',
    fields: () => ({ dateFormat: 'dd/mm/yyyy' }),
    writes: false,
  },
  '/organisations/:id/spend/imports/:iid/confirm': { as: 'rep', fields: () => ({}), writes: false },
  '/organisations/:id/spend/imports/:iid/revert': {
    as: 'rep',
    fields: () => ({ confirm: 'yes' }),
    writes: false,
  },
  '/carbon-factors': { as: 'admin', fields: () => ({ source: 'ONS', year: '2021' }), writes: false },
  '/organisations/:id/assessments': {
    as: 'rep',
    fields: () => ({ assessedOn: today, 'met:people.1.a': 'yes', 'met:people.1.b': 'yes' }),
    writes: true,
  },
  '/organisations/:id/targets': {
    as: 'rep',
    fields: () => ({ 'level:people': '2', 'by:people': `${Number(fy.slice(0, 4)) + 2}-03-31` }),
    writes: true,
  },
  '/compacts/:id/reports/run': { as: 'coordinator', fields: () => ({}), writes: true },
  '/suppliers/:id': { as: 'rep', fields: () => ({ postcode: 'B1 1AA', sme: 'yes' }), writes: true },
  '/suppliers/:id/history/:hid/restore': { as: 'admin', fields: () => ({}), writes: true },
  // After the others on the supplier: its name then counts under the other record.
  '/suppliers/:id/names': {
    as: 'rep',
    fields: () => ({
      organisation: w.org1.id,
      name: 'ACME WIDGETS LTD',
      target: `/suppliers/${ids.otherSupplier}`,
    }),
    writes: true,
  },
  '/supplier-registers': { as: 'admin', fields: () => ({ kind: 'companies-house' }), writes: true },
  '/partnerships/:id/area': { as: 'coordinator', fields: () => ({ postcodes: 'B, WS1' }), writes: true },
  // A form post with text where the file goes: asked for a file (400), writing nothing.
  '/organisations/:id/supplier-facts': { as: 'rep', fields: () => ({ file: 'supplier,sme' }), writes: false },
  // Last: the compact stays closed after it.
  '/compacts/:id/close': { as: 'coordinator', fields: () => ({}), writes: true },
};

describe('CSRF on every form post', () => {
  test('every POST route of the app is listed here (a new one must be added)', () => {
    expect(routesOf('POST').sort()).toEqual(Object.keys(forms).sort());
  });

  test.each(Object.keys(forms))(
    '%s: refused (403) without, with a wrong or with another session’s token, or from another origin; nothing written',
    async (pattern) => {
      const form = forms[pattern] as FormCase;
      const path = concrete(pattern);
      const client = await as(form.as);
      const sameUserElsewhere = await as(form.as);
      const someoneElse = await as(form.as === 'otherRep' ? 'rep' : 'otherRep');
      expect(client.csrf).not.toBe('');
      expect(sameUserElsewhere.csrf).not.toBe(client.csrf);

      const before = await settledTableItems(h);
      const attempts: [string, { origin?: string | null; csrf?: string }][] = [
        ['no token', { csrf: '' }],
        ['a wrong token', { csrf: 'x'.repeat(client.csrf.length) }],
        ['a token of another length', { csrf: `${client.csrf}x` }],
        ["another person's session token", { csrf: someoneElse.csrf }],
        ["the same person's other session token", { csrf: sameUserElsewhere.csrf }],
        ['another origin', { origin: 'https://evil.example' }],
        ['no origin', { origin: null }],
      ];
      for (const [what, options] of attempts) {
        const response = await client.post(path, form.fields(), options);
        expect(response.status, `${pattern} with ${what}`).toBe(403);
        expect(response.headers.getSetCookie(), `${pattern} with ${what}`).toEqual([]);
        expectSecurityHeaders(response, `${pattern} with ${what}`);
      }
      // The same refusal for a JSON or plain-text body, which the Origin check does not look at.
      for (const type of ['application/json', 'text/plain']) {
        const response = await web.request(path, {
          method: 'POST',
          headers: {
            'content-type': type,
            origin: ORIGIN,
            cookie: `ct_session=${client.cookies.get('ct_session')}`,
          },
          body: type === 'application/json' ? JSON.stringify(form.fields()) : 'a=b',
        });
        expect(response.status, `${pattern} as ${type}`).toBe(403);
      }
      expect(await tableItems(h), `${pattern}: nothing written`).toEqual(before);

      // With this session's token the very same post goes through.
      const accepted = await client.post(path, form.fields());
      expect(accepted.status, `${pattern}: ${accepted.html.slice(0, 500)}`).not.toBe(403);
      expect(accepted.status, `${pattern}: ${accepted.html.slice(0, 500)}`).toBeLessThan(500);
      if (form.writes) expect(await tableItems(h), `${pattern} writes when allowed`).not.toEqual(before);
    },
  );

  test('signing in from another site, or with no origin, is refused', async () => {
    for (const origin of ['https://evil.example', null]) {
      const response = await new WebClient(web).post(
        '/login',
        { email: 'rep@org1.example', next: '/' },
        { origin },
      );
      expect(response.status).toBe(403);
      expect(response.headers.getSetCookie()).toEqual([]);
    }
  });
});

/** ULIDs in a text: the ids of this system's records. */
const ulids = (text: string) => text.match(/\b[0-9A-HJKMNP-TV-Z]{26}\b/g) ?? [];
const addresses = (text: string) => text.match(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g) ?? [];

describe('error answers', () => {
  test('not-found and not-allowed pages show no stack, and no ids or emails but what was asked for', async () => {
    const other = await as('otherRep');
    const cases = [
      '/no-such-page',
      '/compacts/01ZZZZZZZZZZZZZZZZZZZZZZZZ',
      `/organisations/${w.org1.id}/assessments/new`,
      `/organisations/${w.org1.id}/assessments/${ids.assessment}`,
      `/organisations/${w.org1.id}/spend/imports/${ids.import}`,
      `/organisations/${w.org1.id}/spend/imports/${ids.import}/status`,
      `/organisations/${w.org1.id}/targets`,
    ];
    for (const path of cases) {
      const response = await other.get(path);
      expect(response.status, path).toBeGreaterThanOrEqual(400);
      expect(response.html, path).not.toMatch(STACK);
      // The header's links name the caller's own organisation; nothing else of anyone's.
      for (const id of ulids(response.html))
        expect([...ulids(path), w.org2.id], `${path}: ${id}`).toContain(id);
      for (const email of addresses(response.html)) expect(email, path).toBe('rep@org2.example');
    }
  });

  test('a thrown error is a 500 page (and a problem from the API) with no detail', async () => {
    const secret = `leaked rep@org1.example ${w.org1.id} at Object.<anonymous> (store.ts:12:5)`;
    const failing = { send: async () => Promise.reject(new Error(secret)) };
    const deps = { ...h.deps, db: { ...h.deps.db, doc: failing as never } };
    const original = console.error;
    console.error = () => undefined;
    try {
      const page = await new WebClient(webApp({ deps, uploadOrigin })).get(`/compacts/${w.compact.id}`);
      expect(page.status).toBe(500);
      expectSecurityHeaders(page, 'the 500 page');
      const api = await fullApiApp(deps).request(`/v1/compacts/${w.compact.id}`);
      expect(api.status).toBe(500);
      const problem = await api.text();
      for (const text of [page.html, problem]) {
        expect(text).not.toContain('leaked');
        expect(text).not.toContain(w.org1.id);
        expect(text).not.toContain('rep@org1.example');
        expect(text).not.toMatch(STACK);
      }
    } finally {
      console.error = original;
    }
  });

  test('API problem answers show no stack, and no ids or emails of other parties', async () => {
    const requests: [string, string, string | undefined, unknown?][] = [
      ['GET', '/v1/no-such-thing', w.tokens.otherRep],
      ['GET', `/v1/organisations/${w.org1.id}/spend`, w.tokens.otherRep],
      ['GET', `/v1/organisations/${w.org1.id}/assessments`, w.tokens.otherRep],
      ['GET', `/v1/organisations/${w.org1.id}/assessments/${ids.assessment}`, w.tokens.otherRep],
      ['GET', `/v1/organisations/${w.org1.id}/spend/imports/${ids.import}`, w.tokens.otherRep],
      [
        'POST',
        `/v1/organisations/${w.org1.id}/members`,
        w.tokens.otherRep,
        { email: 'x@y.example', role: 'officer' },
      ],
      ['POST', `/v1/compacts/${w.compact.id}/signatures`, w.tokens.otherRep, w.signature(w.org1.id)],
      ['POST', `/v1/compacts/${w.compact.id}/signatures`, w.tokens.otherRep, w.signature(w.org2.id)],
      [
        'POST',
        `/v1/partnerships/${w.partnership.id}/members`,
        w.tokens.otherCoordinator,
        { email: 'a@b.example', role: 'board' },
      ],
      ['GET', '/v1/me', 'not-a-token'],
      ['POST', '/v1/organisations', w.tokens.otherRep, '{not json'],
    ];
    for (const [method, path, token, body] of requests) {
      const response = await h.call(method, path, { token, body });
      const what = `${method} ${path} (${response.status})`;
      const text = JSON.stringify(response.body);
      expect(response.status, what).toBeGreaterThanOrEqual(400);
      expect(response.headers.get('content-type'), what).toMatch(/problem\+json/);
      expect(text, what).not.toMatch(STACK);
      expect(text, what).not.toMatch(/"stack"/);
      const asked = `${path} ${JSON.stringify(body ?? '')}`;
      for (const id of ulids(text)) expect(asked, `${what}: ${id}`).toContain(id);
      for (const email of addresses(text)) expect(asked, `${what}: ${email}`).toContain(email);
    }
  });

  test('mounted beside the API, an unknown API path is a problem, not a page', async () => {
    const root = new Hono();
    root.route('/', h.app);
    root.route('/', web);
    const response = await new WebClient(root).get('/v1/organisations/01ZZZZZZZZZZZZZZZZZZZZZZZZ');
    expect(response.status).toBe(404);
    expect(response.html).not.toMatch(STACK);
  });
});

describe('form errors on every form post', () => {
  const bent = ['', ' ', 'NaN', 'abc', '1.5', '-1', '1e400', 'ftp://x', 'x@', '2026-02-31', 'x'.repeat(3000)];

  test.each(Object.keys(forms).filter((p) => p !== '/logout'))(
    '%s with each field bent: answers in words written for people',
    async (pattern) => {
      const form = forms[pattern] as FormCase;
      const path = concrete(pattern);
      const client = await as(form.as);
      const fields = form.fields();
      for (const name of Object.keys(fields)) {
        for (const value of bent) {
          const response = await client.post(path, { ...fields, [name]: value });
          const what = `${pattern} ${name}=${JSON.stringify(value.slice(0, 20))} (${response.status})`;
          expect(response.status, what).toBeLessThan(500);
          expect(response.html, what).not.toMatch(LIBRARY_PHRASING);
        }
      }
    },
  );
});
