import { registerCompactRoutes } from './apps/compacts.ts';
import { registerIdentityRoutes } from './apps/identity.ts';
import { registerOrganisationRoutes } from './apps/organisations.ts';
import { registerPartnershipRoutes } from './apps/partnerships.ts';
import { registerProgressRoutes } from './apps/progress.ts';
import { registerReportRoutes } from './apps/reports.ts';
import { registerSpendRoutes } from './apps/spend.ts';
import type { Deps } from './deps.ts';
import { apiApp } from './http.ts';
import { openApiDocument } from './openapi.ts';

/** Every API route in one app, and its OpenAPI document: the laptop's server, the web function and the tests use it. */
export function fullApiApp(deps: Deps) {
  const app = apiApp(deps);
  for (const register of [
    registerIdentityRoutes,
    registerPartnershipRoutes,
    registerCompactRoutes,
    registerOrganisationRoutes,
    registerSpendRoutes,
    registerProgressRoutes,
    registerReportRoutes,
  ]) {
    register(app);
  }
  // Served by the web function in AWS (functions/routes.ts), which answers /v1 with this app.
  app.get('/v1/openapi.json', (c) => {
    c.header('cache-control', 'public, max-age=300');
    return c.json(openApiDocument(app));
  });
  return app;
}
