import { createHash } from 'node:crypto';
import { pipeline, type Readable, Transform } from 'node:stream';
import type { DateFormat, ImportMapping } from '@compact-tracker/domain/spend-import';
import { readSpendFile, type SpendFileLayout } from '@compact-tracker/spend-files/read';
import type { Rejection } from '@compact-tracker/store/spend-imports';
import { parseDate } from './date.ts';
import { ReviewTally } from './review.ts';
import { toEntry } from './row.ts';

// The review pass: the whole file read and every row mapped before anything is written, with the
// SHA-256 of its bytes. Streams; keeps the tally and the first rejected rows only.

/** Rejected rows kept for the import's page when it stops for review. */
const REJECTIONS_KEPT = 1000;

export type ReviewOutcome = {
  tally: ReviewTally;
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
  for await (const row of readSpendFile(bytes, layout)) {
    tally.dateCell(row.fields.date);
    const entry = toEntry(row, layout.columns, reading.mapping, reading.dateFormat, today);
    if (entry.ok) continue;
    const dateUnread = !parseDate(row.fields.date, reading.dateFormat).ok;
    tally.reject(row.line, entry.reason, dateUnread ? row.fields.date : undefined);
    if (rejections.length < REJECTIONS_KEPT) rejections.push({ row: row.line, reason: entry.reason });
  }
  return { tally, fileSha256: hash.digest('hex'), rowsRejected: tally.rejected, rejections };
}
