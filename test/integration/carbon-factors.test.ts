import { beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, tableItems, world } from '../support/fixtures.ts';
import { type Harness, harness } from '../support/harness.ts';
import { LIBRARY_PHRASING } from '../support/library-phrasing.ts';

let h: Harness;
let w: Awaited<ReturnType<typeof world>>;
beforeAll(async () => {
  h = await harness();
  w = await world(h);
});

const csv = [
  'SIC,Industry,GHG multiplier (kgCO2e per £)',
  '62,IT services,0.2',
  '41-43,Construction,0.35',
].join('\n');

describe('carbon factors', () => {
  it('are public, and a coordinator replaces them from the SIC multipliers CSV', async () => {
    const before = await h.call('GET', '/v1/carbon-factors');
    expect(before.status).toBe(200);
    expect(before.body.factors).toHaveLength(12);
    expect(before.body.factors.find((f: { category: string }) => f.category === 'ict').kgCo2ePerPound).toBe(
      0.1,
    );

    await w.ok('PUT', `/v1/organisations/${w.org1.id}/spend/2025-26-Q1`, w.tokens.officer, {
      lines: [
        {
          category: 'ict',
          totalPence: 1_000_000,
          localPence: 0,
          smePence: 0,
          vcsePence: 0,
          criteriaPence: 0,
        },
      ],
    });
    const replaced = await h.call('PUT', '/v1/carbon-factors', {
      token: w.tokens.coordinator,
      body: { csv, source: 'UK and England carbon footprint, GHG SIC multipliers', year: 2024 },
    });
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
    expect(replaced.body).toMatchObject({ rowsRead: 2, replacedBy: 'coord@example.org' });
    const spend = await h.call('GET', `/v1/organisations/${w.org1.id}/spend`, { token: w.tokens.officer });
    // £10,000 at the new 0.2 kgCO2e/£
    expect(spend.body.items[0].estimatedKgCo2e).toBe(2000);
  });

  it('refuses representatives, board members and anonymous callers, and unreadable files', async () => {
    const before = await tableItems(h);
    const body = { csv, source: 'x', year: 2024 };
    expectProblem(await h.call('PUT', '/v1/carbon-factors', { body }), 401);
    for (const token of [w.tokens.rep, w.tokens.board, w.tokens.nobody]) {
      expectProblem(await h.call('PUT', '/v1/carbon-factors', { token, body }), 403);
    }
    expectProblem(
      await h.call('PUT', '/v1/carbon-factors', {
        token: w.tokens.admin,
        body: { csv: 'a,b\n1,2', source: 'x', year: 2024 },
      }),
      422,
    );
    // A file CSV readers refuse is explained in our words, not the reader's.
    const unquoted = await h.call('PUT', '/v1/carbon-factors', {
      token: w.tokens.admin,
      body: { csv: 'SIC,GHG multiplier (kgCO2e per £)\n"62" x,0.2\n"63,0.3', source: 'x', year: 2024 },
    });
    expectProblem(unquoted, 422);
    expect(unquoted.body.detail).toMatch(
      /^the file is not a SIC multipliers table: a quoted value has text after its closing quote/,
    );
    expect(unquoted.body.detail).not.toMatch(LIBRARY_PHRASING);
    expect(await tableItems(h)).toEqual(before);
  });
});
