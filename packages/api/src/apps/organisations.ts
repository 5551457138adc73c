import {
  budgetInput,
  joinRequestInput,
  organisationInput,
  organisationMemberInput,
} from '@compact-tracker/domain/schemas';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import * as z from 'zod';
import { type Deps, depsFromEnvironment } from '../deps.ts';
import type { AppEnv } from '../env.ts';
import { apiApp } from '../http.ts';
import { jsonBody, responses, WRITE } from '../responses.ts';
import { serviceContext } from '../route-context.ts';
import { financialYear, id, memberSchema } from '../schemas/common.ts';
import { budgetSchema, joinRequestSchema, organisationSchema } from '../schemas/organisations.ts';
import * as service from '../services/organisations.ts';
import { siteOriginOf } from '../site.ts';

const oid = z.object({ oid: id('oid') });
const bearer = [{ bearer: [] }];
const tags = ['organisations'];

const create = createRoute({
  method: 'post',
  path: '/v1/organisations',
  tags,
  summary: 'Register an organisation; you become its representative',
  security: bearer,
  request: jsonBody(organisationInput),
  responses: responses(
    201,
    organisationSchema,
    'Registered; 409 with `organisationId` when a lookalike of it is already registered',
    [400, 401, 409, 413, 415, 422],
  ),
});

const joinRequest = createRoute({
  method: 'post',
  path: '/v1/organisations/{oid}/join-requests',
  tags,
  summary: "Ask an organisation's representatives to invite you (signed in, not yet a member)",
  security: bearer,
  request: { params: oid, ...jsonBody(joinRequestInput) },
  responses: responses(201, joinRequestSchema, 'Asked', [...WRITE, 409]),
});

const get = createRoute({
  method: 'get',
  path: '/v1/organisations/{oid}',
  tags,
  summary: 'Public profile; members also see budgets and members',
  request: { params: oid },
  responses: responses(200, organisationSchema, 'The organisation', [400, 401, 404]),
});

const addMember = createRoute({
  method: 'post',
  path: '/v1/organisations/{oid}/members',
  tags,
  summary: 'Invite a representative or officer (representative)',
  security: bearer,
  request: { params: oid, ...jsonBody(organisationMemberInput) },
  responses: responses(201, memberSchema, 'Invited', [...WRITE, 422]),
});

const budget = createRoute({
  method: 'put',
  path: '/v1/organisations/{oid}/budgets/{fy}',
  tags,
  summary: 'Declare the annual procurement budget for a financial year (representative, officer)',
  security: bearer,
  request: {
    params: z.object({
      oid: id('oid'),
      fy: financialYear('fy'),
    }),
    ...jsonBody(budgetInput),
  },
  responses: responses(200, budgetSchema, 'Declared', WRITE),
});

export function registerOrganisationRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(create, async (c) =>
    c.json(await service.registerOrganisation(serviceContext(c), c.req.valid('json')), 201),
  );
  app.openapi(get, async (c) =>
    c.json(await service.getOrganisation(serviceContext(c), c.req.valid('param').oid), 200),
  );
  app.openapi(addMember, async (c) => {
    const site = siteOriginOf(c.req.url, c.req.header('x-forwarded-host'));
    const { invitation, ...member } = await service.inviteOrganisationMember(
      serviceContext(c),
      c.req.valid('param').oid,
      c.req.valid('json'),
      site,
    );
    // The link to pass on (the API's functions send no email).
    return c.json({ ...member, invitationUrl: invitation.url }, 201);
  });
  app.openapi(joinRequest, async (c) =>
    c.json(await service.askToJoin(serviceContext(c), c.req.valid('param').oid, c.req.valid('json')), 201),
  );
  app.openapi(budget, async (c) => {
    const { oid, fy } = c.req.valid('param');
    const { annualProcurementBudgetPence } = c.req.valid('json');
    return c.json(await service.declareBudget(serviceContext(c), oid, fy, annualProcurementBudgetPence), 200);
  });
  return app;
}

export const organisationsApp = (deps: Deps = depsFromEnvironment()) =>
  registerOrganisationRoutes(apiApp(deps));
