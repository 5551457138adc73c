import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fullApiApp } from '@compact-tracker/api/app';
import { type Deps, localDeps } from '@compact-tracker/api/deps';
import { outboxMailer } from '@compact-tracker/api/mailer';
import { problem, problemResponse } from '@compact-tracker/api/problem';
import { parseImportUploadKey } from '@compact-tracker/domain/spend-import';
import { parseRegisterUploadKey } from '@compact-tracker/domain/supplier-facts';
import { runSpendImport } from '@compact-tracker/jobs/import/run-import';
import { runRegisterLoad } from '@compact-tracker/jobs/registers/run-register-load';
import { backgroundReportRuns } from '@compact-tracker/jobs/reports/requested-run';
import { migrateRegisterRows } from '@compact-tracker/store/migrations/register-rows';
import { webApp } from '@compact-tracker/web/app';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { demoUsers, loadDemoData } from './demo-data.ts';
import type { DemoUser } from './demo-users.ts';
import { ensureTable, startDynamoDbLocal } from './dynamodb-local.ts';
import { localUploads, uploadsDir } from './local-uploads.ts';
import { type LocalOidcIssuer, startLocalOidcIssuer } from './oidc-issuer.ts';
import { startScheduler } from './scheduler.ts';
import { type LocalIssuer, localIssuer } from './token-issuer.ts';

export const LOCAL_TABLE = 'compact-tracker';

export type TrackerOptions = {
  /** 0 or absent: any free port. */
  port?: number;
  /** Where DynamoDB Local, uploads and the OpenID Connect issuer's key live; absent: in memory and temporary. */
  dataDir?: string;
  /** The key that `npm run token` signs with (the same whatever DATA_DIR); absent: a temporary one. */
  tokenKeyFile?: string;
  /** The local OpenID Connect issuer's port; 0 or absent: any free port. */
  issuerPort?: number;
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
  /** Signs API bearer tokens as `npm run token` does. */
  issuer: LocalIssuer;
  /** The OpenID Connect issuer the pages sign in with. */
  oidc: LocalOidcIssuer;
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
  let oidc: LocalOidcIssuer | undefined;
  try {
    const fresh = await ensureTable(dynamo.endpoint, table);
    const keyDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'compact-tracker-'));
    const issuer = await localIssuer(options.tokenKeyFile ?? join(keyDir, 'local-issuer-key.json'));
    oidc = await startLocalOidcIssuer({
      port: options.issuerPort,
      users: demoUsers,
      keyFile: join(keyDir, 'local-oidc-key.json'),
    });
    const signedIn = oidc;
    let url = '';
    // Bearer tokens from `npm run token`, and the OpenID Connect issuer's ID tokens (the pages'
    // sessions, and bearer tokens as the user pool's ID tokens are on AWS).
    const verifyToken = async (token: string) => (await issuer.verify(token)) ?? signedIn.verify(token);
    const base = localDeps({ endpoint: dynamo.endpoint, table, verifyToken });
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
    const outbox = outboxMailer();
    const deps: Deps = { ...base, uploads: files.uploads, mailer: outbox };
    // "Run aggregation now" runs the report jobs in this process, after answering.
    const reportRuns = backgroundReportRuns(() => deps.db, { now: () => deps.now() });
    deps.startReportRun = reportRuns.start;
    if (fresh && options.demoData !== false) await loadDemoData(deps);
    // Data kept from an older version: the register's rows by key, with their reported quarters
    // (idempotent: nothing to do the second time).
    if (!fresh) await migrateRegisterRows(deps.db);

    const app = new Hono();
    app.route('/', files.app);
    app.route('/', fullApiApp(deps));
    app.route(
      '/',
      webApp({
        deps,
        outbox: outbox.messages,
        // prompt=login: the local issuer keeps no one signed in, so its picker shows every time.
        signIn: { issuer: oidc.url, clientId: oidc.clientId, authorizationParams: { prompt: 'login' } },
      }),
    );
    app.notFound((c) => problemResponse(c, problem(404, `no route for ${c.req.method} ${c.req.path}`)));

    const server = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve, reject) => {
      server.once('listening', () => resolve());
      server.once('error', reject);
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    url = `http://localhost:${port}`;
    oidc.connect(url);
    const scheduler = options.scheduler ? startScheduler({ db: deps.db }) : null;
    return {
      url,
      endpoint: dynamo.endpoint,
      table,
      issuer,
      oidc,
      demoUsers,
      fresh,
      stop: async () => {
        await scheduler?.stop();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await reportRuns.idle();
        await signedIn.stop();
        await dynamo.stop();
      },
    };
  } catch (error) {
    await oidc?.stop();
    await dynamo.stop();
    throw error;
  }
}
