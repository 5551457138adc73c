import { join } from 'node:path';
import { runReportJobs } from '@compact-tracker/jobs/reports/run';
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

async function throughServer(url: string) {
  const issuer = await localIssuer(localTokenKeyFile());
  const token = await issuer.issue({ email: 'aggregate@localhost', name: 'npm run aggregate', admin: true });
  const response = await fetch(`${url}/v1/admin/aggregations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
  return response.json() as Promise<Awaited<ReturnType<typeof runReportJobs>>>;
}

async function onDataDir() {
  const dynamo = await startDynamoDbLocal({ dataDir: join(settings.dataDir, 'dynamodb') });
  try {
    await ensureTable(dynamo.endpoint, LOCAL_TABLE);
    const db = createDb({ endpoint: dynamo.endpoint, table: LOCAL_TABLE });
    return await runReportJobs(db, { scheduledTime: new Date().toISOString() });
  } finally {
    await dynamo.stop();
  }
}

try {
  const url = await runningTracker();
  const where = url ? `the running tracker at ${url}` : `the data in ${settings.dataDir}`;
  const result = url ? await throughServer(url) : await onDataDir();
  console.log(`Report jobs run against ${where} (scheduled time ${result.scheduledTime}):`);
  for (const job of result.jobs) {
    console.log(
      `  ${job.job.padEnd(22)} ${job.compacts} compacts, ${job.snapshotsWritten} snapshots written (${job.snapshotsExisting} already there), ${job.organisations} signatories read, ${job.dynamoDbRequests} DynamoDB requests, ${job.durationMs} ms`,
    );
  }
} catch (error) {
  console.error(`npm run aggregate failed: ${(error as Error).message}`);
  process.exit(1);
}
