// `npm run bench [-- --quick] [-- --only <name>[,<name>]]`: runs every benchmark against one
// DynamoDB Local, prints a table with each figure beside its same-run baseline, and writes
// bench/results/latest.json (or latest-quick.json for --quick, so a quick run never overwrites
// the full figures).

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { startDynamoDbLocal } from '@compact-tracker/local/dynamodb-local';
import { benchmarks } from './benchmarks/index.ts';
import { formatTable } from './lib/table.ts';
import type { BenchRow } from './lib/types.ts';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? (args[onlyAt + 1] ?? '').split(',') : null;
const selected = benchmarks.filter((b) => !only || only.includes(b.name));
if (selected.length === 0) {
  console.error(`No benchmark named ${only?.join(', ')}; known: ${benchmarks.map((b) => b.name).join(', ')}`);
  process.exit(2);
}

const log = (message: string) => console.error(`  ${message}`);
const dynamo = await startDynamoDbLocal();
const rows: BenchRow[] = [];
const failures: string[] = [];
const started = new Date();
try {
  for (const benchmark of selected) {
    console.error(`> ${benchmark.name}${quick ? ' (quick)' : ''}`);
    const workDir = mkdtempSync(path.join(tmpdir(), `ct-bench-${benchmark.name.replaceAll(' ', '-')}-`));
    const at = performance.now();
    try {
      rows.push(...(await benchmark.run({ quick, endpoint: dynamo.endpoint, workDir, log })));
    } catch (error) {
      failures.push(`${benchmark.name}: ${error instanceof Error ? (error.stack ?? error.message) : error}`);
    }
    log(`${benchmark.name} took ${((performance.now() - at) / 1000).toFixed(1)} s`);
  }
} finally {
  await dynamo.stop();
}

console.log(formatTable(rows));
const results = {
  quick,
  startedAt: started.toISOString(),
  finishedAt: new Date().toISOString(),
  machine: {
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGiB: totalmem() / 2 ** 30,
  },
  rows,
  failures,
};
const resultsDir = path.join(import.meta.dirname, 'results');
mkdirSync(resultsDir, { recursive: true });
const file = path.join(resultsDir, quick ? 'latest-quick.json' : 'latest.json');
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
console.error(`wrote ${path.relative(process.cwd(), file)}`);

if (failures.length > 0) {
  console.error(`\n${failures.length} benchmark(s) failed:\n${failures.join('\n')}`);
  process.exit(1);
}
