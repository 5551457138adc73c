import { type Category, categories } from '@compact-tracker/domain/categories';
import { financialYearOf, quarterBounds } from '@compact-tracker/domain/periods';
import {
  identityText,
  normaliseTransactionNumber,
  otherCellsText,
} from '@compact-tracker/domain/row-identity';
import type { DateFormat, ImportMapping } from '@compact-tracker/domain/spend-import';
import type { ColumnIndexes, SpendFields } from '@compact-tracker/spend-files/columns';
import { shortHash } from '@compact-tracker/store/ledger-lines';
import { type Parsed, parseAmountToPence } from './amount.ts';
import { parseDate } from './date.ts';

// One payment row of a spend file (its mapped cells, from @compact-tracker/spend-files) -> one
// ledger entry, or the reason it cannot be one.

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
  /**
   * The row's own local, SME and VCSE flags as its cells state them (`rowPattern`): `Y`, `N`, or
   * `-` where the mapping reads no such column or the cell is blank. A blank cell states nothing, so
   * the supplier's facts apply to it (DOMAIN.md's precedence: row flag > officer > register); in the
   * ledger's own per-category parts it counts as no, as before.
   */
  flagPattern: string;
  supplierName: string;
  transactionId: string;
};

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

/**
 * `row.fields` are the row's cells for the mapped fields, as the spend-file reader hands them over
 * (a field absent when unmapped or when the row is too short for it), `row.cells` the whole row;
 * `columns` where the mapped fields are (the identity's cells are left out of the other cells).
 */
export function toEntry(
  row: { fields: SpendFields; cells: string[] },
  columns: ColumnIndexes,
  mapping: ImportMapping,
  dateFormat: DateFormat,
  today: string,
): Parsed<ImportedEntry> {
  const { fields } = row;
  const date = parseDate(fields.date, dateFormat);
  if (!date.ok) return date;
  // Spend is of the past: no quarter before the ledger's era or after today gets a total.
  if (date.value < EARLIEST_DATE)
    return { ok: false, reason: `date ${date.value} is before ${EARLIEST_DATE}` };
  if (date.value > today) return { ok: false, reason: `date ${date.value} is in the future` };
  const amount = parseAmountToPence(fields.amount);
  if (!amount.ok) return amount;
  const flags = { local: false, sme: false, vcse: false, criteria: false };
  let flagPattern = '';
  for (const name of ['local', 'sme', 'vcse', 'criteria'] as const) {
    const stated = mapping[name] !== undefined && mapping[name] !== '' && (fields[name] ?? '').trim() !== '';
    if (mapping[name]) {
      const parsed = flag(fields[name], name);
      if (!parsed.ok) return parsed;
      flags[name] = parsed.value;
    }
    if (name !== 'criteria') flagPattern += stated ? (flags[name] ? 'Y' : 'N') : '-';
  }
  const categoryText = mapping.category ? (fields.category ?? '').trim().slice(0, MAX_TEXT) : '';
  // Own keys only: a cell reading `constructor` or `__proto__` must not find Object's members.
  const map = mapping.categoryMap ?? {};
  const mapped = Object.hasOwn(map, categoryText) ? map[categoryText] : undefined;
  const category = mapped && (categories as readonly string[]).includes(mapped) ? mapped : 'other';
  const supplierName = mapping.supplierName ? (fields.supplierName ?? '').trim().slice(0, MAX_TEXT) : '';
  const transactionNumber = normaliseTransactionNumber(
    mapping.transactionId ? fields.transactionId : undefined,
  );
  if (!transactionNumber.ok) return transactionNumber;
  const transactionId = transactionNumber.value;
  const quarter = quarterOf(date.value);
  // The same row in another (or the same) file has the same identity, whatever the mapping's
  // other columns, the layout or the encoding: nothing counts twice.
  const identity = shortHash(
    identityText({ transactionNumber: transactionId, date: date.value, amountPence: amount.value }),
  );
  const identityColumns = new Set(
    [columns.date, columns.amount, columns.transactionId].filter((c): c is number => c !== undefined),
  );
  return {
    ok: true,
    value: {
      identity,
      otherCells: shortHash(otherCellsText(row.cells, identityColumns)),
      allCells: shortHash(row.cells.map((cell) => cell.trim()).join('\u0000')),
      date: date.value,
      quarter,
      category,
      categoryText,
      amountPence: amount.value,
      supplierName,
      transactionId,
      ...flags,
      flagPattern,
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
