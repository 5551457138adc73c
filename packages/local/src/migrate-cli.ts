import { join } from 'node:path';
import { createDb } from '@compact-tracker/store/db';
import { migrateLedgerIdentity } from '@compact-tracker/store/migrations/ledger-identity';
import { ensureTable, startDynamoDbLocal } from './dynamodb-local.ts';
import { LOCAL_TABLE } from './server.ts';
import { localSettings } from './settings.ts';

// `npm run migrate:ledger-identity`: moves imported entries written before row identities to
// identity-keyed ledger lines (see the README). With TABLE_NAME set it runs against that table in
// AWS (the SDK's credentials and AWS_REGION); otherwise against DATA_DIR's local data, with
// `npm start` stopped (DynamoDB Local holds its data directory). Safe to stop and run again.

const settings = localSettings();

async function run() {
  const table = process.env.TABLE_NAME;
  const progress = (r: { partitions: number; entriesMoved: number }) =>
    process.stdout.write(`\r  ${r.partitions} partitions, ${r.entriesMoved} entries moved`);
  if (table)
    return { where: `table ${table}`, report: await migrateLedgerIdentity(createDb({ table }), progress) };
  const dynamo = await startDynamoDbLocal({ dataDir: join(settings.dataDir, 'dynamodb') });
  try {
    await ensureTable(dynamo.endpoint, LOCAL_TABLE);
    const db = createDb({ endpoint: dynamo.endpoint, table: LOCAL_TABLE });
    return { where: `the data in ${settings.dataDir}`, report: await migrateLedgerIdentity(db, progress) };
  } finally {
    await dynamo.stop();
  }
}

try {
  const { where, report } = await run();
  console.log(
    `\nLedger identities migrated on ${where}: ${report.entriesMoved} entries moved in ${report.partitions} partitions.`,
  );
} catch (error) {
  console.error(`\nnpm run migrate:ledger-identity failed: ${(error as Error).message}`);
  process.exit(1);
}
