import type { MappedField } from '@compact-tracker/domain/spend-import';

// The usual names councils give their columns, to suggest a mapping before the officer checks it.
// Headers are compared folded: case, underscores, hyphens and spacing ("paid_date" is "paid date"),
// and the misspellings real files carry ("Expenditure Catergory", "Ammount", "Suplier").

const usualNames: Record<MappedField, RegExp> = {
  date: /^((payment|transaction|invoice|paid|posting|pay) )?date( paid| of payment| of transaction)?$/,
  amount:
    /^((net|total|payment|transaction|invoice|line|paid) )*(amount|value)( \(?(£|gbp|net|excl?\.? vat|net of vat)\)?)?$|^net$|^total$/,
  transactionId:
    /^(transaction|trans|payment|invoice|document|voucher)( ?(number|num|no\.?|id|ref(erence)?))$|^transaction$/,
  supplierName: /^(supplier|vendor|payee|beneficiary|creditor)( name)?$/,
  category:
    /^(expense|expenses|expenditure|spend|cost) ?(type|category|description|group)$|^category$|^(proclass|purpose)/,
  local: /^local( supplier)?( ?\(?y\/n\)?)?$/,
  sme: /^sme( ?\(?y\/n\)?)?$/,
  vcse: /^vcse( ?\(?y\/n\)?)?$/,
  criteria: /^(sustainability )?criteria( ?\(?y\/n\)?)?$/,
};

const misspellings: [RegExp, string][] = [
  [/\bcat[ae]?r?gou?ry\b|\bcatag[oe]ry\b/g, 'category'],
  [/\bam+ou?n?t\b/g, 'amount'],
  [/\bsup+l[iy]er\b/g, 'supplier'],
  [/\btransact?ion\b|\btrans\b/g, 'transaction'],
  [/\bexpend[ai]ture\b/g, 'expenditure'],
];

/** A header folded for comparison with the usual names. */
export function foldHeader(header: string): string {
  let text = header
    .replace(/^\uFEFF/, '')
    .toLowerCase()
    .replace(/[_\s-]+/g, ' ')
    .trim();
  for (const [pattern, right] of misspellings) text = text.replace(pattern, right);
  return text;
}

/** Does this header (folded) look like the usual name of the field? */
export function looksLike(field: MappedField, header: string): boolean {
  return usualNames[field].test(foldHeader(header));
}
