import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { csvReadProblem } from '@compact-tracker/domain/csv-errors';
import { importMapping } from '@compact-tracker/domain/spend-import';
import { parseAmountToPence } from '@compact-tracker/jobs/import/amount';
import type { ColumnMapping } from '@compact-tracker/spend-files/columns';
import { isCsvError, SpendFileError } from '@compact-tracker/spend-files/csv';
import { EncodingDetector } from '@compact-tracker/spend-files/encoding';
import { previewSpendFile } from '@compact-tracker/spend-files/preview';
import { readSpendFile, type SpendRow, surveySpendFile } from '@compact-tracker/spend-files/read';
import { describe, expect, it } from 'vitest';

// The reader of council spend files on the real files that failed (test/fixtures/field-cases),
// each against its total; and the preview the web page shows of them.

const fieldCase = (name: string) => readFileSync(join(import.meta.dirname, '../fixtures/field-cases', name));

/** The file in chunks of 64 KB, as S3 or a file stream delivers it. */
const streamOf = (bytes: Uint8Array) => Readable.from(chunks(bytes, 64 * 1024));
function* chunks(bytes: Uint8Array, size: number) {
  for (let i = 0; i < bytes.length; i += size) yield Buffer.from(bytes.subarray(i, i + size));
}

async function readAll(bytes: Uint8Array, mapping: ColumnMapping) {
  const layout = await surveySpendFile(streamOf(bytes), mapping);
  const rows: SpendRow[] = [];
  for await (const row of readSpendFile(streamOf(bytes), layout)) rows.push(row);
  const pence = rows.map((r) => parseAmountToPence(r.fields.amount));
  const total = pence.reduce((sum, p) => sum + (p.ok ? p.value : 0), 0);
  return { layout, rows, total, unreadable: pence.filter((p) => !p.ok).length };
}

async function surveyFails(bytes: Uint8Array, mapping: ColumnMapping): Promise<string> {
  try {
    await surveySpendFile(streamOf(bytes), mapping);
  } catch (error) {
    if (error instanceof SpendFileError) return error.message;
    throw error;
  }
  throw new Error('the survey did not fail');
}

describe('the spend-file reader on real council files', () => {
  it('finds the header below title rows (Darlington): 20 rows, £117,762.37', async () => {
    const read = await readAll(fieldCase('case05-title-rows-above-header.csv'), {
      date: 'Transaction Date',
      amount: 'Invoice Line Value (net of VAT)',
      supplierName: 'Supplier',
    });
    expect(read.layout).toMatchObject({ headerIndex: 2, rows: 20, encoding: 'utf-8' });
    expect(read.rows).toHaveLength(20);
    expect(read.rows[0]).toMatchObject({
      line: 5,
      fields: { date: '2022-08-25', amount: '555.72', supplierName: 'AVC WISE LTD' },
    });
    expect(read.rows[0]?.cells).toHaveLength(11);
    expect(read.total).toBe(11_776_237);
  });

  it('refuses a repeated header name, naming its positions, and reads by position (Wandsworth)', async () => {
    const file = fieldCase('case06-wandsworth-duplicate-header.csv');
    const reason = await surveyFails(file, { date: '#2', amount: 'PAYMENT AMOUNT' });
    expect(reason).toBe(
      'the file has 2 columns named "PAYMENT AMOUNT" (columns 2 and 3): map amount by position instead, to #2 or #3',
    );
    const read = await readAll(file, { date: '#2', amount: '#3', supplierName: 'PAYEE' });
    expect(read.rows).toHaveLength(5);
    expect(read.rows[2]?.fields).toEqual({
      date: '05/07/2024',
      amount: '12,400.00',
      supplierName: 'EXAMPLE WASTE SERVICES LTD',
    });
    expect(read.total).toBe(1_697_625);
  });

  it('decodes Windows-1252 text (Bradford): "Children’s Services", £326,082.25 of it', async () => {
    const read = await readAll(fieldCase('case07-bradford-cp1252-category-preview.csv'), {
      date: 'Payment date',
      amount: 'Net Amount',
      category: 'Expenditure category',
    });
    expect(read.layout.encoding).toBe('windows-1252');
    const childrens = read.rows.filter((r) => r.fields.category === 'Children’s Services');
    expect(childrens).toHaveLength(2);
    expect(childrens.reduce((sum, r) => sum + Number(r.fields.amount) * 100, 0)).toBe(32_608_225);
  });

  it('keeps a stray quote in an unquoted cell as text (Newcastle): 26 rows, £72,299.09', async () => {
    const read = await readAll(fieldCase('case08-newcastle-stray-quote.csv'), {
      date: 'Paid Date',
      amount: 'Total',
      supplierName: 'Supplier Name',
    });
    expect(read.rows).toHaveLength(26);
    expect(read.rows.map((r) => r.fields.supplierName)).toContain(`TOYS ''R" US LIMITED`);
    expect(read.total).toBe(7_229_909);
  });

  it('reads the net column under a two-row header, the second row not a payment (Salford)', async () => {
    const read = await readAll(fieldCase('case15-salford-two-header-rows.csv'), {
      date: 'Date of Payment',
      amount: '#6',
    });
    expect(read.layout).toMatchObject({ headerIndex: 0, secondHeaderRow: true, rows: 28 });
    expect(read.rows[0]?.line).toBe(3);
    expect(read.unreadable).toBe(0);
    expect(read.total).toBe(93_838_076);
  });
});

describe('the encoding of a spend file', () => {
  it('is decided from the whole file: a Windows-1252 byte past the first MiB still counts', async () => {
    const header = 'Payment Date,Amount,Supplier Name\r\n';
    const plain = '01/04/2025,10.00,PLAIN LTD\r\n'.repeat(60_000); // about 1.6 MB of ASCII
    const accented = Buffer.from('01/04/2025,12.50,CAF\xC9 \xA3 LTD\r\n', 'latin1');
    const file = Buffer.concat([Buffer.from(header + plain), accented]);
    expect(file.indexOf(0xc9)).toBeGreaterThan(1024 * 1024);
    const read = await readAll(file, {
      date: 'Payment Date',
      amount: 'Amount',
      supplierName: 'Supplier Name',
    });
    expect(read.layout.encoding).toBe('windows-1252');
    expect(read.rows.at(-1)?.fields.supplierName).toBe('CAFÉ £ LTD');
    expect(read.rows).toHaveLength(60_001);
  });

  it('reads a Windows-1252 header such as "Amount (£)", and UTF-8 with or without a byte-order mark', async () => {
    const legacy = Buffer.from('Date,Amount (\xA3)\r\n01/04/2025,5.00\r\n', 'latin1');
    expect((await readAll(legacy, { date: 'Date', amount: 'Amount (£)' })).total).toBe(500);
    const utf8 = Buffer.from('\uFEFFDate,Amount (£)\r\n01/04/2025,6.00\r\n');
    const read = await readAll(utf8, { date: 'date', amount: 'AMOUNT (£)' });
    expect(read.layout.encoding).toBe('utf-8');
    expect(read.total).toBe(600);
  });

  it('holds a UTF-8 sequence cut across chunks as UTF-8', () => {
    const detector = new EncodingDetector();
    const bytes = Buffer.from('£5 – Children’s Services');
    for (let i = 0; i < bytes.length; i++) detector.push(bytes.subarray(i, i + 1));
    expect(detector.finish()).toBe('utf-8');
  });
});

describe('the mapping of a spend file', () => {
  it('takes column positions #1 to #10000, and refuses #0 and # alone', () => {
    const base = { date: 'Date', amount: '#6' };
    expect(importMapping.safeParse(base).success).toBe(true);
    expect(importMapping.safeParse({ ...base, amount: '#0' }).success).toBe(false);
    expect(importMapping.safeParse({ ...base, amount: '#' }).success).toBe(false);
    expect(importMapping.safeParse({ ...base, amount: '#10001' }).success).toBe(false);
  });

  it('says a position past the last column is not there, and which names are missing', async () => {
    const file = Buffer.from('Title of the file\r\nDate,Amount\r\n01/04/2025,1\r\n');
    expect(await surveyFails(file, { date: 'Date', amount: '#3' })).toBe(
      'the file has no column #3 for amount: its rows have 2 columns',
    );
    expect(await surveyFails(file, { date: 'Date', amount: 'Value' })).toBe(
      'the file has no column for amount ("Value"); its columns are: "Date", "Amount"',
    );
  });

  it('says where CSV breaks, in words for a person', async () => {
    const file = Buffer.from('Date,Amount\r\n01/04/2025,"1\r\n');
    const error = await surveySpendFile(streamOf(file), { date: 'Date', amount: 'Amount' }).catch((e) => e);
    expect(isCsvError(error)).toBe(true);
    expect(csvReadProblem(error)).toMatch(/^a quoted value is never closed/);
  });
});

describe('the preview of a spend file', () => {
  it('finds the header below title rows without a mapping (Darlington)', () => {
    const preview = previewSpendFile(fieldCase('case05-title-rows-above-header.csv'));
    if (!preview.ok) throw new Error(preview.reason);
    expect(preview.value.headerLine).toBe(4);
    expect(preview.value.headers).toContain('Transaction Date');
    expect(preview.value.suggestedMapping).toMatchObject({
      date: 'Transaction Date',
      amount: 'Invoice Line Value (net of VAT)',
      transactionId: 'Transaction Number',
      supplierName: 'Supplier',
    });
    expect(preview.value.rows[0]?.[4]).toBe('AVC WISE LTD');
    // Blank headers are offered by position.
    expect(preview.value.columns.slice(0, 2).map((c) => c.value)).toEqual(['#1', '#2']);
  });

  it('offers repeated headers by position and answers a mapping by their name with the reason (Wandsworth)', () => {
    const file = fieldCase('case06-wandsworth-duplicate-header.csv');
    const preview = previewSpendFile(file);
    if (!preview.ok) throw new Error(preview.reason);
    expect(preview.value.columns.slice(1, 3)).toEqual([
      { position: 2, header: 'PAYMENT AMOUNT', label: 'PAYMENT AMOUNT', value: '#2' },
      { position: 3, header: 'PAYMENT AMOUNT', label: 'PAYMENT AMOUNT', value: '#3' },
    ]);
    expect(preview.value.suggestedMapping.amount).toBeUndefined();
    const refused = previewSpendFile(file, { mapping: { amount: 'Payment Amount' } });
    expect(refused).toMatchObject({
      ok: false,
      duplicate: true,
      reason: expect.stringContaining('#2 or #3'),
    });
  });

  it("decodes the sample's bytes as the import does: Windows-1252 category texts (Bradford)", () => {
    const preview = previewSpendFile(fieldCase('case07-bradford-cp1252-category-preview.csv'));
    if (!preview.ok) throw new Error(preview.reason);
    expect(preview.value.encoding).toBe('windows-1252');
    expect(preview.value.suggestedMapping.category).toBe('Expenditure category');
    expect(preview.value.categoriesSeen).toContain('Children’s Services');
  });

  it('labels a two-row header and suggests the net column for the amount (Salford)', () => {
    const preview = previewSpendFile(fieldCase('case15-salford-two-header-rows.csv'));
    if (!preview.ok) throw new Error(preview.reason);
    expect(preview.value.secondHeaderRow).toBe(true);
    expect(preview.value.columns.slice(3, 6).map((c) => [c.label, c.value])).toEqual([
      ['Amount: Gross', 'Amount'],
      ['Amount: VAT', '#5'],
      ['Amount: Net', '#6'],
    ]);
    expect(preview.value.suggestedMapping).toMatchObject({ date: 'Date of Payment', amount: '#6' });
    expect(preview.value.rows[0]?.[0]).toBe('Salford City Council');
  });

  it('reads a sample cut inside a quoted cell over several lines as the rows before it', () => {
    // The page sends the first 48,000 bytes: the cut may fall between a cell's opening and closing quote.
    const row = (i: number) => `01/04/2025,${i}.00,"SUPPLIER ${i}\nUNIT 4"\r\n`;
    const file = Buffer.from(
      `Payment Date,Amount,Supplier Name\r\n${Array.from({ length: 3000 }, (_, i) => row(i)).join('')}`,
    );
    for (let cut = 47_990; cut <= 48_010; cut++) {
      const preview = previewSpendFile(file.subarray(0, cut));
      if (!preview.ok) throw new Error(`cut at ${cut}: ${preview.reason}`);
      expect(preview.value.rows[1]).toEqual(['01/04/2025', '1.00', 'SUPPLIER 1\nUNIT 4']);
    }
    // A whole short file whose quote is never closed is still refused, as the import refuses it.
    const broken = previewSpendFile(Buffer.from('Date,Amount,Supplier\r\n01/04/2025,1.00,"A\r\n'));
    expect(broken).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^a quoted value is never closed/),
    });
  });

  it('suggests snake_case and misspelt headers, and lists the categories of a column chosen by hand', () => {
    const oxford = [
      'body_name,organisational_unit,expenditure_category,expenditure_code,paid_date,trans_no,amount,caporrev,supplier_id,supplier_name',
      'Oxford City Council,Suspense,Creditors - BACS,J8810,12/01/2016,46288359_1,7128.57,Revenue,20000000_46288359,Oxford Homeless Pathways',
    ].join('\r\n');
    const snake = previewSpendFile(Buffer.from(oxford));
    expect(snake.ok && snake.value.suggestedMapping).toEqual({
      date: 'paid_date',
      amount: 'amount',
      transactionId: 'trans_no',
      supplierName: 'supplier_name',
      category: 'expenditure_category',
    });
    const misspelt = previewSpendFile(
      Buffer.from(
        'Service Area,Expenditure Catergory,Paid Date,Amount\r\nGeneral Fund,Grants,07/02/2017,200.00\r\n',
      ),
    );
    expect(misspelt.ok && misspelt.value.suggestedMapping.category).toBe('Expenditure Catergory');
    const byHand = previewSpendFile(Buffer.from(oxford), { mapping: { category: 'organisational_unit' } });
    expect(byHand.ok && byHand.value.categoriesSeen).toEqual(['Suspense']);
  });
});
