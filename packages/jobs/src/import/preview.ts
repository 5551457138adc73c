import { csvReadProblem } from '@compact-tracker/domain/csv-errors';
import type { ImportMapping } from '@compact-tracker/domain/spend-import';
import { parse } from 'csv-parse/sync';

// What an officer sees before choosing the mapping: the headers detected, the first rows, a
// suggested mapping from the usual names councils give their columns, and the category texts
// seen so far (to map onto ours).

const usualNames: Record<Exclude<keyof ImportMapping, 'categoryMap'>, RegExp> = {
  date: /^(payment |transaction |invoice |paid )?date( paid)?$/i,
  amount: /^(net |total )?am+ou?nt( \(?(£|gbp|net|excl?\.? vat)\)?)?$|^value$|^net$/i,
  transactionId: /^(transaction|trans|payment|invoice|document)( ?(number|no\.?|id|ref(erence)?))$/i,
  supplierName: /^(supplier|vendor|payee|beneficiary)( name)?$/i,
  category: /^(expense|expenses|expenditure) ?(type|category|description)$|^category$|^(proclass|purpose)/i,
  local: /^local( supplier)?( ?\(?y\/n\)?)?$/i,
  sme: /^sme( ?\(?y\/n\)?)?$/i,
  vcse: /^vcse( ?\(?y\/n\)?)?$/i,
  criteria: /^(sustainability )?criteria( ?\(?y\/n\)?)?$/i,
};

export type ImportPreview = {
  headers: string[];
  rows: string[][];
  suggestedMapping: Partial<ImportMapping>;
  categoriesSeen: string[];
  error?: string;
};

export function previewCsv(sample: string, rows = 10): ImportPreview {
  // The sample is the first part of the file: its last line may be cut, so drop it.
  const text = sample.replace(/^\uFEFF/, '');
  const complete =
    text.length >= 4096 && !/\r?\n$/.test(text) ? text.slice(0, text.lastIndexOf('\n') + 1) : text;
  let records: string[][];
  try {
    records = parse(complete, {
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
    });
  } catch (error) {
    return {
      headers: [],
      rows: [],
      suggestedMapping: {},
      categoriesSeen: [],
      error: csvReadProblem(error),
    };
  }
  const [headerRow = [], ...body] = records;
  const headers = headerRow.map((h) => h.trim());
  const suggestedMapping: Partial<ImportMapping> = {};
  for (const [field, pattern] of Object.entries(usualNames) as [keyof typeof usualNames, RegExp][]) {
    const found = headers.find((h) => pattern.test(h));
    if (found) suggestedMapping[field] = found;
  }
  const categoryIndex = suggestedMapping.category ? headers.indexOf(suggestedMapping.category) : -1;
  const categoriesSeen =
    categoryIndex < 0
      ? []
      : [...new Set(body.map((r) => (r[categoryIndex] ?? '').trim()).filter(Boolean))].sort().slice(0, 200);
  return { headers, rows: body.slice(0, rows), suggestedMapping, categoriesSeen };
}
