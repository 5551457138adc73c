import { ensureTable } from '@compact-tracker/local/dynamodb-local';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { bundleFunction } from '../../infra/bundle-function.ts';
import { LIBRARY_PHRASING } from '../support/library-phrasing.ts';
import { bundledHandlers, type Claims, httpEvent, lambdaContext, printed } from './events.ts';

// The real thing: each function bundled by esbuild with the stack's settings, imported fresh, and
// given API Gateway v2 events with authorizer claims, against DynamoDB Local.

type Handler = (
  event: unknown,
  context: unknown,
) => Promise<{ statusCode: number; body: string; headers: Record<string, string> }>;
const names = ['identity', 'partnerships', 'compacts', 'organisations', 'progress', 'suppliers'] as const;
const handlers = {} as Record<(typeof names)[number], Handler>;

const admin: Claims = {
  sub: 'sub-admin',
  email: 'admin@example.org',
  name: 'Admin',
  'cognito:groups': '[admin]',
};
const coordinator: Claims = { sub: 'sub-coord', email: 'coord@example.org', name: 'Coordinator' };
const rep: Claims = { sub: 'sub-rep', email: 'rep@example.org', name: 'Rep' };

async function invoke(name: (typeof names)[number], ...args: Parameters<typeof httpEvent>) {
  const result = await handlers[name](httpEvent(...args), lambdaContext(name));
  return {
    status: result.statusCode,
    body: result.body ? JSON.parse(result.body) : null,
    headers: result.headers,
  };
}

beforeAll(async () => {
  const table = `lambda-${ulid()}`;
  await ensureTable(inject('dynamoEndpoint'), table);
  Object.assign(
    handlers,
    await bundledHandlers(names, { table, endpoint: inject('dynamoEndpoint') }, bundleFunction),
  );
}, 120_000);

describe('bundled handlers with API Gateway v2 events', () => {
  it('identity: health for anyone, me from the authorizer claims', async () => {
    expect(await invoke('identity', 'GET', '/v1/health')).toMatchObject({
      status: 200,
      body: { status: 'ok' },
    });
    const me = await invoke('identity', 'GET', '/v1/me', { claims: admin });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      sub: 'sub-admin',
      email: 'admin@example.org',
      admin: true,
      memberships: [],
    });
    const anonymous = await invoke('identity', 'GET', '/v1/me');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['content-type']).toMatch(/problem\+json/);
  });

  it('a compact is created, published and signed through the functions, and read publicly', async () => {
    const partnership = await invoke('partnerships', 'POST', '/v1/partnerships', {
      claims: admin,
      body: { name: 'Be Birmingham', area: 'Birmingham' },
    });
    expect(partnership.status).toBe(201);
    const pid = partnership.body.id;
    expect(
      (
        await invoke('partnerships', 'POST', `/v1/partnerships/${pid}/members`, {
          claims: admin,
          body: { email: coordinator.email, role: 'coordinator' },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await invoke('partnerships', 'POST', '/v1/partnerships', {
          claims: coordinator,
          body: { name: 'X', area: 'Y' },
        })
      ).status,
    ).toBe(403);

    const compact = await invoke('compacts', 'POST', `/v1/partnerships/${pid}/compacts`, {
      claims: coordinator,
      body: { title: 'Compact', summary: 'We commit.', commitments: ['Buy local.'] },
    });
    expect(compact.status).toBe(201);
    const cid = compact.body.id;
    const open = await invoke('compacts', 'POST', `/v1/compacts/${cid}/publish`, { claims: coordinator });
    expect(open.body.status).toBe('open');

    const org = await invoke('organisations', 'POST', '/v1/organisations', {
      claims: rep,
      body: { name: 'Org', sector: 'public', postcode: 'B1 1BB' },
    });
    expect(org.status).toBe(201);
    expect(
      (
        await invoke('organisations', 'PUT', `/v1/organisations/${org.body.id}/budgets/2025-26`, {
          claims: rep,
          body: { annualProcurementBudgetPence: 90_000_000_000 },
        })
      ).status,
    ).toBe(200);

    const signature = {
      organisationId: org.body.id,
      signatoryName: 'Sam',
      signatoryRole: 'Chief Executive',
      version: open.body.version,
      textSha256: open.body.textSha256,
      acceptCommitments: true,
    };
    const { result: signed, lines } = await printed(() =>
      invoke('compacts', 'POST', `/v1/compacts/${cid}/signatures`, { claims: rep, body: signature }),
    );
    expect(signed).toMatchObject({ status: 201, body: { status: 'signed', version: 1 } });
    // The signature is counted: one CloudWatch embedded-metric line, namespace CompactTracker.
    const emf = lines.map((line) => JSON.parse(line)).filter((entry) => entry._aws);
    expect(emf).toEqual([
      expect.objectContaining({
        _aws: expect.objectContaining({
          CloudWatchMetrics: [
            expect.objectContaining({
              Namespace: 'CompactTracker',
              Metrics: [{ Name: 'Signatures', Unit: 'Count' }],
            }),
          ],
        }),
        Signatures: 1,
        service: 'compact-tracker-test',
      }),
    ]);
    expect(
      (await invoke('compacts', 'POST', `/v1/compacts/${cid}/signatures`, { claims: rep, body: signature }))
        .status,
    ).toBe(409);

    const register = await invoke('compacts', 'GET', `/v1/compacts/${cid}/signatories`, {
      query: 'limit=10',
    });
    expect(register.status).toBe(200);
    expect(register.body.items).toEqual([
      expect.objectContaining({ organisationId: org.body.id, status: 'signed' }),
    ]);
  });

  it('progress: the framework for anyone, an assessment saved with its levels and listed', async () => {
    const framework = await invoke('progress', 'GET', '/v1/flexible-framework');
    expect(framework.status).toBe(200);
    expect(framework.body.version).toBe('ff-2011-paraphrase-v1');

    const org = await invoke('organisations', 'POST', '/v1/organisations', {
      claims: rep,
      body: { name: 'Assessed Org', sector: 'public', postcode: 'B1 1BB' },
    });
    expect(org.status).toBe(201);
    const path = `/v1/organisations/${org.body.id}/assessments`;
    const saved = await invoke('progress', 'POST', path, {
      claims: rep,
      body: {
        assessedOn: '2025-06-30',
        criteriaMet: ['people.1.a', 'people.1.b', 'people.1.c', 'people.2.a'],
        evidence: { 'people.1.a': 'https://example.org/champion' },
      },
    });
    expect(saved).toMatchObject({
      status: 201,
      body: {
        themeLevels: { people: 1, policy: 0, process: 0, suppliers: 0, measurement: 0 },
        overallLevel: 0,
        frameworkVersion: 'ff-2011-paraphrase-v1',
      },
    });
    expect(saved.body.missingForNextLevel.people.summary).toBe('to reach Embed in people: 2b');

    const unknown = await invoke('progress', 'POST', path, {
      claims: rep,
      body: { assessedOn: '2025-06-30', criteriaMet: ['people.9.z'] },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([
      { path: 'criteriaMet.0', message: expect.stringContaining('people.9.z') },
    ]);

    const list = await invoke('progress', 'GET', path, { claims: rep });
    expect(list.status).toBe(200);
    expect(list.body.items.map((a: { id: string }) => a.id)).toEqual([saved.body.id]);
    expect((await invoke('progress', 'GET', path, { claims: coordinator })).status).toBe(403);
  });

  it('suppliers: a coordinator sets the area, unknown suppliers are 404, register loads need the bucket', async () => {
    const partnership = await invoke('partnerships', 'POST', '/v1/partnerships', {
      claims: admin,
      body: { name: 'Area Partnership', area: 'Blackcountry' },
    });
    await invoke('partnerships', 'POST', `/v1/partnerships/${partnership.body.id}/members`, {
      claims: admin,
      body: { email: 'coord@example.org', role: 'coordinator' },
    });
    const area = await invoke('suppliers', 'PUT', `/v1/partnerships/${partnership.body.id}/area`, {
      claims: coordinator,
      body: { postcodes: ['ws1', 'DY 4', 'B'] },
    });
    expect(area).toMatchObject({ status: 200, body: { postcodes: ['B', 'DY4', 'WS1'] } });
    const read = await invoke('partnerships', 'GET', `/v1/partnerships/${partnership.body.id}`);
    expect(read.body.areaPostcodes).toEqual(['B', 'DY4', 'WS1']);
    expect((await invoke('suppliers', 'GET', '/v1/suppliers/01UNKNOWN')).status).toBe(404);
    // This test environment names no upload bucket: a clean 503, not a 500.
    const load = await invoke('suppliers', 'POST', '/v1/supplier-registers', {
      claims: admin,
      body: { kind: 'companies-house' },
    });
    expect(load.status).toBe(503);
  });

  it('answers an anonymous write 401 whatever its body, before validating it', async () => {
    for (const body of [undefined, '', {}, { name: '' }]) {
      const write = await invoke('organisations', 'POST', '/v1/organisations', { body });
      expect(write.status, JSON.stringify(body)).toBe(401);
      expect(write.headers['content-type']).toMatch(/problem\+json/);
    }
    const publish = await invoke('compacts', 'POST', '/v1/compacts/01ABC/publish');
    expect(publish.status).toBe(401);
  });

  it('answers HEAD (its own API Gateway route) as GET, without the body', async () => {
    const health = await invoke('identity', 'HEAD', '/v1/health');
    expect(health).toMatchObject({ status: 200, body: null });
    expect(health.headers['content-type']).toMatch(/^application\/json/);
    const framework = await invoke('progress', 'GET', '/v1/flexible-framework');
    const head = await invoke('progress', 'HEAD', '/v1/flexible-framework');
    expect(head).toMatchObject({ status: 200, body: null });
    expect(head.headers.etag).toBe(framework.headers.etag);
    expect(head.headers['cache-control']).toBe(framework.headers['cache-control']);
    expect((await invoke('identity', 'HEAD', '/v1/me', { claims: rep })).status).toBe(200);
    expect((await invoke('compacts', 'HEAD', '/v1/compacts/01UNKNOWN')).status).toBe(404);
  });

  it('answers invalid bodies with problem+json 400 and unknown ids with 404', async () => {
    const bad = await invoke('organisations', 'POST', '/v1/organisations', {
      claims: rep,
      body: { name: '' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      { path: 'name', message: 'must not be empty' },
      { path: 'sector', message: 'is required' },
      { path: 'postcode', message: 'is required' },
    ]);
    const budget = await invoke('organisations', 'PUT', '/v1/organisations/01ABC/budgets/2025-26', {
      claims: rep,
      body: { annualProcurementBudgetPence: 12.5 },
    });
    expect(budget.body.errors).toEqual([
      { path: 'annualProcurementBudgetPence', message: 'must be a whole number of pence' },
    ]);
    for (const message of [bad.body.detail, budget.body.detail])
      expect(message).not.toMatch(LIBRARY_PHRASING);
    expect((await invoke('compacts', 'GET', '/v1/compacts/01UNKNOWN')).status).toBe(404);
  });
});
