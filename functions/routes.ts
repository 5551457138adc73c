// Which Lambda function answers which API route, and whether it needs a signed-in caller (`jwt`).
// Read by infra/ to build the HTTP API; a test checks it lists exactly the apps' routes. There is
// no API Gateway authorizer: every function verifies a bearer token itself against the user pool's
// keys (a private route without a valid one is a problem+json 401, as on the laptop), and public
// routes still read one when it is sent (drafts for coordinators, say).

export type FunctionName =
  | 'identity'
  | 'partnerships'
  | 'compacts'
  | 'organisations'
  | 'spend'
  | 'progress'
  | 'reports'
  | 'suppliers'
  | 'web';

export type RouteSpec = {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  function: FunctionName;
  auth: 'jwt' | 'none';
};

export const functionNames: FunctionName[] = [
  'identity',
  'partnerships',
  'compacts',
  'organisations',
  'spend',
  'progress',
  'reports',
  'suppliers',
  'web',
];

export const apiRoutes: RouteSpec[] = [
  { method: 'GET', path: '/v1/health', function: 'identity', auth: 'none' },
  { method: 'GET', path: '/v1/me', function: 'identity', auth: 'jwt' },

  { method: 'POST', path: '/v1/partnerships', function: 'partnerships', auth: 'jwt' },
  { method: 'GET', path: '/v1/partnerships', function: 'partnerships', auth: 'none' },
  { method: 'GET', path: '/v1/partnerships/{pid}', function: 'partnerships', auth: 'none' },
  { method: 'POST', path: '/v1/partnerships/{pid}/members', function: 'partnerships', auth: 'jwt' },
  { method: 'POST', path: '/v1/partnerships/{pid}/compacts', function: 'compacts', auth: 'jwt' },

  { method: 'GET', path: '/v1/compacts', function: 'compacts', auth: 'none' },
  { method: 'GET', path: '/v1/compacts/{cid}', function: 'compacts', auth: 'none' },
  { method: 'PUT', path: '/v1/compacts/{cid}', function: 'compacts', auth: 'jwt' },
  { method: 'POST', path: '/v1/compacts/{cid}/publish', function: 'compacts', auth: 'jwt' },
  { method: 'POST', path: '/v1/compacts/{cid}/close', function: 'compacts', auth: 'jwt' },
  { method: 'POST', path: '/v1/compacts/{cid}/interest', function: 'compacts', auth: 'jwt' },
  { method: 'POST', path: '/v1/compacts/{cid}/signatures', function: 'compacts', auth: 'jwt' },
  { method: 'POST', path: '/v1/compacts/{cid}/signatures/{oid}/withdraw', function: 'compacts', auth: 'jwt' },
  { method: 'POST', path: '/v1/compacts/{cid}/signatures/{oid}/verify', function: 'compacts', auth: 'jwt' },
  { method: 'POST', path: '/v1/compacts/{cid}/signatures/{oid}/reject', function: 'compacts', auth: 'jwt' },
  { method: 'GET', path: '/v1/compacts/{cid}/signatories', function: 'compacts', auth: 'none' },
  { method: 'GET', path: '/v1/compacts/{cid}/events', function: 'compacts', auth: 'jwt' },

  { method: 'POST', path: '/v1/organisations', function: 'organisations', auth: 'jwt' },
  { method: 'GET', path: '/v1/organisations/{oid}', function: 'organisations', auth: 'none' },
  { method: 'POST', path: '/v1/organisations/{oid}/members', function: 'organisations', auth: 'jwt' },
  { method: 'POST', path: '/v1/organisations/{oid}/join-requests', function: 'organisations', auth: 'jwt' },
  { method: 'PUT', path: '/v1/organisations/{oid}/budgets/{fy}', function: 'organisations', auth: 'jwt' },

  { method: 'PUT', path: '/v1/organisations/{oid}/spend/{quarter}', function: 'spend', auth: 'jwt' },
  { method: 'GET', path: '/v1/organisations/{oid}/spend/{quarter}/return', function: 'spend', auth: 'jwt' },
  { method: 'GET', path: '/v1/organisations/{oid}/spend', function: 'spend', auth: 'jwt' },
  { method: 'POST', path: '/v1/organisations/{oid}/spend-imports', function: 'spend', auth: 'jwt' },
  { method: 'POST', path: '/v1/organisations/{oid}/spend-imports/preview', function: 'spend', auth: 'jwt' },
  { method: 'GET', path: '/v1/organisations/{oid}/spend-imports', function: 'spend', auth: 'jwt' },
  { method: 'GET', path: '/v1/organisations/{oid}/spend-imports/{iid}', function: 'spend', auth: 'jwt' },
  {
    method: 'POST',
    path: '/v1/organisations/{oid}/spend-imports/{iid}/confirm',
    function: 'spend',
    auth: 'jwt',
  },
  {
    method: 'POST',
    path: '/v1/organisations/{oid}/spend-imports/{iid}/retry',
    function: 'spend',
    auth: 'jwt',
  },
  {
    method: 'POST',
    path: '/v1/organisations/{oid}/spend-imports/{iid}/revert',
    function: 'spend',
    auth: 'jwt',
  },

  { method: 'GET', path: '/v1/flexible-framework', function: 'progress', auth: 'none' },
  { method: 'POST', path: '/v1/organisations/{oid}/assessments', function: 'progress', auth: 'jwt' },
  { method: 'GET', path: '/v1/organisations/{oid}/assessments', function: 'progress', auth: 'jwt' },
  { method: 'GET', path: '/v1/organisations/{oid}/assessments/{aid}', function: 'progress', auth: 'jwt' },
  {
    method: 'GET',
    path: '/v1/organisations/{oid}/assessments/{aid}/changes',
    function: 'progress',
    auth: 'jwt',
  },
  { method: 'PUT', path: '/v1/organisations/{oid}/targets', function: 'progress', auth: 'jwt' },
  { method: 'GET', path: '/v1/organisations/{oid}/targets', function: 'progress', auth: 'jwt' },
  { method: 'GET', path: '/v1/organisations/{oid}/targets/history', function: 'progress', auth: 'jwt' },

  { method: 'GET', path: '/v1/compacts/{cid}/reports', function: 'reports', auth: 'none' },
  { method: 'GET', path: '/v1/compacts/{cid}/reports/{fy}', function: 'reports', auth: 'none' },
  { method: 'POST', path: '/v1/admin/aggregations', function: 'reports', auth: 'jwt' },
  { method: 'GET', path: '/v1/admin/aggregations/{id}', function: 'reports', auth: 'jwt' },

  { method: 'GET', path: '/v1/carbon-factors', function: 'spend', auth: 'none' },
  { method: 'PUT', path: '/v1/carbon-factors', function: 'spend', auth: 'jwt' },

  { method: 'GET', path: '/v1/suppliers/{sid}', function: 'suppliers', auth: 'none' },
  { method: 'PUT', path: '/v1/suppliers/{sid}', function: 'suppliers', auth: 'jwt' },
  { method: 'POST', path: '/v1/suppliers/{sid}/history/{hid}/restore', function: 'suppliers', auth: 'jwt' },
  { method: 'PUT', path: '/v1/organisations/{oid}/supplier-names', function: 'suppliers', auth: 'jwt' },
  { method: 'POST', path: '/v1/organisations/{oid}/supplier-facts', function: 'suppliers', auth: 'jwt' },
  { method: 'GET', path: '/v1/organisations/{oid}/suppliers', function: 'suppliers', auth: 'jwt' },
  { method: 'GET', path: '/v1/partnerships/{pid}/suppliers', function: 'suppliers', auth: 'jwt' },
  { method: 'PUT', path: '/v1/partnerships/{pid}/area', function: 'suppliers', auth: 'jwt' },
  { method: 'POST', path: '/v1/supplier-registers', function: 'suppliers', auth: 'jwt' },
  { method: 'GET', path: '/v1/supplier-registers/{id}', function: 'suppliers', auth: 'jwt' },

  { method: 'GET', path: '/v1/openapi.json', function: 'web', auth: 'none' },
];

export type GatewayRoute = Omit<RouteSpec, 'method'> & { method: RouteSpec['method'] | 'HEAD' };

/**
 * The HTTP API's routes: every API route, and HEAD beside each GET (API Gateway matches HEAD only
 * to a HEAD or ANY route), answered by the same function. A known path
 * with a method it does not take, and every unknown /v1 path, fall to `$default`: the web
 * function, which answers them as the API does (405 with Allow, or a problem+json 404).
 */
export const gatewayRoutes: GatewayRoute[] = [
  ...apiRoutes,
  ...apiRoutes
    .filter((route) => route.method === 'GET')
    .map((route) => ({ ...route, method: 'HEAD' as const })),
];

/** Everything else (pages, /docs, static assets, what no route takes) goes to the web function. */
export const defaultRouteFunction: FunctionName = 'web';
