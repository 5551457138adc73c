// Amounts as councils publish them: "£1,234.56", "1234.5", "-12.00", "(12.00)", "12.00-",
// "12.00 CR", with stray spaces. Parsed on the digits into integer pence, never via floats.

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

export function parseAmountToPence(raw: string | undefined): Parsed<number> {
  let text = (raw ?? '').trim();
  if (text === '') return { ok: false, reason: 'amount is blank' };
  let negative = false;
  // Accountants' negatives: "(12.00)", "12.00-", "12.00 CR"; and the ordinary "-£12", "£-12".
  if (/^\(.*\)$/.test(text)) {
    negative = !negative;
    text = text.slice(1, -1);
  }
  const trailing = /^(.*?\d)\s*(CR|-)$/i.exec(text);
  if (trailing?.[1]) {
    negative = !negative;
    text = trailing[1];
  }
  text = text.replace(/\s|GBP/gi, '');
  for (const prefix of ['-', '£', '-']) {
    if (text.startsWith(prefix)) {
      if (prefix === '-') negative = !negative;
      text = text.slice(1);
    }
  }
  if (!/^(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/.test(text))
    return { ok: false, reason: `amount "${raw}" is not a number` };
  const [whole = '0', fraction = ''] = text.replace(/,/g, '').split('.');
  if (fraction.length > 2 && /[1-9]/.test(fraction.slice(2))) {
    return { ok: false, reason: `amount "${raw}" has fractions of a penny` };
  }
  const pence = Number(whole) * 100 + Number(fraction.slice(0, 2).padEnd(2, '0'));
  if (!Number.isSafeInteger(pence) || pence > 1_000_000_000_000) {
    return { ok: false, reason: `amount "${raw}" is too large` };
  }
  return { ok: true, value: negative ? -pence : pence };
}
