// How spend by supplier is classified for the shares: the facts that classify (postcode district,
// SME, VCSE, paying a fellow organisation) folded into a bucket key, and the shares and their
// coverage summed back from buckets for one partnership's area and signatories.
//
// A bucket key is `L{local}|S{sme}|V{vcse}|P{payee}`:
//  - local: `Y`/`N` when the row's own flag column said so, `@{outward code}` from the supplier's
//    postcode, `-` when unknown (local is decided per partnership when the buckets are summed);
//  - sme, vcse: `Y`/`N` when the row's own flag column said so, else `y`/`n` from the supplier's
//    fact, `-` when unknown (kept apart so that the report can tell the ledger's flag totals, which
//    count the rows' own flags, from what suppliers' facts add);
//  - payee: the tracker organisation the supplier is, or `-`.
// Work on a change of facts or area is bounded by organisations x quarters x buckets, never by
// transactions.

import { outcodeInArea, parsePostcode } from './postcodes.ts';

/** The supplier's facts that classify, as they stand. */
export type SupplierClassification = {
  outcode: string | null;
  sme: boolean | null;
  vcse: boolean | null;
  payee: string | null;
};

/** Which of a row's parts its own file gave (flag columns named by the import's mapping). */
export type RowFlags = { local?: boolean | null; sme?: boolean | null; vcse?: boolean | null };

const flag = (value: boolean | null | undefined) => (value === true ? 'Y' : value === false ? 'N' : '-');

/** The pattern of a row's own flags: three characters for local, SME and VCSE (`Y`, `N`, `-`). */
export function rowPattern(row: RowFlags): string {
  return `${flag(row.local)}${flag(row.sme)}${flag(row.vcse)}`;
}

export function classificationOf(facts: {
  postcode: unknown;
  sme: unknown;
  vcse: unknown;
  organisationId: unknown;
}): SupplierClassification {
  const parsed = typeof facts.postcode === 'string' ? parsePostcode(facts.postcode) : null;
  return {
    outcode: parsed?.outcode ?? null,
    sme: typeof facts.sme === 'boolean' ? facts.sme : null,
    vcse: typeof facts.vcse === 'boolean' ? facts.vcse : null,
    payee: typeof facts.organisationId === 'string' ? facts.organisationId : null,
  };
}

/** The bucket that spend of a row pattern goes to under a supplier classification. */
export function bucketKey(pattern: string, c: SupplierClassification): string {
  const [local, sme, vcse] = pattern.split('');
  const l = local !== '-' ? local : c.outcode ? `@${c.outcode}` : '-';
  const s = sme !== '-' ? sme : flag(c.sme).toLowerCase();
  const v = vcse !== '-' ? vcse : flag(c.vcse).toLowerCase();
  return `L${l}|S${s}|V${v}|P${c.payee ?? '-'}`;
}

export function parseBucketKey(key: string) {
  const [l = 'L-', s = 'S-', v = 'V-', p = 'P-'] = key.split('|');
  return { local: l.slice(1), sme: s.slice(1), vcse: v.slice(1), payee: p.slice(1) };
}

export type ClassifiedShares = {
  /** All spend summed from the buckets. */
  spendPence: number;
  /** Paid to fellow signatories: left out of the shares. */
  interPartnerPence: number;
  /** Per dimension: the third-party spend whose classification is known, and the part that is yes. */
  local: { classifiedPence: number; yesPence: number };
  sme: { classifiedPence: number; yesPence: number };
  vcse: { classifiedPence: number; yesPence: number };
};

/**
 * Sums buckets for one partnership: local from its area (normalised entries), spend to any of
 * `fellows` (organisation ids of its signatories, the payer excluded) apart as inter-partner.
 */
export function sumClassified(
  buckets: readonly { bucket: string; spendPence: number }[],
  area: readonly string[],
  fellows: ReadonlySet<string>,
): ClassifiedShares {
  const out: ClassifiedShares = {
    spendPence: 0,
    interPartnerPence: 0,
    local: { classifiedPence: 0, yesPence: 0 },
    sme: { classifiedPence: 0, yesPence: 0 },
    vcse: { classifiedPence: 0, yesPence: 0 },
  };
  for (const { bucket, spendPence } of buckets) {
    out.spendPence += spendPence;
    const b = parseBucketKey(bucket);
    if (b.payee !== '-' && fellows.has(b.payee)) {
      out.interPartnerPence += spendPence;
      continue;
    }
    // Without an area nothing is local or not by postcode: unclassified, as a missing postcode is.
    const local = b.local.startsWith('@')
      ? area.length > 0
        ? outcodeInArea(b.local.slice(1), area)
        : '-'
      : b.local;
    for (const [dim, value] of [
      ['local', local],
      ['sme', b.sme],
      ['vcse', b.vcse],
    ] as const) {
      if (value === '-') continue;
      out[dim].classifiedPence += spendPence;
      if (value === true || value === 'Y' || value === 'y') out[dim].yesPence += spendPence;
    }
  }
  return out;
}
