// The identity of an imported row in an organisation's ledger: its transaction number (when the
// mapping names that column), its date and its amount; never the mapping's other columns, the
// file's encoding or layout, or which file it came in. Rows of one file that share an identity
// are told apart as lines of it, matched to the ledger's lines by their other cells, then by order.

export type Read<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Transaction numbers longer than this are cut (enough for any real one; bounds the key). */
const MAX_TRANSACTION_NUMBER = 200;

/** "4.63E+07", "4.6296351e7": a number Excel re-saved in scientific notation, its digits lost. */
const SCIENTIFIC = /^[+-]?\d+(?:[.,]\d+)?e[+-]?\d+$/i;

/**
 * A transaction number as the ledger compares it: spacing around dashes and runs of spaces folded
 * ("46296351 - 1" is "46296351-1"), leading zeros of an all-digit number dropped ("0046296351" is
 * "46296351"). Blank stays blank (no number). Scientific notation is refused: the number is lost.
 */
export function normaliseTransactionNumber(text: string | undefined): Read<string> {
  // split/trim rather than /\s*-\s*/, which backtracks quadratically on long runs of spaces.
  const folded = (text ?? '')
    .split('-')
    .map((part) => part.trim().split(/\s+/).filter(Boolean).join(' '))
    .join('-');
  if (SCIENTIFIC.test(folded)) {
    return {
      ok: false,
      reason: `transaction number "${folded.slice(0, 40)}" is in scientific notation (a spreadsheet re-saved it): its digits are lost`,
    };
  }
  const value = /^\d+$/.test(folded) ? folded.replace(/^0+(?=\d)/, '') : folded;
  return { ok: true, value: value.slice(0, MAX_TRANSACTION_NUMBER) };
}

export type RowIdentity = {
  /** Normalised; '' when the mapping names no transaction-number column or the cell is blank. */
  transactionNumber: string;
  /** ISO date, `2015-09-22`. */
  date: string;
  amountPence: number;
};

/** The identity as one text, the same for the same row in any file, mapping or encoding. */
export function identityText(identity: RowIdentity): string {
  return `${identity.transactionNumber}\u0000${identity.date}\u0000${identity.amountPence}`;
}

/**
 * A row's other cells (every cell but those read for the identity) as one text, independent of
 * column order, spacing and case: how rows sharing an identity are told apart and matched.
 */
export function otherCellsText(cells: readonly string[], identityColumns: ReadonlySet<number>): string {
  return cells
    .filter((_, index) => !identityColumns.has(index))
    .map((cell) => cell.trim().replace(/\s+/g, ' ').toLowerCase())
    .filter((cell) => cell !== '')
    .sort()
    .join('\u0000');
}

/** A row of the file with a given identity. */
export type FileLine = {
  /** Line number in the file. */
  row: number;
  /** Every cell of the row, as `otherCellsText` (without the identity) and as read (with it). */
  otherCells: string;
  allCells: string;
};

/** A line already in the ledger with the identity: its ordinal, and its other cells when known. */
export type LedgerLine = { ordinal: number; otherCells?: string };

export type LineMatch =
  /** The row is the ledger's line `ordinal`: new when no such line exists yet. */
  | { row: number; kind: 'line'; ordinal: number; existing: boolean; possibleDuplicateOf?: number }
  /** A cell-for-cell repeat, with a transaction number, of an earlier row of the file: counted once. */
  | { row: number; kind: 'repeat'; repeatOf: number };

/**
 * Matches the rows of one file that share an identity to the ledger's lines with it. Cell-for-cell
 * repeats with a transaction number are publishing duplicates (`repeat`, counted once); without
 * one they may be real payments and stay lines, flagged `possibleDuplicateOf` the first. The
 * remaining rows take the ledger's lines whose other cells are the same first, then the
 * remaining lines in ordinal order, then new ordinals after the highest (or from `firstFree`).
 * Results in file order.
 */
export function matchLines(
  rows: readonly FileLine[],
  ledger: readonly LedgerLine[],
  hasTransactionNumber: boolean,
  /** The first ordinal free for new lines (default: after the highest of `ledger`). */
  firstFree?: number,
): LineMatch[] {
  const result = new Map<number, LineMatch>();
  const firstOf = new Map<string, number>();
  const lines: FileLine[] = [];
  for (const row of rows) {
    const first = firstOf.get(row.allCells);
    if (first !== undefined && hasTransactionNumber) {
      result.set(row.row, { row: row.row, kind: 'repeat', repeatOf: first });
      continue;
    }
    if (first === undefined) firstOf.set(row.allCells, row.row);
    lines.push(row);
  }
  const free = [...ledger].sort((a, b) => a.ordinal - b.ordinal);
  const take = (index: number) => free.splice(index, 1)[0] as LedgerLine;
  const unmatched: FileLine[] = [];
  for (const row of lines) {
    const same = free.findIndex(
      (line) => line.otherCells !== undefined && line.otherCells === row.otherCells,
    );
    if (same === -1) unmatched.push(row);
    else result.set(row.row, { row: row.row, kind: 'line', ordinal: take(same).ordinal, existing: true });
  }
  let next = firstFree ?? Math.max(0, ...ledger.map((line) => line.ordinal)) + 1;
  for (const row of unmatched) {
    const ordinal = free.length > 0 ? take(0).ordinal : next++;
    result.set(row.row, { row: row.row, kind: 'line', ordinal, existing: isIn(ledger, ordinal) });
  }
  if (!hasTransactionNumber) {
    for (const row of lines) {
      const first = firstOf.get(row.allCells) as number;
      const match = result.get(row.row);
      if (first !== row.row && match?.kind === 'line') match.possibleDuplicateOf = first;
    }
  }
  return rows.map((row) => result.get(row.row) as LineMatch);
}

const isIn = (ledger: readonly LedgerLine[], ordinal: number) => ledger.some((l) => l.ordinal === ordinal);
