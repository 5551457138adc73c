import { Readable } from 'node:stream';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { fullApiApp } from '@compact-tracker/api/app';
import { localDeps } from '@compact-tracker/api/deps';
import { normaliseSupplierName } from '@compact-tracker/domain/supplier-names';
import { runSpendImport } from '@compact-tracker/jobs/import/run-import';
import { REPORT_JOBS, runReportJob } from '@compact-tracker/jobs/reports/run';
import { ensureTable } from '@compact-tracker/local/dynamodb-local';
import type { Db } from '@compact-tracker/store/db';
import { latestSnapshot, type ReportJob } from '@compact-tracker/store/report-snapshots';
import { createSpendImport } from '@compact-tracker/store/spend-imports';
import { supplierByName } from '@compact-tracker/store/suppliers';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type FaultScenario, faultScenarios, faultyDb } from '../support/faulty-dynamodb.ts';
import { compactText, expectProblem, tableItems, world } from '../support/fixtures.ts';
import { appClient, type Harness, harness } from '../support/harness.ts';
import { waitingImport } from '../support/spend-import-record.ts';
import { paidSupplier } from '../support/supplier-fixtures.ts';

// Every write route under every fault of the scenario table. The property: the answer is what a
// clean run answers and the table afterwards equals, item for item, what one clean run writes (the
// SDK's retries got through, with nothing applied twice), or the answer is 503 problem+json with
// Retry-After and the table is as before (or, when the table applied the request and only the reply
// was lost, as after one clean run). Never a 500, never a double count. Clocks and ids are fixed so
// that two runs of the same request write the same items.

const NOW = new Date('2025-11-15T10:00:00.000Z');

type World = Awaited<ReturnType<typeof world>>;
type Request = {
  method: string;
  path: string;
  token: string;
  body?: unknown;
  headers?: Record<string, string>;
};
type WritePath = {
  name: string;
  /** State the request needs, written without faults. */
  setup?: (w: World, h: Harness) => Promise<Record<string, string> | undefined>;
  request: (w: World, made: Record<string, string>) => Request;
  /** Runs many independent writes (every snapshot of a report run): each complete or absent on a 503. */
  manyWrites?: boolean;
  /**
   * Sets facts, then moves spend in further writes (a supplier's fan-out): a 503 between them may
   * leave either done; the same request sent again finishes the rest, ending as one clean run.
   */
  healsOnRetry?: boolean;
};

/** A harness whose clock stands still and whose ids count on from `ids`: a run is repeatable item for item. */
function repeatable(h: Harness, ids = 0) {
  let n = ids;
  h.deps.now = () => new Date(NOW);
  h.deps.newId = () => `ID${String(++n).padStart(6, '0')}`;
  h.deps.uploads = { uploadUrl: async (key) => `http://uploads.test/${key}` };
  return { ids: () => n };
}

/**
 * A new table holding `items`, with an app over it that trusts `issuer`'s tokens: the world is built
 * once per path and copied for each scenario, far cheaper than building it again.
 */
async function copyOf(template: Harness, items: Item[], ids: number): Promise<Harness> {
  const table = `test-${ulid()}`;
  await ensureTable(template.endpoint, table);
  const deps = localDeps({ endpoint: template.endpoint, table, verifyToken: template.issuer.verify });
  deps.startReportRun = async () => {};
  for (let at = 0; at < items.length; at += 25) {
    await deps.db.doc.send(
      new BatchWriteCommand({
        RequestItems: { [table]: items.slice(at, at + 25).map((Item) => ({ PutRequest: { Item } })) },
      }),
    );
  }
  const app = fullApiApp(deps);
  const h: Harness = {
    ...template,
    deps,
    table,
    app,
    call: appClient(app),
  };
  repeatable(h, ids);
  return h;
}

const spendLine = (category: string, totalPence: number) => ({
  category,
  totalPence,
  localPence: Math.round(totalPence / 2),
  smePence: Math.round(totalPence / 4),
  vcsePence: 0,
  criteriaPence: 0,
});
const carbonCsv = ['SIC,Industry,GHG multiplier (kgCO2e per £)', '62,IT services,0.2'].join('\n');

const aggregationSetup = async (w: World) => {
  await w.ok('POST', `/v1/compacts/${w.compact.id}/signatures`, w.tokens.rep, w.signature(w.org1.id));
  await w.ok('PUT', `/v1/organisations/${w.org1.id}/budgets/2025-26`, w.tokens.rep, {
    annualProcurementBudgetPence: 90_000_000_000,
  });
  await w.ok('PUT', `/v1/organisations/${w.org1.id}/spend/2025-26-Q1`, w.tokens.officer, {
    lines: [spendLine('ict', 1_000_000)],
  });
  return undefined;
};

const writePaths: WritePath[] = [
  {
    name: 'POST /v1/partnerships',
    request: (w) => ({
      method: 'POST',
      path: '/v1/partnerships',
      token: w.tokens.admin,
      body: { name: 'Third Partnership', area: 'Thirdshire' },
    }),
  },
  {
    name: 'POST /v1/partnerships/{pid}/members',
    request: (w) => ({
      method: 'POST',
      path: `/v1/partnerships/${w.partnership.id}/members`,
      token: w.tokens.coordinator,
      body: { email: 'board2@example.org', role: 'board' },
    }),
  },
  {
    name: 'POST /v1/partnerships/{pid}/compacts',
    request: (w) => ({
      method: 'POST',
      path: `/v1/partnerships/${w.partnership.id}/compacts`,
      token: w.tokens.coordinator,
      body: compactText,
    }),
  },
  {
    name: 'PUT /v1/compacts/{cid}',
    request: (w) => ({
      method: 'PUT',
      path: `/v1/compacts/${w.compact.id}`,
      token: w.tokens.coordinator,
      body: { ...compactText, title: 'Edited Compact' },
    }),
  },
  {
    name: 'POST /v1/compacts/{cid}/publish',
    setup: async (w) => {
      const draft = await w.ok(
        'POST',
        `/v1/partnerships/${w.partnership.id}/compacts`,
        w.tokens.coordinator,
        {
          ...compactText,
          title: 'Draft',
        },
      );
      return { draft: draft.id };
    },
    request: (w, made) => ({
      method: 'POST',
      path: `/v1/compacts/${made.draft}/publish`,
      token: w.tokens.coordinator,
    }),
  },
  {
    name: 'POST /v1/compacts/{cid}/close',
    request: (w) => ({
      method: 'POST',
      path: `/v1/compacts/${w.compact.id}/close`,
      token: w.tokens.coordinator,
    }),
  },
  {
    name: 'POST /v1/compacts/{cid}/interest',
    request: (w) => ({
      method: 'POST',
      path: `/v1/compacts/${w.compact.id}/interest`,
      token: w.tokens.rep,
      body: { organisationId: w.org1.id },
    }),
  },
  {
    name: 'POST /v1/compacts/{cid}/signatures',
    request: (w) => ({
      method: 'POST',
      path: `/v1/compacts/${w.compact.id}/signatures`,
      token: w.tokens.rep,
      body: w.signature(w.org1.id),
    }),
  },
  {
    name: 'POST /v1/compacts/{cid}/signatures (Idempotency-Key)',
    request: (w) => ({
      method: 'POST',
      path: `/v1/compacts/${w.compact.id}/signatures`,
      token: w.tokens.rep,
      body: w.signature(w.org1.id),
      headers: { 'idempotency-key': 'sign-org1-once' },
    }),
  },
  {
    name: 'POST /v1/compacts/{cid}/signatures/{oid}/withdraw',
    setup: async (w) => {
      await w.ok('POST', `/v1/compacts/${w.compact.id}/signatures`, w.tokens.rep, w.signature(w.org1.id));
      return undefined;
    },
    request: (w) => ({
      method: 'POST',
      path: `/v1/compacts/${w.compact.id}/signatures/${w.org1.id}/withdraw`,
      token: w.tokens.rep,
      body: { reason: 'Merging with another body' },
    }),
  },
  {
    name: 'POST /v1/organisations',
    request: (w) => ({
      method: 'POST',
      path: '/v1/organisations',
      token: w.tokens.nobody,
      body: { name: 'Org Three', sector: 'voluntary-community', postcode: 'B3 3BB' },
    }),
  },
  {
    name: 'POST /v1/organisations (Idempotency-Key)',
    request: (w) => ({
      method: 'POST',
      path: '/v1/organisations',
      token: w.tokens.nobody,
      body: { name: 'Org Three', sector: 'voluntary-community', postcode: 'B3 3BB' },
      headers: { 'idempotency-key': 'org-three' },
    }),
  },
  {
    name: 'POST /v1/organisations/{oid}/members',
    request: (w) => ({
      method: 'POST',
      path: `/v1/organisations/${w.org1.id}/members`,
      token: w.tokens.rep,
      body: { email: 'officer2@org1.example', role: 'officer' },
    }),
  },
  {
    name: 'PUT /v1/organisations/{oid}/budgets/{fy}',
    request: (w) => ({
      method: 'PUT',
      path: `/v1/organisations/${w.org1.id}/budgets/2025-26`,
      token: w.tokens.rep,
      body: { annualProcurementBudgetPence: 90_000_000_000 },
    }),
  },
  {
    name: 'PUT /v1/organisations/{oid}/spend/{quarter} (first return)',
    request: (w) => ({
      method: 'PUT',
      path: `/v1/organisations/${w.org1.id}/spend/2025-26-Q1`,
      token: w.tokens.officer,
      body: { lines: [spendLine('ict', 1_000_000), spendLine('construction', 2_500_000)] },
    }),
  },
  {
    name: 'PUT /v1/organisations/{oid}/spend/{quarter} (replacing a return)',
    setup: async (w) => {
      await w.ok('PUT', `/v1/organisations/${w.org1.id}/spend/2025-26-Q1`, w.tokens.officer, {
        lines: [spendLine('ict', 700_000), spendLine('food-catering', 300_000)],
      });
      return undefined;
    },
    request: (w) => ({
      method: 'PUT',
      path: `/v1/organisations/${w.org1.id}/spend/2025-26-Q1`,
      token: w.tokens.officer,
      body: { lines: [spendLine('ict', 1_000_000), spendLine('construction', 2_500_000)] },
    }),
  },
  {
    name: 'POST /v1/organisations/{oid}/spend-imports',
    request: (w) => ({
      method: 'POST',
      path: `/v1/organisations/${w.org1.id}/spend-imports`,
      token: w.tokens.officer,
      body: {
        mapping: { date: 'Date', amount: 'Amount', transactionId: 'Ref', supplierName: 'Supplier' },
        fileName: 'spend.csv',
      },
    }),
  },
  {
    name: 'POST /v1/organisations/{oid}/assessments',
    request: (w) => ({
      method: 'POST',
      path: `/v1/organisations/${w.org1.id}/assessments`,
      token: w.tokens.officer,
      body: { assessedOn: '2025-06-30', criteriaMet: [] },
    }),
  },
  {
    name: 'PUT /v1/organisations/{oid}/targets',
    request: (w) => ({
      method: 'PUT',
      path: `/v1/organisations/${w.org1.id}/targets`,
      token: w.tokens.officer,
      body: { targets: [{ theme: 'people', level: 2, by: '2026-03-31' }] },
    }),
  },
  {
    name: 'PUT /v1/carbon-factors',
    request: (w) => ({
      method: 'PUT',
      path: '/v1/carbon-factors',
      token: w.tokens.coordinator,
      body: { csv: carbonCsv, source: 'GHG SIC multipliers', year: 2024 },
    }),
  },
  {
    name: 'POST /v1/organisations/{oid}/supplier-facts',
    healsOnRetry: true,
    setup: async (w, h) => {
      await paidSupplier(
        h.deps.db,
        w.org1.id,
        'REED SPECIALIST RECRUITMENT LIMITED',
        '2025-26-Q1',
        500_000_00,
      );
      await paidSupplier(h.deps.db, w.org1.id, 'BT GLOBAL SERVIES', '2025-26-Q2', 50_000_00);
      return undefined;
    },
    request: (w) => ({
      method: 'POST',
      path: `/v1/organisations/${w.org1.id}/supplier-facts`,
      token: w.tokens.officer,
      body: {
        csv: 'Supplier,Postcode,SME\r\nReed Specialist Recruitment Ltd,OX1 1BX,Y\r\nBT GLOBAL SERVIES,RG1 1AA,N\r\n',
      },
    }),
  },
  {
    // Points the name, then moves its imported rows and their spend in a transaction: a 503 between
    // them may leave the rows unmoved; the same request sent again moves them, as one clean run.
    name: 'PUT /v1/organisations/{oid}/supplier-names',
    healsOnRetry: true,
    setup: async (w, h) => {
      const header = 'Ref,Date,Amount,Supplier';
      const rows = ['S1,01/05/2025,100.00,BT Global Services', 'S2,02/05/2025,20.00,BT Global Servies'];
      const file = Buffer.from(
        `${header}\n${[...rows, 'S3,03/08/2025,-5.00,bt global servies'].join('\n')}\n`,
      );
      const mapping = { date: 'Date', amount: 'Amount', transactionId: 'Ref', supplierName: 'Supplier' };
      await createSpendImport(h.deps.db, waitingImport(w.org1.id, 'IMPORT-S', { mapping: mapping as never }));
      await runSpendImport(h.deps.db, w.org1.id, 'IMPORT-S', { open: async () => Readable.from([file]) });
      return {
        right: (await supplierByName(h.deps.db, normaliseSupplierName('BT Global Services'))) as string,
      };
    },
    request: (w, made) => ({
      method: 'PUT',
      path: `/v1/organisations/${w.org1.id}/supplier-names`,
      token: w.tokens.officer,
      body: { name: 'BT Global Servies', supplierId: made.right },
    }),
  },
  {
    // Records the run (one write) and starts its jobs, which run on their own: see runReportJob below.
    name: 'POST /v1/admin/aggregations',
    setup: aggregationSetup,
    request: (w) => ({ method: 'POST', path: '/v1/admin/aggregations', token: w.tokens.admin }),
  },
];

type Item = Record<string, unknown>;
const keyOf = (item: Item) => `${item.PK}|${item.SK}`;

type Template = { h: Harness; w: World; made: Record<string, string>; items: Item[]; ids: number };
const templates = new Map<string, Promise<Template>>();
/** The world and the path's own state, built once per path. */
function template(path: WritePath) {
  let built = templates.get(path.name);
  if (!built) {
    built = (async () => {
      const h = await harness();
      const counter = repeatable(h);
      const w = await world(h);
      const made = (await path.setup?.(w, h)) ?? {};
      return { h, w, made, items: await tableItems(h), ids: counter.ids() };
    })();
    templates.set(path.name, built);
  }
  return built;
}

/** A fresh table in the path's starting state. */
async function prepared(path: WritePath) {
  const t = await template(path);
  return { h: await copyOf(t.h, t.items, t.ids), w: t.w, made: t.made };
}

async function send(h: Harness, request: Request) {
  return h.call(request.method, request.path, {
    token: request.token,
    body: request.body,
    headers: request.headers,
  });
}

/** What one clean run of the path answers and leaves in the table. */
const cleanRuns = new Map<string, Promise<{ status: number; items: Item[] }>>();
function cleanRun(path: WritePath) {
  let run = cleanRuns.get(path.name);
  if (!run) {
    run = (async () => {
      const { h, w, made } = await prepared(path);
      const response = await send(h, path.request(w, made));
      expect(response.status, JSON.stringify(response.body)).toBeLessThan(300);
      return { status: response.status, items: await tableItems(h) };
    })();
    cleanRuns.set(path.name, run);
  }
  return run;
}

/** Runs `work` with the app's table client swapped for one that fails as `scenario` says. */
async function withFaults<T>(h: Harness, scenario: FaultScenario, work: () => Promise<T>) {
  const real: Db = h.deps.db;
  const faulty = faultyDb(h, scenario);
  h.deps.db = faulty;
  try {
    return { result: await work(), injected: faulty.injected() };
  } finally {
    h.deps.db = real;
    faulty.destroy();
  }
}

// Most of a scenario's time is the SDK's backoff, asleep: paths and scenarios run many at once.
vi.setConfig({ maxConcurrency: 24, testTimeout: 180_000 });
// 5xx answers are logged by the app: expected here, and noise.
beforeAll(() => {
  vi.spyOn(console, 'error').mockImplementation(() => {});
});
/** Path and scenario pairs where a fault was injected (a path with one write has no second write). */
const exercised = new Set<string>();
afterAll(() => {
  console.info(
    `fault scenarios exercised: ${exercised.size} (${faultScenarios.length} scenarios x ${writePaths.length} write paths)`,
  );
});

describe.concurrent.each(writePaths)('$name under faults', (path) => {
  it.concurrent.each(faultScenarios)('$name', async (scenario) => {
    const clean = await cleanRun(path);
    const { h, w, made } = await prepared(path);
    const before = await tableItems(h);
    const { result: response, injected } = await withFaults(h, scenario, () =>
      send(h, path.request(w, made)),
    );
    if (injected.length > 0) exercised.add(`${path.name}|${scenario.name}`);
    const after = await tableItems(h);

    if (response.status === 503) {
      expectProblem(response, 503);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      if (path.manyWrites) {
        // Each snapshot written is the clean run's, item for item; a re-delivery completes the rest.
        const cleanByKey = new Map(normalised(clean.items).map((item) => [keyOf(item), item]));
        for (const item of normalised(after)) expect(item).toEqual(cleanByKey.get(keyOf(item)));
        expect((await send(h, path.request(w, made))).status).toBe(clean.status);
        expect(normalised(await tableItems(h))).toEqual(normalised(clean.items));
      } else if (path.healsOnRetry) {
        expect((await send(h, path.request(w, made))).status).toBe(clean.status);
        expect(withoutChangeIds(await tableItems(h))).toEqual(withoutChangeIds(clean.items));
      } else if (scenario.when === 'after' && JSON.stringify(after) !== JSON.stringify(before)) {
        // The table applied the request and the reply was lost: applied exactly once. An
        // Idempotency-Key is released on a 503 so that the client may retry with it.
        expect(normalised(after)).toEqual(
          normalised(clean.items.filter((item) => item.type !== 'idempotency')),
        );
      } else {
        expect(after).toEqual(before);
      }
    } else {
      expect(response.status, JSON.stringify(response.body)).toBe(clean.status);
      expect(normalised(after)).toEqual(normalised(clean.items));
    }
  });
});

/**
 * Snapshot parts and idempotency claims carry random ids: the same run twice differs only there. Parts
 * no head names (a failed run's, before a re-delivery wrote the snapshot) are never read: left out.
 */
function normalised(items: Item[]): Item[] {
  const runs = new Set(items.filter((item) => item.type === 'report-snapshot').map((item) => item.runId));
  return items
    .filter((item) => item.type !== 'report-snapshot-part' || runs.has(item.runId))
    .map(({ runId, claimId, ...item }) =>
      item.type === 'report-snapshot-part'
        ? { ...item, SK: String(item.SK).replace(/#[0-9a-f-]{36}$/, '') }
        : item,
    )
    .sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
}

/**
 * Entries of a supplier's fact history carry the id the change was given: a change retried after a
 * failed attempt takes the next id. Compared without it.
 */
function withoutChangeIds(items: Item[]): Item[] {
  return normalised(
    items.map(({ id, ...item }) =>
      item.type === 'supplier-fact-change'
        ? { ...item, SK: String(item.SK).replace(/#[^#]+$/, '') }
        : { ...item, ...(id === undefined ? {} : { id }) },
    ),
  );
}

/** Every LATEST pointer leads to a whole snapshot: the head and exactly its partner rows. */
async function expectWholeSnapshots(h: Harness) {
  for (const pointer of (await tableItems(h)).filter((item) => item.type === 'report-latest')) {
    const snapshot = await latestSnapshot(
      h.deps.db,
      pointer.compactId as string,
      pointer.financialYear as string,
      pointer.job as ReportJob,
    );
    expect(snapshot).not.toBeNull();
    expect(snapshot?.partners).toHaveLength(snapshot?.partnerCount as number);
  }
}

const aggregationPath = writePaths.find((p) => p.name === 'POST /v1/admin/aggregations') as WritePath;
const runOptions = { scheduledTime: NOW.toISOString(), now: () => new Date(NOW) };
const cleanJobRuns = new Map<ReportJob, Promise<Item[]>>();

describe.concurrent.each(REPORT_JOBS)('runReportJob %s under faults', (job) => {
  it.concurrent.each(faultScenarios)('$name, then re-delivered', async (scenario) => {
    let clean = cleanJobRuns.get(job);
    if (!clean) {
      clean = (async () => {
        const { h } = await prepared(aggregationPath);
        await runReportJob(h.deps.db, job, runOptions);
        return normalised(await tableItems(h));
      })();
      cleanJobRuns.set(job, clean);
    }
    const { h } = await prepared(aggregationPath);
    let failed = false;
    try {
      const { injected } = await withFaults(h, scenario, () => runReportJob(h.deps.db, job, runOptions));
      if (injected.length > 0) exercised.add(`runReportJob ${job}|${scenario.name}`);
    } catch {
      failed = true;
      exercised.add(`runReportJob ${job}|${scenario.name}`);
    }
    await expectWholeSnapshots(h);
    // EventBridge Scheduler delivers again after a failure; a success may be delivered twice too.
    await runReportJob(h.deps.db, job, runOptions);
    expect(normalised(await tableItems(h)), failed ? 'failed, then re-delivered' : 'succeeded').toEqual(
      await clean,
    );
    await expectWholeSnapshots(h);
  });
});
