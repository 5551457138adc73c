import { join } from 'node:path';
import { createDb } from '@compact-tracker/store/db';
import { migrateRegisterRows } from '@compact-tracker/store/migrations/register-rows';
import { ensureTable, startDynamoDbLocal } from './dynamodb-local.ts';
import { LOCAL_TABLE } from './server.ts';
import { localSettings } from './settings.ts';

// `npm run migrate:register`: rejected register rows move out of the register's key range and old
// signed rows get their reported quarters (see the README). With TABLE_NAME set it runs against
// that table in AWS (the SDK's credentials and AWS_REGION); otherwise against DATA_DIR's local data,
// with `npm start` stopped (DynamoDB Local holds its data directory; `npm start` runs it anyway).
// Safe to stop and run again.

const settings = localSettings();

async function run() {
  const table = process.env.TABLE_NAME;
  const progress = (r: { compacts: number }) => process.stdout.write(`\r  ${r.compacts} compacts`);
  if (table)
    return { where: `table ${table}`, report: await migrateRegisterRows(createDb({ table }), progress) };
  const dynamo = await startDynamoDbLocal({ dataDir: join(settings.dataDir, 'dynamodb') });
  try {
    await ensureTable(dynamo.endpoint, LOCAL_TABLE);
    const db = createDb({ endpoint: dynamo.endpoint, table: LOCAL_TABLE });
    return { where: `the data in ${settings.dataDir}`, report: await migrateRegisterRows(db, progress) };
  } finally {
    await dynamo.stop();
  }
}

try {
  const { where, report } = await run();
  console.log(
    `\nRegister migrated on ${where}: ${report.draftsMoved} drafts moved off the public list, ${report.rejectedMoved} rejected rows moved, ${report.rowsFilled} signed rows given their reported quarters, in ${report.compacts} compacts.`,
  );
} catch (error) {
  console.error(`\nnpm run migrate:register failed: ${(error as Error).message}`);
  process.exit(1);
}
