import { readSupplierFactsCsv, sheetProblemErrors } from '@compact-tracker/api/supplier-facts-csv';
import { csvReadProblem } from '@compact-tracker/domain/csv-errors';
import {
  foldSheetHeader,
  MAX_SHEET_ROWS,
  parseSheetFlag,
  readSheetHeader,
  readSheetRow,
  sameFacts,
} from '@compact-tracker/domain/supplier-facts-sheet';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';

describe('the supplier facts sheet', () => {
  test.each([
    ['supplier', 'supplier'],
    ['  Company   Number ', 'company number'],
    ['COMPANY_NUMBER', 'company number'],
    ['Company No.', 'company no'],
    ['\uFEFFSupplier', 'supplier'],
    ['Public-Body', 'public body'],
    ['Spend (£)', 'spend'],
    ['ＳＭＥ', 'sme'],
  ])('folds the header %j to %j', (header, folded) => {
    expect(foldSheetHeader(header)).toBe(folded);
  });

  test.each([
    ['Y', true],
    [' yes ', true],
    ['TRUE', true],
    ['n', false],
    ['No', false],
    ['false', false],
    ['', null],
    ['   ', null],
    ['1', undefined],
    ['maybe', undefined],
    ['ye', undefined],
  ])('reads the flag %j as %j', (text, value) => {
    expect(parseSheetFlag(text)).toBe(value);
  });

  test('a header maps columns, ignoring those for people, and refuses the unknown and the repeated', () => {
    expect(readSheetHeader(['Supplier', 'Name', 'SME', 'Public Body', 'Organisation', 'Spend (£)'])).toEqual({
      columns: ['supplier', 'ignored', 'sme', 'publicBody', 'organisationId', 'ignored'],
    });
    const problems = readSheetHeader(['Supplier', 'Local', 'SME', 'sme']);
    expect(Array.isArray(problems) && problems.map((p) => p.message)).toEqual([
      expect.stringContaining('"Local" is not a column of this sheet'),
      '"sme" repeats the column "SME"',
    ]);
    expect(readSheetHeader(['Postcode', 'SME'])).toEqual([
      { row: 1, message: 'the sheet needs a "supplier" column (a supplier name or id)' },
    ]);
    expect(readSheetHeader(['Supplier', 'Name'])).toEqual([
      expect.objectContaining({ message: expect.stringContaining('no fact columns') }),
    ]);
  });

  test('a row gives its facts normalised, leaving blanks out, or names each bad cell', () => {
    const layout = readSheetHeader([
      'supplier',
      'postcode',
      'company number',
      'charity number',
      'sme',
      'vcse',
      'public body',
      'organisation',
    ]);
    if (Array.isArray(layout)) throw new Error('header refused');
    expect(
      readSheetRow(layout, ['Reed Specialist Recruitment Ltd', 'ox1 1bx', '1234', '', 'Y', 'no', '', ''], 2),
    ).toEqual({
      row: 2,
      supplier: 'Reed Specialist Recruitment Ltd',
      facts: { postcode: 'OX1 1BX', companyNumber: '00001234', sme: true, vcse: false },
    });
    const bad = readSheetRow(layout, ['ACME', 'nowhere', 'ABC', '12', 'maybe', '', '', 'bad id!'], 7);
    expect(Array.isArray(bad) && bad.map((p) => `${p.row} ${p.column}`)).toEqual([
      '7 postcode',
      '7 company number',
      '7 charity number',
      '7 sme',
      '7 organisation',
    ]);
    expect(readSheetRow(layout, ['', 'OX1 1BX'], 3)).toEqual([
      { row: 3, column: 'supplier', message: 'give a supplier name or id' },
    ]);
    expect(readSheetRow(layout, ['ACME', '', '', '', '', '', '', ''], 4)).toEqual([
      expect.objectContaining({ row: 4, message: expect.stringContaining('gives no facts') }),
    ]);
  });

  test('two rows of one supplier agree when no fact both give differs', () => {
    expect(sameFacts({ sme: true }, { postcode: 'OX1 1BX' })).toBe(true);
    expect(sameFacts({ sme: true }, { sme: true, vcse: false })).toBe(true);
    expect(sameFacts({ sme: true }, { sme: false })).toBe(false);
  });
});

describe('reading the sheet as CSV', () => {
  test('a byte-order mark, quoted names, blank lines and line numbers as a spreadsheet shows them', () => {
    const csv = '\uFEFFSupplier,SME,Postcode\r\n"Smith, Jones & Co",Y,\r\n\r\nREED LTD,n,OX4 1AA\r\n';
    expect(readSupplierFactsCsv(csv)).toEqual({
      rows: [
        { row: 2, supplier: 'Smith, Jones & Co', facts: { sme: true } },
        { row: 4, supplier: 'REED LTD', facts: { sme: false, postcode: 'OX4 1AA' } },
      ],
      problems: [],
    });
  });

  test(`more than ${MAX_SHEET_ROWS} rows is refused as a whole`, () => {
    const csv = ['supplier,sme', ...Array.from({ length: MAX_SHEET_ROWS + 1 }, (_, i) => `S${i},Y`)].join(
      '\n',
    );
    const { rows, problems } = readSupplierFactsCsv(csv);
    expect(rows).toEqual([]);
    expect(problems).toEqual([expect.objectContaining({ message: expect.stringContaining('at most 1000') })]);
  });

  test('problems become errors with paths for machines and a detail for people', () => {
    const { problems } = readSupplierFactsCsv('supplier,sme\nACME,perhaps\n,Y\n');
    const { errors, detail } = sheetProblemErrors(problems);
    expect(errors).toEqual([
      { path: 'csv.2.sme', message: expect.stringContaining('row 2, sme: "perhaps" is not Y or N') },
      { path: 'csv.3.supplier', message: 'row 3, supplier: give a supplier name or id' },
    ]);
    expect(detail).toMatch(/^nothing was saved: 2 problems need correcting \(row 2, sme/);
  });

  test('any text is rows, problems, or a reading error said for people; never anything else', () => {
    const cell = fc.oneof(
      fc.constantFrom('supplier', 'SME', 'postcode', 'Y', 'n', 'OX1 1BX', '"', '""', ',', '\r\n', '\uFEFF'),
      fc.string({ maxLength: 12 }),
    );
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        try {
          const { rows, problems } = readSupplierFactsCsv(text);
          expect(rows.length + problems.length).toBeGreaterThan(0);
          for (const p of problems) expect(p.message).not.toMatch(/undefined|\[object/);
        } catch (error) {
          expect(csvReadProblem(error)).toMatch(/save the sheet again as CSV|far longer/);
        }
      }),
      { numRuns: 500, seed: 12 },
    );
  });
});
