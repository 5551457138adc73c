import { Readable } from 'node:stream';
import { runSpendImport } from '@compact-tracker/jobs/import/run-import';
import { revertImportLines } from '@compact-tracker/store/import-revert';
import { runImportRevert } from '@compact-tracker/store/import-revert-run';
import { changeSpendImport, createSpendImport, getSpendImport } from '@compact-tracker/store/spend-imports';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { batchFaultScenarios, faultScenarios, faultyDb } from '../support/faulty-dynamodb.ts';
import { tableItems } from '../support/fixtures.ts';
import { type Harness, harness } from '../support/harness.ts';
import { waitingImport } from '../support/spend-import-record.ts';
import { transparencyCsv, transparencyMapping } from '../support/transparency-csv.ts';

// Restatement and revert under every fault: an import restating lines of an earlier one, and the
// revert of both (killed half-way and run again), each ends as one clean run leaves the ledger:
// every line once, restated or put back once, totals exact.

vi.setConfig({ maxConcurrency: 8, testTimeout: 180_000 });

const NOW = new Date('2025-11-15T10:00:00.000Z');
const ORG = 'ORG1';
// 150 rows (3% invalid): two restating transactions at least, three revert transactions.
const file = transparencyCsv({ rows: 150, seed: 5, invalidEvery: 33 });
const source = { open: async () => Readable.from([file.bytes]) };
const options = { now: () => new Date(NOW), progressEvery: 100, concurrency: 2 };
const restating = {
  ...transparencyMapping,
  categoryMap: { ...transparencyMapping.categoryMap, 'IT Software': 'professional-services' },
};

/** A table holding import A of the file, and import B waiting to read it with another category map. */
async function imported(): Promise<Harness> {
  const h = await harness();
  const record = (id: string, mapping: object) =>
    waitingImport(ORG, id, { createdAt: NOW.toISOString(), mapping: mapping as never });
  await createSpendImport(h.deps.db, record('A', transparencyMapping));
  await createSpendImport(h.deps.db, record('B', restating));
  expect((await runSpendImport(h.deps.db, ORG, 'A', source, options)).status).toBe('completed');
  return h;
}

/** The ledger's lines and totals: what restatement and revert move. */
const ledger = async (h: Harness) =>
  (await tableItems(h)).filter(
    (item) => /#TX#/.test(String(item.PK)) || String(item.SK).startsWith('SPEND#'),
  );

type Items = Record<string, unknown>[];
let clean: Promise<{ restated: Items; revertedB: Items; revertedAll: Items }> | undefined;
const cleanRun = () => {
  clean ??= (async () => {
    const h = await imported();
    expect((await runSpendImport(h.deps.db, ORG, 'B', source, options)).rowsRestated).toBeGreaterThan(0);
    const restated = await ledger(h);
    await revertImportLines(h.deps.db, ORG, 'B');
    const revertedB = await ledger(h);
    await revertImportLines(h.deps.db, ORG, 'A');
    return { restated, revertedB, revertedAll: await ledger(h) };
  })();
  return clean;
};

const exercised = new Set<string>();
afterAll(() => {
  console.info(`restatement and revert fault scenarios exercised: ${exercised.size}`);
});

const scenarios = [
  ...faultScenarios,
  ...batchFaultScenarios.filter((s) => s.command === 'TransactWriteItemsCommand'),
];

describe('restatement and revert under faults', () => {
  it.concurrent.each(scenarios)('$name', async (scenario) => {
    const expected = await cleanRun();
    const h = await imported();

    // The restating import, delivered again after a failure as Lambda would.
    const faulty = faultyDb(h, scenario);
    try {
      const result = await runSpendImport(faulty, ORG, 'B', source, options);
      if (result.status !== 'completed') throw new Error(result.status);
    } catch {
      expect((await runSpendImport(h.deps.db, ORG, 'B', source, options)).status).toBe('completed');
    } finally {
      if (faulty.injected().length > 0) exercised.add(`restate: ${scenario.name}`);
      faulty.destroy();
    }
    expect(await ledger(h)).toEqual(expected.restated);

    // Reverting B, then A, as the API starts it (marked reverting) and the import job runs it in
    // the background, each killed by the fault and run again.
    for (const [id, after] of [
      ['B', expected.revertedB],
      ['A', expected.revertedAll],
    ] as const) {
      await changeSpendImport(h.deps.db, ORG, id, ['completed'], {
        status: 'reverting',
        revertFrom: 'completed',
      });
      const faultyRevert = faultyDb(h, scenario);
      try {
        const result = await runSpendImport(faultyRevert, ORG, id, source, options);
        if (result.status !== 'reverted') throw new Error(result.status);
      } catch {
        expect((await runSpendImport(h.deps.db, ORG, id, source, options)).status).toBe('reverted');
      } finally {
        if (faultyRevert.injected().length > 0) exercised.add(`revert: ${scenario.name}`);
        faultyRevert.destroy();
      }
      expect(await ledger(h)).toEqual(after);
    }
    // Nothing of the file is left: every total is back to zero.
    for (const item of expected.revertedAll) {
      if (String(item.SK).startsWith('SPEND#')) expect((item as { totalPence: number }).totalPence).toBe(0);
    }
  });
});

describe('a revert past its time budget', () => {
  it('pauses after a transaction, stays reverting with its progress, and the import job finishes it exactly', async () => {
    const { revertedB, revertedAll } = await cleanRun();
    const h = await imported();
    expect((await runSpendImport(h.deps.db, ORG, 'B', source, options)).rowsRestated).toBeGreaterThan(0);
    await revertImportLines(h.deps.db, ORG, 'B');
    expect(await ledger(h)).toEqual(revertedB);
    await changeSpendImport(h.deps.db, ORG, 'A', ['completed'], {
      status: 'reverting',
      revertFrom: 'completed',
    });
    const marked = await getSpendImport(h.deps.db, ORG, 'A');
    if (!marked) throw new Error('import A is missing');
    // A budget already spent: one transaction, then the pause.
    const paused = await runImportRevert(h.deps.db, marked, { deadline: 0 });
    expect(paused.paused).toBe(true);
    expect(paused.status).toBe('reverting');
    const stored = await getSpendImport(h.deps.db, ORG, 'A');
    expect(stored?.status).toBe('reverting');
    expect(stored?.revertDone).toBeGreaterThan(0);
    expect(stored?.revertDone).toBeLessThan(stored?.revertTotal ?? 0);
    expect(await ledger(h)).not.toEqual(revertedAll);
    expect((await runSpendImport(h.deps.db, ORG, 'A', source, options)).status).toBe('reverted');
    expect(await ledger(h)).toEqual(revertedAll);
  });

  it('is refused when a later import restated rows of it meanwhile, keeps its progress, and finishes once that import is reverted', async () => {
    const { revertedAll } = await cleanRun();
    const h = await imported();
    await changeSpendImport(h.deps.db, ORG, 'A', ['completed'], {
      status: 'reverting',
      revertFrom: 'completed',
    });
    const marked = await getSpendImport(h.deps.db, ORG, 'A');
    if (!marked) throw new Error('import A is missing');
    expect((await runImportRevert(h.deps.db, marked, { deadline: 0 })).paused).toBe(true);
    // While the rest waits for the import job, B restates the rows of A still in the ledger.
    expect((await runSpendImport(h.deps.db, ORG, 'B', source, options)).rowsRestated).toBeGreaterThan(0);
    const before = await ledger(h);
    const refused = await runSpendImport(h.deps.db, ORG, 'A', source, options);
    expect(refused.status).toBe('reverting');
    const stored = await getSpendImport(h.deps.db, ORG, 'A');
    expect(stored?.status).toBe('reverting');
    expect(stored?.revertRefused).toMatch(/revert B first, then this one/);
    expect(stored?.revertDone).toBeGreaterThan(0);
    // Refused before its first transaction: nothing of the ledger moved.
    expect(await ledger(h)).toEqual(before);
    await changeSpendImport(h.deps.db, ORG, 'B', ['completed'], {
      status: 'reverting',
      revertFrom: 'completed',
    });
    expect((await runSpendImport(h.deps.db, ORG, 'B', source, options)).status).toBe('reverted');
    expect((await runSpendImport(h.deps.db, ORG, 'A', source, options)).status).toBe('reverted');
    expect(await ledger(h)).toEqual(revertedAll);
  });
});
