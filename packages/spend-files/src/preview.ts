import { csvReadProblem } from '@compact-tracker/domain/csv-errors';
import { mappedFields } from '@compact-tracker/domain/spend-import';
import { parse } from 'csv-parse/sync';
import {
  type ColumnIndexes,
  type ColumnMapping,
  type Found,
  findHeaderRow,
  HEADER_SEARCH_ROWS,
  isSecondHeaderRow,
  normaliseHeader,
} from './columns.ts';
import { csvOptions, isCsvError } from './csv.ts';
import { decodeBytes, type Encoding, sampleEncoding } from './encoding.ts';
import { looksLike } from './suggest.ts';

// What an officer sees before choosing the mapping, read from the file's first bytes by the same
// rules as the import: the header row, each column (with the value a mapping gives it: its name,
// or `#N` when the name is blank or repeated), the first payment rows, a suggested mapping and the
// category texts seen in the category column (the chosen one, else the suggested one).

/** One column of the file as the mapping form offers it. */
export type PreviewColumn = {
  /** 1-based. */
  position: number;
  /** The header row's cell, trimmed ('' when blank). */
  header: string;
  /** What a person calls it: the header, with the second header row's cell ("Amount: Net"). */
  label: string;
  /** What a mapping says to choose it: the header, or `#N` when that is blank, repeated or split. */
  value: string;
};

export type SpendFilePreview = {
  /** The header row's cells, trimmed. */
  headers: string[];
  columns: PreviewColumn[];
  /** 1-based line of the header row (after title rows). */
  headerLine: number;
  /** The header's second row was found (and is not among `rows`). */
  secondHeaderRow: boolean;
  /** The first payment rows, as read. */
  rows: string[][];
  suggestedMapping: ColumnMapping;
  categoriesSeen: string[];
  /** How the sample was decoded (null: all ASCII, or given as text). */
  encoding: Encoding | null;
};

export type PreviewOptions = {
  /** Columns already chosen: the header row is found from them, as the import will. */
  mapping?: ColumnMapping;
  /** Payment rows returned. */
  rows?: number;
};

/** Samples shorter than this are taken as whole files: their last line is not cut. */
const WHOLE_FILE_BELOW = 4096;
const MAX_CATEGORIES = 200;

/**
 * Previews a file's first part, given as its bytes (decoded here as the import decodes the file)
 * or as text. Fails with a reason for a person when the sample is not CSV, or with `duplicate`
 * when the mapping names a header the file repeats.
 */
export function previewSpendFile(
  sample: Uint8Array | string,
  options: PreviewOptions = {},
): Found<SpendFilePreview> {
  const { text, encoding } =
    typeof sample === 'string' ? { text: sample, encoding: null } : decodeSample(sample);
  const complete =
    text.length >= WHOLE_FILE_BELOW && !/\n$/.test(text) ? text.slice(0, text.lastIndexOf('\n') + 1) : text;
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    parsed = parseSample(complete.replace(/^\uFEFF/, ''), text.length >= WHOLE_FILE_BELOW);
  } catch (error) {
    if (isCsvError(error)) return { ok: false, reason: csvReadProblem(error) };
    throw error;
  }
  const records = parsed.map((p) => p.record);
  const chosen = Object.values(options.mapping ?? {}).some((v) => typeof v === 'string' && v.trim() !== '');
  let index = 0;
  let chosenColumns: ColumnIndexes = {};
  if (chosen && records.length > 0) {
    const found = findHeaderRow(records, options.mapping ?? {});
    if (!found.ok) return found;
    index = found.value.index;
    chosenColumns = found.value.columns;
  } else {
    index = likelyHeaderIndex(records);
  }
  const header = (records[index] ?? []).map((h) => h.replace(/^\uFEFF/, '').trim());
  const suggested = suggestColumns(header);
  const second = records[index + 1];
  const secondHeaderRow =
    isSecondHeaderRow(second, { ...suggested, ...chosenColumns }) ||
    (Object.keys(chosenColumns).length === 0 && looksLikeSecondHeader(header, second));
  const sub = secondHeaderRow ? (second ?? []).map((c) => c.trim()) : [];
  const columns = describeColumns(header, sub);
  // With a second header row, the net column under "Amount" is the amount (net of VAT).
  const net = sub.findIndex((c) => /^net$/i.test(c));
  if (net >= 0) suggested.amount = net;
  const suggestedMapping: ColumnMapping = {};
  for (const field of mappedFields) {
    const at = suggested[field];
    if (at !== undefined && columns[at]) suggestedMapping[field] = (columns[at] as PreviewColumn).value;
  }
  const body = records.slice(index + 1 + (secondHeaderRow ? 1 : 0));
  const categoryAt = chosenColumns.category ?? suggested.category;
  const categoriesSeen =
    categoryAt === undefined
      ? []
      : [...new Set(body.map((r) => (r[categoryAt] ?? '').trim()).filter(Boolean))]
          .sort()
          .slice(0, MAX_CATEGORIES);
  return {
    ok: true,
    value: {
      headers: header,
      columns,
      headerLine: parsed[index]?.info.lines ?? 1,
      secondHeaderRow,
      rows: body.slice(0, options.rows ?? 10),
      suggestedMapping,
      categoriesSeen,
      encoding,
    },
  };
}

/**
 * The sample's rows. A sample cut from a longer file may end inside a quoted cell that runs over
 * several lines (its closing quote past the cut): the rows before it are the preview, as the
 * import reads them; the quote is not a fault of the file.
 */
function parseSample(text: string, mayBeCut: boolean): { record: string[]; info: { lines: number } }[] {
  try {
    return parse(text, csvOptions) as unknown as ReturnType<typeof parseSample>;
  } catch (error) {
    const { code, records } = error as { code?: unknown; records?: unknown };
    if (!mayBeCut || code !== 'CSV_QUOTE_NOT_CLOSED' || typeof records !== 'number' || records < 1)
      throw error;
    return parse(text, { ...csvOptions, to: records }) as unknown as ReturnType<typeof parseSample>;
  }
}

function decodeSample(bytes: Uint8Array): { text: string; encoding: Encoding | null } {
  // The sample is the first part of the file: its last line may be cut, so drop it (before
  // deciding the encoding, which a cut character must not sway).
  const cut =
    bytes.length >= WHOLE_FILE_BELOW && bytes.at(-1) !== 0x0a
      ? bytes.subarray(0, bytes.lastIndexOf(0x0a) + 1)
      : bytes;
  const encoding = sampleEncoding(cut);
  return { text: decodeBytes(cut, encoding), encoding };
}

const filled = (row: string[]) => row.filter((c) => c.trim() !== '').length;

/**
 * With no column chosen yet: the first row where the usual names find a date and an amount; else
 * the first row about as wide as the widest (title rows above the header are one or two cells).
 */
function likelyHeaderIndex(records: string[][]): number {
  const searched = records.slice(0, HEADER_SEARCH_ROWS);
  const named = searched.findIndex(
    (row) => row.some((c) => looksLike('date', c)) && row.some((c) => looksLike('amount', c)),
  );
  if (named >= 0) return named;
  const widest = Math.max(0, ...searched.map(filled));
  const wide = searched.findIndex((row) => filled(row) >= 2 && filled(row) * 2 >= widest);
  return Math.max(0, wide);
}

/** Columns whose header looks like each field's usual name, leaving out names the header repeats. */
function suggestColumns(header: string[]): ColumnIndexes {
  const counts = new Map<string, number>();
  for (const h of header) counts.set(normaliseHeader(h), (counts.get(normaliseHeader(h)) ?? 0) + 1);
  const suggested: ColumnIndexes = {};
  for (const field of mappedFields) {
    const at = header.findIndex((h) => counts.get(normaliseHeader(h)) === 1 && looksLike(field, h));
    if (at >= 0) suggested[field] = at;
  }
  return suggested;
}

/** Without the date and amount columns known: a row of words (no digit) that fills blank headers. */
function looksLikeSecondHeader(header: string[], row: string[] | undefined): boolean {
  if (!row || filled(row) === 0 || row.some((c) => /\d/.test(c))) return false;
  return row.some((c, i) => c.trim() !== '' && (header[i] ?? '') === '');
}

function describeColumns(header: string[], sub: string[]): PreviewColumn[] {
  const width = Math.max(header.length, sub.length);
  const counts = new Map<string, number>();
  for (const h of header) if (h) counts.set(normaliseHeader(h), (counts.get(normaliseHeader(h)) ?? 0) + 1);
  const columns: PreviewColumn[] = [];
  let spanning = '';
  for (let i = 0; i < width; i++) {
    const top = header[i] ?? '';
    const below = sub[i] ?? '';
    // In a two-row header a blank top cell continues the one to its left (a merged cell).
    if (top) spanning = top;
    const over = top || (below ? spanning : '');
    const label = over && below ? `${over}: ${below}` : over || below || `Column ${i + 1}`;
    const byName = top !== '' && counts.get(normaliseHeader(top)) === 1 && !(below && !top);
    columns.push({ position: i + 1, header: top, label, value: byName ? top : `#${i + 1}` });
  }
  return columns;
}
