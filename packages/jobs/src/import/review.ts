import { type DateFormat, dateFormats } from '@compact-tracker/domain/spend-import';
import { parseDate } from './date.ts';

// The review pass's tally: rows read, rejections grouped by what went wrong, and how each date
// format reads the file's date cells, so that a wrong format is named with the one that fits.

/** More than this share of a file's data rows rejected stops the import for review. */
export const REVIEW_SHARE = 0.05;

export type ReviewReason = {
  /** What went wrong, for a person: "2,706 rows: 13/01/2016 is not mm/dd/yyyy; the file reads as dd/mm/yyyy". */
  reason: string;
  rows: number;
  /** The first row it happened on. */
  firstRow: number;
  /** For dates: the format the file's dates read in, when another one fits. */
  suggestedDateFormat?: DateFormat;
};

type Group = { rows: number; firstRow: number; example: string };

const count = (n: number) => `${n.toLocaleString('en-GB')} ${n === 1 ? 'row' : 'rows'}`;

/** A rejection reason with its cell values taken out: reasons of one kind group together. */
const kindOf = (reason: string) => reason.replace(/"[^"]*"/g, '"…"').replace(/\d{4}-\d{2}-\d{2}/g, 'DATE');

export class ReviewTally {
  rows = 0;
  rejected = 0;
  private readonly groups = new Map<string, Group>();
  private readonly dateGroup: Group = { rows: 0, firstRow: 0, example: '' };
  /** Date cells each format cannot read. */
  private readonly unreadable = new Map<DateFormat, number>(dateFormats.map((f) => [f, 0]));

  private readonly chosen: DateFormat;

  constructor(chosen: DateFormat) {
    this.chosen = chosen;
  }

  /** A data row's date cell, read or not: every format tries it. */
  dateCell(raw: string | undefined) {
    this.rows += 1;
    if ((raw ?? '').trim() === '') return;
    for (const format of dateFormats) {
      if (!parseDate(raw, format).ok) this.unreadable.set(format, (this.unreadable.get(format) ?? 0) + 1);
    }
  }

  /** A row that would be rejected; `dateCell` is set when its date could not be read. */
  reject(row: number, reason: string, dateCell?: string) {
    this.rejected += 1;
    if (dateCell !== undefined && dateCell.trim() !== '') {
      const g = this.dateGroup;
      if (g.rows === 0) Object.assign(g, { firstRow: row, example: dateCell.trim() });
      g.rows += 1;
      return;
    }
    const kind = kindOf(reason);
    const group = this.groups.get(kind) ?? { rows: 0, firstRow: row, example: reason };
    group.rows += 1;
    this.groups.set(kind, group);
  }

  /** The format, other than the chosen one, that reads the most date cells, if it reads more. */
  suggestedDateFormat(): DateFormat | undefined {
    let best: DateFormat | undefined;
    for (const format of dateFormats) {
      if (format === this.chosen) continue;
      if (best === undefined || (this.unreadable.get(format) ?? 0) < (this.unreadable.get(best) ?? 0))
        best = format;
    }
    return best !== undefined && (this.unreadable.get(best) ?? 0) < (this.unreadable.get(this.chosen) ?? 0)
      ? best
      : undefined;
  }

  /** More than 5% of the data rows would be rejected. */
  tooManyRejected(): boolean {
    return this.rejected > this.rows * REVIEW_SHARE;
  }

  /** The rejections grouped and counted, largest first. */
  reasons(): ReviewReason[] {
    const reasons: ReviewReason[] = [];
    const g = this.dateGroup;
    if (g.rows > 0) {
      const suggested = this.suggestedDateFormat();
      reasons.push({
        reason: `${count(g.rows)}: ${g.example} is not ${this.chosen}${suggested ? `; the file reads as ${suggested}` : ''}`,
        rows: g.rows,
        firstRow: g.firstRow,
        ...(suggested ? { suggestedDateFormat: suggested } : {}),
      });
    }
    for (const group of this.groups.values()) {
      reasons.push({
        reason: `${count(group.rows)}: ${group.example} (row ${group.firstRow}${group.rows > 1 ? ' and others' : ''})`,
        rows: group.rows,
        firstRow: group.firstRow,
      });
    }
    return reasons.sort((a, b) => b.rows - a.rows || a.firstRow - b.firstRow);
  }
}
