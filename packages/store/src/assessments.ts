import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Level, NextLevel, Theme, ThemeLevels } from '@compact-tracker/domain/flexible-framework';
import type { Db } from './db.ts';
import { keys } from './keys.ts';
import { failedOnOwnWrite } from './own-write.ts';
import { queryAll, queryPage, withoutKeys } from './query.ts';

// Flexible Framework self-assessments under the organisation's partition, immutable: a correction
// is a new assessment.

export type AssessmentRecord = {
  id: string;
  organisationId: string;
  assessedOn: string;
  criteriaMet: string[];
  evidence: Record<string, string>;
  /** Computed once by packages/domain when saved, against this framework version. */
  frameworkVersion: string;
  themeLevels: ThemeLevels;
  overallLevel: Level;
  missingForNextLevel: Record<Theme, NextLevel | null>;
  createdAt: string;
  createdBy: string;
};

export class AssessmentExistsError extends Error {
  constructor() {
    super('an assessment with this id exists already');
    this.name = 'AssessmentExistsError';
  }
}

/** Writes a new assessment; never overwrites one. */
export async function createAssessment(db: Db, record: AssessmentRecord): Promise<void> {
  try {
    await db.doc.send(
      new PutCommand({
        TableName: db.table,
        Item: {
          ...keys.assessment(record.organisationId, record.assessedOn, record.id),
          type: 'assessment',
          ...record,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
  } catch (error) {
    if (failedOnOwnWrite(error, record)) return;
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException')
      throw new AssessmentExistsError();
    throw error;
  }
}

/** Newest first: by the date assessed, then the later of two on the same date. */
export async function listAssessments(
  db: Db,
  organisationId: string,
  page: { limit: number; cursor?: string },
) {
  return queryPage(
    db,
    {
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: {
        ':pk': keys.organisation(organisationId).PK,
        ':prefix': keys.assessmentPrefix,
      },
      ScanIndexForward: false,
    },
    page,
    (item) => withoutKeys<AssessmentRecord>(item),
  );
}

/**
 * The latest assessment dated on or before `onOrBefore` (any date when absent), or null: what
 * targets, reporting status and scores read.
 */
export async function latestAssessment(
  db: Db,
  organisationId: string,
  onOrBefore?: string,
): Promise<AssessmentRecord | null> {
  const result = await db.doc.send(
    new QueryCommand({
      TableName: db.table,
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': keys.organisation(organisationId).PK,
        ':from': keys.assessmentPrefix,
        ':to': `${keys.assessmentPrefix}${onOrBefore ?? '9999-12-31'}#~`,
      },
      ScanIndexForward: false,
      Limit: 1,
    }),
  );
  const item = result.Items?.[0];
  return item ? withoutKeys<AssessmentRecord>(item) : null;
}

/**
 * Every assessment of the organisation, oldest first. An organisation assesses itself a few times
 * a year, so the partition's assessments stay small enough to read whole (finding one by id, too).
 */
export async function allAssessments(db: Db, organisationId: string): Promise<AssessmentRecord[]> {
  const items = await queryAll(db, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: {
      ':pk': keys.organisation(organisationId).PK,
      ':prefix': keys.assessmentPrefix,
    },
  });
  return items.map((item) => withoutKeys<AssessmentRecord>(item));
}
