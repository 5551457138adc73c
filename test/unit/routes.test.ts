import { fullApiApp } from '@compact-tracker/api/app';
import { compactsApp } from '@compact-tracker/api/apps/compacts';
import { identityApp } from '@compact-tracker/api/apps/identity';
import { organisationsApp } from '@compact-tracker/api/apps/organisations';
import { partnershipsApp } from '@compact-tracker/api/apps/partnerships';
import { progressApp } from '@compact-tracker/api/apps/progress';
import { reportsApp } from '@compact-tracker/api/apps/reports';
import { spendApp } from '@compact-tracker/api/apps/spend';
import type { Deps } from '@compact-tracker/api/deps';
import { openApiDocument } from '@compact-tracker/api/openapi';
import { createDb } from '@compact-tracker/store/db';
import { describe, expect, it } from 'vitest';
import { apiRoutes, type FunctionName } from '../../functions/routes.ts';

// API Gateway routes each request to the function named in functions/routes.ts: a route an app
// serves but the table omits would be unreachable in AWS, and one the table names but no app
// serves would answer 404. This keeps the two the same.

const deps: Deps = {
  db: createDb({ table: 'unused', endpoint: 'http://127.0.0.1:1' }),
  verifyToken: null,
  now: () => new Date(),
  newId: () => 'id',
};

const apps: Partial<Record<FunctionName, { routes: { method: string; path: string }[] }>> = {
  identity: identityApp(deps),
  partnerships: partnershipsApp(deps),
  compacts: compactsApp(deps),
  organisations: organisationsApp(deps),
  spend: spendApp(deps),
  progress: progressApp(deps),
  reports: reportsApp(deps),
};

/** Hono lists a route once per handler (validators included): one entry per method and path. */
const served = (fn: FunctionName) =>
  [
    ...new Set(
      (apps[fn]?.routes ?? [])
        .filter((r) => r.method !== 'ALL')
        .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`),
    ),
  ].sort();

describe('functions/routes.ts', () => {
  it.each(Object.keys(apps) as FunctionName[])('lists exactly the routes the %s app serves', (fn) => {
    const listed = apiRoutes
      .filter((r) => r.function === fn)
      .map((r) => `${r.method} ${r.path}`)
      .sort();
    expect(listed).toEqual(served(fn));
  });

  it('needs a bearer token in the OpenAPI exactly on the routes marked jwt', () => {
    // The apps answer 401 to anonymous callers of the routes whose OpenAPI declares a bearer token,
    // before looking at anything they sent, in AWS as on the laptop (no API Gateway authorizer).
    const paths = openApiDocument(fullApiApp(deps)).paths ?? {};
    const secured = Object.entries(paths).flatMap(([path, item]) =>
      Object.entries(item ?? {}).flatMap(([method, op]) =>
        (op as { security?: unknown[] }).security?.length ? [`${method.toUpperCase()} ${path}`] : [],
      ),
    );
    const jwt = apiRoutes.filter((r) => r.auth === 'jwt').map((r) => `${r.method} ${r.path}`);
    expect(secured.sort()).toEqual(jwt.sort());
    // ...and says so among its answers.
    for (const [path, item] of Object.entries(paths))
      for (const [method, op] of Object.entries(item ?? {})) {
        const { security, responses } = op as { security?: unknown[]; responses?: object };
        if (security?.length) expect(Object.keys(responses ?? {}), `${method} ${path}`).toContain('401');
      }
  });

  it('makes every write need a signed-in caller (a verified bearer token)', () => {
    for (const route of apiRoutes.filter((r) => r.method !== 'GET'))
      expect(route.auth, route.path).toBe('jwt');
  });
});
