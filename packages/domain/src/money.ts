// Money is integer pence everywhere; pounds appear only at the edges (display and form input).

const poundsFormat = new Intl.NumberFormat('en-GB', {
  style: 'currency',
  currency: 'GBP',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

/** 123456 -> "£1,234.56"; negative amounts as "-£1,234.56". */
export function formatPence(pence: number): string {
  if (!Number.isSafeInteger(pence)) throw new RangeError(`pence must be a safe integer: ${pence}`);
  const sign = pence < 0 ? '-' : '';
  const abs = Math.abs(pence);
  const pounds = Math.trunc(abs / 100);
  const rest = abs % 100;
  // Format whole pounds with grouping, then append pence as digits: no float arithmetic on money.
  const whole = poundsFormat.format(pounds).replace(/\.00$/, '');
  return `${sign}${whole}.${String(rest).padStart(2, '0')}`;
}

/** Compact form for large figures on dashboards: "£6.0bn", "£900m", "£12.5k". */
export function formatPenceShort(pence: number): string {
  const pounds = pence / 100;
  const abs = Math.abs(pounds);
  const sign = pounds < 0 ? '-' : '';
  if (abs >= 1e9) return `${sign}£${trimZero((abs / 1e9).toFixed(1))}bn`;
  if (abs >= 1e6) return `${sign}£${trimZero((abs / 1e6).toFixed(1))}m`;
  if (abs >= 1e3) return `${sign}£${trimZero((abs / 1e3).toFixed(1))}k`;
  return formatPence(pence);
}

function trimZero(text: string): string {
  return text.endsWith('.0') ? text.slice(0, -2) : text;
}

/**
 * Parses a pounds amount typed by a person ("£1,234.56", "900000000", "-12.5") into pence,
 * working on the digits so that no binary float rounding can creep in. Null when unreadable.
 */
export function parsePoundsToPence(text: string): number | null {
  const cleaned = text.trim().replace(/[£,\s]/g, '');
  const match = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!match) return null;
  const pence = Number(match[2]) * 100 + Number((match[3] ?? '0').padEnd(2, '0'));
  if (!Number.isSafeInteger(pence)) return null;
  return match[1] ? -pence : pence;
}
