import {
  partnershipAreaInput,
  supplierFactsInput,
  supplierNamePointInput,
  supplierRegisterInput,
} from '@compact-tracker/domain/supplier-facts';
import { s3UploadsFromEnvironment } from '@compact-tracker/store/s3-upload-urls';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import * as z from 'zod';
import { type Deps, depsFromEnvironment } from '../deps.ts';
import type { AppEnv } from '../env.ts';
import { apiApp } from '../http.ts';
import { jsonBody, responses, WRITE } from '../responses.ts';
import { serviceContext } from '../route-context.ts';
import { id } from '../schemas/common.ts';
import * as sheets from '../services/supplier-facts-upload.ts';
import * as lists from '../services/supplier-lists.ts';
import * as registers from '../services/supplier-registers.ts';
import * as suppliers from '../services/suppliers.ts';
import {
  organisationSupplierPage,
  partnershipAreaSchema,
  partnershipSupplierPage,
  supplierFactsSheetOutcome,
  supplierListQuery,
  supplierNamePointerSchema,
  supplierRegisterLoadSchema,
  supplierSchema,
} from '../supplier-schemas.ts';

const bearer = [{ bearer: [] }];
const tags = ['suppliers'];
const sid = z.object({ sid: id('sid') });

const getSupplier = createRoute({
  method: 'get',
  path: '/v1/suppliers/{sid}',
  tags,
  summary: "A supplier's facts, names and the public history of its facts",
  request: {
    params: sid,
    query: z.object({ cursor: z.string().min(1).max(2048).optional() }),
  },
  responses: responses(200, supplierSchema, 'The supplier', [400, 404]),
});

const putSupplier = createRoute({
  method: 'put',
  path: '/v1/suppliers/{sid}',
  tags,
  summary:
    "Set (null clears) a supplier's facts (officers and representatives of organisations that paid it, their partnerships' coordinators, admins)",
  security: bearer,
  request: { params: sid, ...jsonBody(supplierFactsInput) },
  responses: responses(200, supplierSchema, 'The supplier with its new facts', [...WRITE, 409, 422]),
});

const restoreFact = createRoute({
  method: 'post',
  path: '/v1/suppliers/{sid}/history/{hid}/restore',
  tags,
  summary: 'Put a fact back to the value one change of its history set (coordinators, admins)',
  security: bearer,
  request: { params: z.object({ sid: id('sid'), hid: id('hid') }) },
  responses: responses(200, supplierSchema, 'The supplier with the fact put back', [...WRITE, 409, 422]),
});

const pointName = createRoute({
  method: 'put',
  path: '/v1/organisations/{oid}/supplier-names',
  tags,
  summary:
    "Point a supplier name of the organisation's rows at another supplier record (officer, representative)",
  description:
    'Rows imported from now on under the name count under the supplier, and the rows already imported under it ' +
    'move there now with their spend (spend by supplier, and the local, SME and VCSE totals by its facts; a ' +
    "row's own flag columns still win). A large move goes on in the background (`status: moving`); sent again, " +
    'the request moves what is left and moves nothing twice.',
  security: bearer,
  request: {
    params: z.object({ oid: id('oid') }),
    ...jsonBody(supplierNamePointInput),
  },
  responses: responses(200, supplierNamePointerSchema, 'The name now points at the supplier', [
    ...WRITE,
    422,
  ]),
});

const classifyFromSheet = createRoute({
  method: 'post',
  path: '/v1/organisations/{oid}/supplier-facts',
  tags,
  summary:
    "Classify many of the organisation's suppliers from a CSV sheet (officer, representative): checked whole first, nothing written on any problem",
  description: [
    'The CSV (up to 1,000 rows) has a header row naming its columns, with case, spacing and punctuation folded:',
    "`supplier` (a supplier id, or a name as the organisation's spend files write it), `postcode`, `company number`,",
    '`charity number`, `sme`, `vcse`, `public body` (Y/N, yes/no, true/false) and `organisation` (the id of an',
    'organisation of this tracker: "this is partner X"); `name` and `spend` columns are for people and ignored.',
    'A blank cell leaves the fact as it is. Every supplier must be one the organisation has paid, once per sheet',
    '(or again with the same facts). Problems answer 422 with `errors` naming each row (`csv.{row}.{column}`);',
    'a company or charity number another supplier holds answers 409 naming it; in both cases nothing is written.',
    "Each supplier's facts are then set as PUT /v1/suppliers/{sid} sets them, with their history and fan-out.",
  ].join(' '),
  security: bearer,
  request: {
    params: z.object({ oid: id('oid') }),
    ...jsonBody(
      z
        .object({
          csv: z
            .string()
            .min(1)
            .max(60 * 1024),
        })
        .strict(),
    ),
  },
  responses: responses(200, supplierFactsSheetOutcome, 'What the sheet changed', [...WRITE, 409, 422]),
});

const organisationSuppliers = createRoute({
  method: 'get',
  path: '/v1/organisations/{oid}/suppliers',
  tags,
  summary:
    "The organisation's suppliers with spend and rows, largest first (members; the partnerships' coordinators and board)",
  security: bearer,
  request: { params: z.object({ oid: id('oid') }), query: supplierListQuery },
  responses: responses(200, organisationSupplierPage, 'A page of suppliers', [400, 401, 403, 404]),
});

const partnershipSuppliers = createRoute({
  method: 'get',
  path: '/v1/partnerships/{pid}/suppliers',
  tags,
  summary: "The partnership's shared suppliers by combined spend of its signatories (coordinators, board)",
  security: bearer,
  request: { params: z.object({ pid: id('pid') }), query: supplierListQuery },
  responses: responses(200, partnershipSupplierPage, 'A page of suppliers', [400, 401, 403, 404]),
});

const putArea = createRoute({
  method: 'put',
  path: '/v1/partnerships/{pid}/area',
  tags,
  summary: "Define the partnership's local area as postcode areas or districts (coordinator)",
  security: bearer,
  request: { params: z.object({ pid: id('pid') }), ...jsonBody(partnershipAreaInput) },
  responses: responses(200, partnershipAreaSchema, 'The area in force', [...WRITE]),
});

const createRegisterLoad = createRoute({
  method: 'post',
  path: '/v1/supplier-registers',
  tags,
  summary:
    'Start loading an official register file (Companies House basic company data, Charity Commission extract): then PUT the file to uploadUrl (admin)',
  security: bearer,
  request: jsonBody(supplierRegisterInput),
  responses: responses(
    201,
    supplierRegisterLoadSchema,
    'Waiting for the file',
    [400, 401, 403, 413, 415, 503],
  ),
});

const getRegisterLoad = createRoute({
  method: 'get',
  path: '/v1/supplier-registers/{id}',
  tags,
  summary: 'Progress of a register load (admin)',
  security: bearer,
  request: { params: z.object({ id: id('id') }) },
  responses: responses(200, supplierRegisterLoadSchema, 'The load', [400, 401, 403, 404]),
});

export function registerSupplierRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(createRegisterLoad, async (c) =>
    c.json(await registers.createRegisterLoad(serviceContext(c), c.req.valid('json')), 201),
  );
  app.openapi(getRegisterLoad, async (c) =>
    c.json(await registers.getRegisterLoad(serviceContext(c), c.req.valid('param').id), 200),
  );
  app.openapi(getSupplier, async (c) =>
    c.json(
      await suppliers.getSupplier(serviceContext(c), c.req.valid('param').sid, c.req.valid('query').cursor),
      200,
    ),
  );
  app.openapi(putSupplier, async (c) =>
    c.json(
      await suppliers.putSupplierFacts(serviceContext(c), c.req.valid('param').sid, c.req.valid('json')),
      200,
    ),
  );
  app.openapi(restoreFact, async (c) => {
    const { sid, hid } = c.req.valid('param');
    return c.json(await suppliers.restoreSupplierFact(serviceContext(c), sid, hid), 200);
  });
  app.openapi(pointName, async (c) =>
    c.json(
      await suppliers.pointSupplierName(serviceContext(c), c.req.valid('param').oid, c.req.valid('json')),
      200,
    ),
  );
  app.openapi(classifyFromSheet, async (c) =>
    c.json(
      await sheets.classifySuppliersFromCsv(serviceContext(c), c.req.valid('param').oid, c.req.valid('json')),
      200,
    ),
  );
  app.openapi(organisationSuppliers, async (c) =>
    c.json(
      await lists.listOrganisationSuppliers(
        serviceContext(c),
        c.req.valid('param').oid,
        c.req.valid('query'),
      ),
      200,
    ),
  );
  app.openapi(partnershipSuppliers, async (c) =>
    c.json(
      await lists.listPartnershipSuppliers(serviceContext(c), c.req.valid('param').pid, c.req.valid('query')),
      200,
    ),
  );
  app.openapi(putArea, async (c) =>
    c.json(
      await lists.putPartnershipArea(serviceContext(c), c.req.valid('param').pid, c.req.valid('json')),
      200,
    ),
  );
  return app;
}

/** In Lambda, register files go to the upload bucket the stack names in UPLOAD_BUCKET. */
export const suppliersApp = (
  deps: Deps = { ...depsFromEnvironment(), uploads: s3UploadsFromEnvironment() },
) => registerSupplierRoutes(apiApp(deps));
