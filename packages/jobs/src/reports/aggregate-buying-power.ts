import { combinedBuyingPower } from '@compact-tracker/domain/buying-power';
import { type CarbonFactorTable, estimateKgCo2e, factorsByCategory } from '@compact-tracker/domain/carbon';
import {
  addClassification,
  coverageOfClassification,
  emptyClassification,
  sharesOfClassification,
  type YearClassification,
} from '@compact-tracker/domain/classified-shares';
import { overallLevel, THEMES, type Theme } from '@compact-tracker/domain/flexible-framework';
import { addAmounts, zeroAmounts } from '@compact-tracker/domain/spend';
import type { BuyingPowerAggregates, BuyingPowerPartner, Shares } from '@compact-tracker/store/report-shapes';
import type { PartnerYear } from './inputs.ts';

// The hourly job's figures for a compact and year: combined buying power (total and by sector) of
// the signatories active on the year's "as of" day, their logged spend with its local / SME / VCSE
// / criteria shares (each of the third-party spend classified for it, with that coverage; spend
// paid to fellow signatories apart), the carbon estimate, and the Flexible Framework levels.

export const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

const rounded = (shares: Shares): Shares => ({
  local: round(shares.local, 6),
  sme: round(shares.sme, 6),
  vcse: round(shares.vcse, 6),
  criteria: round(shares.criteria, 6),
});

export const sharesOf = (c: YearClassification): Shares => rounded(sharesOfClassification(c));
const coverageOf = (c: YearClassification): Shares => rounded(coverageOfClassification(c));

export function buyingPowerFigures(
  partners: PartnerYear[],
  carbon: CarbonFactorTable,
  previous: { financialYear: string; aggregates: BuyingPowerAggregates } | null,
): { aggregates: BuyingPowerAggregates; partners: BuyingPowerPartner[] } {
  const factors = factorsByCategory(carbon);
  const rows: BuyingPowerPartner[] = partners.map((p) => {
    let kg = 0;
    for (const [category, amounts] of p.byCategory)
      kg += estimateKgCo2e(amounts.totalPence, factors[category]);
    return {
      organisationId: p.organisationId,
      name: p.name,
      sector: p.sector,
      signedOn: p.signedOn,
      buyingPowerPence: p.budget?.annualProcurementBudgetPence ?? 0,
      budgetMissing: p.budget === null,
      budgetFinancialYear: p.budget?.financialYear ?? null,
      loggedSpendPence: p.year.totalPence,
      interPartnerPence: p.classification.interPartnerPence,
      shares: sharesOf(p.classification),
      coverage: coverageOf(p.classification),
      estimatedKgCo2e: round(kg, 3),
      quartersWithSpend: p.quartersWithSpend,
    };
  });
  const power = combinedBuyingPower(
    partners.map((p) => ({ sector: p.sector, budgetPence: p.budget?.annualProcurementBudgetPence ?? null })),
  );
  const spend = partners.reduce((sum, p) => addAmounts(sum, p.year), zeroAmounts());
  const classified = partners.reduce(
    (sum, p) => addClassification(sum, p.classification),
    emptyClassification(),
  );
  const kg = rows.reduce((sum, r) => sum + r.estimatedKgCo2e, 0);
  const estimatedTco2e = round(kg / 1000, 3);

  const levelCounts = () => [0, 0, 0, 0, 0, 0];
  const themes = Object.fromEntries(THEMES.map((t) => [t, levelCounts()])) as Record<Theme, number[]>;
  const overall = levelCounts();
  let assessed = 0;
  for (const p of partners) {
    if (!p.assessment) continue;
    assessed += 1;
    for (const theme of THEMES) (themes[theme][p.assessment.themeLevels[theme]] as number) += 1;
    (overall[overallLevel(p.assessment.themeLevels)] as number) += 1;
  }

  const aggregates: BuyingPowerAggregates = {
    signatories: partners.length,
    combinedBuyingPowerPence: power.totalPence,
    buyingPowerBySector: power.bySector,
    loggedSpendPence: spend.totalPence,
    spendPence: {
      local: spend.localPence,
      sme: spend.smePence,
      vcse: spend.vcsePence,
      criteria: spend.criteriaPence,
    },
    interPartnerPence: classified.interPartnerPence,
    shares: sharesOf(classified),
    coverage: coverageOf(classified),
    estimatedTco2e,
    kgCo2ePerPound: spend.totalPence > 0 ? round(kg / (spend.totalPence / 100), 6) : null,
    carbonFactorsVersion: carbon.version,
    flexibleFramework: { assessed, notAssessed: partners.length - assessed, themes, overall },
    changeFromPreviousYear: null,
  };
  if (previous) {
    const before = previous.aggregates;
    aggregates.changeFromPreviousYear = {
      financialYear: previous.financialYear,
      signatories: aggregates.signatories - before.signatories,
      combinedBuyingPowerPence: aggregates.combinedBuyingPowerPence - before.combinedBuyingPowerPence,
      loggedSpendPence: aggregates.loggedSpendPence - before.loggedSpendPence,
      estimatedTco2e: round(aggregates.estimatedTco2e - before.estimatedTco2e, 3),
    };
  }
  return { aggregates, partners: rows };
}
