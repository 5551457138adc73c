// Warm latency of the bundled API functions, in-process against DynamoDB Local, for four routes:
// the public register, a spend return, a report read and a new assessment. The baseline is the
// same DynamoDB calls the handler makes (recorded through a proxy, then replayed with the plain
// SDK client in the same waves), so the difference is what the function itself costs.

import { criterionIds, flexibleFramework } from '@compact-tracker/domain/flexible-framework';
import { runReportJob } from '@compact-tracker/jobs/reports/run';
import { localSubject } from '@compact-tracker/local/token-issuer';
import { ulid } from 'ulid';
import { httpEvent, lambdaContext } from '../../test/lambda/events.ts';
import { inProcessApi } from '../lib/api-app.ts';
import { baselineClient } from '../lib/baseline-client.ts';
import { bundleFunctions, importHandler, type LambdaHandler } from '../lib/bundled-handlers.ts';
import { type Replay, replay, startRecorder } from '../lib/dynamodb-recorder.ts';
import { percentiles } from '../lib/percentiles.ts';
import { registerCase, seedCompact, seedRegisters } from '../lib/seed-compact.ts';
import { assessmentBody, seedWorld, spendReturnBody } from '../lib/seed-world.ts';
import type { Benchmark, BenchOptions, BenchRow } from '../lib/types.ts';

const SIGNATORIES = 20;
/** The register read at these lengths (one page each): its DynamoDB calls must not grow with it. */
const REGISTER_SIZES = [20, 200, 500] as const;
const functions = ['compacts', 'spend', 'reports', 'progress'] as const;
type FunctionName = (typeof functions)[number];

type Route = {
  name: string;
  fn: FunctionName;
  event: (i: number) => ReturnType<typeof httpEvent>;
  /** Fewer events for the long registers, whose every read moves hundreds of rows. */
  share?: number;
};

async function run({ quick, endpoint, workDir, log }: BenchOptions): Promise<BenchRow[]> {
  const events = quick ? 200 : 2000;
  const warmUp = quick ? 20 : 50;
  const table = `bench-warm-${ulid()}`;
  const api = await inProcessApi({ endpoint, table, workDir });
  const world = await seedWorld(api.call, api.token, { representatives: 1 });
  const items = await seedCompact(api.deps.db, {
    compactId: world.compactId,
    partnershipId: world.partnershipId,
    signatories: SIGNATORIES,
    organisationPrefix: 'WARM',
    withCompact: false,
  });
  const registers = await seedRegisters(api.deps.db, world, 'WARM');
  const scheduledTime = new Date().toISOString();
  for (const job of ['aggregate-buying-power', 'compute-scores'] as const) {
    await runReportJob(api.deps.db, job, {
      scheduledTime,
      compacts: (compact) => compact.id === world.compactId,
    });
  }
  log(`seeded ${SIGNATORIES} signatories (${items} items), registers of 200 and 500, and the reports`);

  const outfiles = await bundleFunctions(functions, workDir);
  const recorder = await startRecorder(endpoint);
  const client = baselineClient(endpoint);
  try {
    const measured = {} as Record<FunctionName, LambdaHandler>;
    const recorded = {} as Record<FunctionName, LambdaHandler>;
    for (const name of functions) {
      measured[name] = await importHandler(outfiles[name], { table, endpoint }, `measured-${table}`);
      recorded[name] = await importHandler(
        outfiles[name],
        { table, endpoint: recorder.endpoint },
        `recorded-${table}`,
      );
    }

    const rep = world.representatives[0] as (typeof world.representatives)[number];
    const claims = { sub: localSubject(rep.email), email: rep.email, name: 'Rep 0' };
    const oid = rep.organisationId;
    const criteria = criterionIds(flexibleFramework).slice(0, 6);
    const routes: Route[] = [
      ...REGISTER_SIZES.map(
        (size): Route => ({
          name: registerCase(size),
          fn: 'compacts',
          event: () =>
            httpEvent('GET', `/v1/compacts/${registers.get(size)}/signatories`, { query: 'limit=500' }),
          share: size <= 20 ? 1 : 0.15,
        }),
      ),
      {
        name: 'PUT spend return',
        fn: 'spend',
        // Two returns in turn: each PUT replaces the other, so every one moves the totals.
        event: (i) =>
          httpEvent('PUT', `/v1/organisations/${oid}/spend/2025-26-Q4`, { claims, body: spendReturnBody(i) }),
      },
      {
        name: 'GET report',
        fn: 'reports',
        event: () => httpEvent('GET', `/v1/compacts/${world.compactId}/reports/2025-26`),
      },
      {
        name: 'POST assessment',
        fn: 'progress',
        event: () =>
          httpEvent('POST', `/v1/organisations/${oid}/assessments`, {
            claims,
            body: assessmentBody(criteria),
          }),
      },
    ];

    const rows: BenchRow[] = [];
    let invocation = 0;
    const invoke = async (handler: LambdaHandler, route: Route) => {
      const event = route.event(invocation++);
      const context = lambdaContext(route.fn);
      const started = performance.now();
      const result = await handler(event, context);
      const took = performance.now() - started;
      if (result.statusCode >= 300) {
        throw new Error(`${route.name}: ${result.statusCode} ${result.body?.slice(0, 500)}`);
      }
      return took;
    };
    const timed = async (baseline: Replay) => {
      const started = performance.now();
      await baseline.run();
      return performance.now() - started;
    };

    for (const route of routes) {
      // The calls of one warm invocation; a second recording must make as many, or the route varies.
      await invoke(recorded[route.fn], route);
      recorder.take();
      await invoke(recorded[route.fn], route);
      const calls = recorder.take();
      await invoke(recorded[route.fn], route);
      const again = recorder.take();
      if (again.length !== calls.length) {
        throw new Error(`${route.name}: ${calls.length} then ${again.length} DynamoDB calls`);
      }
      const baseline = replay(client, calls);

      for (let i = 0; i < warmUp; i++) {
        await invoke(measured[route.fn], route);
        await timed(baseline);
      }
      // Interleaved, in alternating order, so that a busy moment on the machine hits both alike.
      const handlerMs: number[] = [];
      const baselineMs: number[] = [];
      const count = Math.max(20, Math.round(events * (route.share ?? 1)));
      for (let i = 0; i < count; i++) {
        if (i % 2 === 0) {
          handlerMs.push(await invoke(measured[route.fn], route));
          baselineMs.push(await timed(baseline));
        } else {
          baselineMs.push(await timed(baseline));
          handlerMs.push(await invoke(measured[route.fn], route));
        }
      }
      const h = percentiles(handlerMs);
      const b = percentiles(baselineMs);
      const operations = [...new Set(calls.map((c) => c.operation))].join('+');
      const label = `${calls.length} raw calls`;
      log(`${route.name}: p50 ${h.p50.toFixed(2)} ms vs ${b.p50.toFixed(2)} ms for ${label} (${operations})`);
      const row = (figure: Omit<BenchRow, 'benchmark' | 'case'>): BenchRow => ({
        benchmark: 'warm latency',
        case: route.name,
        ...figure,
      });
      rows.push(
        row({
          metric: 'DynamoDB calls',
          value: calls.length,
          unit: '',
          baseline: null,
          ...(route.fn === 'compacts' ? { goal: '<= 3 at any length', met: calls.length <= 3 } : {}),
        }),
        row({
          metric: 'p50',
          value: h.p50,
          unit: 'ms',
          baseline: b.p50,
          baselineLabel: label,
          goal: '< 5 ms',
          met: h.p50 < 5,
        }),
        row({ metric: 'p90', value: h.p90, unit: 'ms', baseline: b.p90, baselineLabel: label }),
        row({
          metric: 'p99',
          value: h.p99,
          unit: 'ms',
          baseline: b.p99,
          baselineLabel: label,
          goal: '< 20 ms',
          met: h.p99 < 20,
        }),
        row({
          metric: 'overhead p50',
          value: h.p50 - b.p50,
          unit: 'ms',
          baseline: null,
          goal: '< 1 ms',
          met: h.p50 - b.p50 < 1,
        }),
      );
    }
    return rows;
  } finally {
    client.destroy();
    await recorder.stop();
  }
}

export const warmLatency: Benchmark = { name: 'warm latency', run };
