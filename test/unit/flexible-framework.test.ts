import {
  AT_RISK_DAYS,
  assessmentInput,
  compareAssessments,
  criterionIds,
  daysLeft,
  flexibleFramework as ff,
  frameworkSchema,
  missingForNextLevel,
  overallLevel,
  type Theme,
  type ThemeLevels,
  targetState,
  targetsInput,
  themeLevels,
} from '@compact-tracker/domain/flexible-framework';
import { describe, expect, it } from 'vitest';

/** Every criterion of `theme` at levels 1..upTo. */
const upTo = (theme: Theme, level: number) =>
  criterionIds(ff).filter((id) => id.startsWith(`${theme}.`) && Number(id.split('.')[1]) <= level);

const levels = (partial: Partial<ThemeLevels> = {}): ThemeLevels => ({
  people: 0,
  policy: 0,
  process: 0,
  suppliers: 0,
  measurement: 0,
  ...partial,
});

describe('the framework data', () => {
  it("holds DOMAIN.md's five themes, five levels and 70 paraphrased criteria, with a version", () => {
    expect(ff.version).toBe('ff-2011-paraphrase-v1');
    expect(ff.themes.map((t) => t.id)).toEqual(['people', 'policy', 'process', 'suppliers', 'measurement']);
    for (const theme of ff.themes)
      expect(theme.levels.map((l) => l.name)).toEqual(['Foundation', 'Embed', 'Practice', 'Enhance', 'Lead']);
    expect(criterionIds(ff)).toHaveLength(70);
    expect(criterionIds(ff).slice(0, 4)).toEqual(['people.1.a', 'people.1.b', 'people.1.c', 'people.2.a']);
    const people3 = ff.themes[0]?.levels[2]?.criteria;
    expect(people3).toEqual([
      { id: 'people.3.a', text: 'Targeted refresher training' },
      { id: 'people.3.b', text: 'In performance objectives and appraisal' },
      { id: 'people.3.c', text: 'A simple incentive scheme' },
    ]);
  });

  it('refuses a framework whose ids do not match their cell, repeat, or whose levels are out of order', () => {
    const copy = structuredClone(ff);
    const people1 = copy.themes[0]?.levels[0];
    if (!people1) throw new Error('no level 1');
    people1.criteria[0] = { id: 'people.2.a', text: 'misplaced' };
    const messages = frameworkSchema.safeParse(copy).error?.issues.map((i) => i.message);
    expect(messages).toEqual(
      expect.arrayContaining(['people.2.a is not in people level 1', 'people.2.a appears twice']),
    );
    const swapped = structuredClone(ff);
    swapped.themes.reverse();
    expect(frameworkSchema.safeParse(swapped).success).toBe(false);
  });
});

describe('theme levels', () => {
  it('is 0 with nothing met, and 0 while any level-1 criterion is missing', () => {
    expect(themeLevels(ff, [])).toEqual(levels());
    expect(themeLevels(ff, ['people.1.a', 'people.1.b']).people).toBe(0);
    expect(
      themeLevels(
        ff,
        upTo('people', 5).filter((id) => id !== 'people.1.c'),
      ).people,
    ).toBe(0);
  });

  it('is the highest level with every criterion of it and the levels below met', () => {
    expect(themeLevels(ff, upTo('people', 1)).people).toBe(1);
    expect(themeLevels(ff, upTo('people', 3)).people).toBe(3);
    expect(themeLevels(ff, upTo('measurement', 5)).measurement).toBe(5);
    // Part of the next level does not count.
    expect(themeLevels(ff, [...upTo('policy', 2), 'policy.3.a']).policy).toBe(2);
  });

  it('is capped by a gap at a lower level, whatever is met above it', () => {
    const allButOne = upTo('process', 5).filter((id) => id !== 'process.2.b');
    expect(themeLevels(ff, allButOne).process).toBe(1);
    expect(themeLevels(ff, [...upTo('suppliers', 5).filter((id) => id !== 'suppliers.4.d')]).suppliers).toBe(
      3,
    );
  });

  it('keeps themes apart', () => {
    expect(themeLevels(ff, [...upTo('people', 2), ...upTo('suppliers', 4)])).toEqual(
      levels({ people: 2, suppliers: 4 }),
    );
  });
});

describe('overall level', () => {
  it('is the lowest of the five theme levels', () => {
    expect(overallLevel(levels({ people: 5, policy: 5, process: 5, suppliers: 5, measurement: 5 }))).toBe(5);
    expect(overallLevel(levels({ people: 5, policy: 4, process: 3, suppliers: 4, measurement: 5 }))).toBe(3);
    expect(overallLevel(levels({ people: 5, policy: 5, process: 5, suppliers: 5 }))).toBe(0);
  });

  it('is reached from criteria: level 3 in every theme is overall Practice', () => {
    const all3 = (['people', 'policy', 'process', 'suppliers', 'measurement'] as const).flatMap((t) =>
      upTo(t, 3),
    );
    expect(overallLevel(themeLevels(ff, all3))).toBe(3);
    expect(
      overallLevel(
        themeLevels(
          ff,
          all3.filter((id) => id !== 'measurement.3.b'),
        ),
      ),
    ).toBe(2);
  });
});

describe('missing for the next level', () => {
  it("spells out the next level's unmet criteria per theme", () => {
    const missing = missingForNextLevel(ff, [...upTo('people', 2), 'people.3.a', ...upTo('policy', 5)]);
    expect(missing.people).toEqual({
      level: 3,
      levelName: 'Practice',
      missing: ['people.3.b', 'people.3.c'],
      summary: 'to reach Practice in people: 3b, 3c',
    });
    expect(missing.policy).toBeNull();
    expect(missing.measurement).toEqual({
      level: 1,
      levelName: 'Foundation',
      missing: ['measurement.1.a'],
      summary: 'to reach Foundation in measurement: 1a',
    });
  });

  it('names the gap, not the criteria above it, when a gap caps the theme', () => {
    const missing = missingForNextLevel(
      ff,
      upTo('process', 5).filter((id) => id !== 'process.2.b'),
    );
    expect(missing.process?.missing).toEqual(['process.2.b']);
    expect(missing.process?.summary).toBe('to reach Embed in process: 2b');
  });
});

describe('comparing assessments', () => {
  it('lists criteria gained and lost, and level changes per theme and overall', () => {
    const before = [...upTo('people', 2), 'policy.1.a'];
    const after = [...upTo('people', 3), 'policy.1.b'];
    const changes = compareAssessments(
      ff,
      { criteriaMet: before, themeLevels: themeLevels(ff, before) },
      { criteriaMet: after, themeLevels: themeLevels(ff, after) },
    );
    expect(changes.gained).toEqual(['people.3.a', 'people.3.b', 'people.3.c', 'policy.1.b']);
    expect(changes.lost).toEqual(['policy.1.a']);
    expect(changes.themes.people).toEqual({
      from: 2,
      to: 3,
      change: 1,
      gained: ['people.3.a', 'people.3.b', 'people.3.c'],
      lost: [],
    });
    expect(changes.themes.policy).toMatchObject({ from: 0, to: 0, change: 0 });
    expect(changes.overall).toEqual({ from: 0, to: 0, change: 0 });
  });

  it('compares the first assessment with nothing', () => {
    const first = upTo('people', 1);
    const changes = compareAssessments(ff, null, { criteriaMet: first, themeLevels: themeLevels(ff, first) });
    expect(changes.gained).toEqual(first);
    expect(changes.themes.people).toMatchObject({ from: 0, to: 1, change: 1 });
  });
});

describe('target states', () => {
  const today = '2026-01-01';
  const target = (by: string, level = 3) => ({ theme: 'people' as const, level, by });
  const at = (days: number) => new Date(Date.parse(today) + days * 86_400_000).toISOString().slice(0, 10);

  it('counts whole days, across a leap day', () => {
    expect(daysLeft('2026-01-01', today)).toBe(0);
    expect(daysLeft('2024-03-01', '2024-02-28')).toBe(2);
    expect(daysLeft('2025-12-31', today)).toBe(-1);
  });

  it('is on track with 90 days or more left, at risk with 89 down to 0 (the day itself)', () => {
    expect(AT_RISK_DAYS).toBe(90);
    expect(at(90)).toBe('2026-04-01');
    expect(targetState(target(at(365)), null, today)).toBe('on-track');
    expect(targetState(target(at(91)), null, today)).toBe('on-track');
    expect(targetState(target(at(90)), null, today)).toBe('on-track');
    expect(targetState(target(at(89)), null, today)).toBe('at-risk');
    expect(targetState(target(at(1)), null, today)).toBe('at-risk');
    expect(targetState(target(at(0)), null, today)).toBe('at-risk');
  });

  it('is missed from the day after `by`, when not met', () => {
    expect(targetState(target(at(-1)), null, today)).toBe('missed');
    expect(targetState(target('2009-12-31'), levels({ people: 2 }), today)).toBe('missed');
  });

  it('is met as soon as the latest assessment reaches the level, whatever the date', () => {
    expect(targetState(target(at(365)), levels({ people: 3 }), today)).toBe('met');
    expect(targetState(target(at(10)), levels({ people: 4 }), today)).toBe('met');
    expect(targetState(target(at(0)), levels({ people: 3 }), today)).toBe('met');
    expect(targetState(target(at(-30)), levels({ people: 5 }), today)).toBe('met');
    // One level short is not met; another theme's level does not count.
    expect(targetState(target(at(10)), levels({ people: 2, policy: 5 }), today)).toBe('at-risk');
    expect(targetState(target(at(90)), levels({ people: 2 }), today)).toBe('on-track');
  });
});

describe('request bodies', () => {
  const paths = (result: { error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
    result.error?.issues.map((i) => [i.path.join('.'), i.message]);

  it('names each unknown or repeated criterion id at its place', () => {
    const result = assessmentInput.safeParse({
      assessedOn: '2026-01-31',
      criteriaMet: ['people.1.a', 'people.1.z', 'people.1.a', 'staff.1.a'],
    });
    expect(paths(result)).toEqual([
      ['criteriaMet.1', 'people.1.z is not a criterion of the Flexible Framework (ff-2011-paraphrase-v1)'],
      ['criteriaMet.2', 'people.1.a appears twice'],
      ['criteriaMet.3', 'staff.1.a is not a criterion of the Flexible Framework (ff-2011-paraphrase-v1)'],
    ]);
  });

  it('takes evidence only for ticked criteria, as text or a whole http(s) link', () => {
    expect(
      assessmentInput.safeParse({
        assessedOn: '2026-01-31',
        criteriaMet: ['people.1.a', 'people.1.b'],
        evidence: {
          'people.1.a': 'Jo Bloggs, appointed May 2025',
          'people.1.b': 'https://example.org/training',
        },
      }).success,
    ).toBe(true);
    const result = assessmentInput.safeParse({
      assessedOn: '2026-01-31',
      criteriaMet: ['people.1.a'],
      evidence: { 'people.1.a': 'https://exa mple.org', 'people.1.b': 'x', 'x.1.a': 'y', 'people.1.c': '' },
    });
    expect(paths(result)).toEqual(
      expect.arrayContaining([
        ['evidence.people.1.a', 'a link must be a whole http(s) URL'],
        ['evidence.people.1.b', 'people.1.b is not ticked in criteriaMet: evidence is only for criteria met'],
        ['evidence.x.1.a', 'x.1.a is not a criterion of the Flexible Framework (ff-2011-paraphrase-v1)'],
      ]),
    );
    expect(
      assessmentInput.safeParse({
        assessedOn: '2026-01-31',
        criteriaMet: ['people.1.a'],
        evidence: { 'people.1.a': 'x'.repeat(2001) },
      }).success,
    ).toBe(false);
  });

  it('refuses malformed and impossible dates', () => {
    for (const assessedOn of ['2026-02-29', '2026-13-01', '31/01/2026', '2026-1-31', '2026-01-31T00:00:00Z'])
      expect(assessmentInput.safeParse({ assessedOn, criteriaMet: [] }).success, assessedOn).toBe(false);
    expect(assessmentInput.safeParse({ assessedOn: '2024-02-29', criteriaMet: [] }).success).toBe(true);
  });

  it('takes at most one target per theme, levels 1-5', () => {
    expect(
      targetsInput.safeParse({
        targets: [
          { theme: 'people', level: 3, by: '2026-12-31' },
          { theme: 'policy', level: 5, by: '2027-03-31' },
        ],
      }).success,
    ).toBe(true);
    const twice = targetsInput.safeParse({
      targets: [
        { theme: 'people', level: 3, by: '2026-12-31' },
        { theme: 'people', level: 4, by: '2027-12-31' },
      ],
    });
    expect(paths(twice)).toEqual([['targets.1.theme', 'people has a target already: one per theme']]);
    for (const level of [0, 6, 2.5])
      expect(
        targetsInput.safeParse({ targets: [{ theme: 'people', level, by: '2026-12-31' }] }).success,
      ).toBe(false);
  });
});
