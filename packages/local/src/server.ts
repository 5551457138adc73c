import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fullApiApp } from '@compact-tracker/api/app';
import { type Deps, localDeps } from '@compact-tracker/api/deps';
import { problem, problemResponse } from '@compact-tracker/api/problem';
import { parseImportUploadKey } from '@compact-tracker/domain/spend-import';
import { parseRegisterUploadKey } from '@compact-tracker/domain/supplier-facts';
import { runSpendImport } from '@compact-tracker/jobs/import/run-import';
import { runRegisterLoad } from '@compact-tracker/jobs/registers/run-register-load';
import { backgroundReportRuns } from '@compact-tracker/jobs/reports/requested-run';
import { webApp } from '@compact-tracker/web/app';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { demoUsers, loadDemoData } from './demo-data.ts';
import type { DemoUser } from './demo-users.ts';
import { ensureTable, startDynamoDbLocal } from './dynamodb-local.ts';
import { localUploads, uploadsDir } from './local-uploads.ts';
import { startScheduler } from './scheduler.ts';
import { type LocalIssuer, localIssuer } from './token-issuer.ts';

export const LOCAL_TABLE = 'compact-tracker';

export type TrackerOptions = {
  /** 0 or absent: any free port. */
  port?: number;
  /** Where DynamoDB Local and the token key live; absent: in memory and a temporary key. */
  dataDir?: string;
  demoData?: boolean;
  /** Run the report jobs in-process on a schedule (hourly and daily, once soon after start). */
  scheduler?: boolean;
  /** A DynamoDB Local already running (benchmarks): used instead of starting one, and left running. */
  endpoint?: string;
  /** The table, created if missing: LOCAL_TABLE by default. */
  table?: string;
};

export type RunningTracker = {
  url: string;
  endpoint: string;
  table: string;
  issuer: LocalIssuer;
  demoUsers: DemoUser[];
  /** True when this start created the table (and so loaded demo data if asked). */
  fresh: boolean;
  stop: () => Promise<void>;
};

/**
 * The whole tracker on one machine: DynamoDB Local, the table from the stack's definition, demo
 * data on first start, and every function's app (API and pages) served by one Node process.
 */
export async function startTracker(options: TrackerOptions = {}): Promise<RunningTracker> {
  const dynamo = options.endpoint
    ? { endpoint: options.endpoint, stop: async () => {} }
    : await startDynamoDbLocal(options.dataDir ? { dataDir: join(options.dataDir, 'dynamodb') } : {});
  const table = options.table ?? LOCAL_TABLE;
  try {
    const fresh = await ensureTable(dynamo.endpoint, table);
    const keyDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'compact-tracker-'));
    const issuer = await localIssuer(join(keyDir, 'local-issuer-key.json'));
    let url = '';
    const base = localDeps({ endpoint: dynamo.endpoint, table, verifyToken: issuer.verify });
    const files = localUploads({
      dir: uploadsDir(keyDir),
      baseUrl: () => url,
      // As the S3 event would: run the import once its file is there, in the background.
      onUploaded: (key) => {
        const register = parseRegisterUploadKey(key);
        if (register) {
          runRegisterLoad(base.db, register.loadId, { open: () => files.uploads.open(key) }).catch(
            (error: Error) => console.error(`register load ${register.loadId} failed: ${error.message}`),
          );
          return;
        }
        const target = parseImportUploadKey(key);
        if (!target) return;
        runSpendImport(base.db, target.organisationId, target.importId, {
          open: () => files.uploads.open(key),
        }).catch((error: Error) => console.error(`import ${target.importId} failed: ${error.message}`));
      },
    });
    const deps: Deps = { ...base, uploads: files.uploads };
    // "Run aggregation now" runs the report jobs in this process, after answering.
    const reportRuns = backgroundReportRuns(() => deps.db, { now: () => deps.now() });
    deps.startReportRun = reportRuns.start;
    if (fresh && options.demoData !== false) await loadDemoData(deps);

    const app = new Hono();
    app.route('/', files.app);
    app.route('/', fullApiApp(deps));
    app.route('/', webApp({ deps, login: { issue: issuer.issue, users: demoUsers } }));
    app.notFound((c) => problemResponse(c, problem(404, `no route for ${c.req.method} ${c.req.path}`)));

    const server = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve, reject) => {
      server.once('listening', () => resolve());
      server.once('error', reject);
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    url = `http://localhost:${port}`;
    const scheduler = options.scheduler ? startScheduler({ db: deps.db }) : null;
    return {
      url,
      endpoint: dynamo.endpoint,
      table,
      issuer,
      demoUsers,
      fresh,
      stop: async () => {
        await scheduler?.stop();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await reportRuns.idle();
        await dynamo.stop();
      },
    };
  } catch (error) {
    await dynamo.stop();
    throw error;
  }
}
