import { type Category, categories } from '@compact-tracker/domain/categories';
import { financialYearOf, quarterBounds } from '@compact-tracker/domain/periods';
import {
  identityText,
  normaliseTransactionNumber,
  otherCellsText,
} from '@compact-tracker/domain/row-identity';
import type { DateFormat, ImportMapping } from '@compact-tracker/domain/spend-import';
import { shortHash } from '@compact-tracker/store/ledger-lines';
import { type Parsed, parseAmountToPence } from './amount.ts';
import { parseDate } from './date.ts';

// One CSV row -> one ledger entry, or the reason it cannot be one.

export type ImportedEntry = {
  /** Hash of the row's identity: transaction number, date and amount. */
  identity: string;
  /** Hashes of the row's other cells and of all its cells: how lines of one identity are told apart. */
  otherCells: string;
  allCells: string;
  date: string;
  quarter: string;
  category: Category;
  categoryText: string;
  amountPence: number;
  local: boolean;
  sme: boolean;
  vcse: boolean;
  criteria: boolean;
  supplierName: string;
  transactionId: string;
};

type Field = Exclude<keyof ImportMapping, 'categoryMap'>;

/** The mapping resolved against the file's headers (case, spacing and BOM forgiven). */
export type ResolvedMapping = Partial<Record<Field, string>>;

const normalise = (header: string) =>
  header
    .replace(/^\uFEFF/, '')
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase();

export function resolveMapping(mapping: ImportMapping, headers: string[]): Parsed<ResolvedMapping> {
  // Records are keyed by the trimmed header (run-import's `columns`), so resolve to that.
  const byName = new Map(headers.map((h) => [normalise(h), h.replace(/^\uFEFF/, '').trim()]));
  const resolved: ResolvedMapping = {};
  const missing: string[] = [];
  for (const [field, wanted] of Object.entries(mapping) as [Field | 'categoryMap', unknown][]) {
    if (field === 'categoryMap' || typeof wanted !== 'string') continue;
    const actual = byName.get(normalise(wanted));
    if (actual === undefined) missing.push(`${field} ("${wanted}")`);
    else resolved[field] = actual;
  }
  if (missing.length > 0) {
    // The reason is stored on the import and shown: name the first columns, not thousands of them.
    const shown = headers.slice(0, MAX_COLUMNS_NAMED).map((h) => `"${h.trim().slice(0, MAX_TEXT)}"`);
    const more = headers.length > MAX_COLUMNS_NAMED ? ` and ${headers.length - MAX_COLUMNS_NAMED} more` : '';
    return {
      ok: false,
      reason: `the file has no column for ${missing.join(', ')}; its columns are: ${shown.join(', ')}${more}`,
    };
  }
  return { ok: true, value: resolved };
}

const YES = new Set(['y', 'yes', 'true', '1']);
const NO = new Set(['n', 'no', 'false', '0', '']);

function flag(value: string | undefined, name: string): Parsed<boolean> {
  const text = (value ?? '').trim().toLowerCase();
  if (YES.has(text)) return { ok: true, value: true };
  if (NO.has(text)) return { ok: true, value: false };
  return { ok: false, reason: `${name} flag "${value}" is not Y or N` };
}

/** The first day of the earliest financial year the ledger takes. */
const EARLIEST_DATE = '2000-04-01';

/** Text kept from a row: enough for any real supplier or category, bounded for the item size. */
const MAX_TEXT = 200;

/** Columns listed when a mapped one is missing. */
const MAX_COLUMNS_NAMED = 20;

export function toEntry(
  record: Record<string, string>,
  columns: ResolvedMapping,
  mapping: ImportMapping,
  dateFormat: DateFormat,
  today: string,
): Parsed<ImportedEntry> {
  const date = parseDate(columns.date ? record[columns.date] : undefined, dateFormat);
  if (!date.ok) return date;
  // Spend is of the past: no quarter before the ledger's era or after today gets a total.
  if (date.value < EARLIEST_DATE)
    return { ok: false, reason: `date ${date.value} is before ${EARLIEST_DATE}` };
  if (date.value > today) return { ok: false, reason: `date ${date.value} is in the future` };
  const amount = parseAmountToPence(columns.amount ? record[columns.amount] : undefined);
  if (!amount.ok) return amount;
  const flags = { local: false, sme: false, vcse: false, criteria: false };
  for (const name of ['local', 'sme', 'vcse', 'criteria'] as const) {
    const column = columns[name];
    if (!column) continue;
    const parsed = flag(record[column], name);
    if (!parsed.ok) return parsed;
    flags[name] = parsed.value;
  }
  const categoryText = columns.category ? (record[columns.category] ?? '').trim().slice(0, MAX_TEXT) : '';
  // Own keys only: a cell reading `constructor` or `__proto__` must not find Object's members.
  const map = mapping.categoryMap ?? {};
  const mapped = Object.hasOwn(map, categoryText) ? map[categoryText] : undefined;
  const category = mapped && (categories as readonly string[]).includes(mapped) ? mapped : 'other';
  const supplierName = columns.supplierName
    ? (record[columns.supplierName] ?? '').trim().slice(0, MAX_TEXT)
    : '';
  const transactionNumber = normaliseTransactionNumber(
    columns.transactionId ? record[columns.transactionId] : undefined,
  );
  if (!transactionNumber.ok) return transactionNumber;
  const transactionId = transactionNumber.value;
  const quarter = quarterOf(date.value);
  // The same row in another (or the same) file has the same identity, whatever the mapping's
  // other columns, the layout or the encoding: nothing counts twice.
  const identity = shortHash(
    identityText({ transactionNumber: transactionId, date: date.value, amountPence: amount.value }),
  );
  const cells = Object.values(record);
  const identityColumns = new Set(
    Object.keys(record).flatMap((name, index) =>
      name === columns.date || name === columns.amount || name === columns.transactionId ? [index] : [],
    ),
  );
  return {
    ok: true,
    value: {
      identity,
      otherCells: shortHash(otherCellsText(cells, identityColumns)),
      allCells: shortHash(cells.map((cell) => cell.trim()).join('\u0000')),
      date: date.value,
      quarter,
      category,
      categoryText,
      amountPence: amount.value,
      supplierName,
      transactionId,
      ...flags,
    },
  };
}

export function quarterOf(isoDate: string): string {
  const fy = financialYearOf(isoDate);
  for (const n of [1, 2, 3, 4]) {
    const id = `${fy}-Q${n}`;
    if (isoDate <= quarterBounds(id).end) return id;
  }
  return `${fy}-Q4`;
}
