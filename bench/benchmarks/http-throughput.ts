// The local server (one Node process serving every function's app) under autocannon, one route at
// a time: the public register, a spend return, a report read and a new assessment. The baseline is
// DynamoDB Local itself at the same concurrency: as many loops as connections, each making the
// route's own DynamoDB calls (recorded through a proxy, replayed with the plain SDK client) for the
// same time, so that requests/s stands beside the most the table could answer.

import { join } from 'node:path';
import { criterionIds, flexibleFramework } from '@compact-tracker/domain/flexible-framework';
import { runReportJob } from '@compact-tracker/jobs/reports/run';
import { startTracker } from '@compact-tracker/local/server';
import autocannon from 'autocannon';
import { ulid } from 'ulid';
import { inProcessApi } from '../lib/api-app.ts';
import { baselineClient } from '../lib/baseline-client.ts';
import { type Replay, replay, startRecorder } from '../lib/dynamodb-recorder.ts';
import { percentiles } from '../lib/percentiles.ts';
import { registerCase, seedCompact, seedRegisters } from '../lib/seed-compact.ts';
import { assessmentBody, type Representative, seedWorld, spendReturnBody } from '../lib/seed-world.ts';
import type { Benchmark, BenchOptions, BenchRow } from '../lib/types.ts';

const SIGNATORIES = 20;
const QUARTERS = ['2025-26-Q1', '2025-26-Q2', '2025-26-Q3', '2025-26-Q4'];

type Request = { method: 'GET' | 'PUT' | 'POST'; path: string; token?: string; body?: unknown };
type Route = {
  name: string;
  /** The i-th request; writes spread over the organisations so that connections do not race. */
  request: (i: number) => Request;
  /** Requests to record for the baseline: one for a read, one per organisation for a write. */
  recordings: number;
};

async function run({ quick, endpoint, workDir, log }: BenchOptions): Promise<BenchRow[]> {
  const connections = quick ? 10 : 50;
  const seconds = quick ? 3 : 20;
  const table = `bench-http-${ulid()}`;
  const tracker = await startTracker({
    endpoint,
    table,
    demoData: false,
    scheduler: false,
    port: 0,
    dataDir: join(workDir, 'tracker'),
  });
  const recorder = await startRecorder(endpoint);
  const client = baselineClient(endpoint);
  try {
    const api = await inProcessApi({ endpoint, table, workDir, issuer: tracker.issuer });
    // One organisation (and representative) per connection.
    const world = await seedWorld(api.call, api.token, { representatives: connections });
    await seedCompact(api.deps.db, {
      compactId: world.compactId,
      partnershipId: world.partnershipId,
      signatories: SIGNATORIES,
      organisationPrefix: 'HTTP',
      withCompact: false,
    });
    const registers = await seedRegisters(api.deps.db, world, 'HTTP');
    const scheduledTime = new Date().toISOString();
    for (const job of ['aggregate-buying-power', 'compute-scores'] as const) {
      await runReportJob(api.deps.db, job, {
        scheduledTime,
        compacts: (compact) => compact.id === world.compactId,
      });
    }
    log(
      `seeded ${SIGNATORIES} signatories, ${connections} representatives and the reports at ${tracker.url}`,
    );

    const reps = world.representatives;
    const repOf = (i: number) => reps[i % reps.length] as Representative;
    const criteria = criterionIds(flexibleFramework).slice(0, 6);
    const routes: Route[] = [
      ...[20, 200, 500].map(
        (size): Route => ({
          name: registerCase(size),
          request: () => ({
            method: 'GET',
            path: `/v1/compacts/${registers.get(size)}/signatories?limit=500`,
          }),
          recordings: 1,
        }),
      ),
      {
        name: 'PUT spend return',
        // Organisation, then quarter, then which of two returns: consecutive PUTs of one quarter
        // differ, so every one moves the totals.
        request: (i) => {
          const quarter = QUARTERS[Math.floor(i / reps.length) % QUARTERS.length];
          const variant = Math.floor(i / (reps.length * QUARTERS.length));
          return {
            method: 'PUT',
            path: `/v1/organisations/${repOf(i).organisationId}/spend/${quarter}`,
            token: repOf(i).token,
            body: spendReturnBody(variant),
          };
        },
        recordings: reps.length,
      },
      {
        name: 'GET report',
        request: () => ({ method: 'GET', path: `/v1/compacts/${world.compactId}/reports/2025-26` }),
        recordings: 1,
      },
      {
        name: 'POST assessment',
        request: (i) => ({
          method: 'POST',
          path: `/v1/organisations/${repOf(i).organisationId}/assessments`,
          token: repOf(i).token,
          body: assessmentBody(criteria),
        }),
        recordings: reps.length,
      },
    ];

    const recording = await inProcessApi({
      endpoint: recorder.endpoint,
      table,
      workDir,
      issuer: tracker.issuer,
    });
    const rows: BenchRow[] = [];
    for (const route of routes) {
      // Each request made twice through the recorder (the second is the steady state), its calls kept.
      const baselines: Replay[] = [];
      for (let k = 0; k < route.recordings; k++) {
        for (const pass of [0, 1]) {
          const { method, path, token, body } = route.request(k + pass * reps.length * QUARTERS.length);
          recorder.take();
          const response = await recording.call(method, path, { token, body });
          if (response.status >= 300)
            throw new Error(`${route.name}: ${response.status} ${JSON.stringify(response.body)}`);
        }
        baselines.push(replay(client, recorder.take()));
      }

      let next = 0;
      let failure: string | undefined;
      const result = await autocannon({
        url: tracker.url,
        connections,
        duration: seconds,
        requests: [
          {
            setupRequest: (request) => {
              const { method, path, token, body } = route.request(next++);
              return {
                ...request,
                method,
                path,
                headers: {
                  ...(token ? { authorization: `Bearer ${token}` } : {}),
                  ...(body ? { 'content-type': 'application/json' } : {}),
                },
                body: body ? JSON.stringify(body) : undefined,
              };
            },
            onResponse: (status, body) => {
              if (status >= 300 && !failure) failure = `${status} ${body.slice(0, 300)}`;
            },
          },
        ],
      });
      const served = result.requests.total / result.duration;

      // The baseline: as many loops as connections, each making the route's calls over and over.
      const durations: number[] = [];
      const until = performance.now() + seconds * 1000;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: connections }, async (_, loop) => {
          const baseline = baselines[loop % baselines.length] as Replay;
          while (performance.now() < until) {
            const at = performance.now();
            await baseline.run();
            durations.push(performance.now() - at);
          }
        }),
      );
      const raw = durations.length / ((performance.now() - started) / 1000);
      const b = percentiles(durations);
      const calls = baselines[0]?.calls ?? 0;
      const errors = result.errors + result.timeouts;
      log(
        `${route.name}: ${served.toFixed(0)} requests/s vs ${raw.toFixed(0)}/s of its ${calls} raw calls; ` +
          `${errors} errors, ${result.non2xx} non-2xx${failure ? ` (first: ${failure})` : ''}`,
      );
      const row = (figure: Omit<BenchRow, 'benchmark' | 'case'>): BenchRow => ({
        benchmark: 'http throughput',
        case: route.name,
        ...figure,
      });
      const label = `${calls} raw calls x ${connections}`;
      rows.push(
        row({
          metric: 'requests/s',
          value: served,
          unit: '/s',
          baseline: raw,
          baselineLabel: label,
          goal: '>= 0.5x baseline',
          met: result.requests.total > 0 && served >= raw / 2,
        }),
        row({ metric: 'p50', value: result.latency.p50, unit: 'ms', baseline: b.p50, baselineLabel: label }),
        row({ metric: 'p99', value: result.latency.p99, unit: 'ms', baseline: b.p99, baselineLabel: label }),
        row({ metric: 'errors', value: errors, unit: '', baseline: null, goal: '0', met: errors === 0 }),
        row({
          metric: 'non-2xx',
          value: result.non2xx,
          unit: '',
          baseline: null,
          goal: '0',
          met: result.non2xx === 0,
        }),
      );
    }
    return rows;
  } finally {
    client.destroy();
    await recorder.stop();
    await tracker.stop();
  }
}

export const httpThroughput: Benchmark = { name: 'http throughput', run };
