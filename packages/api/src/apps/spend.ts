import { spendReturnInput } from '@compact-tracker/domain/spend';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { type Deps, depsFromEnvironment } from '../deps.ts';
import type { AppEnv } from '../env.ts';
import { apiApp } from '../http.ts';
import { jsonBody, responses, WRITE } from '../responses.ts';
import { serviceContext } from '../route-context.ts';
import { id, quarter, spendPage, spendReturnSchema, spendReturnWithHistory } from '../schemas.ts';
import * as spend from '../services/spend.ts';

const bearer = [{ bearer: [] }];
const tags = ['spend'];
const oidQuarter = z.object({ oid: id('oid'), quarter: quarter('quarter') });

const putReturn = createRoute({
  method: 'put',
  path: '/v1/organisations/{oid}/spend/{quarter}',
  tags,
  summary: "Replace the quarter's return: one line per category (officer, representative)",
  security: bearer,
  request: { params: oidQuarter, ...jsonBody(spendReturnInput) },
  responses: responses(200, spendReturnSchema, 'The return now in force', [...WRITE, 409, 422]),
});

const getReturn = createRoute({
  method: 'get',
  path: '/v1/organisations/{oid}/spend/{quarter}/return',
  tags,
  summary:
    "The quarter's return in force and every earlier one (members; the partnerships' coordinators and board)",
  security: bearer,
  request: { params: oidQuarter },
  responses: responses(
    200,
    spendReturnWithHistory,
    'The return and its history, newest first',
    [400, 401, 403, 404],
  ),
});

const getSpend = createRoute({
  method: 'get',
  path: '/v1/organisations/{oid}/spend',
  tags,
  summary:
    "Spend per quarter and category, returns and imports together, with carbon estimates (members; the partnerships' coordinators and board)",
  security: bearer,
  request: {
    params: z.object({ oid: id('oid') }),
    query: z.object({ from: quarter('from', 'query').optional(), to: quarter('to', 'query').optional() }),
  },
  responses: responses(200, spendPage, 'One item per quarter and category', [400, 401, 403, 404, 422]),
});

export function registerSpendRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(putReturn, async (c) => {
    const { oid, quarter } = c.req.valid('param');
    return c.json(await spend.putSpendReturn(serviceContext(c), oid, quarter, c.req.valid('json')), 200);
  });
  app.openapi(getReturn, async (c) => {
    const { oid, quarter } = c.req.valid('param');
    return c.json(await spend.getSpendReturn(serviceContext(c), oid, quarter), 200);
  });
  app.openapi(getSpend, async (c) =>
    c.json(await spend.getSpend(serviceContext(c), c.req.valid('param').oid, c.req.valid('query')), 200),
  );
  return app;
}

export const spendApp = (deps: Deps = depsFromEnvironment()) => registerSpendRoutes(apiApp(deps));
