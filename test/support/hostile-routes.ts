import { apiRoutes } from '../../functions/routes.ts';
import type { HostileWorld } from './hostile-app.ts';
import { transparencyMapping } from './transparency-csv.ts';

// Every API route with the caller allowed to use it and a request it accepts: hostile tests bend
// one part at a time, so what answers is validation, not authorisation.

export type Role = keyof HostileWorld['tokens'];

/** What a query parameter holds, so each can be given values it must refuse. */
export type QueryKind = 'limit' | 'cursor' | 'quarter' | 'id' | 'format' | 'shortText' | 'boolean';

export type RouteCase = {
  /** The authorised caller; null for public routes called anonymously. */
  as: Role | null;
  /** A value each path parameter accepts. */
  params?: (w: HostileWorld) => Record<string, string>;
  /** A body the route accepts (POST and PUT); absent for writes that take none. */
  body?: (w: HostileWorld) => unknown;
  /** The query parameters the route reads. */
  query?: Record<string, QueryKind>;
};

const list = { limit: 'limit', cursor: 'cursor' } as const;
const org = (w: HostileWorld) => ({ oid: w.org1.id });
const spendLine = {
  category: 'ict',
  totalPence: 10_000,
  localPence: 5_000,
  smePence: 2_500,
  vcsePence: 0,
  criteriaPence: 1_000,
};
const sicCsv = ['SIC,Industry,GHG multiplier (kgCO2e per £)', '62,IT services,0.2'].join('\n');

export const routeCases: Record<string, RouteCase> = {
  'GET /v1/health': { as: null },
  'GET /v1/me': { as: 'rep' },

  'POST /v1/partnerships': { as: 'admin', body: () => ({ name: 'Fuzz Partnership', area: 'Fuzzshire' }) },
  'GET /v1/partnerships': { as: null, query: list },
  'GET /v1/partnerships/{pid}': { as: null, params: (w) => ({ pid: w.partnership.id }) },
  'POST /v1/partnerships/{pid}/members': {
    as: 'coordinator',
    params: (w) => ({ pid: w.partnership.id }),
    body: () => ({ email: 'board2@example.org', role: 'board' }),
  },
  'POST /v1/partnerships/{pid}/compacts': {
    as: 'coordinator',
    params: (w) => ({ pid: w.partnership.id }),
    body: () => ({ title: 'Fuzz compact', summary: 'Summary', commitments: ['One.'] }),
  },

  'GET /v1/compacts': { as: null, query: { ...list, partnershipId: 'shortText' } },
  'GET /v1/compacts/{cid}': { as: null, params: (w) => ({ cid: w.compact.id }) },
  'PUT /v1/compacts/{cid}': {
    as: 'coordinator',
    params: (w) => ({ cid: w.draft.id }),
    body: () => ({ title: 'Fuzz draft', summary: 'Summary', commitments: ['One.', 'Two.'] }),
  },
  'POST /v1/compacts/{cid}/publish': { as: 'coordinator', params: (w) => ({ cid: w.draft.id }) },
  'POST /v1/compacts/{cid}/close': { as: 'coordinator', params: (w) => ({ cid: w.draft.id }) },
  'POST /v1/compacts/{cid}/interest': {
    as: 'otherRep',
    params: (w) => ({ cid: w.compact.id }),
    body: (w) => ({ organisationId: w.org2.id }),
  },
  'POST /v1/compacts/{cid}/signatures': {
    as: 'otherRep',
    params: (w) => ({ cid: w.compact.id }),
    body: (w) => w.signature(w.org2.id),
  },
  'POST /v1/compacts/{cid}/signatures/{oid}/withdraw': {
    as: 'otherRep',
    params: (w) => ({ cid: w.compact.id, oid: w.org2.id }),
    body: () => ({ reason: 'Fuzzing' }),
  },
  'POST /v1/compacts/{cid}/signatures/{oid}/verify': {
    as: 'coordinator',
    params: (w) => ({ cid: w.compact.id, oid: w.org2.id }),
  },
  'POST /v1/compacts/{cid}/signatures/{oid}/reject': {
    as: 'coordinator',
    params: (w) => ({ cid: w.compact.id, oid: w.org2.id }),
    body: () => ({ reason: 'Fuzzing' }),
  },
  'GET /v1/compacts/{cid}/signatories': { as: null, params: (w) => ({ cid: w.compact.id }), query: list },
  'GET /v1/compacts/{cid}/events': {
    as: 'coordinator',
    params: (w) => ({ cid: w.compact.id }),
    query: list,
  },

  'POST /v1/organisations': {
    as: 'nobody',
    body: () => ({ name: 'Fuzz Org', sector: 'private', postcode: 'B3 3BB' }),
  },
  'GET /v1/organisations/{oid}': { as: 'rep', params: org },
  'POST /v1/organisations/{oid}/members': {
    as: 'rep',
    params: org,
    body: () => ({ email: 'officer2@org1.example', role: 'officer' }),
  },
  'POST /v1/organisations/{oid}/join-requests': {
    as: 'otherRep',
    params: org,
    body: () => ({ message: 'Please invite me.' }),
  },
  'PUT /v1/organisations/{oid}/budgets/{fy}': {
    as: 'rep',
    params: (w) => ({ oid: w.org1.id, fy: '2025-26' }),
    body: () => ({ annualProcurementBudgetPence: 123_456_00 }),
  },

  'PUT /v1/organisations/{oid}/spend/{quarter}': {
    as: 'officer',
    params: (w) => ({ oid: w.org1.id, quarter: '2025-26-Q1' }),
    body: () => ({ lines: [spendLine] }),
  },
  'GET /v1/organisations/{oid}/spend/{quarter}/return': {
    as: 'officer',
    params: (w) => ({ oid: w.org1.id, quarter: '2025-26-Q1' }),
  },
  'GET /v1/organisations/{oid}/spend': {
    as: 'officer',
    params: org,
    query: { from: 'quarter', to: 'quarter' },
  },
  'POST /v1/organisations/{oid}/spend-imports': {
    as: 'officer',
    params: org,
    body: () => ({ mapping: transparencyMapping, dateFormat: 'dd/mm/yyyy', fileName: 'spend.csv' }),
  },
  'POST /v1/organisations/{oid}/spend-imports/preview': {
    as: 'officer',
    params: org,
    body: () => ({ sample: 'Date,Amount,Supplier\r\n01/04/2025,12.50,Acme\r\n' }),
  },
  'GET /v1/organisations/{oid}/spend-imports': { as: 'officer', params: org, query: list },
  'GET /v1/organisations/{oid}/spend-imports/{iid}': {
    as: 'officer',
    params: (w) => ({ oid: w.org1.id, iid: w.importId }),
  },
  'POST /v1/organisations/{oid}/spend-imports/{iid}/confirm': {
    as: 'officer',
    params: (w) => ({ oid: w.org1.id, iid: w.importId }),
  },
  'POST /v1/organisations/{oid}/spend-imports/{iid}/retry': {
    as: 'officer',
    params: (w) => ({ oid: w.org1.id, iid: w.importId }),
    body: () => ({ mapping: transparencyMapping, dateFormat: 'dd/mm/yyyy' }),
  },
  'POST /v1/organisations/{oid}/spend-imports/{iid}/revert': {
    as: 'officer',
    params: (w) => ({ oid: w.org1.id, iid: w.importId }),
  },

  'GET /v1/flexible-framework': { as: null },
  'POST /v1/organisations/{oid}/assessments': {
    as: 'officer',
    params: org,
    body: () => ({
      assessedOn: '2025-07-31',
      criteriaMet: ['people.1.a', 'policy.1.a'],
      evidence: { 'people.1.a': 'Named in May', 'policy.1.a': 'https://example.org/policy' },
    }),
  },
  'GET /v1/organisations/{oid}/assessments': { as: 'officer', params: org, query: list },
  'GET /v1/organisations/{oid}/assessments/{aid}': {
    as: 'officer',
    params: (w) => ({ oid: w.org1.id, aid: w.assessment.id }),
  },
  'GET /v1/organisations/{oid}/assessments/{aid}/changes': {
    as: 'officer',
    params: (w) => ({ oid: w.org1.id, aid: w.assessment.id }),
    query: { since: 'id' },
  },
  'PUT /v1/organisations/{oid}/targets': {
    as: 'officer',
    params: org,
    body: () => ({ targets: [{ theme: 'people', level: 3, by: '2030-03-31' }] }),
  },
  'GET /v1/organisations/{oid}/targets': { as: 'officer', params: org },
  'GET /v1/organisations/{oid}/targets/history': { as: 'officer', params: org },

  'GET /v1/compacts/{cid}/reports': { as: null, params: (w) => ({ cid: w.compact.id }) },
  'GET /v1/compacts/{cid}/reports/{fy}': {
    as: 'coordinator',
    params: (w) => ({ cid: w.compact.id, fy: '2025-26' }),
    query: { format: 'format' },
  },
  'POST /v1/admin/aggregations': { as: 'admin' },
  'GET /v1/admin/aggregations/{id}': { as: 'admin', params: (w) => ({ id: w.runId }) },

  'GET /v1/suppliers/{sid}': {
    as: null,
    params: (w) => ({ sid: w.supplierId }),
    query: { cursor: 'cursor' },
  },
  'PUT /v1/suppliers/{sid}': {
    as: 'officer',
    params: (w) => ({ sid: w.supplierId }),
    body: () => ({
      postcode: 'OX1 1BX',
      companyNumber: '01234567',
      sme: true,
      vcse: false,
      publicBody: null,
    }),
  },
  'POST /v1/suppliers/{sid}/history/{hid}/restore': {
    as: 'coordinator',
    params: (w) => ({ sid: w.supplierId, hid: w.supplierChangeId }),
  },
  'PUT /v1/organisations/{oid}/supplier-names': {
    as: 'officer',
    params: org,
    body: (w) => ({ name: 'ACME TRADING', supplierId: w.otherSupplierId }),
  },
  'POST /v1/organisations/{oid}/supplier-facts': {
    as: 'officer',
    params: org,
    body: (w) => ({
      csv: `Supplier,Postcode,Company Number,SME,VCSE,Public Body\r\n${w.supplierId},OX1 1BX,01234567,Y,N,\r\n`,
    }),
  },
  'GET /v1/organisations/{oid}/suppliers': {
    as: 'officer',
    params: org,
    query: { ...list, q: 'shortText', unclassified: 'boolean' },
  },
  'GET /v1/partnerships/{pid}/suppliers': {
    as: 'board',
    params: (w) => ({ pid: w.partnership.id }),
    query: { ...list, q: 'shortText', unclassified: 'boolean' },
  },
  'PUT /v1/partnerships/{pid}/area': {
    as: 'coordinator',
    params: (w) => ({ pid: w.partnership.id }),
    body: () => ({ postcodes: ['OX', 'WS1', 'DY4'] }),
  },

  'POST /v1/supplier-registers': { as: 'admin', body: () => ({ kind: 'charity-commission' }) },
  'GET /v1/supplier-registers/{id}': { as: 'admin', params: (w) => ({ id: w.registerLoadId }) },

  'GET /v1/carbon-factors': { as: null },
  'PUT /v1/carbon-factors': {
    as: 'coordinator',
    body: () => ({ csv: sicCsv, source: 'DEFRA SIC multipliers', year: 2022 }),
  },

  'GET /v1/openapi.json': { as: null },
};

export const routeKey = (route: { method: string; path: string }) => `${route.method} ${route.path}`;

/** Every route of functions/routes.ts, each with its case: a route missing from the table fails the test. */
export function everyRoute() {
  return apiRoutes.map((route) => {
    const key = routeKey(route);
    const spec = routeCases[key];
    if (!spec) throw new Error(`${key} has no hostile-input case: add it to test/support/hostile-routes.ts`);
    return { key, method: route.method, path: route.path, spec };
  });
}

export const isWrite = (method: string) => method === 'POST' || method === 'PUT';

/** The path with each {param} filled, from the case or an override (inserted as given: already encoded). */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for {${name}} in ${path}`);
    return value;
  });
}

export const paramNames = (path: string) => [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
