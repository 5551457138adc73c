import {
  criterionIds,
  flexibleFramework as ff,
  missingForNextLevel,
  overallLevel,
  THEMES,
  themeLevels,
} from '@compact-tracker/domain/flexible-framework';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

// Levels are monotone in the criteria met: ticking one more never lowers any theme (or the
// overall level), unticking one never raises any. Checked over random sets of criteria.

const ids = criterionIds(ff);
const criteriaSets = fc.uniqueArray(fc.constantFrom(...ids), { maxLength: ids.length });
/** Sets biased towards whole lower levels, so that high levels are reached often too. */
const filledUpTo = fc
  .record({
    depth: fc.integer({ min: 0, max: 5 }),
    extra: criteriaSets,
    drop: fc.integer({ min: 0, max: 3 }),
  })
  .map(({ depth, extra, drop }) => {
    const base = ids.filter((id) => Number(id.split('.')[1]) <= depth);
    return [...new Set([...base.slice(drop), ...extra])];
  });
const sets = fc.oneof(criteriaSets, filledUpTo);

describe('levels are monotone in the criteria met (fast-check)', () => {
  it('adding a criterion never lowers a theme level or the overall level', () => {
    fc.assert(
      fc.property(sets, fc.constantFrom(...ids), (met, added) => {
        const before = themeLevels(ff, met);
        const after = themeLevels(ff, [...met, added]);
        for (const theme of THEMES) expect(after[theme]).toBeGreaterThanOrEqual(before[theme]);
        expect(overallLevel(after)).toBeGreaterThanOrEqual(overallLevel(before));
      }),
      { numRuns: 500 },
    );
  });

  it('removing a criterion never raises a theme level or the overall level', () => {
    fc.assert(
      fc.property(
        sets.filter((met) => met.length > 0),
        fc.nat(),
        (met, pick) => {
          const removed = met[pick % met.length];
          const before = themeLevels(ff, met);
          const after = themeLevels(
            ff,
            met.filter((id) => id !== removed),
          );
          for (const theme of THEMES) expect(after[theme]).toBeLessThanOrEqual(before[theme]);
          expect(overallLevel(after)).toBeLessThanOrEqual(overallLevel(before));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('meeting what is missing for the next level reaches exactly that level or beyond', () => {
    fc.assert(
      fc.property(sets, (met) => {
        const before = themeLevels(ff, met);
        const missing = missingForNextLevel(ff, met);
        for (const theme of THEMES) {
          const next = missing[theme];
          if (next === null) {
            expect(before[theme]).toBe(5);
            continue;
          }
          expect(next.level).toBe(before[theme] + 1);
          expect(next.missing.length).toBeGreaterThan(0);
          expect(themeLevels(ff, [...met, ...next.missing])[theme]).toBeGreaterThanOrEqual(next.level);
        }
      }),
      { numRuns: 300 },
    );
  });
});
