import { Readable } from 'node:stream';
import { runSpendImport } from '@compact-tracker/jobs/import/run-import';
import { createSpendImport, getSpendImport } from '@compact-tracker/store/spend-imports';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { batchFaultScenarios, faultScenarios, faultyDb } from '../support/faulty-dynamodb.ts';
import { tableItems } from '../support/fixtures.ts';
import { type Harness, harness } from '../support/harness.ts';
import { waitingImport } from '../support/spend-import-record.ts';
import { transparencyCsv } from '../support/transparency-csv.ts';

// The spend import job under every fault: a first write failing, the second ledger transaction or
// the first batch of rejected rows failing before or after the table applied it. Whether the run
// gets through on retries or fails and is delivered again, the table ends as one clean run leaves
// it: each entry once, totals moved once, counters exact, the import completed.

vi.setConfig({ maxConcurrency: 6, testTimeout: 180_000 });

const NOW = new Date('2025-11-15T10:00:00.000Z');
const ORG = 'ORG1';
const IMPORT = 'IMPORT1';
// 260 rows: three ledger transactions and, with every 9th row invalid, two batches of rejections
// (11% rejected: the import is one confirmed after review, which imports the valid rows).
const file = transparencyCsv({ rows: 260, seed: 7, invalidEvery: 9 });
const source = { open: async () => Readable.from([file.bytes]) };
const options = { now: () => new Date(NOW), progressEvery: 100, concurrency: 2 };

async function waiting(): Promise<Harness> {
  const h = await harness();
  await createSpendImport(
    h.deps.db,
    waitingImport(ORG, IMPORT, {
      createdAt: NOW.toISOString(),
      createdBy: 'officer@org1.example',
      confirmed: true,
    }),
  );
  return h;
}

let clean: Promise<Record<string, unknown>[]> | undefined;
const cleanRun = () => {
  clean ??= (async () => {
    const h = await waiting();
    const done = await runSpendImport(h.deps.db, ORG, IMPORT, source, options);
    expect(done.status).toBe('completed');
    return tableItems(h);
  })();
  return clean;
};

const exercised = new Set<string>();
afterAll(() => {
  console.info(`runSpendImport fault scenarios exercised: ${exercised.size}`);
});

describe('runSpendImport under faults', () => {
  it.concurrent.each([...faultScenarios, ...batchFaultScenarios])('$name', async (scenario) => {
    const expected = await cleanRun();
    const h = await waiting();
    const faulty = faultyDb(h, scenario);
    let failed = false;
    try {
      const result = await runSpendImport(faulty, ORG, IMPORT, source, options);
      failed = result.status !== 'completed';
    } catch {
      failed = true;
    } finally {
      if (faulty.injected().length > 0) exercised.add(scenario.name);
      faulty.destroy();
    }
    if (failed) {
      const stopped = await getSpendImport(h.deps.db, ORG, IMPORT);
      expect(stopped?.status).not.toBe('completed');
      // The S3 event is delivered again (Lambda's retry of the asynchronous invocation).
      const again = await runSpendImport(h.deps.db, ORG, IMPORT, source, options);
      expect(again.status).toBe('completed');
    }
    expect(await tableItems(h)).toEqual(expected);
  });
});
