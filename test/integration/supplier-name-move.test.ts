import { Readable } from 'node:stream';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { sumClassified } from '@compact-tracker/domain/supplier-classification';
import { normaliseSupplierName } from '@compact-tracker/domain/supplier-names';
import { runSpendImport } from '@compact-tracker/jobs/import/run-import';
import type { Db } from '@compact-tracker/store/db';
import { keys } from '@compact-tracker/store/keys';
import { queryAll } from '@compact-tracker/store/query';
import { createSpendImport } from '@compact-tracker/store/spend-imports';
import { moveNameLines } from '@compact-tracker/store/supplier-name-move';
import { continueNameMove, finishNameMove, getNameMove } from '@compact-tracker/store/supplier-name-move-run';
import {
  classifiedTotals,
  organisationSupplierSpend,
  reclassifySupplier,
} from '@compact-tracker/store/supplier-spend';
import {
  getSupplier,
  pointOrganisationName,
  setSupplierFacts,
  supplierByName,
} from '@compact-tracker/store/suppliers';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { batchFaultScenarios, faultScenarios, faultyDb } from '../support/faulty-dynamodb.ts';
import { expectProblem, world } from '../support/fixtures.ts';
import { type Harness, harness } from '../support/harness.ts';
import { waitingImport } from '../support/spend-import-record.ts';

// Pointing a wrongly matched name at the right supplier moves the rows already imported under it,
// with their spend, now: spend by supplier and the organisation's local and SME totals move by
// exactly those rows (a row's own SME cell still wins), each row once, whatever stops a run, and
// beside an import of the same organisation.

vi.setConfig({ testTimeout: 120_000 });

const header = 'Transaction Number,Payment Date,Amount,Supplier Name,Expense Type,SME';
const mapping = {
  date: 'Payment Date',
  amount: 'Amount',
  transactionId: 'Transaction Number',
  supplierName: 'Supplier Name',
  category: 'Expense Type',
  sme: 'SME',
  categoryMap: { 'IT Software': 'ict' },
};
const csv = (rows: string[]) => Buffer.from(`${header}\n${rows.join('\n')}\n`);

/** Two spellings of one firm matched to two records, and another firm. */
const small = csv([
  '2001,10/05/2025,1000.00,BT Global Services,IT Software,',
  '2002,11/05/2025,250.00,BT Global Servies,IT Software,',
  '2003,12/05/2025,-50.00,bt global servies,IT Software,',
  '2004,13/07/2025,400.00,BT Global Servies,IT Software,N',
  '2005,14/07/2025,80.00,Other Firm,IT Software,',
]);

async function importFile(db: Db, organisationId: string, file: Buffer, id = ulid()) {
  await createSpendImport(db, waitingImport(organisationId, id, { mapping: mapping as never }));
  const result = await runSpendImport(db, organisationId, id, { open: async () => Readable.from([file]) });
  expect(result.status).toBe('completed');
  return id;
}

const idOf = async (db: Db, name: string) => {
  const id = await supplierByName(db, normaliseSupplierName(name));
  if (!id) throw new Error(`no supplier ${name}`);
  return id;
};

let factIds = 0;
async function classify(db: Db, supplierId: string, facts: { postcode?: string; sme?: boolean }) {
  const current = await getSupplier(db, supplierId);
  if (!current) throw new Error('no supplier');
  await setSupplierFacts(db, current, facts, {
    source: 'officer',
    setBy: 'test',
    at: new Date().toISOString(),
    newId: () => `F${++factIds}`,
  });
  await reclassifySupplier(db, supplierId);
}

/** The right record: local (OX4) and an SME; the wrong one: not an SME, no postcode. */
async function classifyBoth(db: Db) {
  const right = await idOf(db, 'BT Global Services');
  const wrong = await idOf(db, 'BT Global Servies');
  await classify(db, right, { postcode: 'OX4 1AA', sme: true });
  await classify(db, wrong, { sme: false });
  return { right, wrong };
}

/** Spend by supplier (pence, rows) and the local and SME shares (area OX4) as the store keeps them. */
async function kept(db: Db, organisationId: string) {
  const bySupplier = Object.fromEntries(
    (await organisationSupplierSpend(db, organisationId)).map((s) => [s.supplierId, [s.spendPence, s.rows]]),
  );
  const shares = sumClassified(await classifiedTotals(db, organisationId), ['OX4'], new Set());
  return { bySupplier, local: shares.local, sme: shares.sme, spendPence: shares.spendPence };
}

/** The same figures summed from the ledger lines themselves (their own flags over the supplier's facts). */
async function fromLines(db: Db, organisationId: string, quarters: string[]) {
  const bySupplier: Record<string, [number, number]> = {};
  const local = { classifiedPence: 0, yesPence: 0 };
  const sme = { classifiedPence: 0, yesPence: 0 };
  let spendPence = 0;
  for (const quarter of quarters) {
    const lines = await queryAll(db, {
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :tx)',
      ExpressionAttributeValues: { ':pk': keys.ledgerLine(organisationId, quarter, '', 0).PK, ':tx': 'TX#' },
    });
    for (const line of lines) {
      const supplierId = line.supplierId as string;
      const pence = line.amountPence as number;
      const [p, r] = bySupplier[supplierId] ?? [0, 0];
      bySupplier[supplierId] = [p + pence, r + 1];
      spendPence += pence;
      const supplier = await getSupplier(db, supplierId);
      const postcode = supplier?.facts.postcode?.officer?.value as string | undefined;
      const factSme = supplier?.facts.sme?.officer?.value as boolean | undefined;
      const pattern = (line.flagPattern as string | undefined) ?? '---';
      const isLocal =
        pattern[0] === '-' ? (postcode ? postcode.startsWith('OX4 ') : null) : pattern[0] === 'Y';
      const isSme = pattern[1] === '-' ? (factSme ?? null) : pattern[1] === 'Y';
      for (const [share, yes] of [
        [local, isLocal],
        [sme, isSme],
      ] as const) {
        if (yes === null) continue;
        share.classifiedPence += pence;
        if (yes) share.yesPence += pence;
      }
    }
  }
  return { bySupplier, local, sme, spendPence };
}

/** What the store keeps, with suppliers left with nothing dropped, equals what the lines say. */
async function expectExact(db: Db, organisationId: string, quarters: string[]) {
  const held = await kept(db, organisationId);
  const paying = Object.fromEntries(
    Object.entries(held.bySupplier).filter(([, [pence, rows]]) => pence !== 0 || rows !== 0),
  );
  expect({ ...held, bySupplier: paying }).toEqual(await fromLines(db, organisationId, quarters));
  return held;
}

const QUARTERS = ['2025-26-Q1', '2025-26-Q2'];

describe('pointing a wrongly matched name moves its imported rows now', () => {
  let h: Harness;
  let w: Awaited<ReturnType<typeof world>>;
  let right: string;
  let wrong: string;

  beforeAll(async () => {
    h = await harness();
    w = await world(h);
    await importFile(h.deps.db, w.org1.id, small);
    ({ right, wrong } = await classifyBoth(h.deps.db));
  });

  const point = (name: string, supplierId: string, token = w.tokens.officer) =>
    h.call('PUT', `/v1/organisations/${w.org1.id}/supplier-names`, { token, body: { name, supplierId } });

  it('moves the rows and their spend, and the local and SME totals follow the new facts', async () => {
    // Before, by hand: the right record has 2001 (£1,000: local, SME); the wrong one 2002, 2003
    // (£200 net: not an SME, no postcode) and 2004 (£400, its SME cell says no).
    expect(await expectExact(h.deps.db, w.org1.id, QUARTERS)).toMatchObject({
      bySupplier: { [right]: [1000_00, 1], [wrong]: [600_00, 3] },
      local: { classifiedPence: 1000_00, yesPence: 1000_00 },
      sme: { classifiedPence: 1600_00, yesPence: 1000_00 },
    });
    const pointed = await point('BT Global Servies', right);
    expect(pointed.status, JSON.stringify(pointed.body)).toBe(200);
    expect(pointed.body).toMatchObject({ status: 'done', moved: { rows: 3, spendPence: 600_00 } });
    // After, by hand: all four under the right record; local now £1,600 of £1,600 classified; SME
    // £1,200 (2004's own "N" still wins) of £1,600.
    expect(await expectExact(h.deps.db, w.org1.id, QUARTERS)).toMatchObject({
      bySupplier: { [right]: [1600_00, 4], [wrong]: [0, 0] },
      local: { classifiedPence: 1600_00, yesPence: 1600_00 },
      sme: { classifiedPence: 1600_00, yesPence: 1200_00 },
      spendPence: 1680_00,
    });
    // The record left with nothing is no longer listed among the organisation's suppliers.
    const list = await h.call('GET', `/v1/organisations/${w.org1.id}/suppliers`, { token: w.tokens.officer });
    const listed = list.body.items.map((i: { supplierId: string; spendPence: number }) => [
      i.supplierId,
      i.spendPence,
    ]);
    expect(listed).toContainEqual([right, 1600_00]);
    expect(listed.map(([id]: [string]) => id)).not.toContain(wrong);
  });

  it('pointed again at the same supplier it moves nothing; pointed back, everything returns', async () => {
    const again = await point('bt global servies', right);
    expect(again.body).toMatchObject({ status: 'done', moved: { rows: 0, spendPence: 0 } });
    const back = await point('BT Global Servies', wrong);
    expect(back.body).toMatchObject({ status: 'done', moved: { rows: 3, spendPence: 600_00 } });
    expect(await expectExact(h.deps.db, w.org1.id, QUARTERS)).toMatchObject({
      bySupplier: { [right]: [1000_00, 1], [wrong]: [600_00, 3] },
      local: { classifiedPence: 1000_00, yesPence: 1000_00 },
      sme: { classifiedPence: 1600_00, yesPence: 1000_00 },
    });
  });

  it('only officers and representatives of the organisation point its names', async () => {
    expectProblem(await point('BT Global Servies', right, w.tokens.otherRep), 403);
    expectProblem(await point('BT Global Servies', right, w.tokens.board), 403);
    expect((await kept(h.deps.db, w.org1.id)).bySupplier[wrong]).toEqual([600_00, 3]);
  });
});

/** 30 rows of the misspelt name over two quarters (£10.01 to £10.30, one a credit note), and one right. */
const many = csv([
  '3000,01/05/2025,500.00,BT Global Services,IT Software,',
  ...Array.from({ length: 30 }, (_, i) => {
    const day = String((i % 28) + 1).padStart(2, '0');
    const month = i < 15 ? '05' : '08';
    const amount = i === 7 ? '-10.08' : `10.${String(i + 1).padStart(2, '0')}`;
    return `${3001 + i},${day}/${month}/2025,${amount},BT Global Servies,IT Software,${i % 5 === 0 ? 'Y' : ''}`;
  }),
]);
/** The 30 rows' spend: 10.01 + ... + 10.30, less twice 10.08 (that row is a credit note). */
const MANY_PENCE = Array.from({ length: 30 }, (_, i) => 1000 + i + 1).reduce((a, b) => a + b, 0) - 2 * 1008;

async function pointedTable(organisationId: string) {
  const h = await harness();
  await importFile(h.deps.db, organisationId, many, 'IMPORT-1');
  const ids = await classifyBoth(h.deps.db);
  const { normalisedName } = await pointOrganisationName(h.deps.db, {
    organisationId,
    name: 'BT Global Servies',
    supplierId: ids.right,
    at: new Date().toISOString(),
    setBy: organisationId,
  });
  return { h, ...ids, move: { organisationId, normalisedName, supplierId: ids.right } };
}

const SCENARIOS = [
  ...faultScenarios.filter((s) => s.fault === 'connection-reset' || s.fault === 'transaction-conflict'),
  ...batchFaultScenarios.filter((s) => s.command === 'TransactWriteItemsCommand'),
];

describe('a move killed half-way and run again ends exact', () => {
  it.concurrent.each(SCENARIOS)('$name', async (scenario) => {
    const { h, right, wrong, move } = await pointedTable('ORG-F');
    const faulty = faultyDb(h, scenario);
    try {
      await moveNameLines(faulty as Db, move);
    } catch {
      // Killed half-way: the officer points the name again (or the background run is delivered again).
      await moveNameLines(h.deps.db, move);
    } finally {
      faulty.destroy();
    }
    const held = await expectExact(h.deps.db, 'ORG-F', QUARTERS);
    expect(held.bySupplier[right]).toEqual([500_00 + MANY_PENCE, 31]);
    expect(held.bySupplier[wrong]).toEqual([0, 0]);
  });
});

describe('a move handed to the background', () => {
  it('stops at its deadline, and the background run finishes it with the counts', async () => {
    const { h, right, move } = await pointedTable('ORG-B');
    const first = await moveNameLines(h.deps.db, move, { deadline: 0 });
    expect(first).toMatchObject({ done: false, rows: 12 });
    await continueNameMove(h.deps.db, move, first, new Date().toISOString());
    const finished = await finishNameMove(h.deps.db, 'ORG-B', move.normalisedName);
    expect(finished).toMatchObject({ status: 'done', rows: 30, pence: MANY_PENCE });
    expect(await getNameMove(h.deps.db, 'ORG-B', move.normalisedName)).toMatchObject({
      status: 'done',
      rows: 30,
      pence: MANY_PENCE,
    });
    // Delivered again: nothing more to do.
    await finishNameMove(h.deps.db, 'ORG-B', move.normalisedName);
    expect((await expectExact(h.deps.db, 'ORG-B', QUARTERS)).bySupplier[right]).toEqual([
      500_00 + MANY_PENCE,
      31,
    ]);
  });
});

describe('a move beside an import of the same organisation', () => {
  it('leaves spend by supplier and the shares exact, and a second pointing moves what the import added', async () => {
    const { h, right, wrong, move } = await pointedTable('ORG-C');
    // The import restates ten of the rows (another category text) and adds five of the name.
    const restating = csv([
      ...Array.from({ length: 10 }, (_, i) => {
        const day = String((i % 28) + 1).padStart(2, '0');
        const amount = i === 7 ? '-10.08' : `10.${String(i + 1).padStart(2, '0')}`;
        return `${3001 + i},${day}/05/2025,${amount},BT Global Servies,Software licences,${i % 5 === 0 ? 'Y' : ''}`;
      }),
      ...Array.from({ length: 5 }, (_, i) => `${4001 + i},20/06/2025,2.00,BT Global Servies,IT Software,`),
    ]);
    await Promise.all([
      moveNameLines(h.deps.db, move),
      importFile(h.deps.db, 'ORG-C', restating, 'IMPORT-2'),
    ]);
    await expectExact(h.deps.db, 'ORG-C', QUARTERS);
    const second = await moveNameLines(h.deps.db, move);
    expect(second.done).toBe(true);
    const held = await expectExact(h.deps.db, 'ORG-C', QUARTERS);
    expect(held.bySupplier[right]).toEqual([500_00 + MANY_PENCE + 10_00, 36]);
    expect(held.bySupplier[wrong] ?? [0, 0]).toEqual([0, 0]);
  });

  it('an import that resolved the name before it was pointed moves the rows it wrote since, before it ends', async () => {
    const h = await harness();
    await importFile(h.deps.db, 'ORG-R', many, 'IMPORT-1');
    const { right, wrong } = await classifyBoth(h.deps.db);
    const rows = Array.from(
      { length: 600 },
      (_, i) =>
        `${5000 + i},${String((i % 28) + 1).padStart(2, '0')}/06/2025,1.00,BT Global Servies,IT Software,`,
    );
    await createSpendImport(h.deps.db, waitingImport('ORG-R', 'IMPORT-2', { mapping: mapping as never }));
    // The import's transactions after its first wait until the name is pointed and moved.
    const gate = Promise.withResolvers<void>();
    let transactions = 0;
    const doc = new Proxy(h.deps.db.doc, {
      get(target, property, receiver) {
        if (property !== 'send') return Reflect.get(target, property, receiver);
        return async (command: object, ...rest: unknown[]) => {
          if (command instanceof TransactWriteCommand && ++transactions > 1) await gate.promise;
          return (target.send as (c: object, ...r: unknown[]) => Promise<unknown>)(command, ...rest);
        };
      },
    });
    const running = runSpendImport({ ...h.deps.db, doc }, 'ORG-R', 'IMPORT-2', {
      open: async () => Readable.from([csv(rows)]),
    });
    while (((await kept(h.deps.db, 'ORG-R')).bySupplier[wrong]?.[1] ?? 0) <= 30) {}
    const { normalisedName } = await pointOrganisationName(h.deps.db, {
      organisationId: 'ORG-R',
      name: 'BT Global Servies',
      supplierId: right,
      at: new Date().toISOString(),
      setBy: 'ORG-R',
    });
    await moveNameLines(h.deps.db, { organisationId: 'ORG-R', normalisedName, supplierId: right });
    gate.resolve();
    expect((await running).status).toBe('completed');
    expect(transactions, 'the import wrote after the move').toBeGreaterThan(2);
    const held = await expectExact(h.deps.db, 'ORG-R', QUARTERS);
    expect(held.bySupplier[right]).toEqual([500_00 + MANY_PENCE + 600_00, 631]);
    expect(held.bySupplier[wrong] ?? [0, 0]).toEqual([0, 0]);
  });
});
