import type { Category } from '@compact-tracker/domain/categories';
import { type EntryValues, entryAmounts, fieldsRead, restate } from '@compact-tracker/domain/restatement';
import {
  type FileLine,
  identityText,
  type LedgerLine,
  matchLines,
  normaliseTransactionNumber,
  otherCellsText,
} from '@compact-tracker/domain/row-identity';
import { linesEqualToImports, splitTotal } from '@compact-tracker/domain/spend';
import type { DateFormat } from '@compact-tracker/domain/spend-import';
import { parseAmountToPence } from '@compact-tracker/jobs/import/amount';
import { parseDate } from '@compact-tracker/jobs/import/date';
import { ReviewTally } from '@compact-tracker/jobs/import/review';
import { quarterOf } from '@compact-tracker/jobs/import/row';
import { describe, expect, it } from 'vitest';

// Row identity, line matching and restatement as pure rules, and the four ways the ledger used to
// count money twice, each as a small file with its totals worked out by hand. The ledger here is
// a plain map, as the store keeps it: identity -> lines.

describe('transaction numbers', () => {
  const read = (text: string) => {
    const result = normaliseTransactionNumber(text);
    return result.ok ? result.value : `refused: ${result.reason}`;
  };

  it('folds dash spacing and runs of spaces', () => {
    expect(read('46296351 - 1')).toBe('46296351-1');
    expect(read(' 46296351-1 ')).toBe('46296351-1');
    expect(read('INV  001 -  2')).toBe('INV 001-2');
  });

  it('drops leading zeros of an all-digit number only', () => {
    expect(read('0046296351')).toBe('46296351');
    expect(read('0')).toBe('0');
    expect(read('000')).toBe('0');
    expect(read('0046296351-1')).toBe('0046296351-1');
    expect(read('INV007')).toBe('INV007');
  });

  it('keeps blank as no number, and refuses scientific notation', () => {
    expect(read('')).toBe('');
    expect(read('4.63E+07')).toMatch(/^refused: .*scientific notation/);
    expect(read('4.6296351e7')).toMatch(/^refused/);
    expect(read('46E3-1')).toBe('46E3-1');
  });

  it('makes one identity of the same row in any layout, encoding or mapping', () => {
    const a = identityText({ transactionNumber: '46296351-1', date: '2015-09-22', amountPence: 24911 });
    const b = identityText({ transactionNumber: '46296351-1', date: '2015-09-22', amountPence: 24911 });
    expect(a).toBe(b);
    expect(identityText({ transactionNumber: '', date: '2015-09-22', amountPence: 24911 })).not.toBe(a);
  });
});

describe('matching lines that share an identity', () => {
  const line = (row: number, other: string, all = other): FileLine => ({
    row,
    otherCells: other,
    allCells: all,
  });

  it('counts a cell-for-cell repeat with a transaction number once', () => {
    expect(matchLines([line(2, 'a'), line(3, 'a')], [], true)).toEqual([
      { row: 2, kind: 'line', ordinal: 1, existing: false },
      { row: 3, kind: 'repeat', repeatOf: 2 },
    ]);
  });

  it('counts repeats without a transaction number, flagged as possible duplicates', () => {
    expect(matchLines([line(2, 'a'), line(3, 'a')], [], false)).toEqual([
      { row: 2, kind: 'line', ordinal: 1, existing: false },
      { row: 3, kind: 'line', ordinal: 2, existing: false, possibleDuplicateOf: 2 },
    ]);
  });

  it('matches the ledger lines by other cells first, then by order, then numbers new ones', () => {
    const ledger: LedgerLine[] = [
      { ordinal: 1, otherCells: 'a' },
      { ordinal: 2, otherCells: 'b' },
      { ordinal: 3 },
    ];
    expect(matchLines([line(5, 'x'), line(6, 'b'), line(7, 'y'), line(8, 'z')], ledger, true)).toEqual([
      { row: 5, kind: 'line', ordinal: 1, existing: true },
      { row: 6, kind: 'line', ordinal: 2, existing: true },
      { row: 7, kind: 'line', ordinal: 3, existing: true },
      { row: 8, kind: 'line', ordinal: 4, existing: false },
    ]);
  });

  it('tells other cells apart whatever their order, spacing or case', () => {
    const identityColumns = new Set([0]);
    expect(otherCellsText(['T1', ' Acme  Ltd', 'Repairs'], identityColumns)).toBe(
      otherCellsText(['T9', 'repairs', 'ACME LTD '], identityColumns),
    );
  });
});

// ---- A ledger in memory, with an importer built from the rules above. ----

type Columns = {
  transactionNumber?: number;
  date: number;
  amount: number;
  category?: number;
  supplierName?: number;
  local?: number;
  categoryMap?: Record<string, Category>;
};

type Entry = EntryValues & { date: string; amountPence: number; importId: string; restatedBy?: string };
type Ledger = {
  lines: Map<string, Map<number, Entry & { otherCells: string }>>;
  undo: Map<string, (() => void)[]>;
};

const newLedger = (): Ledger => ({ lines: new Map(), undo: new Map() });

type Outcome = {
  imported: number;
  duplicates: number;
  restated: number;
  rejected: number;
  possibleDuplicates: number;
};

function importFile(
  ledger: Ledger,
  importId: string,
  rows: string[][],
  columns: Columns,
  dateFormat: DateFormat = 'dd/mm/yyyy',
): Outcome {
  const outcome: Outcome = { imported: 0, duplicates: 0, restated: 0, rejected: 0, possibleDuplicates: 0 };
  const fields = fieldsRead({
    category: columns.category === undefined ? undefined : 'x',
    supplierName: columns.supplierName === undefined ? undefined : 'x',
    local: columns.local === undefined ? undefined : 'x',
  });
  const identityColumns = new Set(
    [columns.transactionNumber, columns.date, columns.amount].filter((c) => c !== undefined),
  );
  const groups = new Map<string, { lines: FileLine[]; values: Map<number, Entry> }>();
  rows.forEach((cells, index) => {
    const row = index + 2;
    const date = parseDate(cells[columns.date], dateFormat);
    const amount = parseAmountToPence(cells[columns.amount]);
    const tx = normaliseTransactionNumber(
      columns.transactionNumber === undefined ? '' : cells[columns.transactionNumber],
    );
    if (!date.ok || !amount.ok || !tx.ok) {
      outcome.rejected += 1;
      return;
    }
    const text = columns.category === undefined ? '' : (cells[columns.category] ?? '');
    const values: Entry = {
      date: date.value,
      amountPence: amount.value,
      importId,
      category: columns.categoryMap?.[text] ?? 'other',
      categoryText: text,
      supplierName: columns.supplierName === undefined ? '' : (cells[columns.supplierName] ?? ''),
      local: columns.local !== undefined && cells[columns.local] === 'Y',
      sme: false,
      vcse: false,
      criteria: false,
    };
    const identity = identityText({
      transactionNumber: tx.value,
      date: date.value,
      amountPence: amount.value,
    });
    const group = groups.get(identity) ?? { lines: [] as FileLine[], values: new Map<number, Entry>() };
    group.lines.push({
      row,
      otherCells: otherCellsText(cells, identityColumns),
      allCells: cells.join('\u0000'),
    });
    group.values.set(row, values);
    groups.set(identity, group);
  });
  const undo: (() => void)[] = [];
  for (const [identity, group] of groups) {
    const existing = ledger.lines.get(identity) ?? new Map();
    ledger.lines.set(identity, existing);
    const ledgerLines = [...existing].map(([ordinal, e]) => ({ ordinal, otherCells: e.otherCells }));
    for (const match of matchLines(group.lines, ledgerLines, columns.transactionNumber !== undefined)) {
      if (match.kind === 'repeat') {
        outcome.duplicates += 1;
        continue;
      }
      const read = group.values.get(match.row) as Entry;
      const otherCells = group.lines.find((l) => l.row === match.row)?.otherCells ?? '';
      if (match.possibleDuplicateOf !== undefined) outcome.possibleDuplicates += 1;
      const before = existing.get(match.ordinal);
      if (!before) {
        existing.set(match.ordinal, { ...read, otherCells });
        undo.push(() => existing.delete(match.ordinal));
        outcome.imported += 1;
        continue;
      }
      const after = restate(before, read, fields);
      if (!after) outcome.duplicates += 1;
      else {
        existing.set(match.ordinal, { ...before, ...after, restatedBy: importId });
        undo.push(() => existing.set(match.ordinal, before));
        outcome.restated += 1;
      }
    }
  }
  ledger.undo.set(importId, undo);
  return outcome;
}

function revert(ledger: Ledger, importId: string) {
  for (const step of (ledger.undo.get(importId) ?? []).reverse()) step();
  ledger.undo.delete(importId);
}

/** Pence per quarter, and per quarter and category. */
function totals(ledger: Ledger) {
  const byQuarter: Record<string, number> = {};
  const byCategory: Record<string, number> = {};
  for (const lines of ledger.lines.values()) {
    for (const e of lines.values()) {
      const q = quarterOf(e.date);
      byQuarter[q] = (byQuarter[q] ?? 0) + entryAmounts(e, e.amountPence).totalPence;
      byCategory[`${q} ${e.category}`] = (byCategory[`${q} ${e.category}`] ?? 0) + e.amountPence;
    }
  }
  return { byQuarter, byCategory };
}

// Oxford's columns: Body Name, Expenditure Category, Paid Date, Trans No, Amount, Supplier Name.
const oxford: Columns = { date: 2, transactionNumber: 3, amount: 4, category: 1, supplierName: 5 };

describe('fault 1: a file that lists rows twice, cell for cell (jul-sep-2015)', () => {
  // Two rows are published twice: £249.11 + £327.97 = £577.08 would be counted twice.
  const file = [
    ['Oxford City Council', 'Materials', '22/09/2015', '47981658_1', '249.11', 'DENNIS EAGLE LTD'],
    ['Oxford City Council', 'Protective Clothing', '22/09/2015', '47981658_0', '327.97', 'P A TURNEY LTD'],
    ['Oxford City Council', 'Grants', '14/07/2015', '46286491_1', '600.00', 'Boogie Bros'],
    ['Oxford City Council', 'Materials', '22/09/2015', '47981658_1', '249.11', 'DENNIS EAGLE LTD'],
    ['Oxford City Council', 'Protective Clothing', '22/09/2015', '47981658_0', '327.97', 'P A TURNEY LTD'],
  ];

  it('counts each repeat once: 249.11 + 327.97 + 600.00 = £1,177.08 in 2015-16 Q2', () => {
    const ledger = newLedger();
    expect(importFile(ledger, 'i1', file, oxford)).toEqual({
      imported: 3,
      duplicates: 2,
      restated: 0,
      rejected: 0,
      possibleDuplicates: 0,
    });
    expect(totals(ledger).byQuarter).toEqual({ '2015-16-Q2': 117_708 });
  });

  it('without a transaction-number column, counts the repeats and lists them as possible duplicates', () => {
    const ledger = newLedger();
    const { transactionNumber: _, ...withoutNumbers } = oxford;
    expect(importFile(ledger, 'i1', file, withoutNumbers)).toMatchObject({
      imported: 5,
      possibleDuplicates: 2,
    });
    // 1,177.08 + 577.08: two equal payments on one day may be real.
    expect(totals(ledger).byQuarter).toEqual({ '2015-16-Q2': 175_416 });
  });
});

describe('fault 2: the same file again with another mapping or layout (oct-dec-2016)', () => {
  const file = [
    ['Oxford City Council', 'Repairs', '03/10/2016', '50000001 - 1', '1000.00', 'Acme Ltd'],
    ['Oxford City Council', 'Software', '04/11/2016', '0050000002', '250.50', 'Byte Co'],
    ['Oxford City Council', 'Repairs', '05/12/2016', '50000003-1', '99.99', 'Acme Ltd'],
  ];
  const categoryMap: Record<string, Category> = { Repairs: 'construction', Software: 'ict' };

  it('counts nothing twice when re-imported with fewer optional columns, and keeps what it does not read', () => {
    const ledger = newLedger();
    importFile(ledger, 'i1', file, { ...oxford, categoryMap });
    const first = totals(ledger);
    // 1,000.00 + 250.50 + 99.99 = £1,350.49 in 2016-17 Q3.
    expect(first.byQuarter).toEqual({ '2016-17-Q3': 135_049 });
    const again = importFile(ledger, 'i2', file, { date: 2, transactionNumber: 3, amount: 4 });
    expect(again).toMatchObject({ imported: 0, duplicates: 3, restated: 0 });
    expect(totals(ledger)).toEqual(first);
    const entry = [...ledger.lines.values()].flatMap((m) => [...m.values()])[0];
    expect(entry).toMatchObject({ supplierName: 'Acme Ltd', category: 'construction' });
  });

  it('counts nothing twice from a re-published file in another layout with reformatted numbers', () => {
    const ledger = newLedger();
    importFile(ledger, 'i1', file, { ...oxford, categoryMap });
    // Columns reordered, ISO dates, dash spacing and leading zeros changed, amounts with £.
    const republished = [
      ['50000001-1', '2016-10-03', '£1,000.00', 'Acme Ltd', 'Repairs'],
      ['50000002', '2016-11-04', '£250.50', 'Byte Co', 'Software'],
      ['50000003 - 1', '2016-12-05', '£99.99', 'Acme Ltd', 'Repairs'],
    ];
    const columns = { transactionNumber: 0, date: 1, amount: 2, supplierName: 3, category: 4, categoryMap };
    expect(importFile(ledger, 'i2', republished, columns, 'yyyy-mm-dd')).toMatchObject({
      imported: 0,
      duplicates: 3,
    });
    expect(totals(ledger).byQuarter).toEqual({ '2016-17-Q3': 135_049 });
  });

  it('restates rows whose reading changed: totals move between categories by the difference', () => {
    const ledger = newLedger();
    importFile(ledger, 'i1', file, { ...oxford, categoryMap });
    expect(totals(ledger).byCategory).toEqual({
      '2016-17-Q3 construction': 109_999,
      '2016-17-Q3 ict': 25_050,
    });
    // Software is now mapped to professional services.
    const restated = importFile(ledger, 'i2', file, {
      ...oxford,
      categoryMap: { ...categoryMap, Software: 'professional-services' },
    });
    expect(restated).toMatchObject({ imported: 0, duplicates: 2, restated: 1 });
    expect(totals(ledger).byCategory).toEqual({
      '2016-17-Q3 construction': 109_999,
      '2016-17-Q3 professional-services': 25_050,
    });
    revert(ledger, 'i2');
    expect(totals(ledger).byCategory).toEqual({
      '2016-17-Q3 construction': 109_999,
      '2016-17-Q3 ict': 25_050,
    });
  });
});

describe('fault 3: a dd/mm/yyyy file read as mm/dd/yyyy (jan-mar-2016)', () => {
  const file = [
    ['Oxford City Council', 'Repairs', '05/01/2016', '60000001', '1000.00', 'Acme Ltd'],
    ['Oxford City Council', 'Repairs', '13/01/2016', '60000002', '200.00', 'Acme Ltd'],
    ['Oxford City Council', 'Repairs', '20/02/2016', '60000003', '30.00', 'Acme Ltd'],
    ['Oxford City Council', 'Repairs', '28/03/2016', '60000004', '4.00', 'Acme Ltd'],
  ];

  it('stops for review, naming the format the file reads as', () => {
    const tally = new ReviewTally('mm/dd/yyyy');
    file.forEach((cells, index) => {
      tally.dateCell(cells[2]);
      const date = parseDate(cells[2], 'mm/dd/yyyy');
      if (!date.ok) tally.reject(index + 2, date.reason, cells[2]);
    });
    // 3 of 4 rows rejected: far over 5%.
    expect(tally.tooManyRejected()).toBe(true);
    expect(tally.reasons()).toEqual([
      {
        reason: '3 rows: 13/01/2016 is not mm/dd/yyyy; the file reads as dd/mm/yyyy',
        rows: 3,
        firstRow: 3,
        suggestedDateFormat: 'dd/mm/yyyy',
      },
    ]);
  });

  it('read wrongly and confirmed anyway, the misread row is a new identity; reverting it leaves only the right reading', () => {
    const ledger = newLedger();
    // 05/01/2016 read as 1 May 2016 (2016-17 Q1): £1,000.00 in the wrong quarter.
    expect(importFile(ledger, 'wrong', file, oxford, 'mm/dd/yyyy')).toMatchObject({
      imported: 1,
      rejected: 3,
    });
    expect(totals(ledger).byQuarter).toEqual({ '2016-17-Q1': 100_000 });
    importFile(ledger, 'right', file, oxford, 'dd/mm/yyyy');
    // The right reading alone would be 1,000 + 200 + 30 + 4 = £1,234.00 in 2015-16 Q4.
    expect(totals(ledger).byQuarter).toEqual({ '2015-16-Q4': 123_400, '2016-17-Q1': 100_000 });
    revert(ledger, 'wrong');
    expect(totals(ledger).byQuarter).toEqual({ '2015-16-Q4': 123_400 });
  });

  it('does not stop a file with a few bad rows (5% or less)', () => {
    const tally = new ReviewTally('dd/mm/yyyy');
    for (let i = 0; i < 20; i++) tally.dateCell('01/04/2016');
    tally.reject(7, 'amount is blank');
    expect(tally.tooManyRejected()).toBe(false);
    expect(tally.reasons()).toEqual([{ reason: '1 row: amount is blank (row 7)', rows: 1, firstRow: 7 }]);
  });
});

describe('fault 4: a return typed for a quarter that has imported spend', () => {
  // Imported in 2025-26 Q1: £1,234.56 of ICT and £500.00 of other; the return types £1,234.56 of
  // ICT again and £800.00 of construction.
  const imported = new Map<Category, number>([
    ['ict', 123_456],
    ['other', 50_000],
  ]);
  const line = (category: Category, totalPence: number) => ({
    category,
    totalPence,
    localPence: 0,
    smePence: 0,
    vcsePence: 0,
    criteriaPence: 0,
  });

  it('names the line equal to its category imported total, and no other', () => {
    expect(linesEqualToImports([line('construction', 80_000), line('ict', 123_456)], imported)).toEqual([
      { index: 1, category: 'ict', importedPence: 123_456 },
    ]);
    expect(linesEqualToImports([line('ict', 0), line('other', 49_999)], imported)).toEqual([]);
  });

  it('splits a total into imported and returned money: 1,234.56 + 1,234.56 confirmed = £2,469.12', () => {
    expect(splitTotal(246_912, line('ict', 123_456))).toEqual({
      importedPence: 123_456,
      returnedPence: 123_456,
    });
    expect(splitTotal(50_000, undefined)).toEqual({ importedPence: 50_000, returnedPence: 0 });
  });
});

describe('restatement', () => {
  const before: EntryValues = {
    category: 'construction',
    categoryText: 'Repairs',
    supplierName: 'Acme Ltd',
    local: true,
    sme: false,
    vcse: false,
    criteria: false,
  };

  it('takes only the columns the mapping reads', () => {
    const read = { ...before, supplierName: '', category: 'other' as const, categoryText: '', local: false };
    expect(restate(before, read, fieldsRead({ local: 'Local' }))).toEqual({ ...before, local: false });
    expect(restate(before, read, fieldsRead({}))).toBeNull();
    expect(restate(before, before, fieldsRead({ category: 'Type', supplierName: 'Supplier' }))).toBeNull();
  });
});
