import { shareOf } from './score.ts';
import type { SpendAmounts } from './spend.ts';
import { parseBucketKey, sumClassified } from './supplier-classification.ts';

// An organisation's shares for a year as DOMAIN.md defines them under Coverage: each of local,
// SME, VCSE and criteria is its part over the third-party spend classified for it, shown beside
// that coverage. Returns are fully classified; imported spend is classified by its rows' own flag
// columns, else its suppliers' facts (the classified totals); spend paid to a fellow signatory
// is apart and in neither. Imported spend that no classified total holds (lines written before
// suppliers were resolved) counts as classified by its flag columns, as all imports did before.
// For spend from returns alone every share is part/T as before.

export type DimensionShare = { classifiedPence: number; yesPence: number };

export type YearClassification = {
  spendPence: number;
  interPartnerPence: number;
  local: DimensionShare;
  sme: DimensionShare;
  vcse: DimensionShare;
  criteria: DimensionShare;
};

export const DIMENSIONS = ['local', 'sme', 'vcse', 'criteria'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const emptyClassification = (): YearClassification => ({
  spendPence: 0,
  interPartnerPence: 0,
  local: { classifiedPence: 0, yesPence: 0 },
  sme: { classifiedPence: 0, yesPence: 0 },
  vcse: { classifiedPence: 0, yesPence: 0 },
  criteria: { classifiedPence: 0, yesPence: 0 },
});

/**
 * One organisation's year: `year` the ledger totals (returns and imports), `returned` the part
 * from returns, `buckets` the classified totals of the year's quarters (imports), `area` the
 * partnership's area, `fellows` the other signatories. Criteria has no supplier fact: it is known
 * for all third-party spend (rows' flags, returns' lines).
 */
export function classifyYear(input: {
  year: SpendAmounts;
  returned: SpendAmounts;
  buckets: readonly { bucket: string; spendPence: number }[];
  area: readonly string[];
  fellows: ReadonlySet<string>;
}): YearClassification {
  const { year, returned } = input;
  const imported = sumClassified(input.buckets, input.area, input.fellows);
  // Imported spend outside the classified totals, and the flag parts the totals hold.
  const unbucketed = year.totalPence - returned.totalPence - imported.spendPence;
  const flagged = { local: 0, sme: 0, vcse: 0 };
  for (const { bucket, spendPence } of input.buckets) {
    const b = parseBucketKey(bucket);
    if (b.local === 'Y') flagged.local += spendPence;
    if (b.sme === 'Y') flagged.sme += spendPence;
    if (b.vcse === 'Y') flagged.vcse += spendPence;
  }
  const dim = (
    part: 'local' | 'sme' | 'vcse',
    key: 'localPence' | 'smePence' | 'vcsePence',
  ): DimensionShare => ({
    classifiedPence: returned.totalPence + imported[part].classifiedPence + unbucketed,
    yesPence: returned[key] + imported[part].yesPence + (year[key] - returned[key] - flagged[part]),
  });
  return {
    spendPence: year.totalPence,
    interPartnerPence: imported.interPartnerPence,
    local: dim('local', 'localPence'),
    sme: dim('sme', 'smePence'),
    vcse: dim('vcse', 'vcsePence'),
    criteria: {
      classifiedPence: year.totalPence - imported.interPartnerPence,
      yesPence: year.criteriaPence,
    },
  };
}

export function addClassification(a: YearClassification, b: YearClassification): YearClassification {
  const out = emptyClassification();
  out.spendPence = a.spendPence + b.spendPence;
  out.interPartnerPence = a.interPartnerPence + b.interPartnerPence;
  for (const d of DIMENSIONS) {
    out[d] = {
      classifiedPence: a[d].classifiedPence + b[d].classifiedPence,
      yesPence: a[d].yesPence + b[d].yesPence,
    };
  }
  return out;
}

/** Each share: its yes part over the spend classified for it (0-1; 0 when nothing is classified). */
export function sharesOfClassification(c: YearClassification): Record<Dimension, number> {
  return Object.fromEntries(
    DIMENSIONS.map((d) => [d, shareOf(c[d].yesPence, c[d].classifiedPence)]),
  ) as Record<Dimension, number>;
}

/** Each coverage: the spend classified for it over the third-party spend (0-1). */
export function coverageOfClassification(c: YearClassification): Record<Dimension, number> {
  const thirdParty = c.spendPence - c.interPartnerPence;
  return Object.fromEntries(DIMENSIONS.map((d) => [d, shareOf(c[d].classifiedPence, thirdParty)])) as Record<
    Dimension,
    number
  >;
}
