import { assessmentInput, targetsInput } from '@compact-tracker/domain/flexible-framework';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import * as z from 'zod';
import { type Deps, depsFromEnvironment } from '../deps.ts';
import type { AppEnv } from '../env.ts';
import { apiApp } from '../http.ts';
import { jsonBody, responses, WRITE } from '../responses.ts';
import { serviceContext } from '../route-context.ts';
import { id, listQuery } from '../schemas/common.ts';
import {
  assessmentChangesSchema,
  assessmentPage,
  assessmentSchema,
  frameworkSchema,
  targetsHistorySchema,
  targetsSchema,
} from '../schemas/progress.ts';
import * as assessments from '../services/assessments.ts';
import * as targets from '../services/targets.ts';

const bearer = [{ bearer: [] }];
const tags = ['flexible framework'];
const oid = z.object({ oid: id('oid') });
const oidAid = z.object({ oid: id('oid'), aid: id('aid') });
const READ = [400, 401, 403, 404];
const readers = "members; the partnerships' coordinators and board";

const framework = createRoute({
  method: 'get',
  path: '/v1/flexible-framework',
  tags,
  summary: 'The Flexible Framework in force: five themes, five levels, criteria with ids and text',
  responses: responses(200, frameworkSchema, 'The framework and its version', []),
});

const create = createRoute({
  method: 'post',
  path: '/v1/organisations/{oid}/assessments',
  tags,
  summary:
    'Save a self-assessment: the criteria met, evidence per ticked criterion, the date (officer, representative)',
  description:
    'Levels are computed once, stored with the framework version, and never change: a correction is a new assessment. Unknown criteria ids and evidence for unticked criteria are 400s naming them; a date after today (UTC) is a 422.',
  security: bearer,
  request: { params: oid, ...jsonBody(assessmentInput) },
  responses: responses(201, assessmentSchema, 'Saved, with theme levels, overall level and what is missing', [
    ...WRITE,
    422,
  ]),
});

const list = createRoute({
  method: 'get',
  path: '/v1/organisations/{oid}/assessments',
  tags,
  summary: `The organisation's assessments, newest first (${readers})`,
  security: bearer,
  request: { params: oid, query: listQuery },
  responses: responses(200, assessmentPage, 'A page of assessments, newest first', READ),
});

const get = createRoute({
  method: 'get',
  path: '/v1/organisations/{oid}/assessments/{aid}',
  tags,
  summary: `One assessment (${readers})`,
  security: bearer,
  request: { params: oidAid },
  responses: responses(200, assessmentSchema, 'The assessment', READ),
});

const changes = createRoute({
  method: 'get',
  path: '/v1/organisations/{oid}/assessments/{aid}/changes',
  tags,
  summary: `What changed between two assessments: criteria gained and lost, levels per theme (${readers})`,
  security: bearer,
  request: {
    params: oidAid,
    query: z.object({
      since: id('since')
        .openapi({ param: { name: 'since', in: 'query' } })
        .optional()
        .openapi({ description: 'The earlier assessment; by default the one before {aid}' }),
    }),
  },
  responses: responses(200, assessmentChangesSchema, 'The changes from `since` to {aid}', READ),
});

const putTargets = createRoute({
  method: 'put',
  path: '/v1/organisations/{oid}/targets',
  tags,
  summary: 'Replace the targets: at most one per theme, a level and a date (officer, representative)',
  security: bearer,
  request: { params: oid, ...jsonBody(targetsInput) },
  responses: responses(200, targetsSchema, 'The targets in force, each with its state', [...WRITE, 409]),
});

const getTargets = createRoute({
  method: 'get',
  path: '/v1/organisations/{oid}/targets',
  tags,
  summary: `The targets, each on track, at risk, missed or met against the latest assessment (${readers})`,
  security: bearer,
  request: { params: oid },
  responses: responses(200, targetsSchema, 'The targets in force, each with its state today', READ),
});

const targetsHistory = createRoute({
  method: 'get',
  path: '/v1/organisations/{oid}/targets/history',
  tags,
  summary: `Every set of targets the organisation has had, newest first (${readers})`,
  security: bearer,
  request: { params: oid },
  responses: responses(200, targetsHistorySchema, 'The sets of targets, newest first', READ),
});

export function registerProgressRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(framework, (c) => c.json(assessments.getFramework(), 200));
  app.openapi(create, async (c) =>
    c.json(
      await assessments.createAssessment(serviceContext(c), c.req.valid('param').oid, c.req.valid('json')),
      201,
    ),
  );
  app.openapi(list, async (c) =>
    c.json(
      await assessments.listAssessments(serviceContext(c), c.req.valid('param').oid, c.req.valid('query')),
      200,
    ),
  );
  app.openapi(get, async (c) => {
    const { oid, aid } = c.req.valid('param');
    return c.json(await assessments.getAssessment(serviceContext(c), oid, aid), 200);
  });
  app.openapi(changes, async (c) => {
    const { oid, aid } = c.req.valid('param');
    return c.json(
      await assessments.assessmentChanges(serviceContext(c), oid, aid, c.req.valid('query').since),
      200,
    );
  });
  app.openapi(putTargets, async (c) =>
    c.json(await targets.putTargets(serviceContext(c), c.req.valid('param').oid, c.req.valid('json')), 200),
  );
  app.openapi(getTargets, async (c) =>
    c.json(await targets.getTargets(serviceContext(c), c.req.valid('param').oid), 200),
  );
  app.openapi(targetsHistory, async (c) =>
    c.json(await targets.getTargetsHistory(serviceContext(c), c.req.valid('param').oid), 200),
  );
  return app;
}

export const progressApp = (deps: Deps = depsFromEnvironment()) => registerProgressRoutes(apiApp(deps));
