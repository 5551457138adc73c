import { normaliseTransactionNumber } from '@compact-tracker/domain/row-identity';
import { toEntry } from '@compact-tracker/jobs/import/row';
import { fieldsOf, findHeaderRow } from '@compact-tracker/spend-files/columns';
import { describe, expect, it } from 'vitest';

const mapping = {
  date: 'Date',
  amount: 'Amount',
  category: 'Type',
  categoryMap: { Repairs: 'construction' },
} as const;
const today = '2026-11-22';

function entry(record: Record<string, string>, headers = ['Date', 'Amount', 'Type']) {
  const header = findHeaderRow([headers], mapping);
  if (!header.ok) throw new Error(header.reason);
  const cells = headers.map((h) => record[h.trim()] ?? '');
  return toEntry(
    { fields: fieldsOf(cells, header.value.columns), cells },
    header.value.columns,
    mapping,
    'dd/mm/yyyy',
    today,
  );
}

describe('a CSV row as a ledger entry', () => {
  it('maps categories by the file text, unmapped and prototype names to other', () => {
    const of = (type: string) => {
      const result = entry({ Date: '01/04/2025', Amount: '10', Type: type });
      return result.ok ? result.value.category : result.reason;
    };
    expect(of('Repairs')).toBe('construction');
    expect(of('Stationery')).toBe('other');
    expect(of('constructor')).toBe('other');
    expect(of('__proto__')).toBe('other');
    expect(of('toString')).toBe('other');
  });

  it('finds columns whose headers have stray spaces, and reads their cells', () => {
    const headers = [' Date ', 'Amount  ', 'Type'];
    const result = entry({ Date: '01/04/2025', Amount: '£1,234.50', Type: 'Repairs' }, headers);
    expect(result).toMatchObject({ ok: true, value: { date: '2025-04-01', amountPence: 123450 } });
  });

  it('refuses dates in the future or before April 2000', () => {
    expect(entry({ Date: '23/11/2026', Amount: '1', Type: '' })).toEqual({
      ok: false,
      reason: 'date 2026-11-23 is in the future',
    });
    expect(entry({ Date: '31/03/2000', Amount: '1', Type: '' })).toMatchObject({ ok: false });
    expect(entry({ Date: '22/11/2026', Amount: '1', Type: '' })).toMatchObject({ ok: true });
  });

  it('normalises line-suffixed transaction numbers, bounding what it keeps', () => {
    const read = (text: string) => {
      const result = normaliseTransactionNumber(text);
      return result.ok ? result.value : result.reason;
    };
    expect(read('46296351 - 1')).toBe('46296351-1');
    expect(read(' 46296351-2 ')).toBe('46296351-2');
    expect(read(`a${' '.repeat(60_000)}b`)).toBe('a b');
    expect(read('9'.repeat(1000))).toHaveLength(200);
  });
});

describe("a row's own flags", () => {
  const flagMapping = { ...mapping, sme: 'SME', vcse: 'VCSE' } as const;
  const headers = ['Date', 'Amount', 'Type', 'SME', 'VCSE'];
  function flagsOf(sme: string, vcse: string) {
    const header = findHeaderRow([headers], flagMapping);
    if (!header.ok) throw new Error(header.reason);
    const cells = ['01/04/2025', '10', 'Repairs', sme, vcse];
    const result = toEntry(
      { fields: fieldsOf(cells, header.value.columns), cells },
      header.value.columns,
      flagMapping,
      'dd/mm/yyyy',
      today,
    );
    if (!result.ok) throw new Error(result.reason);
    return { pattern: result.value.flagPattern, sme: result.value.sme, vcse: result.value.vcse };
  }

  it('state yes or no where the cell says so, and nothing where a column is not read', () => {
    expect(flagsOf('Y', 'no')).toEqual({ pattern: '-YN', sme: true, vcse: false });
    expect(flagsOf(' n ', 'TRUE')).toEqual({ pattern: '-NY', sme: false, vcse: true });
  });

  it('state nothing where the cell is blank: the supplier’s facts apply (the ledger’s parts count no)', () => {
    expect(flagsOf('', '  ')).toEqual({ pattern: '---', sme: false, vcse: false });
    expect(flagsOf('', 'Y')).toEqual({ pattern: '--Y', sme: false, vcse: true });
  });
});
