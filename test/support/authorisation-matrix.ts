// Who may call which API route: every route × every kind of caller → the HTTP status API.md and
// DOMAIN.md call for. Each request is valid in every other respect (params from a world where the
// resources exist, a valid body for writes), so that a refusal can only be about authorisation.

export const callerKinds = [
  'anonymous',
  'nobody',
  'rep',
  'officer',
  'otherRep',
  'coordinator',
  'board',
  'otherCoordinator',
  'otherBoard',
  'admin',
] as const;

/**
 * anonymous: no token; nobody: signed in, no membership; rep, officer: of org1; otherRep: of org2;
 * coordinator, board: of the partnership that owns the compacts; otherCoordinator, otherBoard: of
 * another partnership; admin: in the admin group, no membership.
 */
export type CallerKind = (typeof callerKinds)[number];

export type Expected = Record<CallerKind, number>;

/** What the requests are built from: ids of resources that exist. */
export type MatrixWorld = {
  partnershipId: string;
  /** Open, with org1 signed: its register, events and reports have something in them. */
  compactId: string;
  /** Open, nobody has joined it yet: for interest and signatures. */
  unsignedCompact: { id: string; version: number; textSha256: string };
  draftId: string;
  org1Id: string;
  /** Its representative is otherRep; it has taken part in no compact. */
  org2Id: string;
  /** An import and an assessment of org1. */
  importId: string;
  assessmentId: string;
  /** A financial year with a report snapshot, and a quarter of it with a spend return of org1. */
  financialYear: string;
  quarter: string;
  /** A supplier org1 has paid, one change of its facts, and a second supplier to point names at. */
  supplierId: string;
  supplierChangeId: string;
  otherSupplierId: string;
  /** A register load an admin started. */
  registerLoadId: string;
  /** A finished report run, started by the coordinator. */
  runId: string;
};

export type MatrixRequest = { path: string; body?: unknown; headers?: Record<string, string> };

export type RouteCase = {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** As in functions/routes.ts. */
  path: string;
  /** Names a second case of the same route (a draft compact, say). */
  variant?: string;
  expected: Expected;
  request: (w: MatrixWorld) => MatrixRequest;
  /** Allowed calls change nothing another allowed call depends on: they may share one world. */
  shareWorld?: boolean;
  /** Of the callers answered 2xx, exactly `who` see `what` (drafts, private fields, a full report). */
  sees?: Sees;
};

export type Sees = {
  who: CallerKind[];
  what: string;
  in: (response: { body: any; text: string }, w: MatrixWorld) => boolean;
};

const everyone = (status: number): Expected =>
  Object.fromEntries(callerKinds.map((kind) => [kind, status])) as Expected;

/** Behind a token: anonymous 401, `who` get `ok`, every other signed-in caller `refused`. */
export const allow = (who: CallerKind[], ok: number, refused = 403): Expected => ({
  ...everyone(refused),
  anonymous: 401,
  ...Object.fromEntries(who.map((kind) => [kind, ok])),
});

/** Public, but hidden from all but `who`: 404 for everyone else, anonymous included. */
const hiddenFrom = (who: CallerKind[], ok: number): Expected => ({ ...allow(who, ok, 404), anonymous: 404 });

const signedIn = (ok: number) =>
  allow(
    callerKinds.filter((kind) => kind !== 'anonymous'),
    ok,
  );
const orgWriters: CallerKind[] = ['rep', 'officer'];
/** An organisation's progress: its members, and the coordinators and board of its compacts' partnership. */
const progressReaders: CallerKind[] = ['rep', 'officer', 'coordinator', 'board'];
/** A compact's full report: its partnership's coordinators and board. */
const fullReaders: CallerKind[] = ['coordinator', 'board'];

/** Fills `{pid}`, `{cid}`, `{oid}` ... from the world; `params` overrides. */
const fill = (path: string, w: MatrixWorld, params: Record<string, string> = {}) => {
  const defaults: Record<string, string> = {
    pid: w.partnershipId,
    cid: w.compactId,
    oid: w.org1Id,
    iid: w.importId,
    aid: w.assessmentId,
    fy: w.financialYear,
    quarter: w.quarter,
    sid: w.supplierId,
    hid: w.supplierChangeId,
    id: w.registerLoadId,
    ...params,
  };
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = defaults[name];
    if (value === undefined) throw new Error(`no value for {${name}} in ${path}`);
    return encodeURIComponent(value);
  });
};

type Options = {
  variant?: string;
  params?: (w: MatrixWorld) => Record<string, string>;
  body?: (w: MatrixWorld) => unknown;
  headers?: Record<string, string>;
  shareWorld?: boolean;
  sees?: Sees;
};

function route(spec: string, expected: Expected, options: Options = {}): RouteCase {
  const [method, path] = spec.split(' ') as [RouteCase['method'], string];
  return {
    method,
    path,
    expected,
    ...(options.variant ? { variant: options.variant } : {}),
    ...(options.shareWorld ? { shareWorld: true } : {}),
    ...(options.sees ? { sees: options.sees } : {}),
    request: (w) => ({
      path: fill(path, w, options.params?.(w)),
      ...(options.body ? { body: options.body(w) } : {}),
      ...(options.headers ? { headers: options.headers } : {}),
    }),
  };
}

const compactText = {
  title: 'Revised Compact',
  summary: 'The same aims, in other words.',
  commitments: ['Name a champion.', 'Buy local.', 'Report every quarter.'],
};
const spendLine = {
  category: 'ict',
  totalPence: 100_000,
  localPence: 0,
  smePence: 0,
  vcsePence: 0,
  criteriaPence: 0,
};
const sicCsv = 'SIC,Industry,GHG multiplier (kgCO2e per £)\n62,IT services,0.2\n41-43,Construction,0.35';

export const authorisationMatrix: RouteCase[] = [
  route('GET /v1/health', everyone(200)),
  route('GET /v1/me', signedIn(200)),
  route('GET /v1/openapi.json', everyone(200)),

  route('POST /v1/partnerships', allow(['admin'], 201), {
    body: () => ({ name: 'New Partnership', area: 'Newshire' }),
  }),
  route('GET /v1/partnerships', everyone(200)),
  route('GET /v1/partnerships/{pid}', everyone(200)),
  route('POST /v1/partnerships/{pid}/members', allow(['admin', 'coordinator'], 201), {
    body: () => ({ email: 'new.board@example.org', role: 'board' }),
  }),
  route('POST /v1/partnerships/{pid}/compacts', allow(['coordinator'], 201), { body: () => compactText }),

  route('GET /v1/compacts', everyone(200), {
    sees: {
      who: ['coordinator'],
      what: 'the draft',
      in: ({ body }, w) => body.items.some((c: { id: string }) => c.id === w.draftId),
    },
  }),
  route('GET /v1/compacts/{cid}', everyone(200)),
  route('GET /v1/compacts/{cid}', hiddenFrom(['coordinator'], 200), {
    variant: 'draft',
    params: (w) => ({ cid: w.draftId }),
  }),
  route('PUT /v1/compacts/{cid}', allow(['coordinator'], 200), { body: () => compactText }),
  route('PUT /v1/compacts/{cid}', allow(['coordinator'], 200, 404), {
    variant: 'draft',
    params: (w) => ({ cid: w.draftId }),
    body: () => compactText,
  }),
  route('POST /v1/compacts/{cid}/publish', allow(['coordinator'], 200, 404), {
    variant: 'draft',
    params: (w) => ({ cid: w.draftId }),
  }),
  route('POST /v1/compacts/{cid}/close', allow(['coordinator'], 200)),
  route('POST /v1/compacts/{cid}/interest', allow(['rep'], 201), {
    params: (w) => ({ cid: w.unsignedCompact.id }),
    body: (w) => ({ organisationId: w.org1Id }),
  }),
  // A draft stays hidden from the representative; its coordinator sees it but acts for no organisation.
  route(
    'POST /v1/compacts/{cid}/interest',
    { ...allow([], 0, 404), coordinator: 403 },
    {
      variant: 'draft',
      params: (w) => ({ cid: w.draftId }),
      body: (w) => ({ organisationId: w.org1Id }),
    },
  ),
  route('POST /v1/compacts/{cid}/signatures', allow(['rep'], 201), {
    params: (w) => ({ cid: w.unsignedCompact.id }),
    body: (w) => ({
      organisationId: w.org1Id,
      signatoryName: 'Sam Signer',
      signatoryRole: 'Chief Executive',
      version: w.unsignedCompact.version,
      textSha256: w.unsignedCompact.textSha256,
      acceptCommitments: true,
    }),
  }),
  route('POST /v1/compacts/{cid}/signatures/{oid}/withdraw', allow(['rep', 'coordinator'], 200), {
    body: () => ({ reason: 'Merged with another body.' }),
  }),
  // Org One's signature awaits verification: its partnership's coordinators decide, nobody else.
  route('POST /v1/compacts/{cid}/signatures/{oid}/verify', allow(['coordinator'], 200)),
  route('POST /v1/compacts/{cid}/signatures/{oid}/reject', allow(['coordinator'], 200), {
    body: () => ({ reason: 'No such organisation at that address.' }),
  }),
  route('GET /v1/compacts/{cid}/signatories', everyone(200)),
  route('GET /v1/compacts/{cid}/signatories', hiddenFrom(['coordinator'], 200), {
    variant: 'draft',
    params: (w) => ({ cid: w.draftId }),
  }),
  route('GET /v1/compacts/{cid}/events', allow(['coordinator', 'board'], 200)),
  // Board members read the trail of published compacts; drafts exist for coordinators alone.
  route('GET /v1/compacts/{cid}/events', allow(['coordinator'], 200, 404), {
    variant: 'draft',
    params: (w) => ({ cid: w.draftId }),
  }),

  route('POST /v1/organisations', signedIn(201), {
    // A new name each time: the same name at the same postcode would be a lookalike (409).
    body: () => ({
      name: `New Org ${Math.random().toString(36).slice(2)}`,
      sector: 'voluntary-community',
      postcode: 'B3 3BB',
    }),
    shareWorld: true,
  }),
  route('GET /v1/organisations/{oid}', everyone(200), {
    sees: {
      who: orgWriters,
      what: 'budgets and members',
      in: ({ body }) => 'budgets' in body && 'members' in body,
    },
  }),
  route('POST /v1/organisations/{oid}/members', allow(['rep'], 201), {
    body: () => ({ email: 'new.officer@org1.example', role: 'officer' }),
  }),
  // Anyone signed in may ask to join Org One; its own members already belong (409).
  route(
    'POST /v1/organisations/{oid}/join-requests',
    { ...signedIn(201), rep: 409, officer: 409 },
    {
      body: () => ({ message: 'I run procurement there.' }),
    },
  ),
  route('PUT /v1/organisations/{oid}/budgets/{fy}', allow(orgWriters, 200), {
    body: () => ({ annualProcurementBudgetPence: 90_000_000_000 }),
  }),

  route('PUT /v1/organisations/{oid}/spend/{quarter}', allow(orgWriters, 200), {
    body: () => ({ lines: [spendLine] }),
  }),
  route('GET /v1/organisations/{oid}/spend/{quarter}/return', allow(progressReaders, 200)),
  route('GET /v1/organisations/{oid}/spend', allow(progressReaders, 200)),
  route('POST /v1/organisations/{oid}/spend-imports', allow(orgWriters, 201), {
    body: () => ({ mapping: { date: 'Date', amount: 'Amount' }, fileName: 'spend.csv' }),
  }),
  route('POST /v1/organisations/{oid}/spend-imports/preview', allow(orgWriters, 200), {
    body: () => ({ sample: 'Date,Amount,Supplier\n01/04/2025,100.00,Acme\n' }),
    shareWorld: true,
  }),
  route('GET /v1/organisations/{oid}/spend-imports', allow(progressReaders, 200)),
  route('GET /v1/organisations/{oid}/spend-imports/{iid}', allow(progressReaders, 200)),
  route('GET /v1/organisations/{oid}/spend-imports/{iid}', allow(['otherRep'], 404), {
    variant: "org1's import under org2",
    params: (w) => ({ oid: w.org2Id }),
  }),
  // The world's import still waits for its file: once authorised, each of these is a conflict.
  route('POST /v1/organisations/{oid}/spend-imports/{iid}/confirm', allow(orgWriters, 409)),
  route('POST /v1/organisations/{oid}/spend-imports/{iid}/retry', allow(orgWriters, 409), {
    body: () => ({ dateFormat: 'dd/mm/yyyy' }),
  }),
  route('POST /v1/organisations/{oid}/spend-imports/{iid}/revert', allow(orgWriters, 409)),

  route('GET /v1/flexible-framework', everyone(200)),
  route('POST /v1/organisations/{oid}/assessments', allow(orgWriters, 201), {
    body: () => ({ assessedOn: '2025-06-30', criteriaMet: ['people.1.a', 'people.1.b', 'people.1.c'] }),
  }),
  route('GET /v1/organisations/{oid}/assessments', allow(progressReaders, 200)),
  route('GET /v1/organisations/{oid}/assessments/{aid}', allow(progressReaders, 200)),
  route('GET /v1/organisations/{oid}/assessments/{aid}', allow(['otherRep'], 404), {
    variant: "org1's assessment under org2",
    params: (w) => ({ oid: w.org2Id }),
  }),
  route('GET /v1/organisations/{oid}/assessments/{aid}/changes', allow(progressReaders, 200)),
  route('GET /v1/organisations/{oid}/assessments/{aid}/changes', allow(['otherRep'], 404), {
    variant: "org1's assessment under org2",
    params: (w) => ({ oid: w.org2Id }),
  }),
  route('PUT /v1/organisations/{oid}/targets', allow(orgWriters, 200), {
    body: () => ({ targets: [{ theme: 'people', level: 3, by: '2030-03-31' }] }),
  }),
  route('GET /v1/organisations/{oid}/targets', allow(progressReaders, 200)),
  route('GET /v1/organisations/{oid}/targets/history', allow(progressReaders, 200)),

  route('GET /v1/compacts/{cid}/reports', everyone(200)),
  route('GET /v1/compacts/{cid}/reports', hiddenFrom(['coordinator'], 200), {
    variant: 'draft',
    params: (w) => ({ cid: w.draftId }),
  }),
  // Everyone reads a report; coordinators and board get the full one (the body says which).
  route('GET /v1/compacts/{cid}/reports/{fy}', everyone(200), {
    sees: { who: fullReaders, what: 'the full report', in: ({ body }) => body.access === 'full' },
  }),
  route('GET /v1/compacts/{cid}/reports/{fy}', everyone(200), {
    variant: 'csv',
    headers: { accept: 'text/csv' },
    sees: { who: fullReaders, what: 'every column', in: ({ text }) => /buyingPowerPence/.test(text) },
  }),
  // Any coordinator runs the jobs for their own partnerships' compacts; an admin for all.
  route('POST /v1/admin/aggregations', allow(['admin', 'coordinator', 'otherCoordinator'], 202)),
  // A run is seen by admins and by the coordinators of its partnerships; to other coordinators it
  // does not exist.
  route(
    'GET /v1/admin/aggregations/{id}',
    { ...allow(['admin', 'coordinator'], 200), otherCoordinator: 404 },
    { params: (w) => ({ id: w.runId }) },
  ),

  // Supplier facts are public; who paid a supplier classifies it, with their partnerships'
  // coordinators and admins; spend by supplier is for members and the partnerships' coordinators and board.
  route('GET /v1/suppliers/{sid}', everyone(200)),
  route('PUT /v1/suppliers/{sid}', allow(['rep', 'officer', 'coordinator', 'admin'], 200), {
    body: () => ({ postcode: 'B1 1AA', sme: true }),
  }),
  route('POST /v1/suppliers/{sid}/history/{hid}/restore', allow(['coordinator', 'admin'], 200)),
  route('PUT /v1/organisations/{oid}/supplier-names', allow(orgWriters, 200), {
    body: (w) => ({ name: 'ACME TRADING', supplierId: w.otherSupplierId }),
  }),
  // Many at once from a sheet: the organisation's own officers and representatives only.
  route('POST /v1/organisations/{oid}/supplier-facts', allow(orgWriters, 200), {
    body: (w) => ({ csv: `supplier,sme,postcode\r\n${w.supplierId},Y,B1 1AA\r\nACME WIDGETS LTD,Y,\r\n` }),
  }),
  route('GET /v1/organisations/{oid}/suppliers', allow(progressReaders, 200)),
  route('GET /v1/partnerships/{pid}/suppliers', allow(fullReaders, 200)),
  route('PUT /v1/partnerships/{pid}/area', allow(['coordinator'], 200), {
    body: () => ({ postcodes: ['B', 'WS1'] }),
  }),
  route('POST /v1/supplier-registers', allow(['admin'], 201), { body: () => ({ kind: 'companies-house' }) }),
  route('GET /v1/supplier-registers/{id}', allow(['admin'], 200)),

  route('GET /v1/carbon-factors', everyone(200)),
  // The factor table is shared by every partnership: admins and any coordinator keep it current.
  route('PUT /v1/carbon-factors', allow(['admin', 'coordinator', 'otherCoordinator'], 200), {
    body: () => ({ csv: sicCsv, source: 'GHG SIC multipliers', year: 2024 }),
  }),
];

/** Every route the matrix covers, once, written as `GET /v1/compacts/{cid}`. */
export const matrixRoutes = () =>
  [...new Set(authorisationMatrix.map((c) => `${c.method} ${c.path}`))].sort();

export const caseLabel = (c: RouteCase) => `${c.method} ${c.path}${c.variant ? ` (${c.variant})` : ''}`;
