// A month on AWS, priced from measured units: what each user action and each job run costs
// (bench/benchmarks/cost.ts measures them), times how often it happens at a given scale, at the
// list prices of bench/data/aws-prices-eu-west-2.json.

import { readFileSync } from 'node:fs';
import path from 'node:path';

export const priceTable = JSON.parse(
  readFileSync(path.join(import.meta.dirname, '..', 'data', 'aws-prices-eu-west-2.json'), 'utf8'),
) as {
  region: string;
  checked: string;
  sources: Record<string, string>;
  prices: Prices;
};

type Prices = Record<
  | 'dynamodbWriteRequestUnitPerMillion'
  | 'dynamodbReadRequestUnitPerMillion'
  | 'dynamodbStorageGbMonth'
  | 'dynamodbPitrGbMonth'
  | 'lambdaRequestPerMillion'
  | 'lambdaGbSecondArm64'
  | 'httpApiRequestPerMillion'
  | 'dataTransferOutPerGb'
  | 'cloudfrontRequestPerMillionHttps'
  | 'cloudfrontDataTransferOutPerGbEurope'
  | 'cognitoLiteMauAbove10000'
  | 'cognitoFreeMau'
  | 'cloudwatchLogsIngestPerGb'
  | 'cloudwatchLogsStorageGbMonth'
  | 'cloudwatchAlarmMonth'
  | 's3StandardGbMonth'
  | 's3PutPerThousand',
  number
>;

/** What one action costs, as measured. */
export type ActionUsage = {
  readUnits: number;
  writeUnits: number;
  dynamoDbRequests: number;
  lambdaInvocations: number;
  lambdaGbSeconds: number;
  apiRequests: number;
  bytesOut: number;
};

export type Scale = {
  name: string;
  organisations: number;
  /** Page views a month, all pages; `edgeHitRatio` of them answered by the edge cache. */
  pageViews: number;
  edgeHitRatio: number;
  spendRowsPerYear: number;
  /** Users signed in at least once a month (the user pool bills monthly active users). */
  monthlyActiveUsers: number;
};

export const PARTNERS = 50;
export const NATIONAL_ORGANISATIONS = 18_000;

export const scales: Scale[] = [
  {
    name: `one partnership of ${PARTNERS}`,
    organisations: PARTNERS,
    pageViews: Math.round((1_000_000 * PARTNERS) / NATIONAL_ORGANISATIONS),
    edgeHitRatio: 0.8,
    spendRowsPerYear: Math.round((100_000_000 * PARTNERS) / NATIONAL_ORGANISATIONS),
    monthlyActiveUsers: PARTNERS,
  },
  {
    name: 'national: 18,000 organisations, 360 partnerships',
    organisations: NATIONAL_ORGANISATIONS,
    pageViews: 1_000_000,
    edgeHitRatio: 0.8,
    spendRowsPerYear: 100_000_000,
    monthlyActiveUsers: NATIONAL_ORGANISATIONS,
  },
];

/** How the page views split over what they read (the rest of the pages cost about a register page). */
export const VIEW_SHARE = { register: 0.7, report: 0.3 };
/** Assumptions of the model, stated with the table. */
export const ASSUMPTIONS = {
  logBytesPerInvocation: 1024,
  alarms: 15,
  /** The hourly job: the day's first run writes the current year (its "as of" day moved), the rest find nothing changed. */
  hourlyWritingRunsPerDay: 1,
  hourlyUnchangedRunsPerDay: 23,
  dailyRunsPerMonth: 30,
  daysPerMonth: 30,
  /** Bytes of a page answered by the edge (HTML, compressed). */
  edgePageBytes: 30 * 1024,
};

export type Measured = {
  register: ActionUsage;
  report: ActionUsage;
  sign: ActionUsage;
  spendReturn: ActionUsage;
  /** An import of IMPORT_ROWS rows. */
  import: ActionUsage & { rows: number; averageTransactionBytes: number };
  /** Per signatory in the job, for a run that writes and for one that finds nothing changed. */
  hourlyWriting: ActionUsage;
  hourlyUnchanged: ActionUsage;
  dailyWriting: ActionUsage;
  signatoriesInJobs: number;
};

const times = (usage: ActionUsage, n: number): ActionUsage => ({
  readUnits: usage.readUnits * n,
  writeUnits: usage.writeUnits * n,
  dynamoDbRequests: usage.dynamoDbRequests * n,
  lambdaInvocations: usage.lambdaInvocations * n,
  lambdaGbSeconds: usage.lambdaGbSeconds * n,
  apiRequests: usage.apiRequests * n,
  bytesOut: usage.bytesOut * n,
});

const plus = (...all: ActionUsage[]): ActionUsage =>
  all.reduce((sum, u) => ({
    readUnits: sum.readUnits + u.readUnits,
    writeUnits: sum.writeUnits + u.writeUnits,
    dynamoDbRequests: sum.dynamoDbRequests + u.dynamoDbRequests,
    lambdaInvocations: sum.lambdaInvocations + u.lambdaInvocations,
    lambdaGbSeconds: sum.lambdaGbSeconds + u.lambdaGbSeconds,
    apiRequests: sum.apiRequests + u.apiRequests,
    bytesOut: sum.bytesOut + u.bytesOut,
  }));

export type MonthCost = {
  scale: Scale;
  usage: ActionUsage;
  storageGb: number;
  dollars: Record<string, number>;
  total: number;
};

/** A month at `scale`, in US dollars, from the measured units. */
export function priceMonth(scale: Scale, m: Measured): MonthCost {
  const p = priceTable.prices;
  const a = ASSUMPTIONS;
  const origin = scale.pageViews * (1 - scale.edgeHitRatio);
  const jobsPerSignatory = (usage: ActionUsage) => times(usage, scale.organisations / m.signatoriesInJobs);
  const importsPerMonth = scale.spendRowsPerYear / 12 / m.import.rows;
  const usage = plus(
    times(m.register, origin * VIEW_SHARE.register),
    times(m.report, origin * VIEW_SHARE.report),
    times(m.sign, scale.organisations / 12),
    times(m.spendReturn, (scale.organisations * 4) / 12),
    times(m.import, importsPerMonth),
    times(jobsPerSignatory(m.hourlyWriting), a.hourlyWritingRunsPerDay * a.daysPerMonth),
    times(jobsPerSignatory(m.hourlyUnchanged), a.hourlyUnchangedRunsPerDay * a.daysPerMonth),
    times(jobsPerSignatory(m.dailyWriting), a.dailyRunsPerMonth),
  );
  // A year of spend rows kept (each its transaction item), the month's average over the first year.
  const storageGb = (scale.spendRowsPerYear * m.import.averageTransactionBytes) / 2 ** 30;
  const dollars = {
    'DynamoDB requests':
      (usage.writeUnits * p.dynamodbWriteRequestUnitPerMillion +
        usage.readUnits * p.dynamodbReadRequestUnitPerMillion) /
      1e6,
    'DynamoDB storage and backups (PITR)': storageGb * (p.dynamodbStorageGbMonth + p.dynamodbPitrGbMonth),
    Lambda:
      (usage.lambdaInvocations * p.lambdaRequestPerMillion) / 1e6 +
      usage.lambdaGbSeconds * p.lambdaGbSecondArm64,
    'HTTP API': (usage.apiRequests * p.httpApiRequestPerMillion) / 1e6,
    'edge (CloudFront)':
      (scale.pageViews * p.cloudfrontRequestPerMillionHttps) / 1e6 +
      ((scale.pageViews * a.edgePageBytes) / 2 ** 30) * p.cloudfrontDataTransferOutPerGbEurope,
    'user pool': Math.max(0, scale.monthlyActiveUsers - p.cognitoFreeMau) * p.cognitoLiteMauAbove10000,
    'logs and alarms':
      ((usage.lambdaInvocations * a.logBytesPerInvocation) / 2 ** 30) * p.cloudwatchLogsIngestPerGb +
      a.alarms * p.cloudwatchAlarmMonth,
  };
  const total = Object.values(dollars).reduce((sum, d) => sum + d, 0);
  return { scale, usage, storageGb, dollars, total };
}
