import { setTimeout as sleep } from 'node:timers/promises';
import { estimateKgCo2e, factorsByCategory } from '@compact-tracker/domain/carbon';
import { conflict, ruleBroken } from '@compact-tracker/domain/errors';
import { businessMetrics } from '@compact-tracker/domain/metric-names';
import { isoDate, parseQuarter, quarterBounds } from '@compact-tracker/domain/periods';
import { returnDifference, type SpendReturnInput } from '@compact-tracker/domain/spend';
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
 * totals equal exactly that return.
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
    const [previous, registerRows] = await Promise.all([
      ledger.getSpendReturn(ctx.deps.db, organisationId, quarter),
      registerRowsOfOrganisation(ctx.deps.db, organisationId),
    ]);
    const record: ledger.SpendReturnRecord = {
      organisationId,
      quarter,
      lines: input.lines,
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
        // A return reports its quarter: the register's rows of the organisation say so at once.
        reportedQuarterUpdates(ctx.deps.db, organisationId, registerRows, quarter),
      );
      ctx.deps.metrics?.count(businessMetrics.spendReturns);
      return { ...record, replacedRevision: previous?.revision ?? null };
    } catch (error) {
      if (!(error instanceof ledger.StaleReturnError)) throw error;
      if (attempt >= RETRIES_ON_RACE) throw conflict('the return kept changing meanwhile; try again');
      await sleep(Math.random() * Math.min(1000, 10 * 2 ** attempt));
    }
  }
}

export async function getSpendReturn(ctx: ServiceContext, organisationId: string, quarter: string) {
  await authoriseProgressRead(ctx, organisationId);
  const [current, history] = await Promise.all([
    ledger.getSpendReturn(ctx.deps.db, organisationId, quarter),
    ledger.spendReturnHistory(ctx.deps.db, organisationId, quarter),
  ]);
  return { organisationId, quarter, current, history };
}

/** One item per quarter and category, returns and imports together, with the carbon estimate. */
export async function getSpend(
  ctx: ServiceContext,
  organisationId: string,
  range: { from?: string; to?: string },
) {
  await authoriseProgressRead(ctx, organisationId);
  if (range.from && range.to && range.from > range.to) throw ruleBroken('from must not be after to');
  const [totals, table] = await Promise.all([
    ledger.spendTotals(ctx.deps.db, organisationId, range),
    currentCarbonFactors(ctx.deps.db),
  ]);
  const factors = factorsByCategory(table);
  const items = totals
    .filter(
      (t) =>
        t.totalPence !== 0 ||
        t.localPence !== 0 ||
        t.smePence !== 0 ||
        t.vcsePence !== 0 ||
        t.criteriaPence !== 0,
    )
    .map((t) => ({
      quarter: t.quarter,
      category: t.category,
      totalPence: t.totalPence,
      localPence: t.localPence,
      smePence: t.smePence,
      vcsePence: t.vcsePence,
      criteriaPence: t.criteriaPence,
      estimatedKgCo2e: estimateKgCo2e(t.totalPence, factors[t.category]),
    }));
  return { items, nextCursor: null, carbonFactorsVersion: table.version };
}
