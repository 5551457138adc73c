import type { SicMultiplierRow } from '@compact-tracker/domain/carbon';
import { parse } from 'csv-parse/sync';

// Reads the government's GHG SIC multipliers exported as CSV ("UK and England's carbon footprint",
// one row per SIC code or group: 112 or so). Codes come as "62", "62.01", "01-03", "SIC 17" or
// "10.1 & 10.2"; the factor column is the one whose header mentions kgCO2e, multiplier or factor.

export type SicCsvResult = { rows: SicMultiplierRow[]; rejected: { row: number; reason: string }[] };

export function readSicMultipliersCsv(text: string): SicCsvResult {
  const records: string[][] = parse(text.replace(/^\uFEFF/, ''), {
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
  });
  // Official sheets open with title lines: the header is the first row naming both columns.
  const isSic = (cell: string) => /\bsic\b/i.test(cell) && !/description|name|multiplier/i.test(cell);
  const isFactor = (cell: string) => /kg ?co2|multiplier|factor/i.test(cell);
  const headerIndex = records.findIndex((r) => r.some(isSic) && r.some(isFactor));
  if (headerIndex < 0) {
    throw new RangeError(
      'no header row naming a SIC column and a factor column (kgCO2e, multiplier or factor)',
    );
  }
  const header = records[headerIndex] as string[];
  const sicColumn = header.findIndex(isSic);
  const factorColumn = header.findIndex(isFactor);
  const labelColumn = header.findIndex(
    (cell, i) => i !== sicColumn && i !== factorColumn && /description|name|industry|product/i.test(cell),
  );
  const rows: SicMultiplierRow[] = [];
  const rejected: SicCsvResult['rejected'] = [];
  for (const [offset, record] of records.slice(headerIndex + 1).entries()) {
    const row = headerIndex + offset + 2;
    const sic = record[sicColumn] ?? '';
    const factorText = (record[factorColumn] ?? '').trim();
    const divisions = divisionsOf(sic);
    const factor = Number(factorText);
    if (divisions.length === 0) {
      rejected.push({ row, reason: `no SIC code in "${sic}"` });
    } else if (factorText === '' || !Number.isFinite(factor) || factor < 0 || factor > 100) {
      rejected.push({ row, reason: `factor "${factorText}" is not a number of kgCO2e per pound` });
    } else {
      rows.push({ divisions, kgCo2ePerPound: factor, label: (record[labelColumn] ?? '').trim() });
    }
  }
  return { rows, rejected };
}

/** "62" -> [62]; "62.01" -> [62]; "01-03" -> [1, 2, 3]; "10.1 & 10.2" -> [10]; "SIC 17" -> [17]. */
export function divisionsOf(code: string): number[] {
  const divisions = new Set<number>();
  for (const part of code.split(/[&,+/;]|\band\b/i)) {
    const range = /(\d{1,2})(?:\.\d+)?\s*[-–]\s*(\d{1,2})(?:\.\d+)?/.exec(part);
    if (range) {
      for (let d = Number(range[1]); d <= Number(range[2]); d++) divisions.add(d);
      continue;
    }
    const single = /(\d{1,2})(?:\.\d+)?/.exec(part);
    if (single) divisions.add(Number(single[1]));
  }
  return [...divisions].filter((d) => d >= 1 && d <= 99);
}
