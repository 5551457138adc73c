import { join } from 'node:path';
import { createDb } from '@compact-tracker/store/db';
import { backfillSupplierSpend } from '@compact-tracker/store/migrations/supplier-backfill';
import { ensureTable, startDynamoDbLocal } from './dynamodb-local.ts';
import { LOCAL_TABLE } from './server.ts';
import { localSettings } from './settings.ts';

// `npm run backfill:suppliers`: puts ledger lines imported before suppliers were resolved into spend
// by supplier (see the README). With TABLE_NAME set it runs against that table in AWS (the SDK's
// credentials and AWS_REGION); otherwise against DATA_DIR's local data, with `npm start` stopped
// (DynamoDB Local holds its data directory). Safe to stop and run again.

const settings = localSettings();

async function run() {
  const table = process.env.TABLE_NAME;
  const progress = (r: { partitions: number; linesPlaced: number }) =>
    process.stdout.write(`\r  ${r.partitions} partitions, ${r.linesPlaced} lines placed`);
  if (table)
    return { where: `table ${table}`, report: await backfillSupplierSpend(createDb({ table }), progress) };
  const dynamo = await startDynamoDbLocal({ dataDir: join(settings.dataDir, 'dynamodb') });
  try {
    await ensureTable(dynamo.endpoint, LOCAL_TABLE);
    const db = createDb({ endpoint: dynamo.endpoint, table: LOCAL_TABLE });
    return { where: `the data in ${settings.dataDir}`, report: await backfillSupplierSpend(db, progress) };
  } finally {
    await dynamo.stop();
  }
}

try {
  const { where, report } = await run();
  console.log(
    `\nSpend by supplier backfilled on ${where}: ${report.linesPlaced} lines placed in ${report.partitions} partitions.`,
  );
} catch (error) {
  console.error(`\nnpm run backfill:suppliers failed: ${(error as Error).message}`);
  process.exit(1);
}
