import type { DateFormat } from '@compact-tracker/domain/spend-import';
import type { Parsed } from './amount.ts';

// Dates in the format the importer chose; a date that does not exist (31/02/2025) or is written
// another way is rejected with the reason, never guessed.

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const patterns: Record<DateFormat, RegExp> = {
  'dd/mm/yyyy': /^(?<d>\d{1,2})\/(?<m>\d{1,2})\/(?<y>\d{4})$/,
  'dd/mm/yy': /^(?<d>\d{1,2})\/(?<m>\d{1,2})\/(?<y>\d{2})$/,
  'yyyy-mm-dd': /^(?<y>\d{4})-(?<m>\d{1,2})-(?<d>\d{1,2})$/,
  'mm/dd/yyyy': /^(?<m>\d{1,2})\/(?<d>\d{1,2})\/(?<y>\d{4})$/,
  'dd-mmm-yyyy': /^(?<d>\d{1,2})[- ](?<mon>[A-Za-z]{3})[A-Za-z]*[- ](?<y>\d{4}|\d{2})$/,
  'dd.mm.yyyy': /^(?<d>\d{1,2})\.(?<m>\d{1,2})\.(?<y>\d{4})$/,
};

export function parseDate(raw: string | undefined, format: DateFormat): Parsed<string> {
  // Spreadsheets often append a midnight time: "01/04/2025 00:00:00".
  const text = (raw ?? '').trim().replace(/[ T]00:00(:00)?(\.0+)?Z?$/, '');
  if (text === '') return { ok: false, reason: 'date is blank' };
  const match = patterns[format].exec(text);
  if (!match?.groups) return { ok: false, reason: `date "${raw}" is not in the format ${format}` };
  const { d, m, mon, y } = match.groups;
  const month = mon ? MONTHS.indexOf(mon.toLowerCase()) + 1 : Number(m);
  let year = Number(y);
  if ((y ?? '').length === 2) year += year >= 70 ? 1900 : 2000;
  const day = Number(d);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (
    month < 1 ||
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day
  ) {
    return { ok: false, reason: `date "${raw}" does not exist` };
  }
  return { ok: true, value: date.toISOString().slice(0, 10) };
}
