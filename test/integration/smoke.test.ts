import { describe, expect, it } from 'vitest';
import { harness } from '../support/harness.ts';

describe('smoke', () => {
  it('answers health and me', async () => {
    const h = await harness();
    expect((await h.call('GET', '/v1/health')).body).toEqual({ status: 'ok' });
    const t = await h.token('a@example.org', { admin: true });
    const me = await h.call('GET', '/v1/me', { token: t });
    expect(me.status).toBe(200);
    expect(me.body.admin).toBe(true);
    expect((await h.call('GET', '/v1/me')).status).toBe(401);
  });
});
