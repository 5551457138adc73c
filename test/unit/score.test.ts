import type { ThemeLevels } from '@compact-tracker/domain/flexible-framework';
import {
  assessmentCounts,
  assessmentOverdue,
  maturityScore,
  partnershipScore,
  practiceScore,
  reportingScore,
  sustainabilityScore,
} from '@compact-tracker/domain/score';
import { describe, expect, it } from 'vitest';

const levels = (people: number, policy: number, process: number, suppliers: number, measurement: number) =>
  ({ people, policy, process, suppliers, measurement }) as ThemeLevels;
const spend = (
  total: number,
  parts: Partial<Record<'local' | 'sme' | 'vcse' | 'criteria', number>> = {},
) => ({
  totalPence: total,
  localPence: parts.local ?? 0,
  smePence: parts.sme ?? 0,
  vcsePence: parts.vcse ?? 0,
  criteriaPence: parts.criteria ?? 0,
});

describe('maturity (0-50)', () => {
  it('is 0 without an assessment and at level 0 everywhere', () => {
    expect(maturityScore(null)).toBe(0);
    expect(maturityScore(levels(0, 0, 0, 0, 0))).toBe(0);
  });
  it('is 2 x the sum of the theme levels: 50 at Lead everywhere', () => {
    expect(maturityScore(levels(5, 5, 5, 5, 5))).toBe(50);
    expect(maturityScore(levels(1, 2, 3, 4, 5))).toBe(30);
    expect(maturityScore(levels(3, 3, 3, 3, 3))).toBe(30);
  });
});

describe('practice (0-40)', () => {
  it('is 0 when the year total is zero or negative', () => {
    expect(practiceScore(spend(0))).toBe(0);
    expect(practiceScore(spend(-500, { local: -500, criteria: -500 }))).toBe(0);
  });
  it('is 40 when all spend is local, SME, VCSE and under sustainability criteria', () => {
    expect(practiceScore(spend(1000, { local: 1000, sme: 1000, vcse: 1000, criteria: 1000 }))).toBe(40);
  });
  it('weighs criteria 20, local 10, SME 5 and VCSE 5', () => {
    expect(practiceScore(spend(1000, { criteria: 1000 }))).toBe(20);
    expect(practiceScore(spend(1000, { local: 1000 }))).toBe(10);
    expect(practiceScore(spend(1000, { sme: 1000 }))).toBe(5);
    expect(practiceScore(spend(1000, { vcse: 1000 }))).toBe(5);
    expect(practiceScore(spend(1000, { criteria: 250, local: 500, sme: 100, vcse: 0 }))).toBeCloseTo(
      5 + 5 + 0.5,
      10,
    );
  });
  it('keeps each share within 0-1 when credits push a part past the total', () => {
    expect(practiceScore(spend(100, { local: 300, criteria: -50 }))).toBe(10);
  });
});

describe('reporting (0-10)', () => {
  it('gives 2.5 per quarter with spend', () => {
    expect(reportingScore(0)).toBe(0);
    expect(reportingScore(1)).toBe(2.5);
    expect(reportingScore(4)).toBe(10);
  });
});

describe('the score', () => {
  it('is the sum of its rounded components: 0 at worst, 100 at best', () => {
    expect(sustainabilityScore({ levels: null, year: spend(0), quartersWithSpend: 0 })).toEqual({
      total: 0,
      maturity: 0,
      practice: 0,
      reporting: 0,
    });
    expect(
      sustainabilityScore({
        levels: levels(5, 5, 5, 5, 5),
        year: spend(7, { local: 7, sme: 7, vcse: 7, criteria: 7 }),
        quartersWithSpend: 4,
      }),
    ).toEqual({ total: 100, maturity: 50, practice: 40, reporting: 10 });
    expect(
      sustainabilityScore({
        levels: levels(1, 1, 0, 0, 0),
        year: spend(3, { local: 1 }),
        quartersWithSpend: 3,
      }),
    ).toEqual({ total: 4 + 3.33 + 7.5, maturity: 4, practice: 3.33, reporting: 7.5 });
  });
});

describe('the partnership score', () => {
  it('weighs each signatory by its buying power', () => {
    expect(
      partnershipScore([
        { total: 80, weightPence: 300 },
        { total: 40, weightPence: 100 },
      ]),
    ).toEqual({ score: 70, weighted: true });
  });
  it('gives an organisation without a budget no weight', () => {
    expect(
      partnershipScore([
        { total: 80, weightPence: 300 },
        { total: 10, weightPence: null },
      ]),
    ).toEqual({ score: 80, weighted: true });
  });
  it('is the plain mean when nobody has a budget, and null with nobody', () => {
    expect(
      partnershipScore([
        { total: 80, weightPence: null },
        { total: 10, weightPence: 0 },
        { total: 30, weightPence: null },
      ]),
    ).toEqual({ score: 40, weighted: false });
    expect(partnershipScore([])).toEqual({ score: null, weighted: false });
  });
});

describe('assessments that count', () => {
  it('count for 365 days, including the 365th, and never from the future', () => {
    expect(assessmentCounts('2025-03-31', '2026-03-31')).toBe(true); // 365 days
    expect(assessmentCounts('2025-03-30', '2026-03-31')).toBe(false); // 366 days
    expect(assessmentCounts('2026-03-31', '2026-03-31')).toBe(true);
    expect(assessmentCounts('2026-04-01', '2026-03-31')).toBe(false);
  });
  it('make an organisation overdue once the latest is older than 365 days, or when it has none', () => {
    expect(assessmentOverdue(null, '2026-11-14')).toBe(true);
    expect(assessmentOverdue('2025-11-14', '2026-11-14')).toBe(false);
    expect(assessmentOverdue('2025-11-13', '2026-11-14')).toBe(true);
  });
});
