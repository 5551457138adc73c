// Measures the spend import against DynamoDB Local: rows per second and peak memory (RSS sampled
// every 50 ms) for a generated transparency-code file. Usage: tsx bench/import-rate.ts [rows]

import { Readable } from 'node:stream';
import { localDeps } from '@compact-tracker/api/deps';
import { runSpendImport } from '@compact-tracker/jobs/import/run-import';
import { ensureTable, startDynamoDbLocal } from '@compact-tracker/local/dynamodb-local';
import { createSpendImport, getSpendImport } from '@compact-tracker/store/spend-imports';
import { waitingImport } from '../test/support/spend-import-record.ts';
import { transparencyCsv } from '../test/support/transparency-csv.ts';

const rows = Number(process.argv[2] ?? 50_000);
const dynamo = await startDynamoDbLocal();
try {
  await ensureTable(dynamo.endpoint, 'bench');
  const deps = localDeps({ endpoint: dynamo.endpoint, table: 'bench', verifyToken: async () => null });
  const file = transparencyCsv({ rows, invalidEvery: 1000 });
  const source = {
    open: async () =>
      Readable.from(
        (function* () {
          for (let at = 0; at < file.bytes.length; at += 64 * 1024)
            yield file.bytes.subarray(at, at + 64 * 1024);
        })(),
      ),
  };
  await createSpendImport(deps.db, waitingImport('org', 'bench'));
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const started = performance.now();
  await runSpendImport(deps.db, 'org', 'bench', source);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const result = await getSpendImport(deps.db, 'org', 'bench');
  console.log(
    JSON.stringify({
      rows,
      fileMB: +(file.bytes.length / 1e6).toFixed(1),
      status: result?.status,
      rowsImported: result?.rowsImported,
      seconds: +seconds.toFixed(1),
      rowsPerSecond: Math.round(rows / seconds),
      rssBaselineMB: Math.round(baseline / 1e6),
      rssPeakMB: Math.round(peak / 1e6),
    }),
  );
} finally {
  await dynamo.stop();
}
