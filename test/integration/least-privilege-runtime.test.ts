import { Readable } from 'node:stream';
import { fullApiApp } from '@compact-tracker/api/app';
import type { Uploads } from '@compact-tracker/api/uploads';
import { runSpendImport } from '@compact-tracker/jobs/import/run-import';
import { runRegisterLoad } from '@compact-tracker/jobs/registers/run-register-load';
import { runRequestedJob } from '@compact-tracker/jobs/reports/requested-run';
import { runReportJob } from '@compact-tracker/jobs/reports/run';
import { fanOutSupplierChanges } from '@compact-tracker/jobs/suppliers/fan-out';
import { REPORT_RUN_JOBS, type ReportRunRequest } from '@compact-tracker/store/aggregation-runs';
import { changeSpendImport } from '@compact-tracker/store/spend-imports';
import { supplierKeys } from '@compact-tracker/store/supplier-keys';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../functions/routes.ts';
import type { BundledFunctionName } from '../../infra/bundling.ts';
import { leadingKeyPattern, tableGrants } from '../../infra/constructs/table-access.ts';
import { streamBatch } from '../lambda/events.ts';
import { compactText, world } from '../support/fixtures.ts';
import { appClient, type Harness, harness } from '../support/harness.ts';

// The grants of infra/constructs/table-access.ts against what the code really sends: every route
// the cast may call (and the jobs) runs against DynamoDB Local with a recorder on the client,
// each request put down to the function that answers its route (functions/routes.ts). Every action
// must be in that function's grant, and every item written must have a partition key its
// dynamodb:LeadingKeys condition allows: in AWS anything else would be an AccessDenied, a 500.

type Recorded = { fn: BundledFunctionName; action: string; pk: string | null };
const recorded: Recorded[] = [];
let current: BundledFunctionName | null = null;

const routePatterns = apiRoutes.map((route) => ({
  route,
  pattern: new RegExp(`^${route.path.replace(/\{\w+\}/g, '[^/]+')}$`),
}));
function functionOf(method: string, path: string): BundledFunctionName {
  const bare = path.split('?')[0] ?? path;
  const found = routePatterns.find((r) => r.route.method === method && r.pattern.test(bare));
  if (!found) throw new Error(`no route for ${method} ${path}`);
  return found.route.function;
}

const pkOf = (keyed: { Key?: { PK?: unknown }; Item?: { PK?: unknown } } | undefined) => {
  // Native (lib-dynamodb) or marshalled ({ S: ... }) depending on where the recorder sits.
  const pk = (keyed?.Key?.PK ?? keyed?.Item?.PK) as string | { S?: string } | undefined;
  return typeof pk === 'string' ? pk : (pk?.S ?? null);
};

/** What one SDK call needs in IAM terms: (action, partition key of the item) pairs. */
function actionsOf(command: string, input: Record<string, any>): { action: string; pk: string | null }[] {
  switch (command.replace(/(Item|Items)?Command$/, 'Command')) {
    case 'GetCommand':
      return [{ action: 'GetItem', pk: pkOf(input) }];
    case 'QueryCommand':
      return [{ action: 'Query', pk: null }];
    case 'BatchGetCommand':
      return [{ action: 'BatchGetItem', pk: null }];
    case 'PutCommand':
      return [{ action: 'PutItem', pk: pkOf(input) }];
    case 'UpdateCommand':
      return [{ action: 'UpdateItem', pk: pkOf(input) }];
    case 'DeleteCommand':
      return [{ action: 'DeleteItem', pk: pkOf(input) }];
    case 'TransactWriteCommand':
      return (input.TransactItems as Record<string, any>[]).map((item) => {
        const [kind, body] = Object.entries(item)[0] ?? [];
        const action = {
          Put: 'PutItem',
          Update: 'UpdateItem',
          Delete: 'DeleteItem',
          ConditionCheck: 'ConditionCheckItem',
        }[kind as string];
        return { action: action ?? `unknown ${kind}`, pk: pkOf(body) };
      });
    case 'BatchWriteCommand':
      return Object.values(input.RequestItems as Record<string, Record<string, any>[]>)
        .flat()
        .map((request) => ({
          action: 'BatchWriteItem',
          pk: pkOf(request.PutRequest ?? request.DeleteRequest),
        }));
    default:
      return [{ action: `unknown ${command}`, pk: null }];
  }
}

let h: Harness;
beforeAll(async () => {
  h = await harness();
  h.deps.db.doc.middlewareStack.add(
    (next, context) => async (args) => {
      if (current) {
        for (const one of actionsOf(context.commandName ?? '', args.input as Record<string, any>)) {
          recorded.push({ fn: current, ...one });
        }
      }
      return next(args);
    },
    { step: 'initialize', name: 'leastPrivilegeRecorder' },
  );
  // An import confirmed after review runs again, and a revert runs: the import function's work in
  // AWS, run below as its.
  const uploads: Uploads = { uploadUrl: async (key) => `http://uploads.test/${key}`, rerun: async () => {} };
  // A run started on demand is the job functions' work in AWS: run it below as theirs.
  const requested: ReportRunRequest[] = [];
  const startReportRun = async (request: ReportRunRequest) => {
    requested.push(request);
  };
  // As in AWS, changes of supplier facts fan out from the table's stream: run below as the
  // fan-out function's work.
  const call = appClient(fullApiApp({ ...h.deps, uploads, startReportRun, supplierFanOut: 'stream' }));
  const recording: Harness = {
    ...h,
    call: async (method, path, options) => {
      current = functionOf(method, path);
      try {
        return await call(method, path, options);
      } finally {
        current = null;
      }
    },
  };
  const w = await world(recording);
  const t = w.tokens;
  const ok = w.ok;
  const org = `/v1/organisations/${w.org1.id}`;
  const cid = w.compact.id;

  await ok('GET', '/v1/me', t.rep);
  await ok('POST', `/v1/compacts/${cid}/interest`, t.otherRep, { organisationId: w.org2.id });
  await ok('POST', `/v1/compacts/${cid}/signatures`, t.rep, w.signature(w.org1.id));
  await ok('GET', `/v1/compacts/${cid}/signatories`, '');
  await ok('GET', `/v1/compacts/${cid}/events`, t.coordinator);
  const draft = await ok('POST', `/v1/partnerships/${w.partnership.id}/compacts`, t.coordinator, compactText);
  await ok('PUT', `/v1/compacts/${draft.id}`, t.coordinator, compactText);
  await ok('PUT', `${org}/budgets/2025-26`, t.rep, { annualProcurementBudgetPence: 90_000_000_000 });
  const line = {
    category: 'ict',
    totalPence: 100_000,
    localPence: 0,
    smePence: 0,
    vcsePence: 0,
    criteriaPence: 0,
  };
  await ok('PUT', `${org}/spend/2025-26-Q1`, t.officer, { lines: [line] });
  await ok('PUT', `${org}/spend/2025-26-Q1`, t.officer, { lines: [{ ...line, totalPence: 200_000 }] });
  await ok('GET', `${org}/spend`, t.officer);
  const started = await ok('POST', `${org}/spend-imports`, t.officer, {
    mapping: { date: 'Date', amount: 'Amount', supplierName: 'Supplier' },
  });
  await ok('POST', `${org}/assessments`, t.officer, {
    assessedOn: '2025-06-30',
    criteriaMet: ['people.1.a'],
  });
  await ok('PUT', `${org}/targets`, t.officer, {
    targets: [{ theme: 'people', level: 3, by: '2030-03-31' }],
  });
  await ok('GET', `${org}/targets/history`, t.officer);
  await ok('PUT', '/v1/carbon-factors', t.admin, {
    csv: 'SIC,Industry,GHG multiplier (kgCO2e per £)\n62,IT services,0.2\n41-43,Construction,0.35',
    source: 'GHG SIC multipliers',
    year: 2024,
  });
  await ok('POST', '/v1/admin/aggregations', t.admin, {});
  expect(requested).toHaveLength(1);
  for (const request of requested) {
    for (const job of REPORT_RUN_JOBS) {
      current = job;
      await runRequestedJob(h.deps.db, job, request);
    }
  }
  current = null;
  const reports = await ok('GET', `/v1/compacts/${cid}/reports`, '');
  await ok('GET', `/v1/compacts/${cid}/reports/${reports.items[0].financialYear}`, t.coordinator);
  await ok('POST', `/v1/compacts/${cid}/signatures/${w.org1.id}/withdraw`, t.rep, {
    reason: 'Merged with another body.',
  });

  current = 'spend-import';
  const csv = 'Date,Amount,Supplier\n01/04/2025,100.00,Acme\n02/04/2025,oops,Acme\n';
  await runSpendImport(h.deps.db, w.org1.id, started.id, { open: async () => Readable.from([csv]) });
  // Half its rows rejected, it waits for review: the officer imports the valid rows.
  current = null;
  await ok('POST', `${org}/spend-imports/${started.id}/confirm`, t.officer, {});
  current = 'spend-import';
  await runSpendImport(h.deps.db, w.org1.id, started.id, { open: async () => Readable.from([csv]) });
  // Suppliers: the import named Acme; classify it, set the area, read both lists, then a register file.
  current = null;
  const named = await ok('GET', `${org}/suppliers`, t.officer);
  const acme = (named.items as { name: string; supplierId: string }[]).find((i) => i.name === 'Acme');
  await ok('PUT', `/v1/suppliers/${acme?.supplierId}`, t.officer, { postcode: 'OX4 1AA', sme: true });
  await ok('GET', `/v1/suppliers/${acme?.supplierId}`, '');
  await ok('PUT', `/v1/partnerships/${w.partnership.id}/area`, t.coordinator, { postcodes: ['OX4'] });
  await ok('GET', `/v1/partnerships/${w.partnership.id}/suppliers`, t.coordinator);
  const load = await ok('POST', '/v1/supplier-registers', t.admin, { kind: 'companies-house' });
  current = 'supplier-register';
  const register =
    'CompanyName, CompanyNumber,RegAddress.PostCode,CompanyCategory,CompanyStatus,Accounts.AccountCategory\n' +
    'ACME LIMITED,01234567,OX4 1AA,Private Limited Company,Active,MICRO ENTITY\n';
  await runRegisterLoad(
    h.deps.db,
    load.id,
    { open: async () => Readable.from([register]) },
    () => new Date(),
    'stream',
  );
  // The stream delivers both changes of Acme's facts (the officer's, the register's).
  current = 'supplier-fanout';
  const change = { eventName: 'MODIFY' as const, ...supplierKeys.supplier(acme?.supplierId ?? '') };
  const fanOut = await fanOutSupplierChanges(h.deps.db, streamBatch([change, change]), () => {});
  expect(fanOut).toEqual({ batchItemFailures: [] });
  for (const job of ['aggregate-buying-power', 'compute-scores'] as const) {
    current = job;
    await runReportJob(h.deps.db, job, { scheduledTime: '2026-01-01T02:30:00Z' });
  }
  // A revert too large for its request is left reverting by the API, and the import function
  // (run again) finishes it; asked again, the API answers it reverted.
  current = null;
  await changeSpendImport(h.deps.db, w.org1.id, started.id, ['completed'], {
    status: 'reverting',
    revertFrom: 'completed',
  });
  current = 'spend-import';
  const reverted = await runSpendImport(h.deps.db, w.org1.id, started.id, {
    open: async () => Readable.from([csv]),
  });
  expect(reverted.status).toBe('reverted');
  expect(recorded.some((r) => r.fn === 'spend-import' && r.action === 'DeleteItem')).toBe(true);
  current = null;
  const again = await ok('POST', `${org}/spend-imports/${started.id}/revert`, t.officer, {});
  expect(again.status).toBe('reverted');
}, 120_000);

describe('the table grants at run time', () => {
  it('saw every function at work', () => {
    const seen = new Set(recorded.map((r) => r.fn));
    for (const name of Object.keys(tableGrants)) {
      if (name !== 'web') expect(seen, name).toContain(name);
    }
    expect(recorded.some((r) => r.action === 'BatchWriteItem')).toBe(true);
    expect(recorded.some((r) => r.action === 'ConditionCheckItem')).toBe(true);
  });

  it('never sends an action outside the function’s grant', () => {
    const outside = recorded.filter((r) => {
      const grant = tableGrants[r.fn];
      return !([...grant.read, ...grant.write] as string[]).includes(r.action);
    });
    expect(outside.map((r) => `${r.fn}: ${r.action} ${r.pk ?? ''}`)).toEqual([]);
  });

  it('writes only items whose partition key the function’s LeadingKeys allow', () => {
    const writes = recorded.filter((r) => !['GetItem', 'Query', 'BatchGetItem'].includes(r.action));
    expect(writes.length).toBeGreaterThan(20);
    const refused = writes.filter((r) => {
      const patterns = tableGrants[r.fn].writeKeys.map(leadingKeyPattern);
      return !patterns.some((p) => (p.endsWith('*') ? r.pk?.startsWith(p.slice(0, -1)) : r.pk === p));
    });
    expect(refused.map((r) => `${r.fn}: ${r.action} ${r.pk}`)).toEqual([]);
  });
});
