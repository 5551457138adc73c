import { beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, tableItems, world } from '../support/fixtures.ts';
import { type Harness, harness } from '../support/harness.ts';

let h: Harness;
let w: Awaited<ReturnType<typeof world>>;
beforeAll(async () => {
  h = await harness();
  w = await world(h);
});

describe('POST /v1/organisations', () => {
  it('registers an organisation and makes the caller its representative', async () => {
    const token = await h.token('founder@newco.example');
    const created = await h.call('POST', '/v1/organisations', {
      token,
      body: {
        name: 'NewCo Ltd',
        sector: 'private',
        postcode: 'b15 3dh',
        companyNumber: '01234567',
        website: 'https://newco.example',
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'NewCo Ltd',
      sector: 'private',
      postcode: 'B15 3DH',
      yourRole: 'representative',
    });
    const me = await h.call('GET', '/v1/me', { token });
    expect(me.body.memberships).toEqual([
      { scope: 'organisation', id: created.body.id, role: 'representative' },
    ]);
  });

  it('refuses anonymous callers and invalid bodies, writing nothing', async () => {
    const before = await tableItems(h);
    expectProblem(
      await h.call('POST', '/v1/organisations', {
        body: { name: 'X', sector: 'public', postcode: 'B1 1BB' },
      }),
      401,
    );
    const bad = await h.call('POST', '/v1/organisations', {
      token: w.tokens.nobody,
      body: { name: 'X', sector: 'government', postcode: 'nowhere', website: 'javascript:alert(1)' },
    });
    expectProblem(bad, 400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'postcode',
      'sector',
      'website',
    ]);
    expect(await tableItems(h)).toEqual(before);
  });
});

describe('GET /v1/organisations/{oid}', () => {
  it('shows the public profile to anyone and budgets and members to members', async () => {
    await h.call('PUT', `/v1/organisations/${w.org1.id}/budgets/2025-26`, {
      token: w.tokens.rep,
      body: { annualProcurementBudgetPence: 90_000_000_000 },
    });
    const anonymous = await h.call('GET', `/v1/organisations/${w.org1.id}`);
    expect(anonymous.status).toBe(200);
    expect(anonymous.body).toMatchObject({ id: w.org1.id, name: 'Org One', sector: 'public' });
    expect(anonymous.body.budgets).toBeUndefined();
    expect(anonymous.body.members).toBeUndefined();
    const stranger = await h.call('GET', `/v1/organisations/${w.org1.id}`, { token: w.tokens.otherRep });
    expect(stranger.body.budgets).toBeUndefined();
    const officer = await h.call('GET', `/v1/organisations/${w.org1.id}`, { token: w.tokens.officer });
    expect(officer.body.budgets).toEqual([
      expect.objectContaining({ financialYear: '2025-26', annualProcurementBudgetPence: 90_000_000_000 }),
    ]);
    expect(officer.body.members.map((m: { email: string }) => m.email).sort()).toEqual([
      'officer@org1.example',
      'rep@org1.example',
    ]);
  });

  it('is 404 for an unknown organisation', async () => {
    expectProblem(await h.call('GET', '/v1/organisations/01UNKNOWN'), 404);
  });
});

describe('POST /v1/organisations/{oid}/members', () => {
  it('lets the representative invite officers, and no one else', async () => {
    const body = { email: 'new.officer@org1.example', role: 'officer' };
    const invited = await h.call('POST', `/v1/organisations/${w.org1.id}/members`, {
      token: w.tokens.rep,
      body,
    });
    expect(invited.status).toBe(201);
    // The invitation's link, to pass on: it names the organisation and the role to the invited person.
    expect(invited.body.invitationUrl).toMatch(/^http:\/\/localhost\/invitations\/[\w-]{20,}$/);
    const link = new URL(invited.body.invitationUrl).pathname.split('/').pop() as string;
    const { getInvitation } = await import('@compact-tracker/store/invitations');
    expect(await getInvitation(h.deps.db, link)).toMatchObject({
      email: 'new.officer@org1.example',
      scope: 'organisation',
      targetId: w.org1.id,
      role: 'officer',
    });
    expectProblem(await h.call('POST', `/v1/organisations/${w.org1.id}/members`, { body }), 401);
    expectProblem(
      await h.call('POST', `/v1/organisations/${w.org1.id}/members`, { token: w.tokens.officer, body }),
      403,
    );
    expectProblem(
      await h.call('POST', `/v1/organisations/${w.org1.id}/members`, { token: w.tokens.otherRep, body }),
      403,
    );
    expectProblem(
      await h.call('POST', `/v1/organisations/${w.org1.id}/members`, { token: w.tokens.coordinator, body }),
      403,
    );
    expectProblem(
      await h.call('POST', '/v1/organisations/01UNKNOWN/members', { token: w.tokens.rep, body }),
      404,
    );
  });
});

describe('PUT /v1/organisations/{oid}/budgets/{fy}', () => {
  it('lets representatives and officers declare, a later declaration replacing the earlier', async () => {
    const path = `/v1/organisations/${w.org1.id}/budgets/2026-27`;
    const first = await h.call('PUT', path, {
      token: w.tokens.officer,
      body: { annualProcurementBudgetPence: 100 },
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      financialYear: '2026-27',
      annualProcurementBudgetPence: 100,
      declaredBy: 'officer@org1.example',
    });
    await h.call('PUT', path, { token: w.tokens.rep, body: { annualProcurementBudgetPence: 250 } });
    const read = await h.call('GET', `/v1/organisations/${w.org1.id}`, { token: w.tokens.rep });
    expect(
      read.body.budgets.find((b: { financialYear: string }) => b.financialYear === '2026-27'),
    ).toMatchObject({
      annualProcurementBudgetPence: 250,
    });
  });

  it('refuses other organisations, coordinators and anonymous callers', async () => {
    const path = `/v1/organisations/${w.org1.id}/budgets/2026-27`;
    const body = { annualProcurementBudgetPence: 1 };
    expectProblem(await h.call('PUT', path, { body }), 401);
    expectProblem(await h.call('PUT', path, { token: w.tokens.otherRep, body }), 403);
    expectProblem(await h.call('PUT', path, { token: w.tokens.coordinator, body }), 403);
    expectProblem(
      await h.call('PUT', '/v1/organisations/01UNKNOWN/budgets/2026-27', { token: w.tokens.rep, body }),
      404,
    );
  });

  it('refuses pounds as floats, negative budgets and bad years, writing nothing', async () => {
    const before = await tableItems(h);
    const bad = [
      [
        `/v1/organisations/${w.org1.id}/budgets/2026-27`,
        { annualProcurementBudgetPence: 12.5 },
        'annualProcurementBudgetPence',
      ],
      [
        `/v1/organisations/${w.org1.id}/budgets/2026-27`,
        { annualProcurementBudgetPence: -1 },
        'annualProcurementBudgetPence',
      ],
      [
        `/v1/organisations/${w.org1.id}/budgets/2026-27`,
        { annualProcurementBudgetPence: '100' },
        'annualProcurementBudgetPence',
      ],
      [`/v1/organisations/${w.org1.id}/budgets/2026-28`, { annualProcurementBudgetPence: 1 }, 'fy'],
    ] as const;
    for (const [path, body, field] of bad) {
      const response = await h.call('PUT', path, { token: w.tokens.rep, body });
      expectProblem(response, 400);
      expect(response.body.errors.map((e: { path: string }) => e.path)).toContain(field);
    }
    expect(await tableItems(h)).toEqual(before);
  });
});

describe('lookalike organisations (DOMAIN.md: who may appear on the register)', () => {
  const register = (token: string, body: Record<string, unknown>) =>
    h.call('POST', '/v1/organisations', { token, body: { sector: 'public', ...body } });

  it('refuses the same company number, charity number, or normalised name at the same postcode: 409 naming the existing one', async () => {
    const owner = await h.token('clerk@lookalike-council.example');
    const original = await register(owner, {
      name: 'Lookalike City Council',
      postcode: 'B1 1BB',
      companyNumber: '00123456',
      charityNumber: '1098765',
    });
    expect(original.status).toBe(201);

    const copycat = await h.token('copycat@example.org');
    const cases = [
      { name: 'LOOKALIKE CITY COUNCIL.', postcode: 'b11bb' },
      { name: 'The Lookalike City Council Ltd', postcode: 'B1 1BB' },
      { name: 'Something Else Entirely', postcode: 'W1A 1AA', companyNumber: '00123456' },
      { name: 'Another Name', postcode: 'M1 1AE', charityNumber: '1098765' },
    ];
    for (const body of cases) {
      const before = await tableItems(h);
      const refused = await register(copycat, body);
      expectProblem(refused, 409);
      expect(refused.body.organisationId, JSON.stringify(body)).toBe(original.body.id);
      expect(refused.body.detail).toContain('Lookalike City Council');
      expect(refused.body.detail).toContain('ask its representative to invite you');
      expect(await tableItems(h), 'nothing written').toEqual(before);
    }
    // The copycat is no member of anything.
    expect((await h.call('GET', '/v1/me', { token: copycat })).body.memberships).toEqual([]);

    // The same name elsewhere, and another name at the same postcode, are different organisations.
    expect((await register(copycat, { name: 'Lookalike City Council', postcode: 'B2 2BB' })).status).toBe(
      201,
    );
    expect((await register(copycat, { name: 'Lookalike Food Bank', postcode: 'B1 1BB' })).status).toBe(201);
  });

  it('of ten identical registrations at once, exactly one is created', async () => {
    const tokens = await Promise.all(Array.from({ length: 10 }, (_, i) => h.token(`racer${i}@example.org`)));
    const results = await Promise.all(
      tokens.map((token) => register(token, { name: 'Racing Trust', postcode: 'B5 5RT' })),
    );
    const created = results.filter((r) => r.status === 201);
    expect(created).toHaveLength(1);
    for (const refused of results.filter((r) => r.status !== 201)) {
      expect(refused.status).toBe(409);
      expect(refused.body.organisationId).toBe(created[0]?.body.id);
    }
  });
});
