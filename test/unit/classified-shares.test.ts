import {
  classifyYear,
  coverageOfClassification,
  sharesOfClassification,
} from '@compact-tracker/domain/classified-shares';
import { practiceFromShares, practiceScore } from '@compact-tracker/domain/score';
import { describe, expect, it } from 'vitest';

const amounts = (totalPence: number, local = 0, sme = 0, vcse = 0, criteria = 0) => ({
  totalPence,
  localPence: local,
  smePence: sme,
  vcsePence: vcse,
  criteriaPence: criteria,
});
const none = amounts(0);

describe('shares of classified spend with their coverage', () => {
  it('for returns alone, every share is its part of the total and the practice score is unchanged', () => {
    const year = amounts(1000_00, 410_00, 300_00, 50_00, 200_00);
    const c = classifyYear({ year, returned: year, buckets: [], area: ['OX1'], fellows: new Set() });
    const shares = sharesOfClassification(c);
    expect(shares).toEqual({ local: 0.41, sme: 0.3, vcse: 0.05, criteria: 0.2 });
    expect(coverageOfClassification(c)).toEqual({ local: 1, sme: 1, vcse: 1, criteria: 1 });
    expect(practiceFromShares(shares)).toBeCloseTo(practiceScore(year), 10);
  });

  it('imported spend: local by the area, SME by facts, a fellow signatory apart, coverage beside', () => {
    const buckets = [
      { bucket: 'L@OX4|Sy|V-|P-', spendPence: 410_00 }, // local SME (its supplier's facts)
      { bucket: 'L@RG1|Sn|V-|P-', spendPence: 370_00 }, // not local, not SME
      { bucket: 'L-|S-|V-|P-', spendPence: 120_00 }, // unclassified
      { bucket: 'L-|S-|V-|PORG2', spendPence: 100_00 }, // a fellow signatory
    ];
    const c = classifyYear({
      year: amounts(1000_00),
      returned: none,
      buckets,
      area: ['OX1', 'OX4'],
      fellows: new Set(['ORG2']),
    });
    expect(c.interPartnerPence).toBe(100_00);
    expect(c.local).toEqual({ classifiedPence: 780_00, yesPence: 410_00 });
    // SME from suppliers' facts: the ledger's SME total (rows' own flags) is nil and takes none away.
    expect(c.sme).toEqual({ classifiedPence: 780_00, yesPence: 410_00 });
    expect(c.vcse).toEqual({ classifiedPence: 0, yesPence: 0 });
    const coverage = coverageOfClassification(c);
    expect(coverage.local).toBeCloseTo(780 / 900, 10);
    expect(sharesOfClassification(c).local).toBeCloseTo(410 / 780, 10);
    expect(sharesOfClassification(c).vcse).toBe(0);
    // The same supplier paid by an organisation outside the compact is third-party spend.
    const outside = classifyYear({
      year: amounts(1000_00),
      returned: none,
      buckets,
      area: ['OX4'],
      fellows: new Set(),
    });
    expect(outside.interPartnerPence).toBe(0);
  });

  it("a row's own flag counts as classified; imports outside the classified totals count by their flags", () => {
    const year = amounts(1500_00, 600_00, 0, 0, 0);
    const c = classifyYear({
      year,
      returned: none,
      // 1,000 bucketed (400 of it flagged local by its row), 500 imported before suppliers were resolved
      // (200 of it flagged local).
      buckets: [
        { bucket: 'LY|S-|V-|P-', spendPence: 400_00 },
        { bucket: 'L-|S-|V-|P-', spendPence: 600_00 },
      ],
      area: ['OX4'],
      fellows: new Set(),
    });
    expect(c.local).toEqual({ classifiedPence: 900_00, yesPence: 600_00 });
  });

  it("counts SME once whether a row's own column or its supplier's facts say so", () => {
    // 300 flagged SME by their rows (in the ledger's SME total), 200 SME by their supplier's facts,
    // 100 imported before suppliers were resolved and flagged SME by their rows.
    const c = classifyYear({
      year: amounts(1000_00, 0, 400_00, 0, 0),
      returned: none,
      buckets: [
        { bucket: 'L-|SY|V-|P-', spendPence: 300_00 },
        { bucket: 'L-|Sy|V-|P-', spendPence: 200_00 },
        { bucket: 'L-|Sn|V-|P-', spendPence: 100_00 },
        { bucket: 'L-|S-|V-|P-', spendPence: 300_00 },
      ],
      area: [],
      fellows: new Set(),
    });
    expect(c.sme).toEqual({ classifiedPence: 700_00, yesPence: 600_00 });
  });
});
