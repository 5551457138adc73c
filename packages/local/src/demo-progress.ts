import * as assessments from '@compact-tracker/api/services/assessments';
import type { ServiceContext } from '@compact-tracker/api/services/context';
import * as targets from '@compact-tracker/api/services/targets';
import {
  criterionIds,
  flexibleFramework,
  THEMES,
  type Theme,
} from '@compact-tracker/domain/flexible-framework';
import { financialYearBounds, financialYearOf, isoDate } from '@compact-tracker/domain/periods';

// Illustrative Flexible Framework progress for a demo signatory: an assessment about a year ago,
// a better one recently (or both over a year ago: overdue) (with part of a next level ticked, so there is something missing to show),
// and targets of Practice in every theme by the end of the financial year. Varies by `index`.

const DAY_MS = 24 * 60 * 60 * 1000;
const BASE: readonly number[] = [3, 2, 2, 1, 2];

const ids = criterionIds(flexibleFramework);
const upTo = (theme: Theme, level: number) =>
  ids.filter((id) => id.startsWith(`${theme}.`) && Number(id.split('.')[1]) <= level);
const firstOf = (theme: Theme, level: number) => ids.find((id) => id.startsWith(`${theme}.${level}.`));

/**
 * `overdue`: both assessments more than a year old, so the organisation's assessment is overdue
 * (and its maturity counts only in the years they fall within).
 */
export async function loadDemoProgress(
  ctx: ServiceContext,
  organisationId: string,
  index: number,
  options: { overdue?: boolean } = {},
) {
  const now = ctx.deps.now().getTime();
  const [earlierDays, recentDays] = options.overdue ? [800, 420] : [400, 30 + index * 7];
  const levelOf = (t: number) => Math.min(5, BASE[(t + index) % BASE.length] as number);
  const recent = THEMES.flatMap((theme, t) => {
    const next = firstOf(theme, levelOf(t) + 1);
    return [...upTo(theme, levelOf(t)), ...(next && t % 2 === 0 ? [next] : [])];
  });
  const yearAgo = THEMES.flatMap((theme, t) => upTo(theme, Math.max(0, levelOf(t) - 1)));

  await assessments.createAssessment(ctx, organisationId, {
    assessedOn: isoDate(new Date(now - earlierDays * DAY_MS)),
    criteriaMet: yearAgo,
    evidence: yearAgo.includes('people.1.a') ? { 'people.1.a': 'Head of procurement named as champion' } : {},
  });
  await assessments.createAssessment(ctx, organisationId, {
    assessedOn: isoDate(new Date(now - recentDays * DAY_MS)),
    criteriaMet: recent,
    evidence: {
      ...(recent.includes('people.1.b') ? { 'people.1.b': 'https://example.org/training/basics-2025' } : {}),
      ...(recent.includes('policy.1.b') ? { 'policy.1.b': 'Policy signed by the chief executive' } : {}),
    },
  });
  const yearEnd = financialYearBounds(financialYearOf(isoDate(ctx.deps.now()))).end;
  await targets.putTargets(ctx, organisationId, {
    targets: THEMES.map((theme) => ({ theme, level: 3, by: yearEnd })),
  });
}
