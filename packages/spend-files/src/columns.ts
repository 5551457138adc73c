import { columnPosition, type MappedField, mappedFields } from '@compact-tracker/domain/spend-import';

// Which row of a file is its header, and which cell of each row holds each mapped field.
// A mapping names a column by its header (case, spacing and a byte-order mark forgiven) or by
// its 1-based position, `#6`. The header row is the first row that holds every mapped header
// name; the first row when every column is mapped by position. A name the header row repeats is
// refused, naming the positions to choose from.

/** Mapping values (header names or `#N`) by field, as the import's mapping or a preview's choice. */
export type ColumnMapping = Partial<Record<MappedField, string>>;

/** 0-based cell index of each mapped field. */
export type ColumnIndexes = Partial<Record<MappedField, number>>;

/** A row's cells for the mapped fields. */
export type SpendFields = Partial<Record<MappedField, string>>;

export type HeaderRow = { index: number; columns: ColumnIndexes };

export type Found<T> = { ok: true; value: T } | { ok: false; reason: string; duplicate?: boolean };

/** How far down a file its header may be: title rows are a few lines, not a page. */
export const HEADER_SEARCH_ROWS = 100;

/** Columns listed when a mapped one is missing. */
const MAX_COLUMNS_NAMED = 20;
/** Text of a header shown in a reason: the reason is stored and shown, so bounded. */
const MAX_TEXT = 60;

export const normaliseHeader = (header: string) =>
  header
    .replace(/^\uFEFF/, '')
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase();

function entries(mapping: ColumnMapping): [MappedField, string][] {
  return mappedFields.flatMap((field) => {
    const value = mapping[field];
    return typeof value === 'string' && value.trim() !== '' ? [[field, value] as [MappedField, string]] : [];
  });
}

/**
 * Finds the header row among the first rows of a file (at most HEADER_SEARCH_ROWS of them) and
 * resolves the mapping against it. Fails with a reason for the person who chose the mapping: the
 * columns it cannot find (listing the file's), a position past the last column, or a name the
 * header repeats (`duplicate`).
 */
export function findHeaderRow(rows: string[][], mapping: ColumnMapping): Found<HeaderRow> {
  const wanted = entries(mapping);
  const searched = rows.slice(0, HEADER_SEARCH_ROWS);
  const widest = searched.reduce<string[]>((w, r) => (r.length > w.length ? r : w), []);
  const columns: ColumnIndexes = {};
  const named: [MappedField, string][] = [];
  for (const [field, value] of wanted) {
    const position = columnPosition(value);
    if (position === null) named.push([field, normaliseHeader(value)]);
    else if (position > widest.length) {
      return {
        ok: false,
        reason: `the file has no column ${value} for ${field}: its rows have ${widest.length} columns`,
      };
    } else columns[field] = position - 1;
  }
  if (searched.length === 0) return { ok: false, reason: 'the file has no rows' };
  const index =
    named.length === 0
      ? 0
      : searched.findIndex((row) => {
          const names = new Set(row.map(normaliseHeader));
          return named.every(([, name]) => names.has(name));
        });
  if (index < 0) {
    const names = new Set(widest.map(normaliseHeader));
    const missing = named
      .filter(([, name]) => !names.has(name))
      .map(([field]) => `${field} ("${mapping[field]?.trim()}")`);
    const shown = widest.slice(0, MAX_COLUMNS_NAMED).map((h) => `"${h.trim().slice(0, MAX_TEXT)}"`);
    const more = widest.length > MAX_COLUMNS_NAMED ? ` and ${widest.length - MAX_COLUMNS_NAMED} more` : '';
    return {
      ok: false,
      reason: `the file has no column for ${(missing.length > 0 ? missing : named.map(([f]) => f)).join(', ')}; its columns are: ${shown.join(', ')}${more}`,
    };
  }
  const header = (searched[index] as string[]).map(normaliseHeader);
  const repeated: string[] = [];
  for (const [field, name] of named) {
    const positions = header.flatMap((h, i) => (h === name ? [i + 1] : []));
    if (positions.length > 1) {
      const listed = `${positions.slice(0, -1).join(', ')} and ${positions.at(-1)}`;
      const choices = positions.map((p) => `#${p}`);
      repeated.push(
        `the file has ${positions.length} columns named "${mapping[field]?.trim()}" (columns ${listed}): ` +
          `map ${field} by position instead, to ${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}`,
      );
    } else columns[field] = (positions[0] as number) - 1;
  }
  if (repeated.length > 0) return { ok: false, reason: repeated.join('; '), duplicate: true };
  return { ok: true, value: { index, columns } };
}

/**
 * A row right after the header whose date cell is blank and whose amount cell is text (no digit)
 * is the header's second row ("Amount" above "Gross", "VAT", "Net"), not a payment.
 */
export function isSecondHeaderRow(row: string[] | undefined, columns: ColumnIndexes): boolean {
  if (!row || columns.date === undefined || columns.amount === undefined) return false;
  const date = (row[columns.date] ?? '').trim();
  const amount = (row[columns.amount] ?? '').trim();
  return date === '' && /\p{L}/u.test(amount) && !/\d/.test(amount);
}

/** The mapped fields' cells of a row, as read (untrimmed); a cell the row is too short for is absent. */
export function fieldsOf(row: string[], columns: ColumnIndexes): SpendFields {
  const fields: SpendFields = {};
  for (const field of mappedFields) {
    const index = columns[field];
    if (index !== undefined && index < row.length) fields[field] = row[index];
  }
  return fields;
}
