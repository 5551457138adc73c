import {
  describeProblem,
  MAX_SHEET_ROWS,
  readSheetHeader,
  readSheetRow,
  type SheetProblem,
  type SheetRow,
} from '@compact-tracker/domain/supplier-facts-sheet';
import { parse } from 'csv-parse/sync';

// Reads a sheet of supplier facts (supplier-facts-sheet.ts says its columns) with csv-parse, as the
// importers read spend files: a byte-order mark dropped, blank rows skipped, ragged rows let
// through for the row checks to name. Every problem is collected, so that a person fixes the sheet
// once rather than a row at a time.

export type SheetReading = { rows: SheetRow[]; problems: SheetProblem[] };

/** Problems listed in an answer: past this many, the count is given. */
export const PROBLEMS_LISTED = 50;

type Parsed = { record: string[]; info: { lines: number } };

export function readSupplierFactsCsv(text: string): SheetReading {
  const parsed = parse(text.replace(/^\uFEFF/, ''), {
    info: true,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
    relax_column_count: true,
    relax_quotes: true,
    max_record_size: 64 * 1024,
  }) as unknown as Parsed[];
  const [header, ...data] = parsed;
  if (!header)
    return { rows: [], problems: [{ row: 1, message: 'the file is empty: it needs a header row' }] };
  if (data.length > MAX_SHEET_ROWS) {
    return {
      rows: [],
      problems: [
        {
          row: data[MAX_SHEET_ROWS]?.info.lines ?? MAX_SHEET_ROWS + 2,
          message: `the sheet has ${data.length} rows: split it into files of at most ${MAX_SHEET_ROWS}`,
        },
      ],
    };
  }
  const layout = readSheetHeader(header.record);
  if (Array.isArray(layout)) return { rows: [], problems: layout };
  const rows: SheetRow[] = [];
  const problems: SheetProblem[] = [];
  for (const { record, info } of data) {
    const read = readSheetRow(layout, record, info.lines);
    if (Array.isArray(read)) problems.push(...read);
    else rows.push(read);
  }
  if (rows.length === 0 && problems.length === 0) {
    problems.push({ row: 2, message: 'the sheet has a header but no rows of suppliers' });
  }
  return { rows, problems };
}

/** The problems as the problem answer's `errors` (`csv.{row}.{column}`) and a summary sentence. */
export function sheetProblemErrors(problems: SheetProblem[]) {
  const listed = problems.slice(0, PROBLEMS_LISTED);
  const errors = listed.map((p) => ({
    path: `csv.${p.row}${p.column ? `.${p.column}` : ''}`,
    message: describeProblem(p),
  }));
  const more = problems.length - listed.length;
  const detail =
    `nothing was saved: ${problems.length === 1 ? 'one row needs' : `${problems.length} problems need`} ` +
    `correcting (${listed.slice(0, 3).map(describeProblem).join('; ')}${problems.length > 3 ? '; ...' : ''})` +
    (more > 0 ? `; ${more} more are not listed` : '');
  return { errors, detail };
}
