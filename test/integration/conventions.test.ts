import { startTracker } from '@compact-tracker/local/server';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectProblem, tableItems, world } from '../support/fixtures.ts';
import { type Harness, harness } from '../support/harness.ts';

let h: Harness;
let w: Awaited<ReturnType<typeof world>>;
beforeAll(async () => {
  h = await harness();
  w = await world(h);
});

describe('request bodies', () => {
  it('answers malformed JSON with 400', async () => {
    const response = await h.call('POST', '/v1/organisations', { token: w.tokens.nobody, body: '{"name": ' });
    expectProblem(response, 400);
  });

  it('answers a body that is not JSON with 415, writing nothing', async () => {
    const before = await tableItems(h);
    const response = await h.call('POST', '/v1/organisations', {
      token: w.tokens.nobody,
      body: 'name=X&sector=public',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectProblem(response, 415);
    expect(await tableItems(h)).toEqual(before);
  });

  it('answers an oversized body with 413', async () => {
    const response = await h.call('POST', '/v1/organisations', {
      token: w.tokens.nobody,
      body: { name: 'x'.repeat(70_000), sector: 'public', postcode: 'B1 1BB' },
    });
    expectProblem(response, 413);
  });

  it('refuses unknown fields rather than ignoring them', async () => {
    const response = await h.call('POST', '/v1/organisations', {
      token: w.tokens.nobody,
      body: { name: 'X', sector: 'public', postcode: 'B1 1BB', isAdmin: true },
    });
    expectProblem(response, 400);
  });
});

describe('Idempotency-Key', () => {
  it('replays the first response for the same key and body, and writes once', async () => {
    const body = { name: 'Idempotent Org', sector: 'public', postcode: 'B1 1BB' };
    const headers = { 'idempotency-key': 'create-org-1' };
    const first = await h.call('POST', '/v1/organisations', { token: w.tokens.nobody, body, headers });
    expect(first.status).toBe(201);
    const before = await tableItems(h);
    const replay = await h.call('POST', '/v1/organisations', { token: w.tokens.nobody, body, headers });
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(first.body);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await tableItems(h)).toEqual(before);
  });

  it('answers the same key with another body with 422', async () => {
    const headers = { 'idempotency-key': 'create-org-2' };
    await h.call('POST', '/v1/organisations', {
      token: w.tokens.nobody,
      body: { name: 'A', sector: 'public', postcode: 'B1 1BB' },
      headers,
    });
    const other = await h.call('POST', '/v1/organisations', {
      token: w.tokens.nobody,
      body: { name: 'B', sector: 'public', postcode: 'B1 1BB' },
      headers,
    });
    expectProblem(other, 422);
  });

  it('keeps keys per caller, and lets a failed request be retried with its key', async () => {
    const headers = { 'idempotency-key': 'shared-key' };
    const body = { name: 'Mine', sector: 'public', postcode: 'B1 1BB' };
    const a = await h.call('POST', '/v1/organisations', { token: w.tokens.nobody, body, headers });
    // Another caller's key of the same name is theirs (another name: the same one would be a lookalike).
    const b = await h.call('POST', '/v1/organisations', {
      token: w.tokens.rep,
      body: { ...body, name: 'Also Mine' },
      headers,
    });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body.id).not.toBe(a.body.id);

    const sign = { ...w.signature(w.org1.id), signatoryName: '' };
    const failed = await h.call('POST', `/v1/compacts/${w.compact.id}/signatures`, {
      token: w.tokens.rep,
      body: sign,
      headers: { 'idempotency-key': 'sign-1' },
    });
    expectProblem(failed, 400);
    const fixed = await h.call('POST', `/v1/compacts/${w.compact.id}/signatures`, {
      token: w.tokens.rep,
      body: w.signature(w.org1.id),
      headers: { 'idempotency-key': 'sign-2' },
    });
    expect(fixed.status).toBe(201);
  });

  it('refuses a malformed key', async () => {
    expectProblem(
      await h.call('POST', '/v1/organisations', {
        token: w.tokens.nobody,
        body: { name: 'A', sector: 'public', postcode: 'B1 1BB' },
        headers: { 'idempotency-key': 'has spaces and / slashes' },
      }),
      400,
    );
  });
});

describe('an abandoned Idempotency-Key', () => {
  it('is taken over after a minute, so a client retrying after a timeout is not stuck', async () => {
    const { claimIdempotencyKey } = await import('@compact-tracker/store/idempotency');
    const t0 = new Date('2026-11-22T10:00:00Z');
    expect(await claimIdempotencyKey(h.deps.db, 'scope', 'k1', 'hash', t0)).toBeNull();
    // Still running a few seconds later: the retry is told so.
    expect(
      await claimIdempotencyKey(h.deps.db, 'scope', 'k1', 'hash', new Date(t0.getTime() + 5_000)),
    ).toMatchObject({
      state: 'in-progress',
    });
    // The first request died: two minutes on, the key is free again.
    expect(
      await claimIdempotencyKey(h.deps.db, 'scope', 'k1', 'hash', new Date(t0.getTime() + 120_000)),
    ).toBeNull();
  });
});

describe('the `npm start` server over HTTP', () => {
  let tracker: Awaited<ReturnType<typeof startTracker>>;
  beforeAll(async () => {
    tracker = await startTracker({
      endpoint: inject('dynamoEndpoint'),
      table: `start-${ulid()}`,
      demoData: false,
    });
  }, 60_000);
  afterAll(() => tracker?.stop());
  const request = (method: string, path: string, init: RequestInit = {}) =>
    fetch(`${tracker.url}${path}`, { method, ...init });

  it('answers HEAD as GET, without the body', async () => {
    const get = await request('GET', '/v1/compacts');
    const head = await request('HEAD', '/v1/compacts');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe(get.headers.get('content-type'));
    expect(head.headers.get('etag')).toBe(get.headers.get('etag'));
    expect(await head.text()).toBe('');
  });

  it('answers a known path with another method 405 with Allow, and an unknown /v1 path 404', async () => {
    const wrong = await request('DELETE', '/v1/compacts');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, HEAD');
    expect(wrong.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const document = await request('POST', '/v1/openapi.json');
    expect(document.status).toBe(405);
    expect(document.headers.get('allow')).toBe('GET, HEAD');
    const missing = await request('GET', '/v1/nothing');
    expect(missing.status).toBe(404);
    const problem = (await missing.json()) as { type: string };
    expect(problem).toMatchObject({ status: 404, type: '/problems/not-found' });
    const explained = await fetch(new URL(problem.type, tracker.url));
    expect(explained.status).toBe(200);
    expect(await explained.text()).toContain('<h1>Not found</h1>');
  });

  it('answers an anonymous write 401 whatever its body', async () => {
    for (const body of [undefined, '', '{', '{}', 'name=x']) {
      const response = await request('POST', '/v1/organisations', {
        body,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
      });
      expect(response.status, JSON.stringify(body)).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });
});
