import {
  criterionIds,
  flexibleFramework,
  THEMES,
  type Theme,
} from '@compact-tracker/domain/flexible-framework';
import { AssessmentExistsError, createAssessment } from '@compact-tracker/store/assessments';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, tableItems, world } from '../support/fixtures.ts';
import { type Harness, harness } from '../support/harness.ts';

let h: Harness;
let w: Awaited<ReturnType<typeof world>>;
let path: string;
beforeAll(async () => {
  h = await harness();
  w = await world(h);
  path = `/v1/organisations/${w.org1.id}/assessments`;
  // The partnership's coordinator and board read the progress of organisations in its compacts.
  await w.ok('POST', `/v1/compacts/${w.compact.id}/signatures`, w.tokens.rep, w.signature(w.org1.id));
});

/** Every criterion of `theme` at levels 1..level. */
const upTo = (theme: Theme, level: number) =>
  criterionIds(flexibleFramework).filter(
    (id) => id.startsWith(`${theme}.`) && Number(id.split('.')[1]) <= level,
  );
const everyTheme = (level: number) => THEMES.flatMap((theme) => upTo(theme, level));
const dayOffset = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

const post = (body: unknown, token = w.tokens.officer, headers?: Record<string, string>) =>
  h.call('POST', path, { token, body, headers });

const listAll = async (token = w.tokens.officer) => {
  const response = await h.call('GET', `${path}?limit=500`, { token });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.items as { id: string; assessedOn: string }[];
};

describe('GET /v1/flexible-framework', () => {
  it('serves the framework to anyone: five themes, five levels, criteria with ids and text, and its version', async () => {
    const response = await h.call('GET', '/v1/flexible-framework');
    expect(response.status).toBe(200);
    expect(response.body.version).toBe('ff-2011-paraphrase-v1');
    expect(response.body.levels.map((l: { name: string }) => l.name)).toEqual([
      'Foundation',
      'Embed',
      'Practice',
      'Enhance',
      'Lead',
    ]);
    expect(response.body.themes.map((t: { id: string }) => t.id)).toEqual([...THEMES]);
    expect(response.body.themes[0].levels[0].criteria[0]).toEqual({
      id: 'people.1.a',
      text: 'A champion named',
    });
  });
});

describe('POST /v1/organisations/{oid}/assessments', () => {
  it('saves the criteria met with evidence, and answers with levels and what is missing', async () => {
    const criteriaMet = [
      'people.3.a',
      ...upTo('people', 2),
      ...everyTheme(1).filter((id) => !id.startsWith('people')),
    ];
    const response = await post({
      assessedOn: '2025-06-30',
      criteriaMet,
      evidence: {
        'people.1.a': 'Jo Bloggs named champion by the board, May 2025',
        'people.3.a': 'https://intranet.example.org/training/refresher-2025',
      },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body).toMatchObject({
      id: expect.any(String),
      organisationId: w.org1.id,
      assessedOn: '2025-06-30',
      frameworkVersion: 'ff-2011-paraphrase-v1',
      themeLevels: { people: 2, policy: 1, process: 1, suppliers: 1, measurement: 1 },
      overallLevel: 1,
      createdBy: 'officer@org1.example',
    });
    expect(response.body.missingForNextLevel.people).toEqual({
      level: 3,
      levelName: 'Practice',
      missing: ['people.3.b', 'people.3.c'],
      summary: 'to reach Practice in people: 3b, 3c',
    });
    expect(response.body.missingForNextLevel.measurement.summary).toBe(
      'to reach Embed in measurement: 2a, 2b',
    );
    // Kept in the framework's order, whatever order they were ticked in.
    expect(response.body.criteriaMet.slice(0, 6)).toEqual([...upTo('people', 2), 'people.3.a']);
    expect(Object.keys(response.body.evidence)).toEqual(['people.1.a', 'people.3.a']);

    // Stored with the levels and the framework version they were computed against.
    const stored = (await tableItems(h)).find((item) => item.id === response.body.id);
    expect(stored).toMatchObject({
      PK: `ORG#${w.org1.id}`,
      SK: `ASSESSMENT#2025-06-30#${response.body.id}`,
      type: 'assessment',
      frameworkVersion: 'ff-2011-paraphrase-v1',
      themeLevels: response.body.themeLevels,
      overallLevel: 1,
    });
    const one = await h.call('GET', `${path}/${response.body.id}`, { token: w.tokens.rep });
    expect(one.body).toEqual(response.body);
  });

  it('takes an assessment dated today (UTC), and one with nothing met', async () => {
    const today = await post({ assessedOn: dayOffset(0), criteriaMet: [] });
    expect(today.status, JSON.stringify(today.body)).toBe(201);
    expect(today.body.overallLevel).toBe(0);
    expect(today.body.missingForNextLevel.people.summary).toBe('to reach Foundation in people: 1a, 1b, 1c');
  });

  it('replays a creating POST under the same Idempotency-Key without writing twice', async () => {
    const body = { assessedOn: '2024-04-01', criteriaMet: upTo('policy', 1) };
    const headers = { 'idempotency-key': 'assessment-1' };
    const first = await post(body, w.tokens.officer, headers);
    expect(first.status).toBe(201);
    const before = await tableItems(h);
    const replay = await post(body, w.tokens.officer, headers);
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(first.body);
    expect(await tableItems(h)).toEqual(before);
  });
});

describe('history', () => {
  it('lists newest first by the date assessed, a later correction of one date before the earlier one', async () => {
    const h2 = await harness();
    const w2 = await world(h2);
    const p = `/v1/organisations/${w2.org1.id}/assessments`;
    const save = async (assessedOn: string, criteriaMet: string[]) =>
      (await w2.ok('POST', p, w2.tokens.officer, { assessedOn, criteriaMet })).id as string;
    const march = await save('2025-03-31', everyTheme(1));
    const jan = await save('2024-01-15', []);
    const sept = await save('2024-09-30', upTo('people', 1));
    const correction = await save('2025-03-31', everyTheme(2));

    const all = await h2.call('GET', `${p}?limit=500`, { token: w2.tokens.rep });
    expect(all.body.items.map((a: { id: string }) => a.id)).toEqual([correction, march, sept, jan]);
    expect(all.body.items.map((a: { overallLevel: number }) => a.overallLevel)).toEqual([2, 1, 0, 0]);
    expect(all.body.nextCursor).toBeNull();

    const first = await h2.call('GET', `${p}?limit=3`, { token: w2.tokens.rep });
    expect(first.body.items.map((a: { id: string }) => a.id)).toEqual([correction, march, sept]);
    const second = await h2.call('GET', `${p}?limit=3&cursor=${first.body.nextCursor}`, {
      token: w2.tokens.rep,
    });
    expect(second.body.items.map((a: { id: string }) => a.id)).toEqual([jan]);
    expectProblem(await h2.call('GET', `${p}?cursor=bogus`, { token: w2.tokens.rep }), 400);

    // The theme levels over time, and what changed between two assessments.
    const changes = await h2.call('GET', `${p}/${correction}/changes?since=${sept}`, {
      token: w2.tokens.rep,
    });
    expect(changes.status, JSON.stringify(changes.body)).toBe(200);
    expect(changes.body).toMatchObject({
      from: { id: sept, assessedOn: '2024-09-30', overallLevel: 0 },
      to: { id: correction, assessedOn: '2025-03-31', overallLevel: 2 },
      overall: { from: 0, to: 2, change: 2 },
      lost: [],
    });
    expect(changes.body.themes.people).toEqual({
      from: 1,
      to: 2,
      change: 1,
      gained: ['people.2.a', 'people.2.b'],
      lost: [],
    });
    expect(changes.body.gained).toHaveLength(everyTheme(2).length - upTo('people', 1).length);

    // By default against the one before: the correction and the assessment it corrects.
    const previous = await h2.call('GET', `${p}/${correction}/changes`, { token: w2.tokens.rep });
    expect(previous.body.from.id).toBe(march);
    expect(previous.body.gained).toEqual(everyTheme(2).filter((id) => !everyTheme(1).includes(id)));
    const backwards = await h2.call('GET', `${p}/${sept}/changes?since=${correction}`, {
      token: w2.tokens.rep,
    });
    expect(backwards.body.overall).toEqual({ from: 2, to: 0, change: -2 });
    expect(backwards.body.lost).toHaveLength(changes.body.gained.length);
    const firstEver = await h2.call('GET', `${p}/${jan}/changes`, { token: w2.tokens.rep });
    expect(firstEver.body).toMatchObject({ from: null, gained: [], overall: { from: 0, to: 0, change: 0 } });

    expectProblem(await h2.call('GET', `${p}/01UNKNOWN`, { token: w2.tokens.rep }), 404);
    expectProblem(await h2.call('GET', `${p}/${jan}/changes?since=01UNKNOWN`, { token: w2.tokens.rep }), 404);
    // Another organisation's assessment is not found under this one.
    expectProblem(
      await h2.call('GET', `/v1/organisations/${w2.org2.id}/assessments/${jan}`, {
        token: w2.tokens.otherRep,
      }),
      404,
    );
  });

  it('never changes a saved assessment: no route edits one, and the table refuses an overwrite', async () => {
    const saved = await w.ok('POST', path, w.tokens.officer, { assessedOn: '2023-05-01', criteriaMet: [] });
    const before = await tableItems(h);
    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      const response = await h.call(method, `${path}/${saved.id}`, {
        token: w.tokens.officer,
        ...(method === 'DELETE' ? {} : { body: { assessedOn: '2023-05-01', criteriaMet: everyTheme(5) } }),
      });
      // The path reads (GET) and takes nothing else: 405, and Allow says so.
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, HEAD');
    }
    await expect(
      createAssessment(h.deps.db, { ...saved, criteriaMet: everyTheme(5) }),
    ).rejects.toBeInstanceOf(AssessmentExistsError);
    expect(await tableItems(h)).toEqual(before);
  });
});

describe('refusals', () => {
  const valid = { assessedOn: '2025-01-31', criteriaMet: upTo('people', 1) };

  it("refuses another organisation's representative, partnership members and admins writing (403), anonymous callers (401)", async () => {
    const before = await tableItems(h);
    expectProblem(await h.call('POST', path, { body: valid }), 401);
    for (const token of [
      w.tokens.otherRep,
      w.tokens.coordinator,
      w.tokens.board,
      w.tokens.admin,
      w.tokens.nobody,
    ])
      expectProblem(await post(valid, token), 403);
    expectProblem(
      await h.call('POST', '/v1/organisations/01UNKNOWN/assessments', {
        token: w.tokens.officer,
        body: valid,
      }),
      404,
    );
    expect(await tableItems(h)).toEqual(before);
  });

  it('names each criterion id unknown to the framework version (400), writing nothing', async () => {
    const before = await tableItems(h);
    const response = await post({
      assessedOn: '2025-01-31',
      criteriaMet: ['people.1.a', 'people.1.z', 'people.6.a', 'carbon.1.a', 'people.1.a'],
    });
    expectProblem(response, 400);
    expect(response.body.errors).toEqual([
      { path: 'criteriaMet.1', message: expect.stringContaining('people.1.z is not a criterion') },
      { path: 'criteriaMet.2', message: expect.stringContaining('people.6.a is not a criterion') },
      { path: 'criteriaMet.3', message: expect.stringContaining('carbon.1.a is not a criterion') },
      { path: 'criteriaMet.4', message: 'people.1.a appears twice' },
    ]);
    expect(response.body.detail).toContain('people.1.z');
    expect(await tableItems(h)).toEqual(before);
  });

  it('refuses evidence for criteria not ticked (400), naming them', async () => {
    const before = await tableItems(h);
    const response = await post({
      ...valid,
      evidence: {
        'people.1.a': 'fine',
        'people.2.a': 'not ticked',
        'policy.1.a': 'https://example.org/policy',
      },
    });
    expectProblem(response, 400);
    expect(response.body.errors.map((e: { path: string }) => e.path)).toEqual([
      'evidence.people.2.a',
      'evidence.policy.1.a',
    ]);
    expect(response.body.errors[0].message).toContain('people.2.a is not ticked');
    expect(await tableItems(h)).toEqual(before);
  });

  it('refuses an assessment dated in the future (422) and malformed dates (400)', async () => {
    const before = await tableItems(h);
    const future = await post({ ...valid, assessedOn: dayOffset(1) });
    expectProblem(future, 422);
    expect(future.body.detail).toContain('in the future');
    expectProblem(await post({ ...valid, assessedOn: dayOffset(400) }), 422);
    for (const assessedOn of ['2025-02-30', '30/06/2025', '2025-06-30T10:00:00Z', '', 20250630]) {
      const response = await post({ ...valid, assessedOn });
      expectProblem(response, 400);
      expect(response.body.errors[0].path).toBe('assessedOn');
    }
    expectProblem(await post({ criteriaMet: [] }), 400);
    expectProblem(await post({ ...valid, levels: { people: 5 } }), 400);
    expect(await tableItems(h)).toEqual(before);
  });
});

describe('reading', () => {
  it("lets the organisation's members and its partnership's coordinator and board read, read-only", async () => {
    const ids = (await listAll(w.tokens.officer)).map((a) => a.id);
    expect(ids.length).toBeGreaterThan(0);
    for (const token of [w.tokens.rep, w.tokens.coordinator, w.tokens.board]) {
      expect((await listAll(token)).map((a) => a.id)).toEqual(ids);
      expect((await h.call('GET', `${path}/${ids[0]}`, { token })).status).toBe(200);
      expect((await h.call('GET', `${path}/${ids[0]}/changes`, { token })).status).toBe(200);
    }
  });

  it('refuses other partnerships, other organisations, admins and anonymous callers', async () => {
    const [latest] = await listAll();
    for (const token of [w.tokens.otherCoordinator, w.tokens.otherRep, w.tokens.nobody, w.tokens.admin]) {
      expectProblem(await h.call('GET', path, { token }), 403);
      expectProblem(await h.call('GET', `${path}/${latest?.id}`, { token }), 403);
    }
    expectProblem(await h.call('GET', path), 401);
    expectProblem(
      await h.call('GET', '/v1/organisations/01UNKNOWN/assessments', { token: w.tokens.officer }),
      404,
    );
  });

  it("refuses a partnership's coordinator for an organisation that has not taken part in its compacts", async () => {
    expectProblem(
      await h.call('GET', `/v1/organisations/${w.org2.id}/assessments`, { token: w.tokens.coordinator }),
      403,
    );
  });
});
