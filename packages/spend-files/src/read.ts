import { pipeline, type Readable, type Transform } from 'node:stream';
import { parse } from 'csv-parse';
import {
  type ColumnIndexes,
  type ColumnMapping,
  fieldsOf,
  findHeaderRow,
  HEADER_SEARCH_ROWS,
  isSecondHeaderRow,
  type SpendFields,
} from './columns.ts';
import { csvOptions, SpendFileError } from './csv.ts';
import {
  bytesAsText,
  decodeStream,
  detectingEncoding,
  type Encoding,
  EncodingDetector,
  redecode,
} from './encoding.ts';

// Reads a council spend file in two streaming passes over the same bytes, as the importer opens
// its upload twice. The survey decides the encoding from every byte, finds the header row and
// counts the payment rows; the read then hands over each payment row. Memory stays flat: the
// survey keeps only the first rows (where the header is), the read keeps nothing.

/** What the survey learnt of a file; the read needs it. */
export type SpendFileLayout = {
  /** null: the file is all ASCII. */
  encoding: Encoding | null;
  /** 0-based index, among the rows read, of the header row. */
  headerIndex: number;
  /** The header's second row ("Gross", "VAT", "Net" under "Amount") follows it. */
  secondHeaderRow: boolean;
  columns: ColumnIndexes;
  /** Payment rows: the rows after the header (and its second row). */
  rows: number;
};

/** One payment row of the file. */
export type SpendRow = {
  /** 1-based line of the file where the row ends. */
  line: number;
  /** The mapped fields' cells, as read. */
  fields: SpendFields;
  /** The whole row as read. */
  cells: string[];
};

type Parsed = { record: string[]; info: { lines: number } };

/**
 * The first pass. Throws SpendFileError when the mapping does not fit the file (reason for the
 * person), and csv-parse's error when the file is not CSV (see csvReadProblem in domain).
 */
export async function surveySpendFile(source: Readable, mapping: ColumnMapping): Promise<SpendFileLayout> {
  const detector = new EncodingDetector();
  // The bytes are read as ISO-8859-1 (one character each) while the encoding is unknown: the
  // CSV's commas, quotes and line ends are ASCII in both encodings, so the rows come out the same;
  // the first rows are decoded for real once the whole file has been seen.
  const rows = piped(source, [detectingEncoding(detector), bytesAsText(), parse(csvOptions)]);
  const first: string[][] = [];
  let count = 0;
  for await (const { record } of rows as AsyncIterable<Parsed>) {
    count += 1;
    if (first.length <= HEADER_SEARCH_ROWS) first.push(record);
  }
  const encoding = detector.finish();
  const decoded = first.map((row) => row.map((cell) => redecode(cell, encoding)));
  const header = findHeaderRow(decoded, mapping);
  if (!header.ok) throw new SpendFileError(header.reason);
  const { index, columns } = header.value;
  const secondHeaderRow = isSecondHeaderRow(decoded[index + 1], columns);
  return {
    encoding,
    headerIndex: index,
    secondHeaderRow,
    columns,
    rows: Math.max(0, count - index - 1 - (secondHeaderRow ? 1 : 0)),
  };
}

/** The second pass: every payment row, in order, with its line and mapped cells. */
export async function* readSpendFile(source: Readable, layout: SpendFileLayout): AsyncGenerator<SpendRow> {
  const rows = piped(source, [decodeStream(layout.encoding), parse(csvOptions)]);
  const firstPayment = layout.headerIndex + 1 + (layout.secondHeaderRow ? 1 : 0);
  let index = 0;
  for await (const { record, info } of rows as AsyncIterable<Parsed>) {
    if (index++ < firstPayment) continue;
    yield { line: info.lines, fields: fieldsOf(record, layout.columns), cells: record };
  }
}

/**
 * Chains the streams so that a failure anywhere (a dropped connection mid-file, say) ends the
 * parser with that error, which the reading loop then throws; `.pipe()` would leave it waiting.
 */
function piped(source: Readable, steps: Transform[]): Transform {
  const last = steps.at(-1) as Transform;
  pipeline([source, ...steps], () => {
    // errors reach the reader through the destroyed parser
  });
  return last;
}
