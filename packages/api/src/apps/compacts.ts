import {
  compactTextInput,
  interestInput,
  rejectInput,
  signatureInput,
  withdrawInput,
} from '@compact-tracker/domain/schemas';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import * as z from 'zod';
import { type Deps, depsFromEnvironment } from '../deps.ts';
import type { AppEnv } from '../env.ts';
import { apiApp } from '../http.ts';
import { jsonBody, responses, WRITE } from '../responses.ts';
import { serviceContext } from '../route-context.ts';
import { id, listQuery } from '../schemas/common.ts';
import {
  compactPage,
  compactSchema,
  eventPage,
  interestSchema,
  rejectionSchema,
  signatoryPage,
  signatureSchema,
  verificationSchema,
  withdrawalSchema,
} from '../schemas/compacts.ts';
import * as compacts from '../services/compacts.ts';
import * as participation from '../services/participation.ts';

const cid = z.object({ cid: id('cid') });
const bearer = [{ bearer: [] }];
const tags = ['compacts'];

const create = createRoute({
  method: 'post',
  path: '/v1/partnerships/{pid}/compacts',
  tags,
  summary: 'Write a new compact as a draft (coordinator)',
  security: bearer,
  request: { params: z.object({ pid: id('pid') }), ...jsonBody(compactTextInput) },
  responses: responses(201, compactSchema, 'Created as draft, version 1', [...WRITE, 422]),
});

const list = createRoute({
  method: 'get',
  path: '/v1/compacts',
  tags,
  summary: 'List compacts (drafts only for their coordinators)',
  request: { query: listQuery.extend({ partnershipId: z.string().max(64).optional() }) },
  responses: responses(200, compactPage, 'A page of compacts', [400, 401]),
});

const get = createRoute({
  method: 'get',
  path: '/v1/compacts/{cid}',
  tags,
  summary: 'One compact with its current text and hash',
  request: { params: cid },
  responses: responses(200, compactSchema, 'The compact', [400, 401, 404]),
});

const edit = createRoute({
  method: 'put',
  path: '/v1/compacts/{cid}',
  tags,
  summary: 'Edit the text: a draft in place, an open compact as a new version (coordinator)',
  security: bearer,
  request: { params: cid, ...jsonBody(compactTextInput) },
  responses: responses(200, compactSchema, 'The compact after the edit', [...WRITE, 409, 422]),
});

const transition = (action: 'publish' | 'close', summary: string) =>
  createRoute({
    method: 'post',
    path: `/v1/compacts/{cid}/${action}`,
    tags,
    summary,
    security: bearer,
    request: { params: cid },
    responses: responses(200, compactSchema, 'The compact after the change', [...WRITE, 409, 422]),
  });
const publish = transition('publish', 'Publish a draft: it opens for signatures (coordinator)');
const close = transition('close', 'Close an open compact to new signatures (coordinator)');

const interest = createRoute({
  method: 'post',
  path: '/v1/compacts/{cid}/interest',
  tags,
  summary: 'Register interest for an organisation (its representative)',
  security: bearer,
  request: { params: cid, ...jsonBody(interestInput) },
  responses: responses(201, interestSchema, 'Interest registered', [...WRITE, 409, 422]),
});

const sign = createRoute({
  method: 'post',
  path: '/v1/compacts/{cid}/signatures',
  tags,
  summary: 'Sign the current version for an organisation (its representative)',
  security: bearer,
  request: { params: cid, ...jsonBody(signatureInput) },
  responses: responses(201, signatureSchema, 'Signed', [...WRITE, 409, 422]),
});

const withdraw = createRoute({
  method: 'post',
  path: '/v1/compacts/{cid}/signatures/{oid}/withdraw',
  tags,
  summary: "Withdraw a signature (the organisation's representative, or a coordinator)",
  security: bearer,
  request: { params: z.object({ cid: id('cid'), oid: id('oid') }), ...jsonBody(withdrawInput) },
  responses: responses(200, withdrawalSchema, 'Withdrawn', [...WRITE, 422]),
});

const verify = createRoute({
  method: 'post',
  path: '/v1/compacts/{cid}/signatures/{oid}/verify',
  tags,
  summary: 'Verify a new signature: the organisation is real and the signatory may sign for it (coordinator)',
  security: bearer,
  request: { params: z.object({ cid: id('cid'), oid: id('oid') }) },
  responses: responses(200, verificationSchema, 'Verified', [401, 403, 404, 409, 422]),
});

const reject = createRoute({
  method: 'post',
  path: '/v1/compacts/{cid}/signatures/{oid}/reject',
  tags,
  summary: 'Reject a new signature with a reason: it leaves the public register (coordinator)',
  security: bearer,
  request: { params: z.object({ cid: id('cid'), oid: id('oid') }), ...jsonBody(rejectInput) },
  responses: responses(200, rejectionSchema, 'Rejected', [...WRITE, 409, 422]),
});

const signatories = createRoute({
  method: 'get',
  path: '/v1/compacts/{cid}/signatories',
  tags,
  summary: 'The public register: organisations, status, dates, version, reporting status',
  request: { params: cid, query: listQuery },
  responses: responses(200, signatoryPage, 'A page of the register', [400, 401, 404]),
});

const events = createRoute({
  method: 'get',
  path: '/v1/compacts/{cid}/events',
  tags,
  summary: 'The audit trail (coordinator, board)',
  security: bearer,
  request: { params: cid, query: listQuery },
  responses: responses(200, eventPage, 'A page of events, oldest first', [400, 401, 403, 404]),
});

export function registerCompactRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(create, async (c) =>
    c.json(
      await compacts.createCompact(serviceContext(c), c.req.valid('param').pid, c.req.valid('json')),
      201,
    ),
  );
  app.openapi(list, async (c) =>
    c.json(await compacts.listCompacts(serviceContext(c), c.req.valid('query')), 200),
  );
  app.openapi(get, async (c) =>
    c.json(await compacts.getCompact(serviceContext(c), c.req.valid('param').cid), 200),
  );
  app.openapi(edit, async (c) =>
    c.json(await compacts.editCompact(serviceContext(c), c.req.valid('param').cid, c.req.valid('json')), 200),
  );
  app.openapi(publish, async (c) =>
    c.json(await compacts.publishCompact(serviceContext(c), c.req.valid('param').cid), 200),
  );
  app.openapi(close, async (c) =>
    c.json(await compacts.closeCompact(serviceContext(c), c.req.valid('param').cid), 200),
  );
  app.openapi(interest, async (c) =>
    c.json(
      await participation.registerInterest(
        serviceContext(c),
        c.req.valid('param').cid,
        c.req.valid('json').organisationId,
      ),
      201,
    ),
  );
  app.openapi(sign, async (c) =>
    c.json(
      await participation.signCompact(serviceContext(c), c.req.valid('param').cid, c.req.valid('json')),
      201,
    ),
  );
  app.openapi(withdraw, async (c) => {
    const { cid, oid } = c.req.valid('param');
    return c.json(await participation.withdraw(serviceContext(c), cid, oid, c.req.valid('json').reason), 200);
  });
  app.openapi(verify, async (c) => {
    const { cid, oid } = c.req.valid('param');
    return c.json(await participation.verifySignature(serviceContext(c), cid, oid), 200);
  });
  app.openapi(reject, async (c) => {
    const { cid, oid } = c.req.valid('param');
    return c.json(
      await participation.rejectSignature(serviceContext(c), cid, oid, c.req.valid('json').reason),
      200,
    );
  });
  app.openapi(signatories, async (c) =>
    c.json(
      await participation.listSignatories(serviceContext(c), c.req.valid('param').cid, c.req.valid('query')),
      200,
    ),
  );
  app.openapi(events, async (c) =>
    c.json(
      await participation.listCompactEvents(
        serviceContext(c),
        c.req.valid('param').cid,
        c.req.valid('query'),
      ),
      200,
    ),
  );
  return app;
}

export const compactsApp = (deps: Deps = depsFromEnvironment()) => registerCompactRoutes(apiApp(deps));
