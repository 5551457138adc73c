import {
  criterionIds,
  flexibleFramework,
  THEMES,
  type Theme,
} from '@compact-tracker/domain/flexible-framework';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, tableItems, world } from '../support/fixtures.ts';
import { type Harness, harness } from '../support/harness.ts';

let h: Harness;
let w: Awaited<ReturnType<typeof world>>;
let path: string;
beforeAll(async () => {
  h = await harness();
  w = await world(h);
  path = `/v1/organisations/${w.org1.id}/targets`;
  await w.ok('POST', `/v1/compacts/${w.compact.id}/signatures`, w.tokens.rep, w.signature(w.org1.id));
});

const upTo = (theme: Theme, level: number) =>
  criterionIds(flexibleFramework).filter(
    (id) => id.startsWith(`${theme}.`) && Number(id.split('.')[1]) <= level,
  );
const dayOffset = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

const stateOf = (body: { targets: { theme: string; state: string }[] }) =>
  Object.fromEntries(body.targets.map((t) => [t.theme, t.state]));

describe('targets', () => {
  it('starts with none', async () => {
    const response = await h.call('GET', path, { token: w.tokens.officer });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      organisationId: w.org1.id,
      asOf: dayOffset(0),
      latestAssessment: null,
      targets: [],
      revision: 0,
      updatedAt: null,
    });
  });

  it('shows each target on track, at risk or missed before any assessment, at the 90-day boundary', async () => {
    const put = await h.call('PUT', path, {
      token: w.tokens.officer,
      body: {
        targets: [
          { theme: 'suppliers', level: 2, by: dayOffset(-1) },
          { theme: 'people', level: 3, by: dayOffset(90) },
          { theme: 'policy', level: 3, by: dayOffset(89) },
          { theme: 'process', level: 1, by: dayOffset(0) },
          { theme: 'measurement', level: 5, by: dayOffset(1000) },
        ],
      },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    // In the framework's theme order, whatever order they were sent in.
    expect(put.body.targets.map((t: { theme: string }) => t.theme)).toEqual([...THEMES]);
    expect(stateOf(put.body)).toEqual({
      people: 'on-track',
      policy: 'at-risk',
      process: 'at-risk',
      suppliers: 'missed',
      measurement: 'on-track',
    });
    expect(put.body.targets[0]).toEqual({
      theme: 'people',
      level: 3,
      levelName: 'Practice',
      by: dayOffset(90),
      currentLevel: null,
      daysLeft: 90,
      state: 'on-track',
    });
    expect(put.body).toMatchObject({
      revision: 1,
      updatedBy: 'officer@org1.example',
      latestAssessment: null,
    });
    const get = await h.call('GET', path, { token: w.tokens.rep });
    expect(get.body).toEqual(put.body);
  });

  it('says so when the latest assessment meets a target, and reads only the latest', async () => {
    const reached = await w.ok('POST', `/v1/organisations/${w.org1.id}/assessments`, w.tokens.officer, {
      assessedOn: dayOffset(-30),
      criteriaMet: [...upTo('people', 3), ...upTo('suppliers', 2), ...upTo('process', 1)],
    });
    const met = await h.call('GET', path, { token: w.tokens.officer });
    expect(met.body.latestAssessment).toMatchObject({ id: reached.id, assessedOn: dayOffset(-30) });
    expect(stateOf(met.body)).toEqual({
      people: 'met',
      policy: 'at-risk',
      process: 'met',
      // Met after the date passed: still met.
      suppliers: 'met',
      measurement: 'on-track',
    });
    expect(met.body.targets[0]).toMatchObject({ currentLevel: 3, state: 'met' });

    // An earlier-dated assessment saved later does not count as the latest.
    await w.ok('POST', `/v1/organisations/${w.org1.id}/assessments`, w.tokens.officer, {
      assessedOn: dayOffset(-400),
      criteriaMet: [],
    });
    expect(stateOf((await h.call('GET', path, { token: w.tokens.officer })).body).people).toBe('met');

    // A newer assessment below the level: not met any more.
    const lower = await w.ok('POST', `/v1/organisations/${w.org1.id}/assessments`, w.tokens.officer, {
      assessedOn: dayOffset(0),
      criteriaMet: upTo('people', 2),
    });
    const after = await h.call('GET', path, { token: w.tokens.officer });
    expect(after.body.latestAssessment.id).toBe(lower.id);
    expect(stateOf(after.body)).toMatchObject({
      people: 'on-track',
      suppliers: 'missed',
      process: 'at-risk',
    });
  });

  it('replaces the whole set, keeping every earlier set in the history', async () => {
    const put = await w.ok('PUT', path, w.tokens.rep, {
      targets: [{ theme: 'policy', level: 4, by: '2030-03-31' }],
    });
    expect(put.revision).toBe(2);
    expect(put.targets).toHaveLength(1);
    expect(put.targets[0]).toMatchObject({ theme: 'policy', level: 4, by: '2030-03-31', state: 'on-track' });
    const history = await h.call('GET', `${path}/history`, { token: w.tokens.board });
    expect(history.status).toBe(200);
    expect(history.body.items.map((s: { revision: number }) => s.revision)).toEqual([2, 1]);
    expect(history.body.items[1].targets).toHaveLength(5);
    const cleared = await w.ok('PUT', path, w.tokens.officer, { targets: [] });
    expect(cleared).toMatchObject({ revision: 3, targets: [] });
  });

  it('lets concurrent replacements all succeed, the last one winning', async () => {
    const bodies = [1, 2, 3, 4, 5].map((level) => ({
      targets: [{ theme: 'people', level, by: '2031-01-01' }],
    }));
    const results = await Promise.all(
      bodies.map((body) => h.call('PUT', path, { token: w.tokens.officer, body })),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const current = await h.call('GET', path, { token: w.tokens.officer });
    const history = await h.call('GET', `${path}/history`, { token: w.tokens.officer });
    expect(history.body.items[0].revision).toBe(current.body.revision);
    expect(history.body.items[0].targets).toEqual([
      { theme: 'people', level: current.body.targets[0].level, by: '2031-01-01' },
    ]);
  });
});

describe('refusals', () => {
  const body = { targets: [{ theme: 'people', level: 3, by: '2027-03-31' }] };

  it('refuses a second target for a theme, levels outside 1-5, unknown themes and bad dates (400)', async () => {
    const before = await tableItems(h);
    const response = await h.call('PUT', path, {
      token: w.tokens.officer,
      body: {
        targets: [
          { theme: 'people', level: 3, by: '2027-03-31' },
          { theme: 'people', level: 4, by: '2028-03-31' },
          { theme: 'carbon', level: 3, by: '2027-03-31' },
          { theme: 'policy', level: 6, by: '2027-03-31' },
          { theme: 'process', level: 2, by: '2027-02-30' },
        ],
      },
    });
    expectProblem(response, 400);
    expect(response.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['targets.2.theme', 'targets.3.level', 'targets.4.by']),
    );
    const twice = await h.call('PUT', path, {
      token: w.tokens.officer,
      body: { targets: [body.targets[0], { theme: 'people', level: 4, by: '2028-03-31' }] },
    });
    expectProblem(twice, 400);
    expect(twice.body.errors).toEqual([
      { path: 'targets.1.theme', message: 'people has a target already: one per theme' },
    ]);
    expect(await tableItems(h)).toEqual(before);
  });

  it("refuses another organisation, the partnership's coordinator and board writing (403), anonymous callers (401)", async () => {
    const before = await tableItems(h);
    expectProblem(await h.call('PUT', path, { body }), 401);
    for (const token of [
      w.tokens.otherRep,
      w.tokens.coordinator,
      w.tokens.board,
      w.tokens.admin,
      w.tokens.nobody,
    ])
      expectProblem(await h.call('PUT', path, { token, body }), 403);
    expectProblem(
      await h.call('PUT', '/v1/organisations/01UNKNOWN/targets', { token: w.tokens.officer, body }),
      404,
    );
    expect(await tableItems(h)).toEqual(before);
  });

  it("lets the partnership's coordinator and board read, not other partnerships or organisations", async () => {
    for (const token of [w.tokens.coordinator, w.tokens.board])
      expect((await h.call('GET', path, { token })).status).toBe(200);
    for (const token of [w.tokens.otherCoordinator, w.tokens.otherRep, w.tokens.nobody]) {
      expectProblem(await h.call('GET', path, { token }), 403);
      expectProblem(await h.call('GET', `${path}/history`, { token }), 403);
    }
    expectProblem(await h.call('GET', path), 401);
  });
});
