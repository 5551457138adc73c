import { toCsv } from '@compact-tracker/domain/csv';
import { forbidden, notFound } from '@compact-tracker/domain/errors';
import { isFinancialYear } from '@compact-tracker/domain/periods';
import { aggregationScope, canReadFullReport } from '@compact-tracker/domain/report-access';
import {
  type AggregationRun,
  createAggregationRun,
  REPORT_RUN_JOBS,
  getAggregationRun as readRun,
  recordRunJob,
} from '@compact-tracker/store/aggregation-runs';
import type {
  BuyingPowerAggregates,
  BuyingPowerPartner,
  BuyingPowerSnapshot as PowerSnapshot,
  ScoreAggregates,
  ScorePartner,
  ScoresSnapshot,
} from '@compact-tracker/store/report-shapes';
import { latestSnapshot, reportYears } from '@compact-tracker/store/report-snapshots';
import { Unauthenticated } from '../errors.ts';
import { compactFor } from './compacts.ts';
import { type ServiceContext, signedIn } from './context.ts';

// Reports read the latest snapshots of the two scheduled jobs and never compute: the public gets
// the aggregates and each signatory's reporting status; the partnership's coordinators and board
// get every partner's figures and score components too, as JSON or CSV.

export type ReportPartner = {
  organisationId: string;
  name: string;
  sector: BuyingPowerPartner['sector'];
  reportingStatus: ScorePartner['reportingStatus'] | null;
  assessmentOverdue: boolean | null;
  // Full report only:
  buyingPowerPence?: number;
  budgetMissing?: boolean;
  budgetFinancialYear?: string | null;
  loggedSpendPence?: number;
  interPartnerPence?: number;
  shares?: BuyingPowerPartner['shares'];
  coverage?: BuyingPowerPartner['shares'] | null;
  estimatedKgCo2e?: number;
  quartersWithSpend?: string[];
  score?: ScorePartner['score'];
  assessment?: ScorePartner['assessment'];
  links?: { spend: string; assessments: string };
};

type NamedOrganisation = { organisationId: string; name: string };

export type Report = {
  compactId: string;
  partnershipId: string;
  financialYear: string;
  /** `full` for the partnership's coordinators and board, else `public`. */
  access: 'full' | 'public';
  asOf: string;
  /** The later of the two snapshots' times. */
  generatedAt: string;
  buyingPowerGeneratedAt: string | null;
  scoresGeneratedAt: string | null;
  signatories: number;
  combinedBuyingPowerPence: number | null;
  buyingPowerBySector: BuyingPowerAggregates['buyingPowerBySector'] | null;
  loggedSpendPence: number | null;
  spendPence: BuyingPowerAggregates['spendPence'] | null;
  interPartnerPence: number | null;
  shares: BuyingPowerAggregates['shares'] | null;
  /** Null on snapshots made before coverage was kept. */
  coverage: BuyingPowerAggregates['shares'] | null;
  estimatedTco2e: number | null;
  kgCo2ePerPound: number | null;
  carbonFactorsVersion: string | null;
  flexibleFramework: BuyingPowerAggregates['flexibleFramework'] | null;
  partnershipScore: number | null;
  partnershipScoreWeighted: boolean | null;
  scoreComponents: ScoreAggregates['components'];
  reportingStatusCounts: ScoreAggregates['reportingStatusCounts'] | null;
  nonReporting: (NamedOrganisation & { reportingStatus: ScorePartner['reportingStatus'] })[];
  assessmentOverdue: NamedOrganisation[];
  /** Full report only. */
  budgetMissing?: NamedOrganisation[];
  changeFromPreviousYear: {
    financialYear: string;
    signatories: number | null;
    combinedBuyingPowerPence: number | null;
    loggedSpendPence: number | null;
    estimatedTco2e: number | null;
    partnershipScore: number | null;
  } | null;
  partners: ReportPartner[];
};

/** The financial years of the compact that have a snapshot, newest first. */
export async function listReports(ctx: ServiceContext, compactId: string) {
  await compactFor(ctx, compactId);
  const years = await reportYears(ctx.deps.db, compactId);
  const items = years
    .map((y) => ({
      financialYear: y.financialYear,
      generatedAt: [y.buyingPowerAt, y.scoresAt]
        .filter((t): t is string => !!t)
        .sort()
        .at(-1) as string,
      buyingPowerGeneratedAt: y.buyingPowerAt ?? null,
      scoresGeneratedAt: y.scoresAt ?? null,
    }))
    .sort((a, b) => b.financialYear.localeCompare(a.financialYear));
  return { items, nextCursor: null };
}

/** The report of a compact and year from the latest snapshots; 404 when neither job has written one. */
export async function getReport(
  ctx: ServiceContext,
  compactId: string,
  financialYear: string,
): Promise<Report> {
  const compact = await compactFor(ctx, compactId);
  if (!isFinancialYear(financialYear)) throw notFound(`the report for ${financialYear}`);
  const [power, scores] = await Promise.all([
    latestSnapshot<BuyingPowerAggregates, BuyingPowerPartner>(
      ctx.deps.db,
      compactId,
      financialYear,
      'aggregate-buying-power',
    ) as Promise<PowerSnapshot | null>,
    latestSnapshot<ScoreAggregates, ScorePartner>(
      ctx.deps.db,
      compactId,
      financialYear,
      'compute-scores',
    ) as Promise<ScoresSnapshot | null>,
  ]);
  const base = power ?? scores;
  if (!base) throw notFound(`the report of compact ${compactId} for ${financialYear}`);
  const full = canReadFullReport(ctx.caller, compact.partnershipId);
  return memoised(power, scores, full, () =>
    buildReport(compactId, compact.partnershipId, financialYear, power, scores, full),
  );
}

// Snapshots never change and the store hands out the same object for the same snapshot while it
// keeps it, so the report built from a pair of them is kept beside them (and goes when they go):
// a warm function answers a 2,000-signatory report without rebuilding it.
const NONE = {};
const built = new WeakMap<object, WeakMap<object, { full?: Report; public?: Report }>>();

function memoised(
  power: PowerSnapshot | null,
  scores: ScoresSnapshot | null,
  full: boolean,
  build: () => Report,
): Report {
  const byScores = built.get(power ?? NONE) ?? new WeakMap();
  built.set(power ?? NONE, byScores);
  const reports = byScores.get(scores ?? NONE) ?? {};
  byScores.set(scores ?? NONE, reports);
  const access = full ? 'full' : 'public';
  reports[access] ??= build();
  return reports[access];
}

function buildReport(
  compactId: string,
  partnershipId: string,
  financialYear: string,
  power: PowerSnapshot | null,
  scores: ScoresSnapshot | null,
  full: boolean,
): Report {
  const base = (power ?? scores) as PowerSnapshot | ScoresSnapshot;
  const p = power?.aggregates;
  const s = scores?.aggregates;

  const powerRows = new Map((power?.partners ?? []).map((r) => [r.organisationId, r]));
  const scoreRows = new Map((scores?.partners ?? []).map((r) => [r.organisationId, r]));
  const ids = [...new Set([...powerRows.keys(), ...scoreRows.keys()])];
  const partners = ids
    .map((id) => partnerView(powerRows.get(id), scoreRows.get(id), financialYear, full))
    .sort((a, b) => a.name.localeCompare(b.name) || a.organisationId.localeCompare(b.organisationId));

  const previous = p?.changeFromPreviousYear ?? null;
  const previousScore = s?.changeFromPreviousYear ?? null;
  const report: Report = {
    compactId,
    partnershipId,
    financialYear,
    access: full ? 'full' : 'public',
    asOf: base.asOf,
    generatedAt: [power?.generatedAt, scores?.generatedAt]
      .filter((t): t is string => !!t)
      .sort()
      .at(-1) as string,
    buyingPowerGeneratedAt: power?.generatedAt ?? null,
    scoresGeneratedAt: scores?.generatedAt ?? null,
    signatories: p?.signatories ?? s?.signatories ?? 0,
    combinedBuyingPowerPence: p?.combinedBuyingPowerPence ?? null,
    buyingPowerBySector: p?.buyingPowerBySector ?? null,
    loggedSpendPence: p?.loggedSpendPence ?? null,
    spendPence: p?.spendPence ?? null,
    interPartnerPence: p ? (p.interPartnerPence ?? 0) : null,
    shares: p?.shares ?? null,
    coverage: p?.coverage ?? null,
    estimatedTco2e: p?.estimatedTco2e ?? null,
    kgCo2ePerPound: p?.kgCo2ePerPound ?? null,
    carbonFactorsVersion: p?.carbonFactorsVersion ?? null,
    flexibleFramework: p?.flexibleFramework ?? null,
    partnershipScore: s?.partnershipScore ?? null,
    partnershipScoreWeighted: s ? s.weighted : null,
    scoreComponents: s?.components ?? null,
    reportingStatusCounts: s?.reportingStatusCounts ?? null,
    // Lists of organisations are read from the partner rows, not the snapshot's head: a head
    // holding them would grow with the partnership towards DynamoDB's 400 KB item limit.
    nonReporting: (scores?.partners ?? [])
      .filter((r) => r.reportingStatus === 'non-reporting' || r.reportingStatus === 'lapsed')
      .map((r) => ({ ...named(r), reportingStatus: r.reportingStatus }))
      .sort(byName),
    assessmentOverdue: (scores?.partners ?? [])
      .filter((r) => r.assessmentOverdue)
      .map(named)
      .sort(byName),
    changeFromPreviousYear:
      previous || previousScore
        ? {
            financialYear: (previous?.financialYear ?? previousScore?.financialYear) as string,
            signatories: previous?.signatories ?? null,
            combinedBuyingPowerPence: previous?.combinedBuyingPowerPence ?? null,
            loggedSpendPence: previous?.loggedSpendPence ?? null,
            estimatedTco2e: previous?.estimatedTco2e ?? null,
            partnershipScore: previousScore?.partnershipScore ?? null,
          }
        : null,
    partners,
  };
  if (full) report.budgetMissing = partners.filter((r) => r.budgetMissing).map(named);
  return report;
}

const named = (r: NamedOrganisation): NamedOrganisation => ({
  organisationId: r.organisationId,
  name: r.name,
});
const byName = (a: NamedOrganisation, b: NamedOrganisation) =>
  a.name.localeCompare(b.name) || a.organisationId.localeCompare(b.organisationId);

function partnerView(
  power: BuyingPowerPartner | undefined,
  scores: ScorePartner | undefined,
  financialYear: string,
  full: boolean,
): ReportPartner {
  const any = (power ?? scores) as BuyingPowerPartner | ScorePartner;
  const view: ReportPartner = {
    organisationId: any.organisationId,
    name: any.name,
    sector: any.sector,
    reportingStatus: scores?.reportingStatus ?? null,
    assessmentOverdue: scores?.assessmentOverdue ?? null,
  };
  if (!full) return view;
  const oid = encodeURIComponent(any.organisationId);
  return {
    ...view,
    buyingPowerPence: power?.buyingPowerPence ?? scores?.buyingPowerPence ?? 0,
    budgetMissing: power?.budgetMissing ?? scores?.budgetMissing ?? true,
    budgetFinancialYear: power?.budgetFinancialYear ?? null,
    loggedSpendPence: power?.loggedSpendPence ?? 0,
    interPartnerPence: power?.interPartnerPence ?? 0,
    shares: power?.shares ?? { local: 0, sme: 0, vcse: 0, criteria: 0 },
    coverage: power?.coverage ?? null,
    estimatedKgCo2e: power?.estimatedKgCo2e ?? 0,
    quartersWithSpend: power?.quartersWithSpend ?? scores?.quartersWithSpend ?? [],
    ...(scores ? { score: scores.score, assessment: scores.assessment } : {}),
    links: {
      spend: `/v1/organisations/${oid}/spend?from=${financialYear}-Q1&to=${financialYear}-Q4`,
      assessments: `/v1/organisations/${oid}/assessments`,
    },
  };
}

const publicColumns = ['organisationId', 'name', 'sector', 'reportingStatus', 'assessmentOverdue'] as const;
const fullColumns = [
  ...publicColumns,
  'buyingPowerPence',
  'budgetMissing',
  'budgetFinancialYear',
  'loggedSpendPence',
  'localShare',
  'smeShare',
  'vcseShare',
  'criteriaShare',
  'estimatedKgCo2e',
  'scoreTotal',
  'scoreMaturity',
  'scorePractice',
  'scoreReporting',
  'interPartnerPence',
  'localCoverage',
  'smeCoverage',
  'vcseCoverage',
  'criteriaCoverage',
] as const;

/** The partners table as CSV: every column for the partnership's coordinators and board, the public ones otherwise. */
export async function getReportCsv(ctx: ServiceContext, compactId: string, financialYear: string) {
  const report = await getReport(ctx, compactId, financialYear);
  const full = report.access === 'full';
  const rows = report.partners.map((p) => {
    const publicCells = [p.organisationId, p.name, p.sector, p.reportingStatus, p.assessmentOverdue];
    if (!full) return publicCells;
    return [
      ...publicCells,
      p.buyingPowerPence,
      p.budgetMissing,
      p.budgetFinancialYear,
      p.loggedSpendPence,
      p.shares?.local,
      p.shares?.sme,
      p.shares?.vcse,
      p.shares?.criteria,
      p.estimatedKgCo2e,
      p.score?.total,
      p.score?.maturity,
      p.score?.practice,
      p.score?.reporting,
      p.interPartnerPence,
      p.coverage?.local,
      p.coverage?.sme,
      p.coverage?.vcse,
      p.coverage?.criteria,
    ];
  });
  return {
    filename: `compact-${compactId}-${financialYear}-partners${full ? '' : '-public'}.csv`,
    body: toCsv(full ? fullColumns : publicColumns, rows),
    access: report.access,
  };
}

/** Thrown when this deployment has no way to start report runs (its dependencies lack one). */
export class ReportRunsUnavailable extends Error {
  constructor() {
    super('report runs cannot be started here at the moment; the scheduled runs continue');
    this.name = 'ReportRunsUnavailable';
  }
}

export type AggregationRunView = AggregationRun & { links: { self: string } };

const runView = (run: AggregationRun): AggregationRunView => ({
  ...run,
  links: { self: `/v1/admin/aggregations/${encodeURIComponent(run.id)}` },
});

/** Who may start runs, and over what: admins every compact, coordinators their partnerships'. */
function runScope(ctx: ServiceContext) {
  signedIn(ctx);
  const scope = aggregationScope(ctx.caller);
  if (!scope) {
    if (!ctx.caller) throw new Unauthenticated();
    throw forbidden(
      'your memberships do not allow you to run the aggregations (admins and coordinators only)',
    );
  }
  return scope;
}

/**
 * Starts both jobs now, in the background, with the same code as the schedule (the run's key is
 * the current time): an admin's run covers every compact, a coordinator's their own partnerships'
 * compacts. Answers at once with the run (status `queued`); GET the run for its progress. Nothing
 * is written when the caller may not run them; a run that cannot be started is recorded failed and
 * answered 503.
 */
export async function runAggregations(ctx: ServiceContext): Promise<AggregationRunView> {
  const scope = runScope(ctx);
  const start = ctx.deps.startReportRun;
  if (!start) throw new ReportRunsUnavailable();
  const partnershipIds = scope.all ? null : scope.partnershipIds;
  const now = ctx.deps.now().toISOString();
  const run = await createAggregationRun(ctx.deps.db, {
    id: ctx.deps.newId(),
    scope: scope.all ? 'all' : 'partnerships',
    partnershipIds,
    requestedBy: ctx.caller?.email ?? '',
    requestedAt: now,
    scheduledTime: now,
  });
  try {
    await start({ runId: run.id, scheduledTime: run.scheduledTime, partnershipIds });
  } catch (error) {
    console.error(
      JSON.stringify({
        level: 'ERROR',
        message: 'report run not started',
        runId: run.id,
        error: String(error),
      }),
    );
    for (const job of REPORT_RUN_JOBS) {
      await recordRunJob(ctx.deps.db, run.id, job, {
        status: 'failed',
        error: 'the job could not be started',
      });
    }
    throw new ReportRunsUnavailable();
  }
  return runView(run);
}

/**
 * A run's status and each job's progress. Admins see every run; a coordinator the runs over their
 * own partnerships only (404 otherwise, as for a run that does not exist).
 */
export async function getAggregationRun(ctx: ServiceContext, id: string): Promise<AggregationRunView> {
  const scope = runScope(ctx);
  const run = await readRun(ctx.deps.db, id);
  const visible =
    run &&
    (scope.all ||
      run.requestedBy === ctx.caller?.email ||
      run.partnershipIds?.every((p) => scope.partnershipIds.includes(p)));
  if (!run || !visible) throw notFound(`report run ${id}`);
  return runView(run);
}
