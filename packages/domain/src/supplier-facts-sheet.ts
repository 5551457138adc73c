// Classifying many suppliers at once from a sheet an officer fills in (POST
// /v1/organisations/{oid}/supplier-facts): which columns it may have, how their headers are read,
// and what each cell may hold. Reading the CSV itself and resolving suppliers happen in the API.
//
// Columns, by header with case, spacing and punctuation folded ("Company No." is "company no"):
//   supplier        a supplier id, or a name as the organisation's rows write it (required)
//   postcode, company number, charity number
//   sme, vcse, public body    Y/N, yes/no, true/false
//   organisation    the id of an organisation of this tracker ("this is partner X")
//   name, spend     for people reading the sheet (the downloadable template has them): ignored
// A blank cell leaves that fact as it is; the sheet never clears a fact (the supplier's page does).

import { parsePostcode } from './postcodes.ts';
import { type FactField, normaliseCharityNumber, normaliseCompanyNumber } from './supplier-facts.ts';

/** At most this many rows after the header. */
export const MAX_SHEET_ROWS = 1_000;

/** What a column of the sheet holds. */
export type SheetColumn = 'supplier' | 'ignored' | FactField;

const HEADERS: Record<string, SheetColumn> = {
  supplier: 'supplier',
  'supplier name': 'supplier',
  'supplier id': 'supplier',
  postcode: 'postcode',
  'post code': 'postcode',
  'company number': 'companyNumber',
  'company no': 'companyNumber',
  'charity number': 'charityNumber',
  'charity no': 'charityNumber',
  sme: 'sme',
  vcse: 'vcse',
  'public body': 'publicBody',
  organisation: 'organisationId',
  'organisation id': 'organisationId',
  name: 'ignored',
  spend: 'ignored',
};

/** The columns a sheet may have, as a person would write them (for messages and the template). */
export const SHEET_HEADERS = [
  'supplier',
  'postcode',
  'company number',
  'charity number',
  'sme',
  'vcse',
  'public body',
  'organisation',
] as const;

/** A header as compared: lower case, a byte-order mark, punctuation and runs of spaces folded. */
export function foldSheetHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** A Y/N cell: true, false, null when blank (leave as it is), undefined when not a flag. */
export function parseSheetFlag(text: string): boolean | null | undefined {
  const folded = text.trim().toLowerCase();
  if (folded === '') return null;
  if (folded === 'y' || folded === 'yes' || folded === 'true') return true;
  if (folded === 'n' || folded === 'no' || folded === 'false') return false;
  return undefined;
}

export type SheetProblem = { row: number; column?: string; message: string };

export type SheetLayout = { columns: SheetColumn[] };

/** The header row's columns, or the problems with it (row 1). */
export function readSheetHeader(header: readonly string[]): SheetLayout | SheetProblem[] {
  const problems: SheetProblem[] = [];
  const columns: SheetColumn[] = [];
  const seen = new Map<SheetColumn, string>();
  for (const cell of header) {
    const folded = foldSheetHeader(cell);
    const column = HEADERS[folded];
    if (!column) {
      problems.push({
        row: 1,
        column: cell.slice(0, 60),
        message: `"${cell.slice(0, 60)}" is not a column of this sheet: use ${SHEET_HEADERS.join(', ')}`,
      });
      continue;
    }
    const earlier = seen.get(column);
    if (earlier !== undefined && column !== 'ignored') {
      problems.push({
        row: 1,
        column: cell.slice(0, 60),
        message: `"${cell.slice(0, 60)}" repeats the column "${earlier.slice(0, 60)}"`,
      });
    }
    seen.set(column, cell);
    columns.push(column);
  }
  if (!seen.has('supplier')) {
    problems.push({ row: 1, message: 'the sheet needs a "supplier" column (a supplier name or id)' });
  } else if (![...seen.keys()].some((c) => c !== 'supplier' && c !== 'ignored')) {
    problems.push({
      row: 1,
      message: `the sheet has no fact columns: add one or more of ${SHEET_HEADERS.slice(1).join(', ')}`,
    });
  }
  return problems.length > 0 ? problems : { columns };
}

/** The facts of one row: only the cells that are not blank. */
export type SheetFacts = Partial<Record<FactField, string | boolean>>;

export type SheetRow = { row: number; supplier: string; facts: SheetFacts };

const LABELS: Record<FactField, string> = {
  postcode: 'postcode',
  companyNumber: 'company number',
  charityNumber: 'charity number',
  sme: 'sme',
  vcse: 'vcse',
  publicBody: 'public body',
  organisationId: 'organisation',
};

/** One data row (`row` is its line in the sheet, the header being 1): its supplier and facts, or problems. */
export function readSheetRow(
  layout: SheetLayout,
  cells: readonly string[],
  row: number,
): SheetRow | SheetProblem[] {
  const problems: SheetProblem[] = [];
  let supplier = '';
  const facts: SheetFacts = {};
  for (const [index, column] of layout.columns.entries()) {
    const text = (cells[index] ?? '').trim();
    if (column === 'ignored') continue;
    if (column === 'supplier') {
      supplier = text;
      continue;
    }
    if (text === '') continue;
    const value = factValue(column, text);
    if (typeof value === 'object') problems.push({ row, column: LABELS[column], message: value.message });
    else facts[column] = value;
  }
  if (supplier === '') problems.push({ row, column: 'supplier', message: 'give a supplier name or id' });
  else if (supplier.length > 300)
    problems.push({ row, column: 'supplier', message: 'a supplier name is at most 300 characters' });
  else if (Object.keys(facts).length === 0 && problems.length === 0)
    problems.push({
      row,
      message: 'the row gives no facts: fill in at least one column besides the supplier',
    });
  return problems.length > 0 ? problems : { row, supplier, facts };
}

function factValue(column: FactField, text: string): string | boolean | { message: string } {
  const quoted = `"${text.slice(0, 40)}"`;
  switch (column) {
    case 'postcode': {
      const parsed = text.length <= 16 ? parsePostcode(text) : null;
      return parsed ? parsed.postcode : { message: `${quoted} is not a UK postcode such as OX1 1BX` };
    }
    case 'companyNumber':
      return (
        (text.length <= 16 ? normaliseCompanyNumber(text) : null) ?? {
          message: `${quoted} is not a company number such as 01234567 or SC123456`,
        }
      );
    case 'charityNumber':
      return (
        (text.length <= 16 ? normaliseCharityNumber(text) : null) ?? {
          message: `${quoted} is not a charity number such as 1234567`,
        }
      );
    case 'organisationId':
      return /^[0-9A-Za-z_-]{1,64}$/.test(text)
        ? text
        : { message: `${quoted} is not the id of an organisation of this tracker` };
    default: {
      const flag = parseSheetFlag(text);
      return typeof flag === 'boolean'
        ? flag
        : { message: `${quoted} is not Y or N (yes/no, true/false; leave it blank when unknown)` };
    }
  }
}

/** Two rows of one supplier agree when every fact both give is the same. */
export function sameFacts(a: SheetFacts, b: SheetFacts): boolean {
  const fields = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<FactField>;
  return [...fields].every((f) => a[f] === undefined || b[f] === undefined || a[f] === b[f]);
}

/** The problems as one sentence-ish list for people: "row 3, postcode: ...". */
export function describeProblem(p: SheetProblem): string {
  return `row ${p.row}${p.column ? `, ${p.column}` : ''}: ${p.message}`;
}
