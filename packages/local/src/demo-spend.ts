import { Readable } from 'node:stream';
import type { ServiceContext } from '@compact-tracker/api/services/context';
import * as spend from '@compact-tracker/api/services/spend';
import * as spendImports from '@compact-tracker/api/services/spend-imports';
import type { Category } from '@compact-tracker/domain/categories';
import { isoDate, quarterBounds } from '@compact-tracker/domain/periods';
import type { SpendLine } from '@compact-tracker/domain/spend';
import { runSpendImport } from '@compact-tracker/jobs/import/run-import';
import { depsOn, loggedOn } from './demo-history.ts';

// Illustrative spend for a demo signatory: a quarterly return for each quarter given (a quarter of
// the annual budget each, split across categories, with local, SME, VCSE and criteria shares that
// vary by partner and creep up over time), each logged about three weeks after its quarter ended;
// or an import of a "spending over £500" file for some quarters, as councils publish them.

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

/** On the day a quarter's figures are logged. */
const on = (ctx: ServiceContext, quarter: string): ServiceContext => ({
  ...ctx,
  deps: depsOn(ctx.deps, loggedOn(quarter, isoDate(ctx.deps.now()))),
});

const quarterPenceOf = (annualPence: number, index: number, step: number) =>
  Math.round(annualPence / 4 / 100) * 100 * (0.9 + ((index + step) % 3) * 0.05);

export async function loadDemoSpend(
  ctx: ServiceContext,
  organisationId: string,
  annualPence: number,
  index: number,
  quarters: readonly string[],
) {
  for (const [step, quarter] of quarters.entries()) {
    const quarterPence = quarterPenceOf(annualPence, index, step);
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
    await spend.putSpendReturn(on(ctx, quarter), organisationId, quarter, { lines });
  }
}

const EXPENSE_TYPES: [string, Category][] = [
  ['Building Repairs', 'construction'],
  ['Adult Social Care Placements', 'social-care'],
  ['Cleaning Services', 'facilities'],
  ['Consultancy Fees', 'professional-services'],
  ['IT Software', 'ict'],
  ['Electricity', 'energy-utilities'],
  ['School Meals', 'food-catering'],
  ['Stationery', 'other'],
];
const SUPPLIERS = [
  'Midland Builders Ltd',
  'Brum Care Partnership',
  'Kingsway Cleaning CIC',
  'Arden Consulting LLP',
];
const ROWS_PER_QUARTER = 24;

/** A "spending over £500" file of the quarters given: dd/mm/yyyy dates, £ amounts, Y/N flags. */
function transparencyFile(annualPence: number, index: number, quarters: readonly string[]): string {
  const lines = ['Payment Date,Transaction Number,Supplier Name,Expense Type,Amount,Local Supplier,SME'];
  for (const [step, quarter] of quarters.entries()) {
    const start = Date.parse(`${quarterBounds(quarter).start}T00:00:00Z`);
    const rowPence = Math.round(quarterPenceOf(annualPence, index, step) / ROWS_PER_QUARTER);
    for (let row = 0; row < ROWS_PER_QUARTER; row++) {
      const date = new Date(start + (row * 3 + 1) * 24 * 60 * 60 * 1000);
      const [type] = EXPENSE_TYPES[row % EXPENSE_TYPES.length] as [string, Category];
      const pounds = `${Math.floor(rowPence / 100)}.${String(rowPence % 100).padStart(2, '0')}`;
      lines.push(
        [
          `${String(date.getUTCDate()).padStart(2, '0')}/${String(date.getUTCMonth() + 1).padStart(2, '0')}/${date.getUTCFullYear()}`,
          `${quarter.replace(/-/g, '')}${String(row + 1).padStart(3, '0')}`,
          SUPPLIERS[row % SUPPLIERS.length],
          type,
          `"£${pounds.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}"`,
          row % 3 === 0 ? 'N' : 'Y',
          row % 2 === 0 ? 'Y' : 'N',
        ].join(','),
      );
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * Imports the quarters given from a generated transparency file, through the same service and job
 * as an upload: the import is created (recorded on the day after the last quarter's figures) and
 * the job reads the file from memory instead of the upload store.
 */
export async function loadDemoImport(
  ctx: ServiceContext,
  organisationId: string,
  annualPence: number,
  index: number,
  quarters: readonly string[],
) {
  const last = quarters[quarters.length - 1];
  if (!last) return;
  const day = on(ctx, last);
  const withUploads = {
    ...day,
    deps: { ...day.deps, uploads: day.deps.uploads ?? { uploadUrl: async () => 'about:blank' } },
  };
  const created = await spendImports.createSpendImport(withUploads, organisationId, {
    mapping: {
      date: 'Payment Date',
      amount: 'Amount',
      transactionId: 'Transaction Number',
      supplierName: 'Supplier Name',
      category: 'Expense Type',
      categoryMap: Object.fromEntries(EXPENSE_TYPES),
      local: 'Local Supplier',
      sme: 'SME',
    },
    dateFormat: 'dd/mm/yyyy',
    fileName: `spending-over-500-${quarters[0]}-to-${last}.csv`,
  });
  const file = transparencyFile(annualPence, index, quarters);
  await runSpendImport(
    day.deps.db,
    organisationId,
    created.id,
    { open: async () => Readable.from([Buffer.from(file, 'utf8')]) },
    { now: day.deps.now },
  );
}
