import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import * as z from 'zod';
import { type Deps, depsFromEnvironment } from '../deps.ts';
import type { AppEnv } from '../env.ts';
import { readOnlyApiApp } from '../http.ts';
import { requireCaller } from '../identity.ts';
import { responses } from '../responses.ts';
import { meSchema } from '../schemas/identity.ts';

const health = createRoute({
  method: 'get',
  path: '/v1/health',
  tags: ['identity'],
  summary: 'Liveness',
  responses: responses(200, z.object({ status: z.literal('ok') }), 'The service answers', []),
});

const me = createRoute({
  method: 'get',
  path: '/v1/me',
  tags: ['identity'],
  summary: 'Who you are and your memberships',
  security: [{ bearer: [] }],
  responses: responses(200, meSchema, 'The signed-in caller', [401]),
});

export function registerIdentityRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(health, (c) => c.json({ status: 'ok' as const }, 200));
  app.openapi(me, (c) => {
    const caller = requireCaller(c);
    return c.json(
      {
        sub: caller.sub,
        email: caller.email,
        name: caller.name,
        admin: caller.admin,
        memberships: caller.memberships,
      },
      200,
    );
  });
  return app;
}

export const identityApp = (deps: Deps = depsFromEnvironment()) =>
  registerIdentityRoutes(readOnlyApiApp(deps));
