import { join } from 'node:path';
import { runReportJobs } from '@compact-tracker/jobs/reports/run';
import type { AggregationRun, RunJobState } from '@compact-tracker/store/aggregation-runs';
import { createDb } from '@compact-tracker/store/db';
import { ensureTable, startDynamoDbLocal } from './dynamodb-local.ts';
import { LOCAL_TABLE } from './server.ts';
import { localSettings, localTokenKeyFile } from './settings.ts';
import { localIssuer } from './token-issuer.ts';

// `npm run aggregate`: both report jobs once against the local data, then a summary. DynamoDB
// Local holds its data directory while `npm start` runs, so when the tracker answers on PORT the
// jobs run there (POST /v1/admin/aggregations with an admin token of the local issuer: the same
// code); otherwise DynamoDB Local is started on DATA_DIR's data for the run, and stopped after.

const settings = localSettings();

async function runningTracker(): Promise<string | null> {
  const url = `http://localhost:${settings.port}`;
  try {
    const response = await fetch(`${url}/v1/health`, { signal: AbortSignal.timeout(1500) });
    return response.ok ? url : null;
  } catch {
    return null;
  }
}

type Printed = { scheduledTime: string; jobs: Record<string, RunJobState> };

/** Starts a run on the server (it runs in the background there), then follows it to its end. */
async function throughServer(url: string): Promise<Printed> {
  const issuer = await localIssuer(localTokenKeyFile());
  const token = await issuer.issue({ email: 'aggregate@localhost', name: 'npm run aggregate', admin: true });
  const headers = { authorization: `Bearer ${token}` };
  const started = await fetch(`${url}/v1/admin/aggregations`, { method: 'POST', headers });
  if (started.status !== 202) throw new Error(`${url} answered ${started.status}: ${await started.text()}`);
  let run = (await started.json()) as AggregationRun & { links: { self: string } };
  while (run.status === 'queued' || run.status === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const response = await fetch(`${url}${run.links.self}`, { headers });
    if (!response.ok) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
    run = (await response.json()) as typeof run;
  }
  return run;
}

async function onDataDir() {
  const dynamo = await startDynamoDbLocal({ dataDir: join(settings.dataDir, 'dynamodb') });
  try {
    await ensureTable(dynamo.endpoint, LOCAL_TABLE);
    const db = createDb({ endpoint: dynamo.endpoint, table: LOCAL_TABLE });
    const result = await runReportJobs(db, { scheduledTime: new Date().toISOString() });
    return {
      scheduledTime: result.scheduledTime,
      jobs: Object.fromEntries(result.jobs.map((job) => [job.job, { status: 'succeeded', ...job }])),
    } as Printed;
  } finally {
    await dynamo.stop();
  }
}

try {
  const url = await runningTracker();
  const where = url ? `the running tracker at ${url}` : `the data in ${settings.dataDir}`;
  const result = url ? await throughServer(url) : await onDataDir();
  console.log(`Report jobs run against ${where} (scheduled time ${result.scheduledTime}):`);
  for (const [name, job] of Object.entries(result.jobs)) {
    console.log(
      job.status === 'succeeded'
        ? `  ${name.padEnd(22)} ${job.compacts} compacts, ${job.snapshotsWritten} snapshots written (${job.snapshotsUnchanged} unchanged), ${job.dynamoDbRequests} DynamoDB requests, ${job.durationMs} ms`
        : `  ${name.padEnd(22)} ${job.status}${job.error ? `: ${job.error}` : ''}`,
    );
  }
  if (Object.values(result.jobs).some((job) => job.status !== 'succeeded')) process.exitCode = 1;
} catch (error) {
  console.error(`npm run aggregate failed: ${(error as Error).message}`);
  process.exit(1);
}
