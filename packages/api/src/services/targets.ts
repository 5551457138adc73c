import { conflict } from '@compact-tracker/domain/errors';
import {
  daysLeft,
  levelName,
  type TargetsInput,
  THEMES,
  targetState,
} from '@compact-tracker/domain/flexible-framework';
import { isoDate } from '@compact-tracker/domain/periods';
import { type AssessmentRecord, latestAssessment } from '@compact-tracker/store/assessments';
import * as store from '@compact-tracker/store/targets';
import type { ServiceContext } from './context.ts';
import { authoriseProgressRead, authoriseProgressWrite } from './progress-access.ts';

const RETRIES_ON_RACE = 5;

/**
 * Replaces the organisation's targets (at most one per theme) and answers with each one's state.
 * Concurrent replacements race on the revision: the loser re-reads and writes on top (last wins).
 */
export async function putTargets(ctx: ServiceContext, organisationId: string, input: TargetsInput) {
  const { caller } = await authoriseProgressWrite(ctx, organisationId);
  const targets = [...input.targets].sort((a, b) => THEMES.indexOf(a.theme) - THEMES.indexOf(b.theme));
  for (let attempt = 1; ; attempt++) {
    const previous = await store.getTargets(ctx.deps.db, organisationId);
    const record: store.TargetsRecord = {
      organisationId,
      targets,
      revision: (previous?.revision ?? 0) + 1,
      updatedAt: ctx.deps.now().toISOString(),
      updatedBy: caller.email,
    };
    try {
      await store.replaceTargets(ctx.deps.db, record, previous?.revision ?? 0);
      return targetsView(ctx, organisationId, record, await latestAssessment(ctx.deps.db, organisationId));
    } catch (error) {
      if (!(error instanceof store.StaleTargetsError)) throw error;
      if (attempt >= RETRIES_ON_RACE) throw conflict('the targets kept changing meanwhile; try again');
    }
  }
}

/** The targets in force, each with its state today against the latest assessment. */
export async function getTargets(ctx: ServiceContext, organisationId: string) {
  await authoriseProgressRead(ctx, organisationId);
  const [record, latest] = await Promise.all([
    store.getTargets(ctx.deps.db, organisationId),
    latestAssessment(ctx.deps.db, organisationId),
  ]);
  return targetsView(ctx, organisationId, record, latest);
}

/** Every set of targets the organisation has had, newest first. */
export async function getTargetsHistory(ctx: ServiceContext, organisationId: string) {
  await authoriseProgressRead(ctx, organisationId);
  return { organisationId, items: await store.targetsHistory(ctx.deps.db, organisationId) };
}

function targetsView(
  ctx: ServiceContext,
  organisationId: string,
  record: store.TargetsRecord | null,
  latest: AssessmentRecord | null,
) {
  const today = isoDate(ctx.deps.now());
  const levels = latest?.themeLevels ?? null;
  return {
    organisationId,
    asOf: today,
    latestAssessment: latest && {
      id: latest.id,
      assessedOn: latest.assessedOn,
      themeLevels: latest.themeLevels,
      overallLevel: latest.overallLevel,
    },
    targets: (record?.targets ?? []).map((target) => ({
      ...target,
      levelName: levelName(target.level) ?? '',
      currentLevel: levels ? levels[target.theme] : null,
      daysLeft: daysLeft(target.by, today),
      state: targetState(target, levels, today),
    })),
    revision: record?.revision ?? 0,
    updatedAt: record?.updatedAt ?? null,
    updatedBy: record?.updatedBy ?? null,
  };
}
