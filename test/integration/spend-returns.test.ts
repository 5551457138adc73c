import { Readable } from 'node:stream';
import { runSpendImport } from '@compact-tracker/jobs/import/run-import';
import { createSpendImport } from '@compact-tracker/store/spend-imports';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, tableItems, world } from '../support/fixtures.ts';
import { type Harness, harness } from '../support/harness.ts';
import { waitingImport } from '../support/spend-import-record.ts';

let h: Harness;
let w: Awaited<ReturnType<typeof world>>;
beforeAll(async () => {
  h = await harness();
  w = await world(h);
  // The partnership's coordinator and board read the spend of organisations in its compacts.
  await w.ok('POST', `/v1/compacts/${w.compact.id}/signatures`, w.tokens.rep, w.signature(w.org1.id));
});

const line = (category: string, totalPence: number, parts: Partial<Record<string, number>> = {}) => ({
  category,
  totalPence,
  localPence: 0,
  smePence: 0,
  vcsePence: 0,
  criteriaPence: 0,
  ...parts,
});

const spendOf = async (token: string, query = '') => {
  const response = await h.call('GET', `/v1/organisations/${w.org1.id}/spend${query}`, { token });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.items as Record<string, unknown>[];
};

describe('quarterly returns', () => {
  it('records a return and shows it per quarter and category with a carbon estimate', async () => {
    const put = await h.call('PUT', `/v1/organisations/${w.org1.id}/spend/2025-26-Q1`, {
      token: w.tokens.officer,
      body: {
        lines: [
          line('ict', 1_000_000, {
            localPence: 400_000,
            smePence: 300_000,
            vcsePence: 0,
            criteriaPence: 1_000_000,
          }),
          line('construction', 5_000_000, { localPence: 5_000_000 }),
        ],
      },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toMatchObject({
      quarter: '2025-26-Q1',
      revision: 1,
      submittedBy: 'officer@org1.example',
    });
    const items = await spendOf(w.tokens.rep, '?from=2025-26-Q1&to=2025-26-Q1');
    expect(items).toEqual([
      expect.objectContaining({
        quarter: '2025-26-Q1',
        category: 'construction',
        totalPence: 5_000_000,
        localPence: 5_000_000,
      }),
      expect.objectContaining({
        quarter: '2025-26-Q1',
        category: 'ict',
        totalPence: 1_000_000,
        localPence: 400_000,
        smePence: 300_000,
        criteriaPence: 1_000_000,
        // £10,000 of IT services at 0.100 kgCO2e/£ (SIC 62, 2023)
        estimatedKgCo2e: 1000,
      }),
    ]);
    // Construction has no sourced factor: the 2023 mean, 0.496 kgCO2e/£, on £50,000.
    expect(items[0]?.estimatedKgCo2e).toBe(24_800);
  });

  it('replaces a quarter: totals equal the new return, the old one kept in history', async () => {
    const path = `/v1/organisations/${w.org1.id}/spend/2025-26-Q2`;
    await w.ok('PUT', path, w.tokens.officer, { lines: [line('ict', 100), line('waste', 200)] });
    const second = await w.ok('PUT', path, w.tokens.rep, {
      lines: [line('ict', 150), line('transport', 50)],
    });
    expect(second.revision).toBe(2);
    const items = await spendOf(w.tokens.officer, '?from=2025-26-Q2&to=2025-26-Q2');
    expect(items.map((i) => [i.category, i.totalPence])).toEqual([
      ['ict', 150],
      ['transport', 50],
    ]);
    const history = await h.call('GET', `${path}/return`, { token: w.tokens.officer });
    expect(history.body.current.revision).toBe(2);
    expect(history.body.history.map((r: { revision: number }) => r.revision)).toEqual([2, 1]);
    expect(history.body.history[1].lines).toEqual([line('ict', 100), line('waste', 200)]);
  });

  it('takes credits: a negative total with parts between it and zero', async () => {
    await w.ok('PUT', `/v1/organisations/${w.org1.id}/spend/2025-26-Q3`, w.tokens.officer, {
      lines: [line('facilities', -5000, { localPence: -5000, smePence: -1000 })],
    });
    const items = await spendOf(w.tokens.officer, '?from=2025-26-Q3&to=2025-26-Q3');
    expect(items).toEqual([
      expect.objectContaining({ category: 'facilities', totalPence: -5000, localPence: -5000 }),
    ]);
  });

  it('lets the last of concurrent returns win, with totals equal to exactly that return', async () => {
    const path = `/v1/organisations/${w.org1.id}/spend/2025-26-Q4`;
    const bodies = Array.from({ length: 8 }, (_, i) => ({
      lines: [line('health', (i + 1) * 1000), line('other', i)],
    }));
    const results = await Promise.all(
      bodies.map((body) => h.call('PUT', path, { token: w.tokens.officer, body })),
    );
    expect(
      results.map((r) => r.status),
      JSON.stringify(results.map((r) => r.body)),
    ).toEqual(results.map(() => 200));
    const current = await h.call('GET', `${path}/return`, { token: w.tokens.officer });
    expect(current.body.current.revision).toBe(8);
    const items = await spendOf(w.tokens.officer, '?from=2025-26-Q4&to=2025-26-Q4');
    const expected = current.body.current.lines.filter((l: { totalPence: number }) => l.totalPence !== 0);
    expect(items.map((i) => [i.category, i.totalPence])).toEqual(
      expected.map((l: { category: string; totalPence: number }) => [l.category, l.totalPence]),
    );
  });
  it('decides on the return and the totals as of one moment: a return landing between the reads is not taken for imports', async () => {
    const path = `/v1/organisations/${w.org1.id}/spend/2024-25-Q2`;
    await w.ok('PUT', path, w.tokens.officer, { lines: [line('health', 1000)] });
    // The next read of the quarter's totals waits until another return has landed: read apart from
    // the return in force, its 3,000 less the 1,000 would look like 2,000 imported, equal to this line.
    let held = false;
    h.deps.db.doc.middlewareStack.add(
      (next, context) => async (args) => {
        const from = (args.input as { ExpressionAttributeValues?: Record<string, unknown> })
          .ExpressionAttributeValues?.[':from'];
        if (!held && context.commandName === 'QueryCommand' && String(from).startsWith('SPEND#2024-25-Q2')) {
          held = true;
          await w.ok('PUT', path, w.tokens.officer, { lines: [line('health', 3000)] });
        }
        return next(args);
      },
      { step: 'initialize', name: 'returnLandsBetweenReads' },
    );
    try {
      const put = await h.call('PUT', path, {
        token: w.tokens.officer,
        body: { lines: [line('health', 2000)] },
      });
      expect(put.status, JSON.stringify(put.body)).toBe(200);
    } finally {
      h.deps.db.doc.middlewareStack.remove('returnLandsBetweenReads');
    }
    expect(held).toBe(true);
    const current = await h.call('GET', `${path}/return`, { token: w.tokens.officer });
    expect(current.body.current).toMatchObject({
      revision: 3,
      lines: [expect.objectContaining({ totalPence: 2000 })],
    });
    expect(current.body.importedByCategory).toEqual({});
    const items = await spendOf(w.tokens.officer, '?from=2024-25-Q2&to=2024-25-Q2');
    expect(items).toEqual([
      expect.objectContaining({ category: 'health', totalPence: 2000, importedPence: 0 }),
    ]);
  });
});

describe('refusals', () => {
  it('names each invalid part, unknown categories and duplicates, writing nothing', async () => {
    const before = await tableItems(h);
    const response = await h.call('PUT', `/v1/organisations/${w.org1.id}/spend/2025-26-Q1`, {
      token: w.tokens.officer,
      body: {
        lines: [
          line('ict', 100, { localPence: 101 }),
          line('ict', 100),
          line('weapons', 100),
          line('waste', -100, { smePence: 5 }),
          line('health', 1.5),
        ],
      },
    });
    expectProblem(response, 400);
    const paths = response.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'lines.0.localPence',
        'lines.2.category',
        'lines.3.smePence',
        'lines.4.totalPence',
      ]),
    );
    expect(await tableItems(h)).toEqual(before);
  });

  it('refuses bad and future quarters', async () => {
    expectProblem(
      await h.call('PUT', `/v1/organisations/${w.org1.id}/spend/2025-Q1`, {
        token: w.tokens.officer,
        body: { lines: [] },
      }),
      400,
    );
    expectProblem(
      await h.call('PUT', `/v1/organisations/${w.org1.id}/spend/2030-31-Q1`, {
        token: w.tokens.officer,
        body: { lines: [] },
      }),
      422,
    );
    expectProblem(
      await h.call('GET', `/v1/organisations/${w.org1.id}/spend?from=nope`, { token: w.tokens.officer }),
      400,
    );
    expectProblem(
      await h.call('GET', `/v1/organisations/${w.org1.id}/spend?from=2025-26-Q3&to=2025-26-Q1`, {
        token: w.tokens.officer,
      }),
      400,
    );
  });

  it("refuses another organisation's officer, board members and coordinators writing, and anonymous callers", async () => {
    const path = `/v1/organisations/${w.org1.id}/spend/2025-26-Q1`;
    const body = { lines: [line('ict', 1)] };
    const before = await tableItems(h);
    expectProblem(await h.call('PUT', path, { body }), 401);
    for (const token of [
      w.tokens.otherRep,
      w.tokens.board,
      w.tokens.coordinator,
      w.tokens.admin,
      w.tokens.nobody,
    ]) {
      expectProblem(await h.call('PUT', path, { token, body }), 403);
    }
    expectProblem(
      await h.call('PUT', '/v1/organisations/01UNKNOWN/spend/2025-26-Q1', { token: w.tokens.officer, body }),
      404,
    );
    expect(await tableItems(h)).toEqual(before);
  });

  it("lets the partnership's coordinator and board read, not other partnerships or organisations", async () => {
    expect(await spendOf(w.tokens.coordinator)).not.toHaveLength(0);
    expect(await spendOf(w.tokens.board)).not.toHaveLength(0);
    for (const token of [w.tokens.otherCoordinator, w.tokens.otherRep, w.tokens.nobody, w.tokens.admin]) {
      expectProblem(await h.call('GET', `/v1/organisations/${w.org1.id}/spend`, { token }), 403);
    }
    expectProblem(await h.call('GET', `/v1/organisations/${w.org1.id}/spend`), 401);
  });
});

describe('reporting status on the public register', () => {
  it('follows the returns: reporting once the latest due quarter has one', async () => {
    // world() signs at "now" (2026-11-22); reporting status counts quarters ending after signing,
    // so sign a fresh organisation with a clock set back to 2025.
    const past = await harness();
    const pw = await world(past);
    const clock = new Date('2025-05-10T12:00:00Z');
    past.deps.now = () => clock;
    await pw.ok('POST', `/v1/compacts/${pw.compact.id}/signatures`, pw.tokens.rep, pw.signature(pw.org1.id));
    clock.setTime(Date.parse('2026-03-02T12:00:00Z')); // 2025-26 Q1-Q3 are due
    const status = async () =>
      (await past.call('GET', `/v1/compacts/${pw.compact.id}/signatories`)).body.items[0].reportingStatus;
    expect(await status()).toBe('non-reporting');
    // A return of zeros says nothing: it counts only when it is marked as a nil return.
    await pw.ok('PUT', `/v1/organisations/${pw.org1.id}/spend/2025-26-Q3`, pw.tokens.officer, {
      lines: [line('ict', 0)],
    });
    expect(await status()).toBe('non-reporting');
    await pw.ok('PUT', `/v1/organisations/${pw.org1.id}/spend/2025-26-Q3`, pw.tokens.officer, {
      lines: [],
      nil: true,
    });
    expect(await status()).toBe('reporting');
  });
});

describe('returns beside imports', () => {
  // Two payments in 2025-26 Q1: £1,234.56 of IT, £500.00 of other.
  const csv = [
    'Payment Date,Amount,Transaction Number,Expense Type',
    '10/04/2025,1234.56,T1,IT Software',
    '11/04/2025,500.00,T2,Stationery',
  ].join('\r\n');

  beforeAll(async () => {
    const id = ulid();
    await createSpendImport(
      h.deps.db,
      waitingImport(w.org1.id, id, {
        mapping: {
          date: 'Payment Date',
          amount: 'Amount',
          transactionId: 'Transaction Number',
          category: 'Expense Type',
          categoryMap: { 'IT Software': 'ict' },
        },
      }),
    );
    const result = await runSpendImport(h.deps.db, w.org1.id, id, {
      open: async () => Readable.from([Buffer.from(csv)]),
    });
    expect(result.status).toBe('completed');
  });
  const path = () => `/v1/organisations/${w.org1.id}/spend/2025-26-Q1`;

  it('shows imported and returned money apart, their sum the total', async () => {
    // The first test's return: £10,000 of IT and £50,000 of construction.
    const items = await spendOf(w.tokens.officer, '?from=2025-26-Q1&to=2025-26-Q1');
    const byCategory = Object.fromEntries(items.map((i) => [i.category, i]));
    expect(byCategory.ict).toMatchObject({
      totalPence: 1_123_456,
      importedPence: 123_456,
      returnedPence: 1_000_000,
    });
    expect(byCategory.other).toMatchObject({ totalPence: 50_000, importedPence: 50_000, returnedPence: 0 });
    expect(byCategory.construction).toMatchObject({
      totalPence: 5_000_000,
      importedPence: 0,
      returnedPence: 5_000_000,
    });
    const form = await h.call('GET', `${path()}/return`, { token: w.tokens.officer });
    expect(form.body.importedByCategory).toEqual({ ict: 123_456, other: 50_000 });
  });

  it('refuses a line equal to its category imported total (409 naming it) unless confirmed', async () => {
    const before = await tableItems(h);
    const body = { lines: [line('construction', 100), line('ict', 123_456), line('other', 50_000)] };
    const refused = await h.call('PUT', path(), { token: w.tokens.officer, body });
    expectProblem(refused, 409);
    expect(refused.body.detail).toMatch(/ICT.*£1,234\.56.*Other.*£500\.00.*confirmImported/);
    expect(refused.body.errors.map((e: { path: string }) => e.path)).toEqual([
      'lines.1.totalPence',
      'lines.2.totalPence',
    ]);
    expect(await tableItems(h)).toEqual(before);

    const saved = await w.ok('PUT', path(), w.tokens.officer, { ...body, confirmImported: true });
    expect(saved).toMatchObject({ confirmImported: true });
    const items = await spendOf(w.tokens.officer, '?from=2025-26-Q1&to=2025-26-Q1');
    expect(items.find((i) => i.category === 'ict')).toMatchObject({
      totalPence: 246_912,
      importedPence: 123_456,
      returnedPence: 123_456,
    });
    // A line of another amount, or a category with nothing imported, needs no confirmation.
    await w.ok('PUT', path(), w.tokens.officer, { lines: [line('ict', 123_455), line('waste', 50_000)] });
    const after = await spendOf(w.tokens.officer, '?from=2025-26-Q1&to=2025-26-Q1');
    expect(Object.fromEntries(after.map((i) => [i.category, [i.importedPence, i.returnedPence]]))).toEqual({
      ict: [123_456, 123_455],
      other: [50_000, 0],
      waste: [0, 50_000],
    });
  });

  it('refuses a nil return with amounts', async () => {
    const response = await h.call('PUT', path(), {
      token: w.tokens.officer,
      body: { lines: [line('ict', 5)], nil: true },
    });
    expectProblem(response, 400);
    expect(response.body.errors[0].path).toBe('nil');
  });
});
