import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { backgroundReportRuns } from '@compact-tracker/jobs/reports/requested-run';
import { runReportJobs } from '@compact-tracker/jobs/reports/run';
import { keys } from '@compact-tracker/store/keys';
import {
  latestSnapshot,
  PARTNERS_PER_PART,
  SUPERSEDED_DAYS,
  snapshotHistory,
  writeSnapshot,
} from '@compact-tracker/store/report-snapshots';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, tableItems, world } from '../support/fixtures.ts';
import { type Harness, harness, runReportsNow } from '../support/harness.ts';

// Report runs on demand: 202 at once, the jobs in the background, their progress on the run. And
// what keeps the snapshots' storage bounded: a run whose figures did not change writes nothing,
// a closed year is written again only when its inputs change, and a superseded snapshot expires
// (TTL) unless it is the last of its day, with reads leaving expired ones out.

const SIGNED_AT = '2024-05-01T09:00:00.000Z';
const RUN_AT = '2026-06-20T10:00:00.000Z';

let h: Harness;
let w: Awaited<ReturnType<typeof world>>;
const at = (iso: string) => {
  h.deps.now = () => new Date(iso);
};

beforeAll(async () => {
  h = await harness();
  w = await world(h);
  at(SIGNED_AT);
  await w.ok('POST', `/v1/compacts/${w.compact.id}/signatures`, w.tokens.rep, w.signature(w.org1.id));
  await w.ok('PUT', `/v1/organisations/${w.org1.id}/budgets/2024-25`, w.tokens.rep, {
    annualProcurementBudgetPence: 500_000_000,
  });
  at(RUN_AT);
}, 60_000);

const reportItems = async () =>
  (await tableItems(h)).filter((item) => String(item.type).startsWith('report-'));

describe('POST /v1/admin/aggregations', () => {
  it('answers 202 with the run at once; the jobs run in the background and GET follows them', async () => {
    // The jobs wait until released: the answer cannot have waited for them.
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const runs = backgroundReportRuns(() => h.deps.db, { now: () => h.deps.now() });
    const started: unknown[] = [];
    const original = h.deps.startReportRun;
    h.deps.startReportRun = async (request) => {
      started.push(request);
      void gate.then(() => runs.start(request));
    };
    try {
      const response = await h.call('POST', '/v1/admin/aggregations', { token: w.tokens.coordinator });
      expect(response.status).toBe(202);
      const run = response.body;
      expect(run).toMatchObject({
        status: 'queued',
        scope: 'partnerships',
        partnershipIds: [w.partnership.id],
        requestedBy: 'coord@example.org',
        requestedAt: RUN_AT,
        scheduledTime: RUN_AT,
        jobs: { 'aggregate-buying-power': { status: 'queued' }, 'compute-scores': { status: 'queued' } },
      });
      expect(response.headers.get('location')).toBe(`/v1/admin/aggregations/${run.id}`);
      expect(started).toEqual([{ runId: run.id, scheduledTime: RUN_AT, partnershipIds: [w.partnership.id] }]);
      expect(await reportItems()).toEqual([]);

      const queued = await h.call('GET', run.links.self, { token: w.tokens.coordinator });
      expect(queued.status).toBe(200);
      expect(queued.body.status).toBe('queued');
      expect(queued.headers.get('cache-control')).toBe('no-store');

      release();
      await gate;
      await runs.idle();
      const done = await h.call('GET', run.links.self, { token: w.tokens.admin });
      expect(done.body.status).toBe('succeeded');
      for (const job of ['aggregate-buying-power', 'compute-scores']) {
        expect(done.body.jobs[job]).toMatchObject({
          status: 'succeeded',
          startedAt: RUN_AT,
          finishedAt: RUN_AT,
          compacts: 1,
          snapshots: 3,
          snapshotsWritten: 3,
          snapshotsUnchanged: 0,
        });
      }
      const years = await h.call('GET', `/v1/compacts/${w.compact.id}/reports`);
      expect(years.body.items.map((y: { financialYear: string }) => y.financialYear)).toEqual([
        '2026-27',
        '2025-26',
        '2024-25',
      ]);
      // Other coordinators do not see the run; an unknown run is a 404.
      expectProblem(await h.call('GET', run.links.self, { token: w.tokens.otherCoordinator }), 404);
      expectProblem(
        await h.call('GET', '/v1/admin/aggregations/01ZZZZZZZZZZZZZZZZZZZZZZZZ', { token: w.tokens.admin }),
        404,
      );
    } finally {
      h.deps.startReportRun = original;
    }
  });

  it('is a 503 when the jobs cannot be started, and the run says it failed', async () => {
    const original = h.deps.startReportRun;
    h.deps.startReportRun = async () => {
      throw new Error('Lambda is unreachable');
    };
    try {
      const response = await h.call('POST', '/v1/admin/aggregations', { token: w.tokens.admin });
      expectProblem(response, 503);
      expect(response.headers.get('retry-after')).toBeTruthy();
      expect(response.body.detail).not.toContain('Lambda');
      const runs = (await tableItems(h)).filter((item) => item.type === 'aggregation-run');
      const failed = runs.find((item) => (item.jobs as any)['compute-scores'].status === 'failed');
      expect(failed).toBeDefined();
      expect(failed?.expiresAt).toBe(Math.floor(Date.parse(RUN_AT) / 1000) + 30 * 86_400);
    } finally {
      h.deps.startReportRun = original;
    }
  });
});

describe('snapshots whose inputs did not change', () => {
  it('an unchanged run, later the same day, writes nothing', async () => {
    const before = await reportItems();
    at('2026-06-20T15:00:00.000Z');
    const run = await runReportsNow(h.call, w.tokens.admin);
    expect(run.status).toBe('succeeded');
    for (const job of ['aggregate-buying-power', 'compute-scores']) {
      expect(run.jobs[job]).toMatchObject({ snapshots: 3, snapshotsWritten: 0, snapshotsUnchanged: 3 });
    }
    expect(await reportItems()).toEqual(before);
  });

  it('a closed year is written again only when its inputs change', async () => {
    // A return for a quarter of 2024-25 (closed): that year's figures change, and 2025-26's change
    // from the year before; the current year's own figures and the daily job's are as they were.
    at('2026-06-20T16:00:00.000Z');
    await w.ok('PUT', `/v1/organisations/${w.org1.id}/spend/2024-25-Q2`, w.tokens.officer, {
      lines: [
        {
          category: 'ict',
          totalPence: 1_000_000,
          localPence: 0,
          smePence: 0,
          vcsePence: 0,
          criteriaPence: 0,
        },
      ],
    });
    const result = await runReportJobs(h.deps.db, {
      scheduledTime: '2026-06-20T16:00:00.000Z',
      now: h.deps.now,
    });
    const power = result.jobs[0];
    expect(power?.job).toBe('aggregate-buying-power');
    expect([power?.snapshotsWritten, power?.snapshotsUnchanged]).toEqual([2, 1]);
    // The morning's 2024-25 snapshot is superseded the same day: kept for 30 days, then not read.
    const history = (fy: string) =>
      snapshotHistory(
        h.deps.db,
        w.compact.id,
        fy,
        'aggregate-buying-power',
        new Date('2026-06-21T00:00:00Z'),
      );
    expect(await history('2024-25')).toHaveLength(2);
    expect(await history('2026-27')).toHaveLength(1);
    const latest = await latestSnapshot<{ loggedSpendPence: number }, unknown>(
      h.deps.db,
      w.compact.id,
      '2024-25',
      'aggregate-buying-power',
    );
    expect(latest?.aggregates.loggedSpendPence).toBe(1_000_000);
  });
});

describe('superseded snapshots', () => {
  const head = (scheduledTime: string, fingerprint: string, partners = PARTNERS_PER_PART + 1) => ({
    compactId: 'EXPIRY',
    partnershipId: 'P',
    financialYear: '2026-27',
    job: 'compute-scores' as const,
    scheduledTime,
    generatedAt: scheduledTime,
    asOf: scheduledTime.slice(0, 10),
    partnerCount: partners,
    parts: 0,
    fingerprint,
    aggregates: { fingerprint },
    partners: Array.from({ length: partners }, (_, i) => ({ organisationId: `O${i}` })),
  });
  const itemsOf = async (scheduledTime: string) =>
    (await tableItems(h)).filter(
      (item) =>
        item.PK === 'REPORT#EXPIRY#2026-27' && String(item.SK).startsWith(`compute-scores#${scheduledTime}`),
    );
  const DAY = 86_400;

  it('expire 30 days after a later snapshot of the same day replaced them; the last of each day stays', async () => {
    await writeSnapshot(h.deps.db, head('2026-11-01T06:00:00.000Z', 'a'));
    await writeSnapshot(h.deps.db, head('2026-11-01T07:00:00.000Z', 'b'));
    await writeSnapshot(h.deps.db, head('2026-11-02T06:00:00.000Z', 'c'));

    const superseded = await itemsOf('2026-11-01T06:00:00.000Z');
    expect(superseded).toHaveLength(3); // the head and its two parts
    const expiresAt = Date.parse('2026-11-01T07:00:00.000Z') / 1000 + SUPERSEDED_DAYS * DAY;
    for (const item of superseded) expect(item.expiresAt).toBe(expiresAt);
    // The last of 1 November, and the latest: kept.
    for (const item of [
      ...(await itemsOf('2026-11-01T07:00:00.000Z')),
      ...(await itemsOf('2026-11-02T06:00:00.000Z')),
    ]) {
      expect(item).not.toHaveProperty('expiresAt');
    }
    const pointer = await h.deps.db.doc.send(
      new GetCommand({ TableName: h.table, Key: keys.reportLatest('EXPIRY', '2026-27', 'compute-scores') }),
    );
    expect(pointer.Item).toMatchObject({ fingerprint: 'c', scheduledTime: '2026-11-02T06:00:00.000Z' });
  });

  it('reads leave expired snapshots out, though DynamoDB has not deleted them yet', async () => {
    const times = (entries: { scheduledTime: string }[]) => entries.map((e) => e.scheduledTime);
    const before = await snapshotHistory(
      h.deps.db,
      'EXPIRY',
      '2026-27',
      'compute-scores',
      new Date('2026-11-02T12:00:00Z'),
    );
    expect(times(before)).toEqual([
      '2026-11-01T06:00:00.000Z',
      '2026-11-01T07:00:00.000Z',
      '2026-11-02T06:00:00.000Z',
    ]);
    const after = await snapshotHistory(
      h.deps.db,
      'EXPIRY',
      '2026-27',
      'compute-scores',
      new Date('2026-12-02T12:00:00Z'),
    );
    expect(times(after)).toEqual(['2026-11-01T07:00:00.000Z', '2026-11-02T06:00:00.000Z']);

    // A head whose time has passed is not served, even by the pointer that names it.
    await h.deps.db.doc.send(
      new UpdateCommand({
        TableName: h.table,
        Key: keys.reportSnapshot('EXPIRY', '2026-27', 'compute-scores', '2026-11-02T06:00:00.000Z'),
        UpdateExpression: 'SET expiresAt = :past',
        ExpressionAttributeValues: { ':past': Math.floor(Date.now() / 1000) - 60 },
      }),
    );
    expect(await latestSnapshot(h.deps.db, 'EXPIRY', '2026-27', 'compute-scores')).toBeNull();
  });
});
