// Loaded first for its side effect: zod-to-openapi adds `.openapi()` to every zod schema.
import '@hono/zod-openapi';
// The namespace import lets bundlers keep only the parts of zod in use.
import * as z from 'zod';
import { sector } from './common.ts';

const sectorPence = z.object({
  public: z.number().int(),
  private: z.number().int(),
  'voluntary-community': z.number().int(),
});
const shares = z
  .object({ local: z.number(), sme: z.number(), vcse: z.number(), criteria: z.number() })
  .openapi({
    description:
      'Fractions 0-1 of the third-party spend whose classification for each is known (for returns alone: of logged spend)',
  });
const coverage = z
  .object({ local: z.number(), sme: z.number(), vcse: z.number(), criteria: z.number() })
  .openapi({
    description:
      'Fractions 0-1 of third-party spend (logged spend less spend between partners) whose classification for each is known',
  });
const scoreComponents = z
  .object({ total: z.number(), maturity: z.number(), practice: z.number(), reporting: z.number() })
  .openapi({ description: 'total 0-100 = maturity 0-50 + practice 0-40 + reporting 0-10' });
const reportingStatus = z.enum(['reporting', 'non-reporting', 'lapsed', 'not-yet-due']);
const namedOrganisation = z.object({ organisationId: z.string(), name: z.string() });
const levelCounts = z.array(z.number().int()).openapi({ description: 'Signatories at level 0, 1, ... 5' });

export const reportListSchema = z
  .object({
    items: z.array(
      z.object({
        financialYear: z.string().openapi({ example: '2025-26' }),
        generatedAt: z.string(),
        buyingPowerGeneratedAt: z.string().nullable(),
        scoresGeneratedAt: z.string().nullable(),
      }),
    ),
    nextCursor: z.string().nullable(),
  })
  .openapi('ReportList');

export const reportSchema = z
  .object({
    compactId: z.string(),
    partnershipId: z.string(),
    financialYear: z.string(),
    access: z.enum(['full', 'public']),
    asOf: z.string().openapi({ description: "The year's last day, or the run's day for the current year" }),
    generatedAt: z.string(),
    buyingPowerGeneratedAt: z.string().nullable(),
    scoresGeneratedAt: z.string().nullable(),
    signatories: z.number().int(),
    combinedBuyingPowerPence: z.number().int().nullable(),
    buyingPowerBySector: sectorPence.nullable(),
    loggedSpendPence: z.number().int().nullable(),
    spendPence: z
      .object({
        local: z.number().int(),
        sme: z.number().int(),
        vcse: z.number().int(),
        criteria: z.number().int(),
      })
      .nullable(),
    interPartnerPence: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'Paid by signatories to fellow signatories: apart, and out of the shares' }),
    shares: shares.nullable(),
    coverage: coverage.nullable().openapi({ description: 'null on snapshots made before coverage was kept' }),
    estimatedTco2e: z.number().nullable(),
    kgCo2ePerPound: z.number().nullable(),
    carbonFactorsVersion: z.string().nullable(),
    flexibleFramework: z
      .object({
        assessed: z.number().int(),
        notAssessed: z.number().int(),
        themes: z.object({
          people: levelCounts,
          policy: levelCounts,
          process: levelCounts,
          suppliers: levelCounts,
          measurement: levelCounts,
        }),
        overall: levelCounts,
      })
      .nullable(),
    partnershipScore: z.number().nullable(),
    partnershipScoreWeighted: z.boolean().nullable(),
    scoreComponents: z
      .object({ maturity: z.number(), practice: z.number(), reporting: z.number() })
      .nullable(),
    reportingStatusCounts: z.record(z.string(), z.number().int()).nullable(),
    nonReporting: z.array(namedOrganisation.extend({ reportingStatus })),
    assessmentOverdue: z.array(namedOrganisation),
    budgetMissing: z.array(namedOrganisation).optional().openapi({ description: 'Full report only' }),
    changeFromPreviousYear: z
      .object({
        financialYear: z.string(),
        signatories: z.number().int().nullable(),
        combinedBuyingPowerPence: z.number().int().nullable(),
        loggedSpendPence: z.number().int().nullable(),
        estimatedTco2e: z.number().nullable(),
        partnershipScore: z.number().nullable(),
      })
      .nullable(),
    partners: z.array(
      z.object({
        organisationId: z.string(),
        name: z.string(),
        sector,
        reportingStatus: reportingStatus.nullable(),
        assessmentOverdue: z.boolean().nullable(),
        buyingPowerPence: z.number().int().optional().openapi({ description: 'Full report only' }),
        budgetMissing: z.boolean().optional(),
        budgetFinancialYear: z.string().nullable().optional(),
        loggedSpendPence: z.number().int().optional(),
        interPartnerPence: z.number().int().optional(),
        shares: shares.optional(),
        coverage: coverage.nullable().optional(),
        estimatedKgCo2e: z.number().optional(),
        quartersWithSpend: z.array(z.string()).optional(),
        score: scoreComponents.optional().openapi({ description: 'Full report only' }),
        assessment: z.object({ id: z.string(), assessedOn: z.string() }).nullable().optional(),
        links: z.object({ spend: z.string(), assessments: z.string() }).optional(),
      }),
    ),
  })
  .openapi('Report');

const runStatus = z.enum(['queued', 'running', 'succeeded', 'failed']);
const runJobState = z.object({
  status: runStatus,
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  durationMs: z.number().int().optional(),
  compacts: z.number().int().optional(),
  snapshots: z.number().int().optional().openapi({ description: 'Compact and year pairs looked at' }),
  snapshotsWritten: z.number().int().optional(),
  snapshotsUnchanged: z
    .number()
    .int()
    .optional()
    .openapi({ description: 'Pairs whose figures equal their latest snapshot: nothing written' }),
  dynamoDbRequests: z.number().int().optional(),
  error: z.string().optional(),
});

export const aggregationRunSchema = z
  .object({
    id: z.string(),
    status: runStatus.openapi({
      description: 'failed if a job failed, succeeded when both did, running once one has started',
    }),
    scope: z.enum(['all', 'partnerships']),
    partnershipIds: z.array(z.string()).nullable(),
    requestedBy: z.string(),
    requestedAt: z.string(),
    scheduledTime: z.string().openapi({ description: "The run's key for the snapshots it writes" }),
    jobs: z.object({ 'aggregate-buying-power': runJobState, 'compute-scores': runJobState }),
    links: z.object({ self: z.string() }),
  })
  .openapi('AggregationRun');
