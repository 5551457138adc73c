import { notFound, ruleBroken } from '@compact-tracker/domain/errors';
import {
  type AssessmentInput,
  assessLevels,
  compareAssessments,
  criterionIds,
  flexibleFramework,
  LEVEL_NAMES,
} from '@compact-tracker/domain/flexible-framework';
import { isoDate } from '@compact-tracker/domain/periods';
import * as store from '@compact-tracker/store/assessments';
import type { PageRequest, ServiceContext } from './context.ts';
import { authoriseProgressRead, authoriseProgressWrite } from './progress-access.ts';

/** The framework in force, for anyone: themes, levels and criteria, with its version. */
export function getFramework() {
  return {
    ...flexibleFramework,
    levels: LEVEL_NAMES.map((name, index) => ({ level: index + 1, name })),
  };
}

/**
 * Saves a self-assessment with its levels, computed once against the framework in force and stored
 * with its version. Never changed afterwards: a correction is a new assessment.
 */
export async function createAssessment(ctx: ServiceContext, organisationId: string, input: AssessmentInput) {
  const { caller } = await authoriseProgressWrite(ctx, organisationId);
  const today = isoDate(ctx.deps.now());
  if (input.assessedOn > today) {
    throw ruleBroken(
      `assessedOn ${input.assessedOn} is in the future (today is ${today}, UTC): an assessment records what has been met`,
    );
  }
  // Kept in the framework's order, whatever order they were ticked in.
  const ticked = new Set(input.criteriaMet);
  const criteriaMet = criterionIds(flexibleFramework).filter((id) => ticked.has(id));
  const record: store.AssessmentRecord = {
    id: ctx.deps.newId(),
    organisationId,
    assessedOn: input.assessedOn,
    criteriaMet,
    evidence: input.evidence ?? {},
    ...assessLevels(flexibleFramework, criteriaMet),
    createdAt: ctx.deps.now().toISOString(),
    createdBy: caller.email,
  };
  await store.createAssessment(ctx.deps.db, record);
  return record;
}

/** Newest first (by the date assessed; of two on one date, the later saved). */
export async function listAssessments(ctx: ServiceContext, organisationId: string, page: PageRequest) {
  await authoriseProgressRead(ctx, organisationId);
  return store.listAssessments(ctx.deps.db, organisationId, page);
}

export async function getAssessment(ctx: ServiceContext, organisationId: string, assessmentId: string) {
  await authoriseProgressRead(ctx, organisationId);
  const all = await store.allAssessments(ctx.deps.db, organisationId);
  return assessmentIn(all, assessmentId);
}

/**
 * What changed from one assessment to another: `since` (by default the one before it; none for
 * the first, which then gains everything it has) to `assessmentId`.
 */
export async function assessmentChanges(
  ctx: ServiceContext,
  organisationId: string,
  assessmentId: string,
  since?: string,
) {
  await authoriseProgressRead(ctx, organisationId);
  const all = await store.allAssessments(ctx.deps.db, organisationId);
  const to = assessmentIn(all, assessmentId);
  const from = since === undefined ? (all[all.indexOf(to) - 1] ?? null) : assessmentIn(all, since);
  return {
    organisationId,
    from: from && summary(from),
    to: summary(to),
    ...compareAssessments(flexibleFramework, from, to),
  };
}

function assessmentIn(all: store.AssessmentRecord[], id: string) {
  const found = all.find((a) => a.id === id);
  if (!found) throw notFound(`assessment ${id}`);
  return found;
}

function summary(a: store.AssessmentRecord) {
  return {
    id: a.id,
    assessedOn: a.assessedOn,
    frameworkVersion: a.frameworkVersion,
    themeLevels: a.themeLevels,
    overallLevel: a.overallLevel,
  };
}
