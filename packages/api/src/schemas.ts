import { categories } from '@compact-tracker/domain/categories';
import { isFinancialYear, parseQuarter } from '@compact-tracker/domain/periods';
import { importStatuses } from '@compact-tracker/domain/spend-import';
// Loaded first for its side effect: zod-to-openapi adds `.openapi()` to every zod schema.
import '@hono/zod-openapi';
// The namespace import lets bundlers keep only the parts of zod in use.
import * as z from 'zod';
import '@compact-tracker/domain/messages';

// zod-to-openapi adds `.openapi()` to schemas made after @hono/zod-openapi is loaded; schemas of
// packages/domain may be made earlier (bundles order modules by import), so `.openapi()` is only
// ever called on schemas made here, after the import above.

// Shapes of the HTTP contract for validation and the OpenAPI document. Request bodies come from
// packages/domain; these add path and query parameters and describe the responses.

export const id = (name: string) =>
  z
    .string()
    .regex(/^[0-9A-Za-z_-]{1,64}$/, 'must be an id of 1-64 letters, digits, - or _')
    .openapi({ param: { name, in: 'path' }, example: '01JD5ZQ4M0B0V7Y9X3K2N8P6RT' });

export const financialYear = (name: string) =>
  z
    .string()
    .refine(isFinancialYear, 'must be a financial year such as 2025-26')
    .openapi({ param: { name, in: 'path' }, example: '2025-26' });

export const quarter = (name: string, where: 'path' | 'query' = 'path') =>
  z
    .string()
    .refine((q) => parseQuarter(q) !== null, 'must be a quarter such as 2025-26-Q3')
    .openapi({ param: { name, in: where }, example: '2025-26-Q3' });

export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50).openapi({ example: 50 }),
  cursor: z.string().min(1).max(2048).optional(),
});

const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const problemSchema = z
  .object({
    type: z.string().openapi({
      description:
        'The kind of problem: a URI relative to this host, /problems/{name}, whose page explains it and its fix',
      example: '/problems/invalid-request',
    }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().openapi({ description: 'What went wrong, written for people' }),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .openapi({
        description: 'For invalid fields: each dotted path (`lines.0.totalPence`) and what it must be',
      }),
  })
  .openapi('Problem');

export const membershipSchema = z
  .object({
    scope: z.enum(['organisation', 'partnership']),
    id: z.string(),
    role: z.enum(['representative', 'officer', 'coordinator', 'board']),
  })
  .openapi('Membership');

export const meSchema = z
  .object({
    sub: z.string(),
    email: z.string(),
    name: z.string(),
    admin: z.boolean(),
    memberships: z.array(membershipSchema),
  })
  .openapi('Me');

export const partnershipSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    area: z.string(),
    description: z.string().optional(),
    createdAt: z.string(),
    createdBy: z.string(),
    /** The local area: postcode areas or districts (PUT /v1/partnerships/{pid}/area). */
    areaPostcodes: z.array(z.string()).optional(),
    areaSetAt: z.string().optional(),
  })
  .openapi('Partnership');

export const partnershipPage = page(partnershipSchema).openapi('PartnershipPage');

export const memberSchema = z
  .object({ email: z.string(), role: z.string(), createdAt: z.string() })
  .catchall(z.string())
  .openapi('Member');

export const compactSchema = z
  .object({
    id: z.string(),
    partnershipId: z.string(),
    title: z.string(),
    summary: z.string(),
    commitments: z.array(z.string()),
    status: z.enum(['draft', 'open', 'closed']),
    version: z.number().int(),
    textSha256: z.string(),
    signatoryCount: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    publishedAt: z.string().optional(),
    closedAt: z.string().optional(),
  })
  .openapi('Compact');

export const compactPage = page(compactSchema).openapi('CompactPage');

const sector = z.enum(['public', 'private', 'voluntary-community']);

export const organisationSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    sector,
    postcode: z.string(),
    companyNumber: z.string().optional(),
    charityNumber: z.string().optional(),
    website: z.string().optional(),
    createdAt: z.string(),
    yourRole: z.string().optional(),
    createdBy: z.string().optional(),
    budgets: z
      .array(
        z.object({
          financialYear: z.string(),
          annualProcurementBudgetPence: z.number().int(),
          declaredAt: z.string(),
          declaredBy: z.string(),
        }),
      )
      .optional()
      .openapi({ description: "Members only: the organisation's declared budgets" }),
    members: z.array(memberSchema).optional().openapi({ description: 'Members only' }),
    joinRequests: z
      .array(
        z.object({
          email: z.string(),
          name: z.string(),
          message: z.string().optional(),
          requestedAt: z.string(),
        }),
      )
      .optional()
      .openapi({ description: 'Representatives only: people asking to be invited' }),
  })
  .openapi('Organisation');

export const joinRequestSchema = z
  .object({ organisationId: z.string(), status: z.literal('requested'), requestedAt: z.string() })
  .openapi('JoinRequest');

export const budgetSchema = z
  .object({
    organisationId: z.string(),
    financialYear: z.string(),
    annualProcurementBudgetPence: z.number().int(),
    declaredAt: z.string(),
    declaredBy: z.string(),
  })
  .openapi('Budget');

const participationStatus = z.enum(['interested', 'signed', 'withdrawn', 'rejected']);

export const interestSchema = z
  .object({
    compactId: z.string(),
    organisationId: z.string(),
    status: participationStatus,
    interestedAt: z.string(),
  })
  .openapi('Interest');

export const signatureSchema = z
  .object({
    compactId: z.string(),
    organisationId: z.string(),
    status: z.literal('signed'),
    signedAt: z.string(),
    version: z.number().int(),
  })
  .openapi('Signature');

export const withdrawalSchema = z
  .object({
    compactId: z.string(),
    organisationId: z.string(),
    status: z.literal('withdrawn'),
    withdrawnAt: z.string(),
  })
  .openapi('Withdrawal');

export const verificationSchema = z
  .object({
    compactId: z.string(),
    organisationId: z.string(),
    status: z.literal('signed'),
    verifiedAt: z.string(),
  })
  .openapi('Verification');

export const rejectionSchema = z
  .object({
    compactId: z.string(),
    organisationId: z.string(),
    status: z.literal('rejected'),
    rejectedAt: z.string(),
  })
  .openapi('Rejection');

export const signatorySchema = z
  .object({
    organisationId: z.string(),
    name: z.string(),
    sector,
    status: participationStatus,
    signedAt: z.string().nullable(),
    withdrawnAt: z.string().nullable(),
    version: z.number().int().nullable(),
    /** When a coordinator verified the signature; null while it awaits verification. */
    verifiedAt: z.string().nullable(),
    reportingStatus: z.enum(['reporting', 'non-reporting', 'lapsed', 'not-yet-due']).nullable(),
  })
  .openapi('Signatory');

export const signatoryPage = page(signatorySchema).openapi('SignatoryPage');

export const eventSchema = z
  .object({
    id: z.string(),
    compactId: z.string(),
    type: z.string(),
    at: z.string(),
    actor: z.object({ sub: z.string(), email: z.string(), name: z.string() }),
    organisationId: z.string().optional(),
    version: z.number().int().optional(),
    textSha256: z.string().optional(),
    reason: z.string().optional(),
    signatoryName: z.string().optional(),
    signatoryRole: z.string().optional(),
  })
  .openapi('Event');

export const eventPage = page(eventSchema).openapi('EventPage');

const spendLine = z
  .object({
    category: z.enum(categories),
    totalPence: z.number().int(),
    localPence: z.number().int(),
    smePence: z.number().int(),
    vcsePence: z.number().int(),
    criteriaPence: z.number().int(),
  })
  .openapi('SpendLine');

export const spendReturnSchema = z
  .object({
    organisationId: z.string(),
    quarter: z.string(),
    lines: z.array(spendLine),
    nil: z.boolean().optional().openapi({ description: 'A nil return: no spend in the quarter' }),
    confirmImported: z
      .boolean()
      .optional()
      .openapi({ description: "Lines equal to their category's imported total confirmed as other money" }),
    revision: z.number().int(),
    submittedAt: z.string(),
    submittedBy: z.string(),
    replacedRevision: z.number().int().nullable().optional(),
  })
  .openapi('SpendReturn');

export const spendReturnWithHistory = z
  .object({
    organisationId: z.string(),
    quarter: z.string(),
    current: spendReturnSchema.nullable(),
    history: z.array(spendReturnSchema),
    importedByCategory: z
      .record(z.string(), z.number().int())
      .openapi({ description: "The quarter's imported total per category (pence), non-zero ones only" }),
  })
  .openapi('SpendReturnWithHistory');

export const spendPage = z
  .object({
    items: z.array(
      spendLine.extend({
        quarter: z.string(),
        importedPence: z.number().int().openapi({ description: 'From imported files (pence)' }),
        returnedPence: z.number().int().openapi({ description: "From the quarter's return (pence)" }),
        estimatedKgCo2e: z.number(),
      }),
    ),
    nextCursor: z.string().nullable(),
    carbonFactorsVersion: z.string(),
  })
  .openapi('SpendPage');

export const spendImportSchema = z
  .object({
    id: z.string(),
    organisationId: z.string(),
    status: z.enum(importStatuses),
    mapping: z.record(z.string(), z.unknown()),
    dateFormat: z.string(),
    fileName: z.string().optional(),
    createdAt: z.string(),
    createdBy: z.string(),
    startedAt: z.string().optional(),
    finishedAt: z.string().optional(),
    encoding: z.string().optional(),
    error: z.string().optional(),
    rowsTotal: z.number().int().nullable(),
    rowsProcessed: z.number().int(),
    rowsImported: z.number().int(),
    rowsDuplicate: z.number().int(),
    rowsRestated: z.number().int(),
    rowsRejected: z.number().int(),
    newSuppliers: z.number().int().openapi({ description: 'Suppliers first seen in this import' }),
    unclassifiedPence: z.number().int().openapi({
      description:
        'Pence of the rows this import wrote whose supplier has none of the facts that classify (undisclosed names aside)',
    }),
    rejected: z.array(z.object({ row: z.number().int(), reason: z.string() })),
    restated: z
      .array(
        z.object({
          row: z.number().int(),
          date: z.string(),
          amountPence: z.number().int(),
          transactionId: z.string(),
          before: z.record(z.string(), z.unknown()),
          after: z.record(z.string(), z.unknown()),
        }),
      )
      .openapi({ description: 'Rows already in the ledger that this import read otherwise (first 1,000)' }),
    possibleDuplicates: z
      .array(z.object({ row: z.number().int(), of: z.number().int() }))
      .openapi({ description: 'Rows repeating another cell for cell without a transaction number: counted' }),
    totalsByQuarter: z.record(z.string(), z.number().int()),
    fileSha256: z.string().nullable().openapi({ description: "SHA-256 of the file's bytes (hex)" }),
    sameFileAs: z
      .array(z.string())
      .openapi({ description: 'Earlier imports of the organisation that had the same file' }),
    reviewReasons: z
      .array(
        z.object({
          reason: z.string(),
          rows: z.number().int(),
          firstRow: z.number().int(),
          suggestedDateFormat: z.string().optional(),
        }),
      )
      .optional()
      .openapi({ description: 'Why it waits in needs-review: nothing was written' }),
    confirmed: z.boolean().optional(),
    revertedAt: z.string().optional(),
    revertedBy: z.string().optional(),
    revertTotal: z
      .number()
      .int()
      .optional()
      .openapi({ description: 'Reverting: the lines to take out of the ledger or give back their values' }),
    revertDone: z.number().int().optional().openapi({ description: 'Reverting: those done so far' }),
    revertRefused: z.string().optional().openapi({
      description: 'A revert refused after it started (a later import restated rows meanwhile): why',
    }),
    uploadUrl: z.string().optional(),
    uploadMethod: z.literal('PUT').optional(),
    uploadExpiresAt: z.string().optional(),
    maxUploadBytes: z.number().int().optional(),
  })
  .openapi('SpendImport');

export const spendImportPage = z
  .object({
    items: z.array(spendImportSchema.omit({ rejected: true, restated: true })),
    nextCursor: z.string().nullable(),
  })
  .openapi('SpendImportPage');

export const importPreviewSchema = z
  .object({
    headers: z.array(z.string()).openapi({ description: "The header row's cells, trimmed" }),
    columns: z
      .array(
        z.object({
          position: z.number().int().openapi({ description: '1-based' }),
          header: z.string(),
          label: z
            .string()
            .openapi({ description: 'The header with its second row\'s cell, e.g. "Amount: Net"' }),
          value: z.string().openapi({
            description: 'What a mapping says to choose the column: its header, or #N when blank or repeated',
          }),
        }),
      )
      .optional(),
    headerLine: z.number().int().optional().openapi({ description: '1-based line of the header row' }),
    secondHeaderRow: z.boolean().optional(),
    rows: z.array(z.array(z.string())),
    suggestedMapping: z.record(z.string(), z.unknown()),
    categoriesSeen: z.array(z.string()),
    encoding: z
      .enum(['utf-8', 'windows-1252'])
      .nullable()
      .optional()
      .openapi({ description: 'How sampleBase64 was decoded; null when all ASCII or sent as text' }),
  })
  .openapi('ImportPreview');

// Flexible Framework progress.

const level = z.number().int().min(0).max(5);
const themeRecord = <T extends z.ZodType>(value: T) =>
  z.object({ people: value, policy: value, process: value, suppliers: value, measurement: value });

export const frameworkSchema = z
  .object({
    version: z.string().openapi({ example: 'ff-2011-paraphrase-v1' }),
    source: z.string(),
    levels: z.array(z.object({ level: z.number().int(), name: z.string() })),
    themes: z.array(
      z.object({
        id: z.enum(['people', 'policy', 'process', 'suppliers', 'measurement']),
        name: z.string(),
        levels: z.array(
          z.object({
            level: z.number().int(),
            name: z.string(),
            criteria: z.array(
              z.object({ id: z.string().openapi({ example: 'people.1.a' }), text: z.string() }),
            ),
          }),
        ),
      }),
    ),
  })
  .openapi('FlexibleFramework');

const nextLevel = z
  .object({
    level,
    levelName: z.string(),
    missing: z.array(z.string()),
    summary: z.string().openapi({ example: 'to reach Practice in people: 3b, 3c' }),
  })
  .nullable()
  .openapi({ description: 'What the theme lacks for its next level; null at Lead' });

export const assessmentSchema = z
  .object({
    id: z.string(),
    organisationId: z.string(),
    assessedOn: z.string().openapi({ example: '2026-03-31' }),
    criteriaMet: z.array(z.string()),
    evidence: z.record(z.string(), z.string()),
    frameworkVersion: z.string(),
    themeLevels: themeRecord(level),
    overallLevel: level,
    missingForNextLevel: themeRecord(nextLevel),
    createdAt: z.string(),
    createdBy: z.string(),
  })
  .openapi('Assessment');

export const assessmentPage = page(assessmentSchema).openapi('AssessmentPage');

const assessmentSummary = z.object({
  id: z.string(),
  assessedOn: z.string(),
  frameworkVersion: z.string(),
  themeLevels: themeRecord(level),
  overallLevel: level,
});

const levelChange = z.object({ from: level, to: level, change: z.number().int() });

export const assessmentChangesSchema = z
  .object({
    organisationId: z.string(),
    from: assessmentSummary.nullable(),
    to: assessmentSummary,
    gained: z.array(z.string()),
    lost: z.array(z.string()),
    overall: levelChange,
    themes: themeRecord(levelChange.extend({ gained: z.array(z.string()), lost: z.array(z.string()) })),
  })
  .openapi('AssessmentChanges');

const target = z.object({
  theme: z.enum(['people', 'policy', 'process', 'suppliers', 'measurement']),
  level: z.number().int(),
  by: z.string(),
});

export const targetsSchema = z
  .object({
    organisationId: z.string(),
    asOf: z.string(),
    latestAssessment: assessmentSummary.omit({ frameworkVersion: true }).nullable(),
    targets: z.array(
      target.extend({
        levelName: z.string(),
        currentLevel: level.nullable(),
        daysLeft: z.number().int(),
        state: z.enum(['met', 'on-track', 'at-risk', 'missed']).openapi({
          description:
            'met: the latest assessment reaches the level; missed: not met and `by` has passed; at-risk: not met with fewer than 90 days left (the `by` day included); on-track: 90 days or more left',
        }),
      }),
    ),
    revision: z.number().int(),
    updatedAt: z.string().nullable(),
    updatedBy: z.string().nullable(),
  })
  .openapi('Targets');

export const targetsHistorySchema = z
  .object({
    organisationId: z.string(),
    items: z.array(
      z.object({
        organisationId: z.string(),
        targets: z.array(target),
        revision: z.number().int(),
        updatedAt: z.string(),
        updatedBy: z.string(),
      }),
    ),
  })
  .openapi('TargetsHistory');

// Reports: snapshots of the scheduled jobs.

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
