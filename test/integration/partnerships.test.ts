import { beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, tableItems } from '../support/fixtures.ts';
import { type Harness, harness } from '../support/harness.ts';

let h: Harness;
let admin: string;
let coordinator: string;
let board: string;
let nobody: string;
let pid: string;

beforeAll(async () => {
  h = await harness();
  admin = await h.token('admin@example.org', { admin: true });
  coordinator = await h.token('coord@example.org');
  board = await h.token('board@example.org');
  nobody = await h.token('nobody@example.org');
  const created = await h.call('POST', '/v1/partnerships', {
    token: admin,
    body: { name: 'Be Birmingham', area: 'Birmingham', description: 'The LSP' },
  });
  expect(created.status).toBe(201);
  pid = created.body.id;
});

describe('POST /v1/partnerships', () => {
  it('lets an admin create one', async () => {
    const created = await h.call('POST', '/v1/partnerships', {
      token: admin,
      body: { name: 'Isle of Wight', area: 'IoW' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.any(String), name: 'Isle of Wight', area: 'IoW' });
    const read = await h.call('GET', `/v1/partnerships/${created.body.id}`);
    expect(read.body).toMatchObject({ name: 'Isle of Wight' });
  });

  it('refuses anonymous (401) and non-admins (403), writing nothing', async () => {
    const before = await tableItems(h);
    expectProblem(await h.call('POST', '/v1/partnerships', { body: { name: 'X', area: 'Y' } }), 401);
    expectProblem(
      await h.call('POST', '/v1/partnerships', { token: nobody, body: { name: 'X', area: 'Y' } }),
      403,
    );
    expectProblem(
      await h.call('POST', '/v1/partnerships', { token: coordinator, body: { name: 'X', area: 'Y' } }),
      403,
    );
    expect(await tableItems(h)).toEqual(before);
  });

  it('answers an invalid body with 400 and the paths of every error, writing nothing', async () => {
    const before = await tableItems(h);
    const response = await h.call('POST', '/v1/partnerships', { token: admin, body: { name: '', extra: 1 } });
    expectProblem(response, 400);
    const paths = response.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'area']));
    expect(await tableItems(h)).toEqual(before);
  });
});

describe('GET /v1/partnerships', () => {
  it('lists with pagination', async () => {
    for (let i = 0; i < 3; i++) {
      await h.call('POST', '/v1/partnerships', { token: admin, body: { name: `P${i}`, area: 'A' } });
    }
    const first = await h.call('GET', '/v1/partnerships?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const seen = [...first.body.items];
    let cursor = first.body.nextCursor;
    while (cursor) {
      const next = await h.call('GET', `/v1/partnerships?limit=2&cursor=${encodeURIComponent(cursor)}`);
      seen.push(...next.body.items);
      cursor = next.body.nextCursor;
    }
    expect(new Set(seen.map((p) => p.id)).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(5);
  });

  it('refuses a bad limit or a forged cursor with 400', async () => {
    expectProblem(await h.call('GET', '/v1/partnerships?limit=0'), 400);
    expectProblem(await h.call('GET', '/v1/partnerships?limit=501'), 400);
    expectProblem(await h.call('GET', '/v1/partnerships?cursor=not-a-cursor'), 400);
    const forged = Buffer.from(JSON.stringify({ PK: 'X', SK: 'Y', GSI1PK: 'OTHER', GSI1SK: 'Z' })).toString(
      'base64url',
    );
    expectProblem(await h.call('GET', `/v1/partnerships?cursor=${forged}`), 400);
  });

  it('is 404 for an unknown partnership', async () => {
    expectProblem(await h.call('GET', '/v1/partnerships/01UNKNOWN'), 404);
  });
});

describe('POST /v1/partnerships/{pid}/members', () => {
  it('lets an admin appoint a coordinator, who then appoints a board member', async () => {
    const appointed = await h.call('POST', `/v1/partnerships/${pid}/members`, {
      token: admin,
      body: { email: 'Coord@Example.org', role: 'coordinator' },
    });
    expect(appointed.status).toBe(201);
    expect(appointed.body).toMatchObject({ email: 'coord@example.org', role: 'coordinator' });
    const byCoordinator = await h.call('POST', `/v1/partnerships/${pid}/members`, {
      token: coordinator,
      body: { email: 'board@example.org', role: 'board' },
    });
    expect(byCoordinator.status).toBe(201);
    const me = await h.call('GET', '/v1/me', { token: board });
    expect(me.body.memberships).toEqual([{ scope: 'partnership', id: pid, role: 'board' }]);
  });

  it('refuses board members, strangers and anonymous callers', async () => {
    const body = { email: 'x@example.org', role: 'coordinator' };
    expectProblem(await h.call('POST', `/v1/partnerships/${pid}/members`, { body }), 401);
    expectProblem(await h.call('POST', `/v1/partnerships/${pid}/members`, { token: nobody, body }), 403);
    expectProblem(await h.call('POST', `/v1/partnerships/${pid}/members`, { token: board, body }), 403);
  });

  it('is 404 for an unknown partnership and 400 for an unknown role', async () => {
    expectProblem(
      await h.call('POST', '/v1/partnerships/01UNKNOWN/members', {
        token: admin,
        body: { email: 'x@example.org', role: 'board' },
      }),
      404,
    );
    const bad = await h.call('POST', `/v1/partnerships/${pid}/members`, {
      token: admin,
      body: { email: 'nope', role: 'king' },
    });
    expectProblem(bad, 400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['email', 'role']);
  });
});
