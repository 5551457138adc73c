import * as z from 'zod';
import { type Category, categories } from './categories.ts';
import { penceAmount } from './messages.ts';
import { parseQuarter } from './periods.ts';

// A spend line: how much an organisation spent in a category in a quarter, and how much of it
// went to local suppliers, SMEs, VCSEs and contracts with sustainability criteria. Integer pence.
// A negative total is a credit; its parts then lie between the total and zero.

export const SPEND_PARTS = ['localPence', 'smePence', 'vcsePence', 'criteriaPence'] as const;
export type SpendPart = (typeof SPEND_PARTS)[number];

export type SpendAmounts = {
  totalPence: number;
  localPence: number;
  smePence: number;
  vcsePence: number;
  criteriaPence: number;
};

export type SpendLine = SpendAmounts & { category: Category };

/** £10bn in a quarter and category: far above any real figure, far inside safe integers. */
export const MAX_LINE_PENCE = 1_000_000_000_000;

const pence = penceAmount(-MAX_LINE_PENCE, MAX_LINE_PENCE);

export const spendLineInput = z
  .object({
    category: z.enum(categories),
    totalPence: pence,
    localPence: pence,
    smePence: pence,
    vcsePence: pence,
    criteriaPence: pence,
  })
  .strict()
  .superRefine((line, ctx) => {
    for (const part of SPEND_PARTS) {
      if (!partWithinTotal(line[part], line.totalPence)) {
        ctx.addIssue({
          code: 'custom',
          path: [part],
          message:
            line.totalPence >= 0
              ? `must be between 0 and totalPence (${line.totalPence})`
              : `must be between totalPence (${line.totalPence}) and 0 for a credit`,
        });
      }
    }
  });

export const spendReturnInput = z
  .object({
    lines: z.array(spendLineInput).max(categories.length),
    /** A nil return: no spend at all in the quarter. Only then does a return of zeros count as reporting. */
    nil: z.boolean().optional(),
    /** The officer confirms that lines equal to their category's imported total are other money. */
    confirmImported: z.boolean().optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.nil && value.lines.some((line) => !isZero(line))) {
      ctx.addIssue({
        code: 'custom',
        path: ['nil'],
        message: 'a nil return has no spend: leave every line at zero, or do not mark it nil',
      });
    }
    const seen = new Set<string>();
    value.lines.forEach((line, index) => {
      if (seen.has(line.category)) {
        ctx.addIssue({
          code: 'custom',
          path: ['lines', index, 'category'],
          message: `${line.category} appears twice`,
        });
      }
      seen.add(line.category);
    });
  });

export type SpendReturnInput = z.infer<typeof spendReturnInput>;

export function partWithinTotal(part: number, total: number): boolean {
  return total >= 0 ? part >= 0 && part <= total : part <= 0 && part >= total;
}

export const zeroAmounts = (): SpendAmounts => ({
  totalPence: 0,
  localPence: 0,
  smePence: 0,
  vcsePence: 0,
  criteriaPence: 0,
});

export function addAmounts(a: SpendAmounts, b: SpendAmounts, sign: 1 | -1 = 1): SpendAmounts {
  return {
    totalPence: a.totalPence + sign * b.totalPence,
    localPence: a.localPence + sign * b.localPence,
    smePence: a.smePence + sign * b.smePence,
    vcsePence: a.vcsePence + sign * b.vcsePence,
    criteriaPence: a.criteriaPence + sign * b.criteriaPence,
  };
}

export const isZero = (a: SpendAmounts) =>
  a.totalPence === 0 && a.localPence === 0 && a.smePence === 0 && a.vcsePence === 0 && a.criteriaPence === 0;

/**
 * What replacing a quarter's return changes in each category's totals: new minus old, for every
 * category either return mentions, leaving out categories that do not change.
 */
export function returnDifference(previous: SpendLine[], next: SpendLine[]): Map<Category, SpendAmounts> {
  const diff = new Map<Category, SpendAmounts>();
  for (const line of next)
    diff.set(line.category, addAmounts(diff.get(line.category) ?? zeroAmounts(), line));
  for (const line of previous)
    diff.set(line.category, addAmounts(diff.get(line.category) ?? zeroAmounts(), line, -1));
  for (const [category, amounts] of diff) if (isZero(amounts)) diff.delete(category);
  return diff;
}

export const quarterParam = z
  .string()
  .refine((q) => parseQuarter(q) !== null, 'must be a quarter such as 2025-26-Q3');

/**
 * Whether a return counts as reporting its quarter: a line with any amount, or a nil return (all
 * zeros, marked so). A return of zeros that is not marked nil says nothing and does not count.
 */
export function returnReports(record: { lines: SpendAmounts[]; nil?: boolean }): boolean {
  return record.nil === true || record.lines.some((line) => !isZero(line));
}

/**
 * Return lines equal to what is already imported in their category for the quarter: a non-zero
 * line whose total equals its category's non-zero imported total, almost surely the same money
 * typed again. `imported` maps each category to the quarter's imported total in pence.
 */
export function linesEqualToImports(
  lines: SpendLine[],
  imported: ReadonlyMap<Category, number>,
): { index: number; category: Category; importedPence: number }[] {
  const matches: { index: number; category: Category; importedPence: number }[] = [];
  lines.forEach((line, index) => {
    const importedPence = imported.get(line.category) ?? 0;
    if (line.totalPence !== 0 && importedPence !== 0 && line.totalPence === importedPence)
      matches.push({ index, category: line.category, importedPence });
  });
  return matches;
}

/** A quarter and category's ledger total split into its imported and returned money (pence). */
export type SplitTotal = { importedPence: number; returnedPence: number };

/**
 * The imported part of a ledger total: the total less the line of the quarter's return in force
 * (the return is the only other thing that moves the totals). Derived, so totals written before
 * the split was shown read right without a migration.
 */
export function splitTotal(totalPence: number, returnLine: SpendAmounts | undefined): SplitTotal {
  const returnedPence = returnLine?.totalPence ?? 0;
  return { importedPence: totalPence - returnedPence, returnedPence };
}
