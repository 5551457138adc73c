import { registerCompactRoutes } from './apps/compacts.ts';
import { registerIdentityRoutes } from './apps/identity.ts';
import { registerOrganisationRoutes } from './apps/organisations.ts';
import { registerPartnershipRoutes } from './apps/partnerships.ts';
import { registerProgressRoutes } from './apps/progress.ts';
import { registerReportRoutes } from './apps/reports.ts';
import { registerSpendRoutes } from './apps/spend.ts';
import { registerSupplierRoutes } from './apps/suppliers.ts';
import type { Deps } from './deps.ts';
import { apiApp } from './http.ts';

/** Every API route in one app: the laptop's server, the tests and the OpenAPI document use it. */
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
    registerSupplierRoutes,
  ]) {
    register(app);
  }
  return app;
}
