import { createHash } from 'node:crypto';
import { pipeline, type Readable, Transform } from 'node:stream';
import type { DateFormat, ImportMapping } from '@compact-tracker/domain/spend-import';
import { readSpendFile, type SpendFileLayout } from '@compact-tracker/spend-files/read';
import type { Db } from '@compact-tracker/store/db';
import { lineSummaries } from '@compact-tracker/store/ledger-lines';
import type { Rejection } from '@compact-tracker/store/spend-imports';
import { parseDate } from './date.ts';
import { REVIEW_SHARE, type ReviewReason, ReviewTally } from './review.ts';
import { toEntry } from './row.ts';

// The review pass: the whole file read and every row mapped before anything is written, with the
// SHA-256 of its bytes. Streams; keeps the tally and the first rejected rows only.

/** Rejected rows kept for the import's page when it stops for review. */
const REJECTIONS_KEPT = 1000;

export type ReviewOutcome = {
  tally: ReviewTally;
  /**
   * The valid rows' identities by date and amount (`date|pence`) and, for rows with a transaction
   * number, by date and number (`#date|number`), by quarter: to find rows imported before under
   * other identity columns.
   */
  rowKeys: Map<string, Map<string, Set<string>>>;
  /** Hex SHA-256 of the file's bytes. */
  fileSha256: string;
  rowsRejected: number;
  rejections: Rejection[];
};

export async function reviewSpendFile(
  source: Readable,
  layout: SpendFileLayout,
  reading: { mapping: ImportMapping; dateFormat: DateFormat },
  today: string,
): Promise<ReviewOutcome> {
  const hash = createHash('sha256');
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  const bytes = pipeline(source, hashing, () => {
    // errors reach the reader through the destroyed stream
  }) as unknown as Readable;
  const tally = new ReviewTally(reading.dateFormat);
  const rejections: Rejection[] = [];
  const rowKeys = new Map<string, Map<string, Set<string>>>();
  for await (const row of readSpendFile(bytes, layout)) {
    tally.dateCell(row.fields.date);
    const entry = toEntry(row, layout.columns, reading.mapping, reading.dateFormat, today);
    if (entry.ok) {
      const { quarter, date, amountPence, identity, transactionId } = entry.value;
      const keys = rowKeys.get(quarter) ?? new Map<string, Set<string>>();
      const add = (key: string) => keys.set(key, (keys.get(key) ?? new Set<string>()).add(identity));
      add(`${date}|${amountPence}`);
      if (transactionId) add(`#${date}|${transactionId}`);
      rowKeys.set(quarter, keys);
      continue;
    }
    const dateUnread = !parseDate(row.fields.date, reading.dateFormat).ok;
    tally.reject(row.line, entry.reason, dateUnread ? row.fields.date : undefined);
    if (rejections.length < REJECTIONS_KEPT) rejections.push({ row: row.line, reason: entry.reason });
  }
  return { tally, rowKeys, fileSha256: hash.digest('hex'), rowsRejected: tally.rejected, rejections };
}

/**
 * Rows whose identity is new to the ledger but that match lines on date and amount, or on date and
 * transaction number, where those lines were imported under other identity columns (another
 * transaction-number or amount column, or none): such a re-import would count them again under new
 * identities (gross beside net, say). Rows whose identity the
 * ledger holds already (the same columns in another layout, mapped by position or renamed) are no
 * such risk; lines moved from before identities (columns unknown) are left out. More than 5% of
 * the valid rows matching stops the import for review, naming the earlier imports.
 */
export async function otherReadingReason(
  db: Db,
  organisationId: string,
  identityColumns: string,
  rowKeys: Map<string, Map<string, Set<string>>>,
): Promise<ReviewReason | null> {
  let rows = 0;
  const matched = new Set<string>();
  const earlier = new Map<string, string>();
  for (const [quarter, keys] of rowKeys) {
    const other = new Map<string, { importId: string; identityColumns: string }>();
    const held = new Set<string>();
    for (const line of await lineSummaries(db, organisationId, quarter)) {
      held.add(line.identity);
      if (line.identityColumns === '' || line.identityColumns === identityColumns) continue;
      other.set(`${line.date}|${line.amountPence}`, line);
      // The same transaction number and date under another amount column (gross for net, say).
      if (line.transactionId) other.set(`#${line.date}|${line.transactionId}`, line);
    }
    for (const [key, identities] of keys) {
      if (!key.startsWith('#')) rows += identities.size;
      const line = other.get(key);
      if (!line) continue;
      for (const identity of identities) {
        if (held.has(identity)) continue;
        matched.add(`${quarter}#${identity}`);
        earlier.set(line.importId, line.identityColumns);
      }
    }
  }
  const matching = matched.size;
  if (matching === 0 || matching <= rows * REVIEW_SHARE) return null;
  const columns = (text: string) => {
    const [tx, amount] = text.split('|');
    return `${tx ? `transaction number "${tx}"` : 'no transaction number'} and amount "${amount}"`;
  };
  const named = [...earlier].map(([id, cols]) => `import ${id} (${columns(cols)})`);
  return {
    reason:
      `${matching.toLocaleString('en-GB')} ${matching === 1 ? 'row matches' : 'rows match'} on date and amount (or date and transaction number) rows imported before by ` +
      `${named.join(', ')}; this import reads ${columns(identityColumns)}, so they would count twice: ` +
      'map the same columns, or confirm if they are other payments',
    rows: matching,
    firstRow: 0,
  };
}
