// Cold start of every Lambda bundle: a fresh Node process (as a new execution environment is)
// imports the bundle and answers one event, against DynamoDB Local, with the environment the stack
// sets. Timed from spawn to the answer; the baseline is the same for an empty handler. Beside it,
// each bundle's minified size and the packages that take most of its bytes (esbuild's metafile).
// The web function runs a second time as in Lambda with tracing on, where it loads the tracer.

import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureTable } from '@compact-tracker/local/dynamodb-local';
import { createDb } from '@compact-tracker/store/db';
import { createSpendImport } from '@compact-tracker/store/spend-imports';
import type { Metafile } from 'esbuild';
import { ulid } from 'ulid';
import { functionNames } from '../../functions/routes.ts';
import { bundleFunction } from '../../infra/bundle-function.ts';
import { type BundledFunctionName, bundling, jobFunctionNames } from '../../infra/bundling.ts';
import { httpEvent } from '../../test/lambda/events.ts';
import { waitingImport } from '../../test/support/spend-import-record.ts';
import type { Benchmark, BenchRow } from '../lib/types.ts';

const OVERHEAD_GOAL_MS = 150;
const SIZE_GOAL_KB = 600;
const TOP_PACKAGES = 5;
const ANSWER_MARK = '@@cold-start@@';

const TRACED_WEB = 'web, traced as in Lambda';
/** The environment of the runs without tracing (the empty handler's too). */
const tracedNothing: Record<string, string> = {};

/**
 * What Lambda adds with tracing: ACTIVE, so that Powertools' Tracer traces and the X-Ray SDK runs
 * in its Lambda mode (a facade segment from the trace header; segments go by UDP to a daemon that
 * is not there, which costs nothing).
 */
function tracedAsInLambda(workDir: string): Record<string, string> {
  return {
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    LAMBDA_TASK_ROOT: workDir,
    _X_AMZN_TRACE_ID: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
  };
}

/** What each function is sent, and the status that proves it answered as it should. */
type Case = { event: unknown; status?: number };

const importOrganisation = 'ORGCOLDSTART';
const importId = 'IMPCOLDSTART';
const scheduledTime = '2026-11-14T10:00:00Z';

function cases(): Record<BundledFunctionName, Case> {
  const get = (route: string, status = 200): Case => ({ event: httpEvent('GET', route), status });
  return {
    identity: get('/v1/health'),
    partnerships: get('/v1/partnerships'),
    compacts: get('/v1/compacts'),
    // Its only public GET, for an organisation this empty table lacks: routing, a read, a problem.
    organisations: get(`/v1/organisations/${ulid()}`, 404),
    spend: get('/v1/carbon-factors'),
    progress: get('/v1/flexible-framework'),
    reports: get(`/v1/compacts/${ulid()}/reports`, 404),
    // Its only public GET, for a supplier this empty table lacks: routing, a read, a problem.
    suppliers: get(`/v1/suppliers/${ulid()}`, 404),
    web: get('/'),
    // S3 delivering an upload event again for an import already completed: one read, nothing else.
    'spend-import': {
      event: {
        Records: [
          {
            eventName: 'ObjectCreated:Put',
            s3: {
              bucket: { name: 'uploads' },
              object: { key: `imports/${importOrganisation}/${importId}.csv`, size: 100 },
            },
          },
        ],
      },
    },
    // S3 delivering an upload event for a register load this empty table lacks: one read, nothing else.
    'supplier-register': {
      event: {
        Records: [
          {
            eventName: 'ObjectCreated:Put',
            s3: { bucket: { name: 'uploads' }, object: { key: 'registers/LOADCOLDSTART.data', size: 100 } },
          },
        ],
      },
    },
    // The stream delivering a change of a supplier this empty table lacks: one read, nothing else.
    'supplier-fanout': {
      event: {
        Records: [
          {
            eventName: 'MODIFY',
            eventSource: 'aws:dynamodb',
            dynamodb: {
              Keys: { PK: { S: 'SUPPLIER#SUPPLIERCOLDSTART' }, SK: { S: 'SUPPLIER' } },
              SequenceNumber: '100000000000000000001',
              StreamViewType: 'KEYS_ONLY',
            },
          },
        ],
      },
    },
    'aggregate-buying-power': { event: { scheduledTime, job: 'aggregate-buying-power' } },
    'compute-scores': { event: { scheduledTime, job: 'compute-scores' } },
  };
}

/** Run in each fresh process: import, one invocation, then the figures on a marked line. */
const childScript = `
const [bundle, eventFile] = process.argv.slice(2);
const { readFileSync } = await import('node:fs');
const event = JSON.parse(readFileSync(eventFile, 'utf8'));
const importing = performance.now();
const { handler } = await import(bundle);
const invoking = performance.now();
const context = {
  callbackWaitsForEmptyEventLoop: false, functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
  functionVersion: '$LATEST', memoryLimitInMB: '1024', awsRequestId: 'cold-start',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-2:123456789012:function:' + process.env.AWS_LAMBDA_FUNCTION_NAME,
  logGroupName: '/aws/lambda/bench', logStreamName: 'bench', getRemainingTimeInMillis: () => 10000,
};
const result = await handler(event, context);
const answered = performance.now();
const cpu = process.cpuUsage();
process.stdout.write('\\n${ANSWER_MARK}' + JSON.stringify({
  importMs: invoking - importing, invokeMs: answered - invoking, cpuMs: (cpu.user + cpu.system) / 1000,
  status: result && typeof result === 'object' && 'statusCode' in result ? result.statusCode : null,
}) + '\\n');
process.exit(0);
`;

type Answer = {
  wallMs: number;
  importMs: number;
  invokeMs: number;
  /** CPU time (user and system) the process spent until it answered: steadier on a busy machine. */
  cpuMs: number;
  status: number | null;
};

/** Spawn to the answer's line on stdout: what a new execution environment adds before it answers. */
async function coldRun(
  child: string,
  bundle: string,
  eventFile: string,
  env: Record<string, string>,
): Promise<Answer> {
  const started = performance.now();
  const proc = spawn(process.execPath, [child, pathToFileURL(bundle).href, eventFile], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let answeredAt: number | undefined;
  proc.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (answeredAt === undefined && stdout.includes(ANSWER_MARK)) answeredAt = performance.now();
  });
  proc.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    proc.once('error', reject);
    proc.once('close', resolve);
  });
  const line = stdout.split('\n').find((l) => l.startsWith(ANSWER_MARK));
  if (code !== 0 || !line || answeredAt === undefined) {
    throw new Error(
      `${path.basename(path.dirname(bundle))} exited ${code} without answering:\n${stderr || stdout}`,
    );
  }
  return { wallMs: answeredAt - started, ...JSON.parse(line.slice(ANSWER_MARK.length)) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Bytes in the bundle by package (node_modules/<pkg>) or workspace package (packages/<pkg>). */
export function bytesByPackage(metafile: Metafile, outfile: string): [string, number][] {
  const output = Object.entries(metafile.outputs).find(([file]) => path.resolve(file) === outfile)?.[1];
  const totals = new Map<string, number>();
  for (const [file, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    const dependency = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1];
    const workspace = /(?:^|\/)packages\/([^/]+)\//.exec(file)?.[1];
    const owner = dependency ?? (workspace ? `@compact-tracker/${workspace}` : 'functions and plugins');
    totals.set(owner, (totals.get(owner) ?? 0) + bytesInOutput);
  }
  return [...totals].sort((a, b) => b[1] - a[1]);
}

const kb = (bytes: number) => bytes / 1024;

export const coldStart: Benchmark = {
  name: 'cold start',
  async run({ quick, endpoint, workDir, log }) {
    const rounds = quick ? 3 : 10;
    const names: BundledFunctionName[] = [...functionNames, ...jobFunctionNames];
    const table = `cold-start-${ulid()}`;
    await ensureTable(endpoint, table);
    const db = createDb({ table, endpoint });
    await createSpendImport(db, waitingImport(importOrganisation, importId, { status: 'completed' }));
    db.doc.destroy();

    const child = path.join(workDir, 'cold-start-child.mjs');
    await writeFile(child, childScript);
    const emptyHandler = path.join(workDir, 'empty', bundling.outfileName);
    await writeFile(path.join(workDir, 'empty.json'), '{}');
    await mkdir(path.dirname(emptyHandler), { recursive: true });
    await writeFile(emptyHandler, 'export const handler = async () => ({ statusCode: 200, body: "" });\n');

    // The environment the stack gives every function, pointed at DynamoDB Local, with the execution
    // role's credentials in the variables Lambda sets.
    const environment = (name: string): Record<string, string> => ({
      PATH: process.env.PATH ?? '',
      TABLE_NAME: table,
      DYNAMODB_ENDPOINT: endpoint,
      AWS_REGION: 'eu-west-2',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_SESSION_TOKEN: 'local',
      AWS_LAMBDA_FUNCTION_NAME: name,
      JWT_ISSUER: 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_ColdStart',
      JWT_AUDIENCE: 'cold-start',
      UPLOAD_BUCKET: 'compact-tracker-uploads',
      POWERTOOLS_SERVICE_NAME: `compact-tracker-${name}`,
    });

    const all = cases();
    const bundles = [];
    for (const name of names) {
      const bundle = await bundleFunction(name, workDir);
      const eventFile = path.join(workDir, `${name}.event.json`);
      await writeFile(eventFile, JSON.stringify(all[name].event));
      bundles.push({
        ...bundle,
        label: name as string,
        traced: tracedNothing,
        eventFile,
        runs: [] as Answer[],
      });
    }
    // Outside a Lambda execution environment the functions leave the tracer (and the X-Ray SDK) out;
    // in Lambda (tracing: ACTIVE) they load it as they start. The web function once more, as there.
    const web = bundles.find((bundle) => bundle.name === 'web');
    if (web) bundles.push({ ...web, label: TRACED_WEB, traced: tracedAsInLambda(workDir), runs: [] });

    // Interleaved rounds: a busy moment on a shared machine slows one run of each, not one function.
    const baseline: Answer[] = [];
    for (let round = 0; round < rounds; round++) {
      baseline.push(
        await coldRun(child, emptyHandler, path.join(workDir, 'empty.json'), environment('empty')),
      );
      for (const bundle of bundles) {
        const answer = await coldRun(child, bundle.outfile, bundle.eventFile, {
          ...environment(bundle.name),
          ...bundle.traced,
        });
        const expected = all[bundle.name].status;
        if (expected !== undefined && answer.status !== expected) {
          throw new Error(`${bundle.label} answered ${answer.status}, not ${expected}`);
        }
        bundle.runs.push(answer);
      }
    }

    const baselineMs = median(baseline.map((a) => a.wallMs));
    const baselineCpuMs = median(baseline.map((a) => a.cpuMs));
    log(
      `empty handler: ${baselineMs.toFixed(0)} ms from spawn to answer, ${baselineCpuMs.toFixed(0)} ms CPU ` +
        `(medians of ${rounds})`,
    );
    const rows: BenchRow[] = [];
    for (const bundle of bundles) {
      const coldMs = median(bundle.runs.map((a) => a.wallMs));
      const overhead = coldMs - baselineMs;
      // As the function loads it: with the tracer's chunk where it runs as in Lambda.
      const sizeKb = kb(bundle.traced === tracedNothing ? bundle.bytes : bundle.tracedBytes);
      const top = bytesByPackage(bundle.metafile, path.resolve(bundle.outfile)).slice(0, TOP_PACKAGES);
      log(
        `${bundle.label}: ${coldMs.toFixed(0)} ms (import ${median(bundle.runs.map((a) => a.importMs)).toFixed(0)}, ` +
          `first answer ${median(bundle.runs.map((a) => a.invokeMs)).toFixed(0)}), ${sizeKb.toFixed(0)} KB: ` +
          top.map(([owner, bytes]) => `${owner} ${kb(bytes).toFixed(0)}`).join(', '),
      );
      const row = { benchmark: 'cold start', case: bundle.label };
      rows.push(
        {
          ...row,
          metric: `spawn to answer (median of ${rounds})`,
          value: coldMs,
          unit: 'ms',
          baseline: baselineMs,
          baselineLabel: 'empty handler',
        },
        {
          ...row,
          metric: `CPU time to answer (median of ${rounds})`,
          value: median(bundle.runs.map((a) => a.cpuMs)),
          unit: 'ms',
          baseline: baselineCpuMs,
          baselineLabel: 'empty handler',
        },
        {
          ...row,
          metric: 'overhead over empty handler',
          value: overhead,
          unit: 'ms',
          baseline: null,
          goal: `< ${OVERHEAD_GOAL_MS} ms`,
          met: overhead < OVERHEAD_GOAL_MS,
        },
        {
          ...row,
          metric: 'bundle size (minified)',
          value: sizeKb,
          unit: 'KB',
          baseline: null,
          goal: `< ${SIZE_GOAL_KB} KB`,
          met: sizeKb < SIZE_GOAL_KB,
        },
        ...top.map(([owner, bytes]) => ({
          ...row,
          metric: `bytes: ${owner}`,
          value: kb(bytes),
          unit: 'KB',
          baseline: null,
        })),
      );
    }
    return rows;
  },
};
