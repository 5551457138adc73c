import { beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../support/fixtures.ts';
import { type Harness, harness } from '../support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});

describe('GET /v1/health', () => {
  it('answers anyone', async () => {
    const response = await h.call('GET', '/v1/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });
});

describe('GET /v1/me', () => {
  it('returns the caller with admin flag and memberships', async () => {
    const admin = await h.token('Admin@Example.org', { admin: true, name: 'Ada' });
    const org = await h.call('POST', '/v1/organisations', {
      token: admin,
      body: { name: 'Org', sector: 'public', postcode: 'b11bb' },
    });
    const me = await h.call('GET', '/v1/me', { token: admin });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: 'admin@example.org', name: 'Ada', admin: true });
    expect(me.body.sub).toEqual(expect.any(String));
    expect(me.body.memberships).toEqual([{ scope: 'organisation', id: org.body.id, role: 'representative' }]);
  });

  it('is 401 without a token, with a malformed header, and with a token it cannot verify', async () => {
    expectProblem(await h.call('GET', '/v1/me'), 401);
    expectProblem(await h.call('GET', '/v1/me', { headers: { authorization: 'Basic abc' } }), 401);
    const foreign = await (await harness()).token('x@example.org');
    expectProblem(await h.call('GET', '/v1/me', { token: foreign }), 401);
    const expired = await h.issuer.issue({ email: 'x@example.org' }, -60);
    expectProblem(await h.call('GET', '/v1/me', { token: expired }), 401);
  });

  it('is 401 for a bad token even on a public route', async () => {
    expectProblem(await h.call('GET', '/v1/compacts', { token: 'a.b.c' }), 401);
  });
});

describe('unknown routes', () => {
  it('are a problem+json 404', async () => {
    expectProblem(await h.call('GET', '/v1/nothing-here'), 404);
  });
});
