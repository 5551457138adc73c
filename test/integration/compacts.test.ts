import { beforeAll, describe, expect, it } from 'vitest';
import { compactText, expectProblem, tableItems, world } from '../support/fixtures.ts';
import { type Harness, harness } from '../support/harness.ts';

let h: Harness;
let w: Awaited<ReturnType<typeof world>>;
beforeAll(async () => {
  h = await harness();
  w = await world(h);
});

const draft = async () => {
  const created = await h.call('POST', `/v1/partnerships/${w.partnership.id}/compacts`, {
    token: w.tokens.coordinator,
    body: compactText,
  });
  expect(created.status).toBe(201);
  return created.body;
};

describe('POST /v1/partnerships/{pid}/compacts', () => {
  it('creates a version 1 draft with the hash of its text', async () => {
    const created = await draft();
    expect(created).toMatchObject({
      status: 'draft',
      version: 1,
      partnershipId: w.partnership.id,
      signatoryCount: 0,
    });
    expect(created.textSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses board members, other coordinators, admins and anonymous callers, writing nothing', async () => {
    const before = await tableItems(h);
    const path = `/v1/partnerships/${w.partnership.id}/compacts`;
    expectProblem(await h.call('POST', path, { body: compactText }), 401);
    expectProblem(await h.call('POST', path, { token: w.tokens.board, body: compactText }), 403);
    expectProblem(await h.call('POST', path, { token: w.tokens.otherCoordinator, body: compactText }), 403);
    expectProblem(await h.call('POST', path, { token: w.tokens.admin, body: compactText }), 403);
    expectProblem(await h.call('POST', path, { token: w.tokens.rep, body: compactText }), 403);
    expectProblem(
      await h.call('POST', '/v1/partnerships/01UNKNOWN/compacts', {
        token: w.tokens.coordinator,
        body: compactText,
      }),
      404,
    );
    expect(await tableItems(h)).toEqual(before);
  });

  it('names every invalid field', async () => {
    const response = await h.call('POST', `/v1/partnerships/${w.partnership.id}/compacts`, {
      token: w.tokens.coordinator,
      body: { title: '', summary: 'ok', commitments: ['fine', ''] },
    });
    expectProblem(response, 400);
    expect(response.body.errors.map((e: { path: string }) => e.path)).toEqual(['title', 'commitments.1']);
  });
});

describe('drafts', () => {
  it('are visible to their coordinators only', async () => {
    const created = await draft();
    expect((await h.call('GET', `/v1/compacts/${created.id}`, { token: w.tokens.coordinator })).status).toBe(
      200,
    );
    expectProblem(await h.call('GET', `/v1/compacts/${created.id}`), 404);
    expectProblem(await h.call('GET', `/v1/compacts/${created.id}`, { token: w.tokens.board }), 404);
    expectProblem(
      await h.call('GET', `/v1/compacts/${created.id}`, { token: w.tokens.otherCoordinator }),
      404,
    );
    const publicList = await h.call('GET', '/v1/compacts?limit=500');
    expect(publicList.body.items.map((c: { id: string }) => c.id)).not.toContain(created.id);
    const coordinatorList = await h.call('GET', '/v1/compacts?limit=500', { token: w.tokens.coordinator });
    expect(coordinatorList.body.items.map((c: { id: string }) => c.id)).toContain(created.id);
  });

  it('never surface in a page or its cursor, and pages stay full', async () => {
    const drafts = [await draft(), await draft(), await draft()].map((c) => c.id as string);
    const more = await draft();
    await h.call('POST', `/v1/compacts/${more.id}/publish`, { token: w.tokens.coordinator });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const page = await h.call('GET', `/v1/compacts?limit=1${query}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((c: { id: string }) => c.id));
      cursor = page.body.nextCursor;
      if (cursor) {
        expect(page.body.items).toHaveLength(1);
        const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
        for (const id of drafts) expect(decoded).not.toContain(id);
      }
    } while (cursor);
    for (const id of drafts) expect(seen).not.toContain(id);
    expect(seen).toEqual(expect.arrayContaining([w.compact.id, more.id]));
  });
  it('are edited in place', async () => {
    const created = await draft();
    const edited = await h.call('PUT', `/v1/compacts/${created.id}`, {
      token: w.tokens.coordinator,
      body: { ...compactText, title: 'Retitled' },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ version: 1, status: 'draft', title: 'Retitled' });
    expect(edited.body.textSha256).not.toBe(created.textSha256);
  });
});

describe('publishing, versions and closing', () => {
  it('opens a draft; editing an open compact makes version 2 with a new hash', async () => {
    const created = await draft();
    const published = await h.call('POST', `/v1/compacts/${created.id}/publish`, {
      token: w.tokens.coordinator,
    });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: 'open', version: 1, publishedAt: expect.any(String) });
    expect((await h.call('GET', `/v1/compacts/${created.id}`)).status).toBe(200);

    const v2 = await h.call('PUT', `/v1/compacts/${created.id}`, {
      token: w.tokens.coordinator,
      body: { ...compactText, commitments: [...compactText.commitments, 'Report quarterly.'] },
    });
    expect(v2.body).toMatchObject({ status: 'open', version: 2 });
    expect(v2.body.textSha256).not.toBe(published.body.textSha256);
    const read = await h.call('GET', `/v1/compacts/${created.id}`);
    expect(read.body).toMatchObject({
      version: 2,
      textSha256: v2.body.textSha256,
      commitments: expect.any(Array),
    });
    expect(read.body.commitments).toHaveLength(3);
  });

  it('answers rule-breaking transitions with 422', async () => {
    const created = await draft();
    expectProblem(
      await h.call('POST', `/v1/compacts/${created.id}/close`, { token: w.tokens.coordinator }),
      422,
    );
    await h.call('POST', `/v1/compacts/${created.id}/publish`, { token: w.tokens.coordinator });
    expectProblem(
      await h.call('POST', `/v1/compacts/${created.id}/publish`, { token: w.tokens.coordinator }),
      422,
    );
    const closed = await h.call('POST', `/v1/compacts/${created.id}/close`, { token: w.tokens.coordinator });
    expect(closed.body).toMatchObject({ status: 'closed', closedAt: expect.any(String) });
    expectProblem(
      await h.call('PUT', `/v1/compacts/${created.id}`, {
        token: w.tokens.coordinator,
        body: { ...compactText, title: 'x' },
      }),
      422,
    );
  });

  it('refuses anyone but the coordinators of the partnership', async () => {
    const created = await draft();
    const open = await h.call('POST', `/v1/compacts/${created.id}/publish`, { token: w.tokens.coordinator });
    expect(open.status).toBe(200);
    for (const token of [w.tokens.board, w.tokens.otherCoordinator, w.tokens.admin, w.tokens.rep]) {
      expectProblem(await h.call('POST', `/v1/compacts/${created.id}/close`, { token }), 403);
      expectProblem(await h.call('PUT', `/v1/compacts/${created.id}`, { token, body: compactText }), 403);
    }
    expectProblem(await h.call('POST', `/v1/compacts/${created.id}/close`), 401);
    expectProblem(await h.call('POST', '/v1/compacts/01UNKNOWN/close', { token: w.tokens.coordinator }), 404);
  });

  it('keeps each version in the audit trail', async () => {
    const created = await draft();
    await h.call('POST', `/v1/compacts/${created.id}/publish`, { token: w.tokens.coordinator });
    await h.call('PUT', `/v1/compacts/${created.id}`, {
      token: w.tokens.coordinator,
      body: { ...compactText, title: 'v2' },
    });
    const events = await h.call('GET', `/v1/compacts/${created.id}/events`, { token: w.tokens.board });
    expect(events.status).toBe(200);
    expect(events.body.items.map((e: { type: string; version: number }) => [e.type, e.version])).toEqual([
      ['compact-created', 1],
      ['compact-published', 1],
      ['compact-versioned', 2],
    ]);
  });
});
