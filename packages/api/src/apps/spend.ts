import { spendReturnInput } from '@compact-tracker/domain/spend';
import {
  previewMapping,
  spendImportInput,
  spendImportRetryInput,
} from '@compact-tracker/domain/spend-import';
import { s3UploadsFromEnvironment } from '@compact-tracker/store/s3-upload-urls';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import * as z from 'zod';
import { type Deps, depsFromEnvironment } from '../deps.ts';
import type { AppEnv } from '../env.ts';
import { apiApp } from '../http.ts';
import { jsonBody, responses, WRITE } from '../responses.ts';
import { serviceContext } from '../route-context.ts';
import { id, listQuery, quarter } from '../schemas/common.ts';
import {
  importPreviewSchema,
  spendImportPage,
  spendImportSchema,
  spendPage,
  spendReturnSchema,
  spendReturnWithHistory,
} from '../schemas/spend.ts';
import * as carbon from '../services/carbon-factors.ts';
import * as spend from '../services/spend.ts';
import * as spendImports from '../services/spend-imports.ts';

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
    query: z
      .object({ from: quarter('from', 'query').optional(), to: quarter('to', 'query').optional() })
      .refine((q) => !q.from || !q.to || q.from <= q.to, {
        path: ['to'],
        message: 'must not be before from',
      }),
  },
  responses: responses(200, spendPage, 'One item per quarter and category', [400, 401, 403, 404, 422]),
});

const oid = z.object({ oid: id('oid') });

const createImport = createRoute({
  method: 'post',
  path: '/v1/organisations/{oid}/spend-imports',
  tags,
  summary: 'Start an import of a spend CSV: then PUT the file to uploadUrl (officer, representative)',
  security: bearer,
  request: { params: oid, ...jsonBody(spendImportInput) },
  responses: responses(201, spendImportSchema, 'Waiting for the file', [...WRITE, 503]),
});

const getImport = createRoute({
  method: 'get',
  path: '/v1/organisations/{oid}/spend-imports/{iid}',
  tags,
  summary: 'Progress and outcome of an import, with every rejected row (up to 1000 shown)',
  security: bearer,
  request: { params: z.object({ oid: id('oid'), iid: id('iid') }) },
  responses: responses(200, spendImportSchema, 'The import', [400, 401, 403, 404]),
});

const importParams = z.object({ oid: id('oid'), iid: id('iid') });

const confirmImport = createRoute({
  method: 'post',
  path: '/v1/organisations/{oid}/spend-imports/{iid}/confirm',
  tags,
  summary: 'An import waiting in needs-review imports its valid rows (officer, representative)',
  security: bearer,
  request: { params: importParams },
  responses: responses(
    202,
    spendImportSchema,
    'It runs again on the same file, the review passed',
    [400, 401, 403, 404, 409, 503],
  ),
});

const retryImport = createRoute({
  method: 'post',
  path: '/v1/organisations/{oid}/spend-imports/{iid}/retry',
  tags,
  summary:
    'An import in needs-review or failed runs again on the same uploaded file with a corrected mapping or date format (officer, representative)',
  security: bearer,
  request: { params: importParams, ...jsonBody(spendImportRetryInput) },
  responses: responses(202, spendImportSchema, 'It runs again', [...WRITE, 409, 503]),
});

const revertImport = createRoute({
  method: 'post',
  path: '/v1/organisations/{oid}/spend-imports/{iid}/revert',
  tags,
  summary:
    'Revert an import: its lines leave the ledger, the lines it restated go back and totals move back; 200 reverted, or 202 reverting when a large import goes on in the background (officer, representative)',
  security: bearer,
  request: { params: importParams },
  responses: {
    ...responses(200, spendImportSchema, 'Reverted', [400, 401, 403, 404, 409, 503]),
    ...responses(202, spendImportSchema, 'Reverting: a large import goes on in the background', []),
  },
});

const listImports = createRoute({
  method: 'get',
  path: '/v1/organisations/{oid}/spend-imports',
  tags,
  summary: "The organisation's imports, newest first",
  security: bearer,
  request: { params: oid, query: listQuery },
  responses: responses(200, spendImportPage, 'A page of imports', [400, 401, 403, 404]),
});

const previewImport = createRoute({
  method: 'post',
  path: '/v1/organisations/{oid}/spend-imports/preview',
  tags,
  summary: "Headers, first rows, a suggested mapping and the category texts of a file's first part",
  security: bearer,
  request: {
    params: oid,
    ...jsonBody(
      z
        .object({
          sample: z
            .string()
            .min(1)
            .max(48 * 1024)
            .optional()
            .openapi({ description: "The file's first part as text (decoded by the client)" }),
          sampleBase64: z
            .string()
            .min(1)
            .max(64_000)
            .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64')
            .optional()
            .openapi({
              description:
                "The file's first bytes (up to 48,000), base64: decoded as the import will decode the whole file",
            }),
          mapping: previewMapping.optional().openapi({
            description:
              'Columns chosen so far (header names or #N): the header row is the first holding their names; categoriesSeen reads the chosen category column',
          }),
        })
        .strict()
        .refine((b) => (b.sample === undefined) !== (b.sampleBase64 === undefined), {
          message: 'send the sample as sample (text) or sampleBase64 (bytes), one of them',
          path: ['sample'],
        }),
    ),
  },
  responses: responses(200, importPreviewSchema, 'What the file looks like', [...WRITE, 422]),
});

const carbonFactorsSchema = z
  .object({
    version: z.string(),
    description: z.string().nullable(),
    replacedAt: z.string().nullable(),
    replacedBy: z.string().nullable(),
    defaultFactor: z.object({ kgCo2ePerPound: z.number(), source: z.string(), year: z.number().int() }),
    factors: z.array(
      z.object({
        category: z.string(),
        kgCo2ePerPound: z.number(),
        source: z.string(),
        year: z.number().int(),
        isDefault: z.boolean(),
      }),
    ),
    rowsRead: z.number().int().optional(),
    rejected: z.array(z.object({ row: z.number().int(), reason: z.string() })).optional(),
  })
  .openapi('CarbonFactors');

const getFactors = createRoute({
  method: 'get',
  path: '/v1/carbon-factors',
  tags,
  summary: 'The emission factor (kgCO2e per £) of each category, with source and year',
  responses: responses(200, carbonFactorsSchema, 'The factor table in force', []),
});

const putFactors = createRoute({
  method: 'put',
  path: '/v1/carbon-factors',
  tags,
  summary: 'Replace the factors from the official GHG SIC multipliers CSV (admin, coordinator)',
  security: bearer,
  request: jsonBody(
    z
      .object({
        csv: z
          .string()
          .min(1)
          .max(60 * 1024),
        source: z.string().trim().min(1).max(300),
        year: z.number().int().min(1990).max(2100),
      })
      .strict(),
  ),
  responses: responses(200, carbonFactorsSchema, 'The new table', [400, 401, 403, 413, 415, 422]),
});

function previewSample(body: { sample?: string; sampleBase64?: string }) {
  return body.sampleBase64 !== undefined
    ? { bytes: new Uint8Array(Buffer.from(body.sampleBase64, 'base64')) }
    : { text: body.sample ?? '' };
}

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
  app.openapi(createImport, async (c) =>
    c.json(
      await spendImports.createSpendImport(serviceContext(c), c.req.valid('param').oid, c.req.valid('json')),
      201,
    ),
  );
  app.openapi(previewImport, async (c) =>
    c.json(
      await spendImports.previewSpendImport(
        serviceContext(c),
        c.req.valid('param').oid,
        previewSample(c.req.valid('json')),
        c.req.valid('json').mapping,
      ),
      200,
    ),
  );
  app.openapi(getImport, async (c) => {
    const { oid, iid } = c.req.valid('param');
    return c.json(await spendImports.getSpendImport(serviceContext(c), oid, iid), 200);
  });
  app.openapi(confirmImport, async (c) => {
    const { oid, iid } = c.req.valid('param');
    return c.json(await spendImports.confirmSpendImport(serviceContext(c), oid, iid), 202);
  });
  app.openapi(retryImport, async (c) => {
    const { oid, iid } = c.req.valid('param');
    return c.json(await spendImports.retrySpendImport(serviceContext(c), oid, iid, c.req.valid('json')), 202);
  });
  app.openapi(revertImport, async (c) => {
    const { oid, iid } = c.req.valid('param');
    const reverted = await spendImports.revertSpendImport(serviceContext(c), oid, iid);
    return reverted.status === 'reverted' ? c.json(reverted, 200) : c.json(reverted, 202);
  });
  app.openapi(listImports, async (c) =>
    c.json(
      await spendImports.listSpendImports(serviceContext(c), c.req.valid('param').oid, c.req.valid('query')),
      200,
    ),
  );
  app.openapi(getFactors, async (c) => c.json(await carbon.getCarbonFactors(serviceContext(c)), 200));
  app.openapi(putFactors, async (c) =>
    c.json(await carbon.uploadSicMultipliers(serviceContext(c), c.req.valid('json')), 200),
  );
  return app;
}

export const spendApp = (deps: Deps = { ...depsFromEnvironment(), uploads: s3UploadsFromEnvironment() }) =>
  registerSpendRoutes(apiApp(deps));
