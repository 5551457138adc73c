import { partnershipInput, partnershipMemberInput } from '@compact-tracker/domain/schemas';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import * as z from 'zod';
import { type Deps, depsFromEnvironment } from '../deps.ts';
import type { AppEnv } from '../env.ts';
import { apiApp } from '../http.ts';
import { jsonBody, responses, WRITE } from '../responses.ts';
import { serviceContext } from '../route-context.ts';
import { id, listQuery, memberSchema } from '../schemas/common.ts';
import { partnershipPage, partnershipSchema } from '../schemas/partnerships.ts';
import * as service from '../services/partnerships.ts';
import { siteOriginOf } from '../site.ts';

const pid = z.object({ pid: id('pid') });

const create = createRoute({
  method: 'post',
  path: '/v1/partnerships',
  tags: ['partnerships'],
  summary: 'Create a partnership (admin)',
  security: [{ bearer: [] }],
  request: jsonBody(partnershipInput),
  responses: responses(201, partnershipSchema, 'Created', [400, 401, 403, 413, 415, 422]),
});

const list = createRoute({
  method: 'get',
  path: '/v1/partnerships',
  tags: ['partnerships'],
  summary: 'List partnerships',
  request: { query: listQuery },
  responses: responses(200, partnershipPage, 'A page of partnerships', [400]),
});

const get = createRoute({
  method: 'get',
  path: '/v1/partnerships/{pid}',
  tags: ['partnerships'],
  summary: 'One partnership',
  request: { params: pid },
  responses: responses(200, partnershipSchema, 'The partnership', [400, 404]),
});

const addMember = createRoute({
  method: 'post',
  path: '/v1/partnerships/{pid}/members',
  tags: ['partnerships'],
  summary: 'Appoint a coordinator or board member (admin, coordinator)',
  security: [{ bearer: [] }],
  request: { params: pid, ...jsonBody(partnershipMemberInput) },
  responses: responses(201, memberSchema, 'Appointed', [...WRITE, 422]),
});

export function registerPartnershipRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(create, async (c) =>
    c.json(await service.createPartnership(serviceContext(c), c.req.valid('json')), 201),
  );
  app.openapi(list, async (c) =>
    c.json(await service.listPartnerships(serviceContext(c), c.req.valid('query')), 200),
  );
  app.openapi(get, async (c) =>
    c.json(await service.getPartnership(serviceContext(c), c.req.valid('param').pid), 200),
  );
  app.openapi(addMember, async (c) => {
    const site = siteOriginOf(c.req.url, c.req.header('x-forwarded-host'));
    const { invitation, ...member } = await service.appointPartnershipMember(
      serviceContext(c),
      c.req.valid('param').pid,
      c.req.valid('json'),
      site,
    );
    // The link to pass on (the API's functions send no email).
    return c.json({ ...member, invitationUrl: invitation.url }, 201);
  });
  return app;
}

export const partnershipsApp = (deps: Deps = depsFromEnvironment()) =>
  registerPartnershipRoutes(apiApp(deps));
