import * as compacts from '@compact-tracker/api/services/compacts';
import type { ServiceContext } from '@compact-tracker/api/services/context';
import * as partnerships from '@compact-tracker/api/services/partnerships';
import { getReportPeopleCsv } from '@compact-tracker/api/services/report-people-csv';
import * as reports from '@compact-tracker/api/services/reports';
import type { Caller } from '@compact-tracker/domain/authorisation';
import { forbidden, notFound } from '@compact-tracker/domain/errors';
import { financialYearOf, isoDate } from '@compact-tracker/domain/periods';
import { aggregationScope } from '@compact-tracker/domain/report-access';
import { Hono } from 'hono';
import { shellOf } from '../components/layout.tsx';
import { serviceContext, type WebEnv } from '../env.ts';
import { readForm, safeNext } from '../forms.ts';
import { type ReportData, ReportPage } from '../pages/report.tsx';
import { ReportRunPage } from '../pages/report-run.tsx';

/** How many years the trend chart goes back. */
const TREND_YEARS = 5;

/** Whether the caller may run the report jobs for this partnership's compacts (as the service decides). */
export function canRunAggregations(caller: Caller | null, partnershipId: string): boolean {
  const scope = aggregationScope(caller);
  return !!scope && (scope.all || scope.partnershipIds.includes(partnershipId));
}

/**
 * The years with snapshots, the year asked for (the latest when none is asked for or it has no
 * snapshot) and the trend over the last few years, from each year's own snapshot.
 */
export async function loadReports(
  ctx: ServiceContext,
  compactId: string,
  financialYear?: string,
): Promise<ReportData> {
  const years = (await reports.listReports(ctx, compactId)).items.map((item) => item.financialYear);
  if (years.length === 0) return { years, selected: null, trend: [] };
  const wanted = financialYear && years.includes(financialYear) ? financialYear : (years[0] as string);
  const trendYears = years.slice(0, TREND_YEARS);
  const toLoad = trendYears.includes(wanted) ? trendYears : [...trendYears, wanted];
  const loaded = await Promise.all(toLoad.map((fy) => reports.getReport(ctx, compactId, fy)));
  const byYear = new Map(loaded.map((r) => [r.financialYear, r]));
  return {
    years,
    selected: byYear.get(wanted) ?? null,
    trend: trendYears.flatMap((fy) => {
      const r = byYear.get(fy);
      return r
        ? [
            {
              financialYear: fy,
              combinedBuyingPowerPence: r.combinedBuyingPowerPence,
              partnershipScore: r.partnershipScore,
            },
          ]
        : [];
    }),
  };
}

export function reportRoutes() {
  const app = new Hono<WebEnv>();

  app.get('/compacts/:id/reports/:fy', async (c) => {
    const ctx = serviceContext(c);
    const id = c.req.param('id');
    const fy = c.req.param('fy');
    const compact = await compacts.getCompact(ctx, id);
    const [partnership, data] = await Promise.all([
      partnerships.getPartnership(ctx, compact.partnershipId),
      loadReports(ctx, id, fy),
    ]);
    const selected = data.selected;
    if (!selected || selected.financialYear !== fy) throw notFound(`the report of compact ${id} for ${fy}`);
    return c.html(
      <ReportPage
        shell={shellOf(c)}
        compact={compact}
        partnership={partnership}
        data={{ ...data, selected }}
        canRun={canRunAggregations(c.var.caller, compact.partnershipId)}
        liveSignatories={
          fy === financialYearOf(isoDate(c.var.deps.now())) ? compact.signatoryCount : undefined
        }
      />,
    );
  });

  // The partners table as the service writes it: every column for coordinators and board, the public ones otherwise.
  // `?for=people`: the same table for people (pounds, percentages, words, a totals row).
  app.get('/compacts/:id/reports/:fy/csv', async (c) => {
    const read = c.req.query('for') === 'people' ? getReportPeopleCsv : reports.getReportCsv;
    const csv = await read(serviceContext(c), c.req.param('id'), c.req.param('fy'));
    return c.body(csv.body, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${csv.filename}"`,
    });
  });

  app.post('/compacts/:id/reports/run', async (c) => {
    const id = c.req.param('id');
    const values = await readForm(c);
    const ctx = serviceContext(c);
    const compact = await compacts.getCompact(ctx, id);
    // The service would run another partnership's coordinator's own compacts: from this page, refuse.
    if (c.var.caller && !canRunAggregations(c.var.caller, compact.partnershipId)) {
      throw forbidden("only this partnership's coordinators (and admins) can run its report jobs");
    }
    const run = await reports.runAggregations(ctx);
    const back = `/compacts/${encodeURIComponent(id)}`;
    const next = safeNext(values.next);
    const progress = `/report-runs/${encodeURIComponent(run.id)}?next=${encodeURIComponent(next.startsWith(back) ? next : back)}`;
    return c.redirect(progress, 303);
  });

  // A run's progress (for the people who may see the run: as GET /v1/admin/aggregations/{id}).
  app.get('/report-runs/:runId', async (c) => {
    const run = await reports.getAggregationRun(serviceContext(c), c.req.param('runId'));
    c.header('cache-control', 'no-store');
    return c.html(<ReportRunPage shell={shellOf(c)} run={run} back={safeNext(c.req.query('next'))} />);
  });

  return app;
}
