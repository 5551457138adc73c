import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import * as z from 'zod';
import { type Deps, depsFromEnvironment } from '../deps.ts';
import type { AppEnv } from '../env.ts';
import { apiApp } from '../http.ts';
import { responses } from '../responses.ts';
import { serviceContext } from '../route-context.ts';
import { financialYear, id, problemSchema } from '../schemas/common.ts';
import { aggregationRunSchema, reportListSchema, reportSchema } from '../schemas/reports.ts';
import { getReportPeopleCsv } from '../services/report-people-csv.ts';
import * as reports from '../services/reports.ts';

const tags = ['reports'];
const bearer = [{ bearer: [] }];

const list = createRoute({
  method: 'get',
  path: '/v1/compacts/{cid}/reports',
  tags,
  summary: 'The financial years of the compact that have a report snapshot, newest first (anyone)',
  request: { params: z.object({ cid: id('cid') }) },
  responses: responses(
    200,
    reportListSchema,
    'The years and when their snapshots were generated',
    [400, 404],
  ),
});

const get = createRoute({
  method: 'get',
  path: '/v1/compacts/{cid}/reports/{fy}',
  tags,
  summary:
    "A year's report from the latest snapshots: aggregates and reporting statuses for anyone; every partner's figures and score for the partnership's coordinators and board",
  description:
    'With `Accept: text/csv` (or `?format=csv`) the partners table as CSV: every column for coordinators and board, the public columns otherwise. Cells that a spreadsheet would run as formulas are prefixed with a quote. `for=machines` (the default) gives identifiers, codes, pence and fractions with camelCase headers; `for=people` gives names, words, pounds and percentages with readable headers and a totals row.',
  request: {
    params: z.object({ cid: id('cid'), fy: financialYear('fy') }),
    query: z.object({
      format: z.enum(['json', 'csv']).optional(),
      for: z
        .enum(['machines', 'people'], { error: 'for must be machines or people' })
        .optional()
        .openapi({ description: 'Who the CSV is for: machines (the default) or people' }),
    }),
  },
  responses: {
    ...responses(200, reportSchema, 'The report', [400, 404]),
    200: {
      description: 'The report (JSON), or its partners table (CSV)',
      content: {
        'application/json': { schema: reportSchema },
        'text/csv': { schema: z.string() },
      },
    },
  },
});

const aggregate = createRoute({
  method: 'post',
  path: '/v1/admin/aggregations',
  tags,
  summary:
    "Start both report jobs now, in the background, the same code as the schedule: an admin's run covers every compact, a coordinator's their partnerships' compacts",
  description:
    'Answers 202 at once with the run (status `queued`) and its address in `Location`; GET it for progress. 503 when the jobs cannot be started.',
  security: bearer,
  responses: {
    ...responses(202, aggregationRunSchema, 'The run, started', [401, 403, 415, 503]),
    400: {
      description: 'Malformed request',
      content: { 'application/problem+json': { schema: problemSchema } },
    },
  },
});

const aggregationRun = createRoute({
  method: 'get',
  path: '/v1/admin/aggregations/{id}',
  tags,
  summary:
    "A report run's status and each job's progress (admins: every run; coordinators: runs over their partnerships)",
  security: bearer,
  request: { params: z.object({ id: id('id') }) },
  responses: responses(200, aggregationRunSchema, 'The run', [400, 401, 403, 404]),
});

const wantsCsv = (accept: string | undefined, format: string | undefined) =>
  format === 'csv' || (format === undefined && /\btext\/csv\b/i.test(accept ?? ''));

export function registerReportRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(list, async (c) =>
    c.json(await reports.listReports(serviceContext(c), c.req.valid('param').cid), 200),
  );
  app.openapi(get, async (c) => {
    const { cid, fy } = c.req.valid('param');
    const query = c.req.valid('query');
    if (wantsCsv(c.req.header('accept'), query.format)) {
      const csv =
        query.for === 'people'
          ? await getReportPeopleCsv(serviceContext(c), cid, fy)
          : await reports.getReportCsv(serviceContext(c), cid, fy);
      return c.body(csv.body, 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${csv.filename}"`,
        vary: 'accept, authorization',
      });
    }
    c.header('vary', 'accept, authorization');
    return c.json(await reports.getReport(serviceContext(c), cid, fy), 200);
  });
  app.openapi(aggregate, async (c) => {
    const run = await reports.runAggregations(serviceContext(c));
    c.header('location', run.links.self);
    return c.json(run, 202);
  });
  app.openapi(aggregationRun, async (c) => {
    c.header('cache-control', 'no-store');
    return c.json(await reports.getAggregationRun(serviceContext(c), c.req.valid('param').id), 200);
  });
  return app;
}

export const reportsApp = (deps: Deps = depsFromEnvironment()) => registerReportRoutes(apiApp(deps));
