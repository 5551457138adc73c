import type { ServiceContext } from '@compact-tracker/api/services/context';
import * as spend from '@compact-tracker/api/services/spend';
import type { Category } from '@compact-tracker/domain/categories';
import {
  financialYearOf,
  financialYearOfStart,
  financialYearStart,
  isoDate,
} from '@compact-tracker/domain/periods';
import type { SpendLine } from '@compact-tracker/domain/spend';

// Illustrative quarterly returns for a demo signatory: last financial year's four quarters and
// this year's quarters so far, a quarter of the annual budget each, split across categories, with
// local, SME, VCSE and criteria shares that vary by partner and creep up over time.

const MIX: [Category, number][] = [
  ['construction', 0.25],
  ['social-care', 0.2],
  ['facilities', 0.15],
  ['professional-services', 0.12],
  ['ict', 0.1],
  ['energy-utilities', 0.08],
  ['food-catering', 0.05],
  ['other', 0.05],
];

export async function loadDemoSpend(
  ctx: ServiceContext,
  organisationId: string,
  annualPence: number,
  index: number,
) {
  const today = isoDate(ctx.deps.now());
  const thisYear = financialYearOf(today);
  const lastYear = financialYearOfStart((financialYearStart(thisYear) as number) - 1);
  const quarters = [1, 2, 3, 4].map((n) => `${lastYear}-Q${n}`);
  const currentQuarter = Math.floor(((Number(today.slice(5, 7)) + 8) % 12) / 3) + 1;
  for (let n = 1; n < currentQuarter; n++) quarters.push(`${thisYear}-Q${n}`);
  for (const [step, quarter] of quarters.entries()) {
    const quarterPence = Math.round(annualPence / 4 / 100) * 100 * (0.9 + ((index + step) % 3) * 0.05);
    const lines: SpendLine[] = MIX.map(([category, share], c) => {
      const total = Math.round((quarterPence * share) / 100) * 100;
      const part = (base: number) =>
        Math.round(total * Math.min(1, base + step * 0.01 + ((index + c) % 4) * 0.03));
      return {
        category,
        totalPence: total,
        localPence: part(0.3),
        smePence: part(0.2),
        vcsePence: part(category === 'social-care' ? 0.15 : 0.02),
        criteriaPence: part(0.25),
      };
    });
    await spend.putSpendReturn(ctx, organisationId, quarter, { lines });
  }
}
