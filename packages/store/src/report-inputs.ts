import type { BudgetDeclaration } from '@compact-tracker/domain/buying-power';
import type { ThemeLevels } from '@compact-tracker/domain/flexible-framework';
import { addAmounts, returnReports, type SpendAmounts, zeroAmounts } from '@compact-tracker/domain/spend';
import type { CompactRecord } from './compacts.ts';
import type { Db } from './db.ts';
import type { EventRecord } from './events.ts';
import { keys } from './keys.ts';
import type { ParticipantRecord } from './participations.ts';
import { queryAll, withoutKeys } from './query.ts';
import type { SpendTotalRecord } from './spend-ledger.ts';
import { classifiedBuckets } from './supplier-deltas.ts';
import { supplierKeys } from './supplier-keys.ts';

// What the report jobs read, and nothing more: the compacts, each compact's register and signature
// events, and per organisation its budgets, assessment levels and quarterly totals. Never the
// ledger's entries: a run costs O(signatories x quarters), whatever the number of transactions.

/** Every compact (the GSI's listing); the jobs keep the open and closed ones. */
export async function allCompacts(db: Db): Promise<CompactRecord[]> {
  const items = await queryAll(db, {
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': keys.compactsIndex('').GSI1PK },
  });
  return items.map((item) => withoutKeys<CompactRecord>(item));
}

/**
 * The compact's rows: name and sector of everyone who took part, the register's rows first, then
 * the rejected ones (a past year may count a signature rejected since).
 */
export async function compactRegister(db: Db, compactId: string): Promise<ParticipantRecord[]> {
  const pages = await Promise.all(
    [keys.participantPrefix, keys.rejectedParticipantPrefix].map((prefix) =>
      queryAll(db, {
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.compactPk(compactId), ':prefix': prefix },
      }),
    ),
  );
  return pages.flat().map((item) => withoutKeys<ParticipantRecord>(item));
}

export type SignatureEventRecord = {
  organisationId: string;
  type: Extract<EventRecord['type'], 'signed' | 'withdrawn'>;
  at: string;
};

/**
 * The compact's `signed` and `withdrawn` events: each organisation's signature history. A rejected
 * signature ends there as a withdrawal does.
 */
export async function signatureEvents(db: Db, compactId: string): Promise<SignatureEventRecord[]> {
  const items = await queryAll(db, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :event)',
    FilterExpression: 'eventType IN (:signed, :withdrawn, :rejected)',
    ProjectionExpression: 'organisationId, eventType, #at',
    ExpressionAttributeNames: { '#at': 'at' },
    ExpressionAttributeValues: {
      ':pk': keys.compactPk(compactId),
      ':event': keys.eventPrefix,
      ':signed': 'signed',
      ':withdrawn': 'withdrawn',
      ':rejected': 'signature-rejected',
    },
  });
  return items.map((item) => ({
    organisationId: item.organisationId as string,
    type: item.eventType === 'signed' ? 'signed' : 'withdrawn',
    at: item.at as string,
  }));
}

export type AssessmentLevels = { id: string; assessedOn: string; themeLevels: ThemeLevels };

export type OrganisationReportInputs = {
  budgets: BudgetDeclaration[];
  /** Oldest first. */
  assessments: AssessmentLevels[];
  totals: SpendTotalRecord[];
  /** Quarters with a return in force that reports: any amount, or marked nil. */
  returnQuarters: string[];
  /** The returns in force, summed per quarter: the part of the totals that is fully classified. */
  returned: { quarter: string; amounts: SpendAmounts }[];
  /** The classified totals of imported spend (supplier-spend), by quarter and bucket. */
  classified: { quarter: string; bucket: string; spendPence: number }[];
};

/**
 * One organisation's inputs in two queries of its partition: assessments and budgets (adjacent
 * sort keys: `ASSESSMENT#` < `BUDGET#`), then returns and quarterly totals (`RETURN#` < `SPEND#`),
 * each projected to the attributes the reports use.
 */
export async function organisationReportInputs(
  db: Db,
  organisationId: string,
): Promise<OrganisationReportInputs> {
  const pk = keys.organisation(organisationId).PK;
  const [progress, spend] = await Promise.all([
    queryAll(db, {
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
      ProjectionExpression: 'SK, #id, assessedOn, themeLevels, financialYear, annualProcurementBudgetPence',
      ExpressionAttributeNames: { '#id': 'id' },
      ExpressionAttributeValues: {
        ':pk': pk,
        ':from': keys.assessmentPrefix,
        ':to': `${keys.budgetPrefix}~`,
      },
    }),
    // Whole items: the classified totals keep their amounts under one attribute per row-flag pattern.
    queryAll(db, {
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': pk, ':from': 'RETURN#', ':to': `${keys.spendTotalPrefix}~` },
    }),
  ]);
  const inputs: OrganisationReportInputs = {
    budgets: [],
    assessments: [],
    totals: [],
    returnQuarters: [],
    returned: [],
    classified: [],
  };
  for (const item of progress) {
    const sk = item.SK as string;
    if (sk.startsWith(keys.assessmentPrefix)) {
      inputs.assessments.push({
        id: item.id as string,
        assessedOn: item.assessedOn as string,
        themeLevels: item.themeLevels as ThemeLevels,
      });
    } else if (sk.startsWith(keys.budgetPrefix)) {
      inputs.budgets.push({
        financialYear: item.financialYear as string,
        annualProcurementBudgetPence: item.annualProcurementBudgetPence as number,
      });
    }
  }
  for (const item of spend) {
    const sk = item.SK as string;
    if (sk.startsWith('RETURN#')) {
      const lines = (item.lines ?? []) as SpendAmounts[];
      if (returnReports({ lines, nil: item.nil as boolean | undefined }))
        inputs.returnQuarters.push(item.quarter as string);
      inputs.returned.push({
        quarter: item.quarter as string,
        amounts: lines.reduce((sum, line) => addAmounts(sum, line), zeroAmounts()),
      });
    } else if (sk.startsWith(supplierKeys.classifiedTotalPrefix)) {
      for (const { quarter, bucket, spendPence } of classifiedBuckets(item))
        inputs.classified.push({ quarter, bucket, spendPence });
    } else if (sk.startsWith(keys.spendTotalPrefix)) {
      inputs.totals.push({
        organisationId,
        quarter: item.quarter as string,
        category: item.category as SpendTotalRecord['category'],
        totalPence: (item.totalPence as number) ?? 0,
        localPence: (item.localPence as number) ?? 0,
        smePence: (item.smePence as number) ?? 0,
        vcsePence: (item.vcsePence as number) ?? 0,
        criteriaPence: (item.criteriaPence as number) ?? 0,
      });
    }
  }
  return inputs;
}
