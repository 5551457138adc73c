import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fullApiApp } from '@compact-tracker/api/app';
import { type Deps, localDeps } from '@compact-tracker/api/deps';
import { type BackgroundReportRuns, backgroundReportRuns } from '@compact-tracker/jobs/reports/requested-run';
import { ensureTable } from '@compact-tracker/local/dynamodb-local';
import { type LocalIssuer, localIssuer } from '@compact-tracker/local/token-issuer';
import { ulid } from 'ulid';
import { inject } from 'vitest';

export type Harness = {
  deps: Deps;
  issuer: LocalIssuer;
  endpoint: string;
  table: string;
  app: ReturnType<typeof fullApiApp>;
  /** The background runner of report runs started through the API. */
  reportRuns: BackgroundReportRuns;
  /** A bearer token for a user (the local issuer's, as `npm run token` makes). */
  token: (email: string, options?: { admin?: boolean; name?: string }) => Promise<string>;
  /** Calls the app like a client: JSON in and out, optional bearer token. */
  call: (
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ) => Promise<{ status: number; body: any; headers: Headers }>;
};

/** A fresh table in the run's DynamoDB Local, the full API app over it, and a local token issuer. */
export async function harness(): Promise<Harness> {
  const endpoint = inject('dynamoEndpoint');
  const table = `test-${ulid()}`;
  await ensureTable(endpoint, table);
  const issuer = await localIssuer(join(mkdtempSync(join(tmpdir(), 'ct-keys-')), 'issuer.json'));
  const deps = localDeps({ endpoint, table, verifyToken: issuer.verify });
  // Report runs started through the API run in the background, as under `npm start`.
  const reportRuns = backgroundReportRuns(() => deps.db, { now: () => deps.now() });
  deps.startReportRun = reportRuns.start;
  const app = fullApiApp(deps);
  return {
    deps,
    issuer,
    endpoint,
    table,
    app,
    reportRuns,
    token: (email, options = {}) => issuer.issue({ email, ...options }),
    call: appClient(app),
  };
}

export type AppCall = (
  method: string,
  path: string,
  options?: { token?: string; body?: unknown; headers?: Record<string, string> },
) => Promise<{ status: number; text: string; body: any; headers: Headers }>;

/** Calls a Hono app like a client: JSON in, JSON out (or the text, for CSV), optional bearer token. */
export function appClient(app: {
  request: (path: string, init: RequestInit) => Response | Promise<Response>;
}): AppCall {
  return async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await app.request(path, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON (CSV, say): keep the text
    }
    return { status: response.status, text, body: parsed, headers: response.headers };
  };
}

/**
 * Starts a report run through the API (202) and follows it to its end through GET; the finished
 * run. Fails the test if the run does not finish within `timeoutMs`.
 */
export async function runReportsNow(call: Harness['call'], token: string, timeoutMs = 60_000) {
  const started = await call('POST', '/v1/admin/aggregations', { token });
  if (started.status !== 202)
    throw new Error(`POST /v1/admin/aggregations: ${started.status} ${JSON.stringify(started.body)}`);
  const deadline = Date.now() + timeoutMs;
  let run = started.body;
  while (run.status === 'queued' || run.status === 'running') {
    if (Date.now() > deadline) throw new Error(`report run ${run.id} did not finish: ${JSON.stringify(run)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const polled = await call('GET', run.links.self, { token });
    if (polled.status !== 200) throw new Error(`GET ${run.links.self}: ${polled.status}`);
    run = polled.body;
  }
  return run;
}
