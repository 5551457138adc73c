import { compactsApp } from '@compact-tracker/api/apps/compacts';
import { identityApp } from '@compact-tracker/api/apps/identity';
import { organisationsApp } from '@compact-tracker/api/apps/organisations';
import { partnershipsApp } from '@compact-tracker/api/apps/partnerships';
import { progressApp } from '@compact-tracker/api/apps/progress';
import { reportsApp } from '@compact-tracker/api/apps/reports';
import { spendApp } from '@compact-tracker/api/apps/spend';
import type { Deps } from '@compact-tracker/api/deps';
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

  it('makes every write need a signed-in caller (a verified bearer token)', () => {
    for (const route of apiRoutes.filter((r) => r.method !== 'GET'))
      expect(route.auth, route.path).toBe('jwt');
  });
});
