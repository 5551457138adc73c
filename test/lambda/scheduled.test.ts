import { financialYearOf, isoDate } from '@compact-tracker/domain/periods';
import { createAggregationRun, getAggregationRun } from '@compact-tracker/store/aggregation-runs';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleFunction } from '../../infra/bundle-function.ts';
import { tableItems, world } from '../support/fixtures.ts';
import { type Harness, harness } from '../support/harness.ts';
import { bundledHandlers, httpEvent, lambdaContext, printed } from './events.ts';

// The two scheduled functions bundled as deployed, given what EventBridge Scheduler sends (the
// target's Input with the scheduled time), then the report read through the bundled reports function.

type Handler = (event: unknown, context: unknown) => Promise<any>;
const names = ['aggregate-buying-power', 'compute-scores', 'reports'] as const;
const handlers = {} as Record<(typeof names)[number], Handler>;
/** The signature below is made today: the current year's report has it. */
const currentYear = financialYearOf(isoDate(new Date()));
let h: Harness;
let w: Awaited<ReturnType<typeof world>>;

beforeAll(async () => {
  h = await harness();
  w = await world(h);
  await w.ok('PUT', `/v1/organisations/${w.org1.id}/budgets/${currentYear}`, w.tokens.rep, {
    annualProcurementBudgetPence: 90_000_000_000,
  });
  await w.ok('POST', `/v1/compacts/${w.compact.id}/signatures`, w.tokens.rep, w.signature(w.org1.id));
  Object.assign(
    handlers,
    await bundledHandlers(names, { table: h.table, endpoint: h.endpoint }, bundleFunction),
  );
}, 180_000);

describe('scheduled report functions', () => {
  it('run from a Scheduler event, once per scheduled time', async () => {
    const scheduledTime = '2026-11-14T10:00:00Z';
    const { result: power, lines } = await printed(() =>
      handlers['aggregate-buying-power'](
        { scheduledTime, job: 'aggregate-buying-power' },
        lambdaContext('aggregate-buying-power'),
      ),
    );
    // The heartbeat the stack's "not running" alarm watches: one per completed run.
    expect(lines.map((line) => JSON.parse(line)).filter((entry) => entry._aws)).toEqual([
      expect.objectContaining({ ScheduledRunCompleted: 1, service: 'compact-tracker-test' }),
    ]);
    expect(power).toMatchObject({
      job: 'aggregate-buying-power',
      scheduledTime: '2026-11-14T10:00:00.000Z',
      compacts: 1,
      snapshotsWritten: 1,
    });
    expect(power.dynamoDbRequests).toBeGreaterThan(0);
    const scores = await handlers['compute-scores'](
      { scheduledTime, job: 'compute-scores' },
      lambdaContext('compute-scores'),
    );
    expect(scores).toMatchObject({ job: 'compute-scores', snapshotsWritten: 1 });

    // A retry of the same invocation (Scheduler retries) writes nothing.
    const before = await tableItems(h);
    const retry = await handlers['compute-scores'](
      { scheduledTime, job: 'compute-scores' },
      lambdaContext('compute-scores'),
    );
    expect(retry).toMatchObject({ snapshotsWritten: 0, snapshotsUnchanged: 1 });
    expect(await tableItems(h)).toEqual(before);
  });

  it('accept an EventBridge Scheduled Event too', async () => {
    const result = await handlers['aggregate-buying-power'](
      { 'detail-type': 'Scheduled Event', source: 'aws.events', time: '2026-11-14T11:00:00Z', detail: {} },
      lambdaContext('aggregate-buying-power'),
    );
    // The same figures as the 10:00 run's: nothing new to write.
    expect(result).toMatchObject({
      scheduledTime: '2026-11-14T11:00:00.000Z',
      snapshots: 1,
      snapshotsWritten: 0,
      snapshotsUnchanged: 1,
    });
  });

  it('run the job of a run started on demand (invoked asynchronously) and record it on the run', async () => {
    const requestedAt = '2026-11-14T12:00:00.000Z';
    await createAggregationRun(h.deps.db, {
      id: 'RUN1',
      scope: 'partnerships',
      partnershipIds: [w.partnership.id],
      requestedBy: 'coord@example.org',
      requestedAt,
      scheduledTime: requestedAt,
    });
    const payload = { runId: 'RUN1', scheduledTime: requestedAt, partnershipIds: [w.partnership.id] };
    for (const job of ['aggregate-buying-power', 'compute-scores'] as const) {
      const summary = await handlers[job]({ ...payload, job }, lambdaContext(job));
      expect(summary).toMatchObject({ job, compacts: 1, snapshots: 1 });
    }
    const run = await getAggregationRun(h.deps.db, 'RUN1');
    expect(run?.status).toBe('succeeded');
    expect(run?.jobs['compute-scores']).toMatchObject({ status: 'succeeded', compacts: 1, snapshots: 1 });
  });

  it('serve the report through the bundled reports function', async () => {
    const response = await handlers.reports(
      httpEvent('GET', `/v1/compacts/${w.compact.id}/reports/${currentYear}`),
      lambdaContext('reports'),
    );
    expect(response.statusCode).toBe(200);
    const body = JSON.parse(response.body);
    expect(body).toMatchObject({
      financialYear: currentYear,
      access: 'public',
      signatories: 1,
      combinedBuyingPowerPence: 90_000_000_000,
    });
    expect(body.partners[0].score).toBeUndefined();
  });
});
