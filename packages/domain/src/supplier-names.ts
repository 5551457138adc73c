// Supplier names as council files write them, folded so that one real supplier has one key.
//
// The rule (DOMAIN.md, "Suppliers"), applied in this order:
//  1. Unicode compatibility forms and accents folded (NFKD, marks dropped), upper case;
//  2. "&" read as "AND";
//  3. every character that is not a letter or digit becomes a space (so "(UK)", "T/A", "Co." and
//     stray quotes fold), then runs of spaces become one;
//  4. whole words folded: LIMITED -> LTD, PUBLIC LIMITED COMPANY -> PLC, a leading THE dropped.
// Nothing else: no spelling correction, no fuzzy matching. "BT GLOBAL SERVIES" (a misspelling in
// Oxford City Council's files) stays apart from "BT GLOBAL SERVICES"; an officer points it at the
// right record by hand.
//
// Undisclosed names: blank names and the redaction notes councils write instead of a person's name
// ("Redacted", "Redacted personal data", "Redacted, personal information", "Personal data",
// "REDACTED", and the "Reacted personal data" typo of the Oxford files) are one "undisclosed"
// supplier per organisation, never classified. A real firm whose name merely starts with those
// letters ("REDACTIVE PUBLISHING LIMITED") is not undisclosed: whole words are compared.

/** The normalised key of a supplier name; "" for a name with no letters or digits. */
export function normaliseSupplierName(name: string): string {
  const folded = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toUpperCase()
    .replace(/&/g, ' AND ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  if (folded === '') return '';
  const words = folded
    .replace(/\bPUBLIC LIMITED COMPANY\b/g, 'PLC')
    .replace(/\bLIMITED\b/g, 'LTD')
    .split(' ');
  if (words[0] === 'THE' && words.length > 1) words.shift();
  return words.join(' ');
}

const REDACTION_WORDS = new Set(['REDACTED', 'REACTED', 'WITHHELD']);
const PERSONAL_WORDS = new Set(['DATA', 'INFORMATION', 'INFO', 'DETAILS']);

/**
 * True for a blank or redacted supplier name: empty after normalising, or exactly a redaction word
 * ("REDACTED", "WITHHELD"), optionally followed by "PERSONAL DATA / INFORMATION / DETAILS", or
 * "PERSONAL DATA / INFORMATION / DETAILS" alone.
 */
export function isUndisclosedName(name: string): boolean {
  const words = normaliseSupplierName(name).split(' ').filter(Boolean);
  if (words.length === 0) return true;
  let at = 0;
  if (REDACTION_WORDS.has(words[0] ?? '')) at = 1;
  if (at === words.length) return true;
  return words.length === at + 2 && words[at] === 'PERSONAL' && PERSONAL_WORDS.has(words[at + 1] ?? '');
}

/** Names `supplierNameKey` remembers before it starts again: a file repeats its suppliers' names. */
const KEYS_REMEMBERED = 20_000;
const keys = new Map<string, string>();

/**
 * The key a row's supplier name is resolved by: '' for a blank or redacted name (the organisation's
 * undisclosed supplier), else the normalised name. Remembers the names it has seen (an import asks
 * for the same names on every row).
 */
export function supplierNameKey(name: string): string {
  let key = keys.get(name);
  if (key === undefined) {
    key = isUndisclosedName(name) ? '' : normaliseSupplierName(name);
    if (keys.size >= KEYS_REMEMBERED) keys.clear();
    keys.set(name, key);
  }
  return key;
}

/** The display name of an organisation's undisclosed supplier. */
export const UNDISCLOSED_NAME = 'Undisclosed (redacted or blank names)';
