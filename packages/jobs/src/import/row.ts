import { createHash } from 'node:crypto';
import { type Category, categories } from '@compact-tracker/domain/categories';
import { financialYearOf, quarterBounds } from '@compact-tracker/domain/periods';
import type { DateFormat, ImportMapping } from '@compact-tracker/domain/spend-import';
import type { SpendFields } from '@compact-tracker/spend-files/columns';
import { type Parsed, parseAmountToPence } from './amount.ts';
import { parseDate } from './date.ts';

// One payment row of a spend file (its mapped cells, from @compact-tracker/spend-files) -> one
// ledger entry, or the reason it cannot be one.

export type ImportedEntry = {
  key: string;
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

const YES = new Set(['y', 'yes', 'true', '1']);
const NO = new Set(['n', 'no', 'false', '0', '']);

function flag(value: string | undefined, name: string): Parsed<boolean> {
  const text = (value ?? '').trim().toLowerCase();
  if (YES.has(text)) return { ok: true, value: true };
  if (NO.has(text)) return { ok: true, value: false };
  return { ok: false, reason: `${name} flag "${value}" is not Y or N` };
}

/** "46296351 - 1" and "46296351-1" are the same line of the same transaction. */
export function normaliseTransactionId(value: string): string {
  // split/trim rather than /\s*-\s*/, which backtracks quadratically on long runs of spaces.
  return value
    .split('-')
    .map((part) => part.trim().split(/\s+/).filter(Boolean).join(' '))
    .join('-')
    .slice(0, MAX_TEXT);
}

/** The first day of the earliest financial year the ledger takes. */
const EARLIEST_DATE = '2000-04-01';

/** Text kept from a row: enough for any real supplier or category, bounded for the item size. */
const MAX_TEXT = 200;

/**
 * `fields` are the row's cells for the mapped fields, as the spend-file reader hands them over
 * (a field absent when unmapped or when the row is too short for it).
 */
export function toEntry(
  fields: SpendFields,
  mapping: ImportMapping,
  dateFormat: DateFormat,
  occurrence: (identity: string) => number,
  today: string,
): Parsed<ImportedEntry> {
  const date = parseDate(fields.date, dateFormat);
  if (!date.ok) return date;
  // Spend is of the past: no quarter before the ledger's era or after today gets a total.
  if (date.value < EARLIEST_DATE)
    return { ok: false, reason: `date ${date.value} is before ${EARLIEST_DATE}` };
  if (date.value > today) return { ok: false, reason: `date ${date.value} is in the future` };
  const amount = parseAmountToPence(fields.amount);
  if (!amount.ok) return amount;
  const flags = { local: false, sme: false, vcse: false, criteria: false };
  for (const name of ['local', 'sme', 'vcse', 'criteria'] as const) {
    if (!mapping[name]) continue;
    const parsed = flag(fields[name], name);
    if (!parsed.ok) return parsed;
    flags[name] = parsed.value;
  }
  const categoryText = mapping.category ? (fields.category ?? '').trim().slice(0, MAX_TEXT) : '';
  // Own keys only: a cell reading `constructor` or `__proto__` must not find Object's members.
  const map = mapping.categoryMap ?? {};
  const mapped = Object.hasOwn(map, categoryText) ? map[categoryText] : undefined;
  const category = mapped && (categories as readonly string[]).includes(mapped) ? mapped : 'other';
  const supplierName = mapping.supplierName ? (fields.supplierName ?? '').trim().slice(0, MAX_TEXT) : '';
  const transactionId = mapping.transactionId ? normaliseTransactionId(fields.transactionId ?? '') : '';
  const quarter = quarterOf(date.value);
  // The same row in another (or the same) file gets the same key, so nothing counts twice; the
  // n-th identical row of a file is told apart from the first by its occurrence number.
  const identity = [transactionId, date.value, amount.value, supplierName.toLowerCase(), categoryText].join(
    '\u0000',
  );
  const key = createHash('sha256')
    .update(`${identity}\u0000${occurrence(identity)}`)
    .digest('base64url')
    .slice(0, 32);
  return {
    ok: true,
    value: {
      key,
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
