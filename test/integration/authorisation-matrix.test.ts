import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { fullApiApp } from '@compact-tracker/api/app';
import { type Deps, localDeps } from '@compact-tracker/api/deps';
import type { Uploads } from '@compact-tracker/api/uploads';
import { ensureTable } from '@compact-tracker/local/dynamodb-local';
import { createDb } from '@compact-tracker/store/db';
import { webApp } from '@compact-tracker/web/app';
import { Hono } from 'hono';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../functions/routes.ts';
import {
  authorisationMatrix,
  type CallerKind,
  callerKinds,
  caseLabel,
  type MatrixWorld,
  matrixRoutes,
} from '../support/authorisation-matrix.ts';
import { compactText, expectProblem, tableItems, world } from '../support/fixtures.ts';
import { type AppCall, appClient, type Harness, harness, runReportsNow } from '../support/harness.ts';
import { paidSupplier } from '../support/supplier-fixtures.ts';

// Walks the authorisation matrix against DynamoDB Local: every route × every kind of caller, each
// answer's status as declared; a refused write leaves the table as it was and answers problem+json.
// The world is built once through the API; each route, and each allowed write, gets a copy of it
// in a table of its own, so no call sees what another changed.

/** The API and the web function's /v1 routes, as the laptop serves them; uploads go nowhere. */
function trackerApp(deps: Deps) {
  const uploads: Uploads = { uploadUrl: async (key) => `http://uploads.test/${key}` };
  const app = new Hono();
  app.route('/', fullApiApp({ ...deps, uploads }));
  app.route('/', webApp({ deps: { ...deps, uploads } }));
  return app;
}

type Call = AppCall;

type Setup = { h: Harness; call: Call; tokens: Record<CallerKind, string | undefined>; world: MatrixWorld };

const clientOf = (deps: Deps): Call => appClient(trackerApp(deps));

/** A fresh table with the fixtures' cast, a board member of the other partnership, and one of everything. */
async function setUp(): Promise<Setup> {
  const h = await harness();
  const w = await world(h);
  const call = clientOf(h.deps);
  const ok = async (method: string, path: string, token: string, body?: unknown) => {
    const response = await call(method, path, { token, body });
    expect(response.status, `${method} ${path}: ${response.text}`).toBeLessThan(300);
    return response.body;
  };
  const t = w.tokens;
  await ok('POST', `/v1/partnerships/${w.other.id}/members`, t.otherCoordinator, {
    email: 'board@elsewhere.example',
    role: 'board',
  });
  const otherBoard = await h.token('board@elsewhere.example', { name: 'Other Board' });
  const draft = await ok('POST', `/v1/partnerships/${w.partnership.id}/compacts`, t.coordinator, compactText);
  const second = await ok(
    'POST',
    `/v1/partnerships/${w.partnership.id}/compacts`,
    t.coordinator,
    compactText,
  );
  const unsigned = await ok('POST', `/v1/compacts/${second.id}/publish`, t.coordinator);
  await ok('POST', `/v1/compacts/${w.compact.id}/signatures`, t.rep, w.signature(w.org1.id));

  const org = `/v1/organisations/${w.org1.id}`;
  const quarter = '2025-26-Q1';
  await ok('PUT', `${org}/spend/${quarter}`, t.officer, {
    lines: [
      { category: 'ict', totalPence: 500_000, localPence: 0, smePence: 0, vcsePence: 0, criteriaPence: 0 },
    ],
  });
  const started = await ok('POST', `${org}/spend-imports`, t.officer, {
    mapping: { date: 'Date', amount: 'Amount' },
  });
  await ok('POST', `${org}/assessments`, t.officer, {
    assessedOn: '2025-05-31',
    criteriaMet: ['people.1.a'],
  });
  const assessment = await ok('POST', `${org}/assessments`, t.officer, {
    assessedOn: '2025-06-30',
    criteriaMet: ['people.1.a', 'people.1.b'],
  });
  await ok('PUT', `${org}/targets`, t.officer, {
    targets: [{ theme: 'people', level: 2, by: '2029-03-31' }],
  });
  // The coordinator's run: over the partnership that owns the compacts.
  const run = await runReportsNow(call, t.coordinator);
  expect(run.status, JSON.stringify(run)).toBe('succeeded');
  const reports = await ok('GET', `/v1/compacts/${w.compact.id}/reports`, t.admin);
  const supplierId = await paidSupplier(h.deps.db, w.org1.id, 'ACME WIDGETS LTD');
  const otherSupplierId = await paidSupplier(h.deps.db, w.org1.id, 'ACME TRADING GROUP LTD');
  const classified = await ok('PUT', `/v1/suppliers/${supplierId}`, t.officer, { sme: false });
  const registerLoad = await ok('POST', '/v1/supplier-registers', t.admin, { kind: 'charity-commission' });
  expect(reports.items.length, 'a report snapshot').toBeGreaterThan(0);

  return {
    h,
    call,
    tokens: {
      anonymous: undefined,
      nobody: t.nobody,
      rep: t.rep,
      officer: t.officer,
      otherRep: t.otherRep,
      coordinator: t.coordinator,
      board: t.board,
      otherCoordinator: t.otherCoordinator,
      otherBoard,
      admin: t.admin,
    },
    world: {
      partnershipId: w.partnership.id,
      compactId: w.compact.id,
      unsignedCompact: { id: unsigned.id, version: unsigned.version, textSha256: unsigned.textSha256 },
      draftId: draft.id,
      org1Id: w.org1.id,
      org2Id: w.org2.id,
      importId: started.id,
      assessmentId: assessment.id,
      financialYear: reports.items[0].financialYear,
      quarter,
      supplierId,
      supplierChangeId: classified.history[0].id,
      otherSupplierId,
      registerLoadId: registerLoad.id,
      runId: run.id,
    },
  };
}

/** The same world in a new table: the same ids, and the same tokens still valid. */
async function copyOf(original: Setup): Promise<Setup> {
  const table = `test-${ulid()}`;
  await ensureTable(original.h.endpoint, table);
  const deps = localDeps({ endpoint: original.h.endpoint, table, verifyToken: original.h.issuer.verify });
  // Runs are recorded and left queued: what they would compute is not about authorisation.
  deps.startReportRun = async () => {};
  let pending = (await tableItems(original.h)).map((Item) => ({ PutRequest: { Item } }));
  while (pending.length > 0) {
    const batch = pending.slice(0, 25);
    const written = await deps.db.doc.send(new BatchWriteCommand({ RequestItems: { [table]: batch } }));
    pending = [...((written.UnprocessedItems?.[table] ?? []) as typeof batch), ...pending.slice(25)];
  }
  const h: Harness = { ...original.h, deps, table, app: fullApiApp(deps) };
  return { ...original, h, call: clientOf(deps) };
}

let original: Setup;
beforeAll(async () => {
  original = await setUp();
});

/** Method and path of every /v1 route the apps serve, in functions/routes.ts's notation. */
function servedRoutes() {
  const deps: Deps = {
    db: createDb({ table: 'unused', endpoint: 'http://127.0.0.1:1' }),
    verifyToken: null,
    now: () => new Date(),
    newId: () => 'id',
  };
  return [
    ...new Set(
      trackerApp(deps)
        .routes.filter((r) => r.method !== 'ALL' && r.path.startsWith('/v1/'))
        .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`),
    ),
  ].sort();
}

describe('the authorisation matrix', () => {
  it('lists every route the apps serve, and no other', () => {
    const served = servedRoutes();
    const listed = matrixRoutes();
    expect(
      served.filter((r) => !listed.includes(r)),
      'served but missing from the matrix',
    ).toEqual([]);
    expect(
      listed.filter((r) => !served.includes(r)),
      'in the matrix but served by no app',
    ).toEqual([]);
    expect(listed).toEqual(apiRoutes.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('refuses anonymous callers with 401 exactly on the routes behind the authorizer', () => {
    const refused = authorisationMatrix
      .filter((c) => c.expected.anonymous === 401)
      .map((c) => `${c.method} ${c.path}`);
    const jwt = apiRoutes.filter((r) => r.auth === 'jwt').map((r) => `${r.method} ${r.path}`);
    expect([...new Set(refused)].sort()).toEqual(jwt.sort());
  });
});

describe.each(authorisationMatrix.map((c) => [caseLabel(c), c] as const))('%s', (_label, routeCase) => {
  const write = routeCase.method !== 'GET';
  let shared: Setup;
  beforeAll(async () => {
    shared = await copyOf(original);
  });

  it.each(callerKinds.map((kind) => [kind, routeCase.expected[kind]] as const))(
    '%s: %i',
    async (caller, status) => {
      // An allowed write changes the world: the next allowed caller starts from a fresh one.
      const setup = write && status < 400 && !routeCase.shareWorld ? await copyOf(original) : shared;
      const request = routeCase.request(setup.world);
      const before = write ? await tableItems(setup.h) : [];
      const response = await setup.call(routeCase.method, request.path, {
        token: setup.tokens[caller],
        body: request.body,
        headers: request.headers,
      });
      expect(response.status, response.text).toBe(status);
      const { sees } = routeCase;
      if (sees && status < 300) {
        expect(sees.in(response, setup.world), sees.what).toBe(sees.who.includes(caller));
      }
      if (status < 400) return;
      expectProblem(response, status);
      expect(response.body).not.toHaveProperty('stack');
      expect(response.text).not.toMatch(/\bat \S+ \(|\.ts:\d+/);
      if (write) expect(await tableItems(setup.h)).toEqual(before);
    },
  );

  if (routeCase.expected.anonymous === 401) {
    it('anonymous with no, an empty, a broken or an empty-object body: 401', async () => {
      const request = routeCase.request(shared.world);
      const before = write ? await tableItems(shared.h) : [];
      const bodies = write ? [undefined, '', '{', {}] : [undefined];
      for (const body of bodies) {
        const response = await shared.call(routeCase.method, request.path, {
          body,
          headers: body === undefined ? {} : { 'content-type': 'application/json' },
        });
        expectProblem(response, 401);
      }
      if (write) expect(await tableItems(shared.h)).toEqual(before);
    });
  }
});
