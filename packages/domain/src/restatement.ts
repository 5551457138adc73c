import type { Category } from './categories.ts';
import type { SpendAmounts } from './spend.ts';

// What an import says about a ledger line beyond its identity, and how a later import that reads
// the same line another way restates it: only the columns its mapping reads change.

/** The values of a ledger entry that an import's mapping may read (the identity aside). */
export type EntryValues = {
  category: Category;
  categoryText: string;
  supplierName: string;
  local: boolean;
  sme: boolean;
  vcse: boolean;
  criteria: boolean;
};

/** Mapping fields that carry entry values: a mapping reads those it names a column for. */
export const VALUE_FIELDS = ['category', 'supplierName', 'local', 'sme', 'vcse', 'criteria'] as const;
export type ValueField = (typeof VALUE_FIELDS)[number];

/** The value fields a mapping reads: those it names a column for. */
export function fieldsRead(mapping: Partial<Record<ValueField, unknown>>): Set<ValueField> {
  return new Set(VALUE_FIELDS.filter((field) => typeof mapping[field] === 'string' && mapping[field] !== ''));
}

/**
 * The entry as this import restates it: the columns `read` take the import's values (a category
 * column brings its text and the category it maps to), the others keep the ledger's. Null when
 * nothing read differs: the row is a duplicate.
 */
export function restate(
  before: EntryValues,
  read: EntryValues,
  fields: ReadonlySet<ValueField>,
): EntryValues | null {
  const after: EntryValues = { ...before };
  if (fields.has('category')) {
    after.category = read.category;
    after.categoryText = read.categoryText;
  }
  if (fields.has('supplierName')) after.supplierName = read.supplierName;
  for (const flag of ['local', 'sme', 'vcse', 'criteria'] as const)
    if (fields.has(flag)) after[flag] = read[flag];
  const changed = (Object.keys(after) as (keyof EntryValues)[]).some((key) => after[key] !== before[key]);
  return changed ? after : null;
}

/** An entry's contribution to its quarter's total in its category (pence). */
export function entryAmounts(values: EntryValues, amountPence: number): SpendAmounts {
  return {
    totalPence: amountPence,
    localPence: values.local ? amountPence : 0,
    smePence: values.sme ? amountPence : 0,
    vcsePence: values.vcse ? amountPence : 0,
    criteriaPence: values.criteria ? amountPence : 0,
  };
}

/** Just the entry values of a record that holds more. */
export function valuesOf(v: EntryValues): EntryValues {
  return {
    category: v.category,
    categoryText: v.categoryText,
    supplierName: v.supplierName,
    local: v.local,
    sme: v.sme,
    vcse: v.vcse,
    criteria: v.criteria,
  };
}
