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

vi.setConfig({ maxConcurrency: 12, testTimeout: 180_000 });

const NOW = new Date('2025-11-15T10:00:00.000Z');
const ORG = 'ORG1';
const IMPORT = 'IMPORT1';
// 260 rows: three ledger transactions and, with every 9th row invalid, two batches of rejections
// (11% rejected: the import is one confirmed after review, which imports the valid rows).
const file = transparencyCsv({ rows: 260, seed: 7, invalidEvery: 9 });
const source = { open: async () => Readable.from([file.bytes]) };
const options = { now: () => new Date(NOW), progressEvery: 100, concurrency: 2 };

/** A table with the import waiting: confirmed after review (imports the valid rows), or not (stops for review). */
async function waiting(confirmed = true): Promise<Harness> {
  const h = await harness();
  await createSpendImport(
    h.deps.db,
    waitingImport(ORG, IMPORT, {
      createdAt: NOW.toISOString(),
      createdBy: 'officer@org1.example',
      ...(confirmed ? { confirmed: true } : {}),
    }),
  );
  return h;
}

const cleanRuns = new Map<boolean, Promise<Record<string, unknown>[]>>();
const cleanRun = (confirmed = true) => {
  let clean = cleanRuns.get(confirmed);
  if (!clean) {
    clean = (async () => {
      const h = await waiting(confirmed);
      const done = await runSpendImport(h.deps.db, ORG, IMPORT, source, options);
      expect(done.status).toBe(confirmed ? 'completed' : 'needs-review');
      return tableItems(h);
    })();
    cleanRuns.set(confirmed, clean);
  }
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

describe('the review under faults', () => {
  // Not confirmed, the same file stops for review: under any fault, and delivered again, it ends
  // in needs-review with its reasons and rejected rows as a clean run leaves them, the ledger untouched.
  it.concurrent.each([...faultScenarios, ...batchFaultScenarios])('$name', async (scenario) => {
    const expected = await cleanRun(false);
    expect(
      expected.some((item) => /#TX#/.test(String(item.PK)) || String(item.SK).startsWith('SPEND#')),
    ).toBe(false);
    const h = await waiting(false);
    const faulty = faultyDb(h, scenario);
    let failed = false;
    try {
      const result = await runSpendImport(faulty, ORG, IMPORT, source, options);
      failed = result.status !== 'needs-review';
    } catch {
      failed = true;
    } finally {
      if (faulty.injected().length > 0) exercised.add(`review: ${scenario.name}`);
      faulty.destroy();
    }
    if (failed) {
      const again = await runSpendImport(h.deps.db, ORG, IMPORT, source, options);
      expect(again.status).toBe('needs-review');
    }
    expect(await tableItems(h)).toEqual(expected);
  });
});
