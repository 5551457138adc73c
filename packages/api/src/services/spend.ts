import { setTimeout as sleep } from 'node:timers/promises';
import { estimateKgCo2e, factorsByCategory } from '@compact-tracker/domain/carbon';
import { type Category, categoryLabels } from '@compact-tracker/domain/categories';
import { conflict, ruleBroken } from '@compact-tracker/domain/errors';
import { businessMetrics } from '@compact-tracker/domain/metric-names';
import { formatPence } from '@compact-tracker/domain/money';
import { isoDate, parseQuarter, quarterBounds } from '@compact-tracker/domain/periods';
import {
  isZero,
  linesEqualToImports,
  returnDifference,
  returnReports,
  type SpendLine,
  type SpendReturnInput,
  splitTotal,
} from '@compact-tracker/domain/spend';
import { currentCarbonFactors } from '@compact-tracker/store/carbon-factors';
import { registerRowsOfOrganisation, reportedQuarterUpdates } from '@compact-tracker/store/register';
import * as ledger from '@compact-tracker/store/spend-ledger';
import type { ServiceContext } from './context.ts';
import { authoriseProgressRead, authoriseProgressWrite } from './progress-access.ts';

/** A writer can lose once to each concurrent writer; with jittered backoff this is plenty. */
const RETRIES_ON_RACE = 25;

/**
 * Replaces the organisation's return for a quarter. Concurrent returns race on the return's
 * revision: the loser re-reads and applies its difference on top, so the last write wins and the
 * totals equal exactly that return. A non-zero line equal to its category's non-zero imported
 * total for the quarter is refused (409 naming the categories, `errors` at `lines.N.totalPence`)
 * unless `confirmImported` is true: it is almost surely the imported money typed again.
 */
export async function putSpendReturn(
  ctx: ServiceContext,
  organisationId: string,
  quarter: string,
  input: SpendReturnInput,
) {
  const { caller } = await authoriseProgressWrite(ctx, organisationId);
  if (!parseQuarter(quarter)) throw ruleBroken(`${quarter} is not a quarter`);
  if (quarterBounds(quarter).start > isoDate(ctx.deps.now())) {
    throw ruleBroken(`${quarter} has not started yet: spend can be logged once the quarter begins`);
  }
  for (let attempt = 1; ; attempt++) {
    const read = await readReturnWithTotals(ctx, organisationId, quarter);
    if (!read) {
      // A concurrent return landed between the reads: read again rather than decide on a mix.
      await backOff(attempt);
      continue;
    }
    const { previous, totals, registerRows } = read;
    const imported = importedOf(totals, previous);
    if (!input.confirmImported) refuseLinesEqualToImports(quarter, input.lines, imported);
    // The quarter is reported when the return reports (any amount, or nil) or imports have spend in it.
    const reported = returnReports({ lines: input.lines, nil: input.nil }) || imported.size > 0;
    const record: ledger.SpendReturnRecord = {
      organisationId,
      quarter,
      lines: input.lines,
      ...(input.nil ? { nil: true } : {}),
      ...(input.confirmImported ? { confirmImported: true } : {}),
      revision: (previous?.revision ?? 0) + 1,
      submittedAt: ctx.deps.now().toISOString(),
      submittedBy: caller.email,
    };
    try {
      await ledger.replaceSpendReturn(
        ctx.deps.db,
        record,
        previous?.revision ?? 0,
        returnDifference(previous?.lines ?? [], input.lines),
        // Whether the quarter is reported, on the organisation's register rows at once.
        reportedQuarterUpdates(ctx.deps.db, organisationId, registerRows, quarter, reported),
      );
      ctx.deps.metrics?.count(businessMetrics.spendReturns);
      return { ...record, replacedRevision: previous?.revision ?? null };
    } catch (error) {
      if (!(error instanceof ledger.StaleReturnError)) throw error;
      await backOff(attempt);
    }
  }
}

/** Jittered exponential backoff after losing a race; 409 once a writer has lost too often. */
async function backOff(attempt: number) {
  if (attempt >= RETRIES_ON_RACE) throw conflict('the return kept changing meanwhile; try again');
  await sleep(Math.random() * Math.min(1000, 10 * 2 ** attempt));
}

/**
 * The return in force and the quarter's totals as of one moment, or null when a return was
 * written between the reads. The imported part is the totals less the return's lines, so the two
 * must agree: read apart, a concurrent return's lines would look imported. The return is read
 * before and after the (strongly consistent) totals; the same revision both times means no return
 * was committed in between (its transaction writes the return and the totals together).
 */
async function readReturnWithTotals(ctx: ServiceContext, organisationId: string, quarter: string) {
  const [previous, registerRows] = await Promise.all([
    ledger.getSpendReturn(ctx.deps.db, organisationId, quarter),
    registerRowsOfOrganisation(ctx.deps.db, organisationId),
  ]);
  const totals = await ledger.spendTotals(
    ctx.deps.db,
    organisationId,
    { from: quarter, to: quarter },
    { consistent: true },
  );
  const after = await ledger.getSpendReturn(ctx.deps.db, organisationId, quarter);
  if ((after?.revision ?? 0) !== (previous?.revision ?? 0)) return null;
  return { previous, totals, registerRows };
}

/** The quarter's imported total per category (pence): each ledger total less the return's line. */
function importedOf(
  totals: ledger.SpendTotalRecord[],
  current: ledger.SpendReturnRecord | null,
): Map<Category, number> {
  const imported = new Map<Category, number>();
  for (const t of totals) {
    const line = current?.lines.find((l) => l.category === t.category);
    const { importedPence } = splitTotal(t.totalPence, line);
    if (importedPence !== 0) imported.set(t.category, importedPence);
  }
  return imported;
}

function refuseLinesEqualToImports(quarter: string, lines: SpendLine[], imported: Map<Category, number>) {
  const matches = linesEqualToImports(lines, imported);
  if (matches.length === 0) return;
  const named = matches.map((m) => `${categoryLabels[m.category]} (${formatPence(m.importedPence)})`);
  throw conflict(
    `${named.join(', ')}: the return equals what is already imported for ${quarter}, so it would count the ` +
      'same money twice. A return is for spend the imported files do not carry; if this is other money, ' +
      'send it again with confirmImported: true',
    {
      errors: matches.map((m) => ({
        path: `lines.${m.index}.totalPence`,
        message: `equals the ${formatPence(m.importedPence)} already imported in ${categoryLabels[m.category]} for ${quarter}`,
      })),
    },
  );
}

/**
 * The quarter's return in force and its history, with what is imported in each category of the
 * quarter (`importedByCategory`, pence, non-zero categories only) for the form to show beside it.
 */
export async function getSpendReturn(ctx: ServiceContext, organisationId: string, quarter: string) {
  await authoriseProgressRead(ctx, organisationId);
  const [current, history, totals] = await Promise.all([
    ledger.getSpendReturn(ctx.deps.db, organisationId, quarter),
    ledger.spendReturnHistory(ctx.deps.db, organisationId, quarter),
    ledger.spendTotals(ctx.deps.db, organisationId, { from: quarter, to: quarter }),
  ]);
  const importedByCategory = Object.fromEntries(importedOf(totals, current)) as Partial<
    Record<Category, number>
  >;
  return { organisationId, quarter, current, history, importedByCategory };
}

/**
 * One item per quarter and category, returns and imports together, with the carbon estimate:
 * `totalPence = importedPence + returnedPence`. The returned part is the line of the quarter's
 * return in force; the imported part is the rest (derived, so totals written before the split was
 * kept read right as they are).
 */
export async function getSpend(
  ctx: ServiceContext,
  organisationId: string,
  range: { from?: string; to?: string },
) {
  await authoriseProgressRead(ctx, organisationId);
  if (range.from && range.to && range.from > range.to) throw ruleBroken('from must not be after to');
  const [totals, returns, table] = await Promise.all([
    ledger.spendTotals(ctx.deps.db, organisationId, range),
    ledger.spendReturns(ctx.deps.db, organisationId, range),
    currentCarbonFactors(ctx.deps.db),
  ]);
  const factors = factorsByCategory(table);
  const returnOf = new Map(returns.map((r) => [r.quarter, r]));
  const items = totals
    .filter((t) => !isZero(t))
    .map((t) => ({
      quarter: t.quarter,
      category: t.category,
      totalPence: t.totalPence,
      ...splitTotal(
        t.totalPence,
        returnOf.get(t.quarter)?.lines.find((l) => l.category === t.category),
      ),
      localPence: t.localPence,
      smePence: t.smePence,
      vcsePence: t.vcsePence,
      criteriaPence: t.criteriaPence,
      estimatedKgCo2e: estimateKgCo2e(t.totalPence, factors[t.category]),
    }));
  return { items, nextCursor: null, carbonFactorsVersion: table.version };
}
