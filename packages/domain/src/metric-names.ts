// The business and heartbeat metrics the functions publish (CloudWatch embedded metric format, via
// Powertools Metrics) and the stack alarms on and charts: names in one place for both sides.

/** CloudWatch namespace of every metric of ours. */
export const metricsNamespace = 'CompactTracker';

/** Counts, each published with the `service` dimension (`compact-tracker-<function>`). */
export const businessMetrics = {
  /** A compact signed (POST /v1/compacts/{cid}/signatures or the page form). */
  signatures: 'Signatures',
  /** A quarterly spend return saved (a first return or a replacement). */
  spendReturns: 'SpendReturns',
  /** Spend import rows written to the ledger. */
  importedRows: 'ImportedRows',
  /** Spend import rows rejected (no usable date or amount), each with its line number and reason. */
  rejectedRows: 'RejectedRows',
  /** Spend import rows already in the ledger (the same file, an overlap, a re-run): not counted again. */
  duplicateRows: 'DuplicateRows',
  /** Spend import rows already in the ledger whose other columns changed: the entry restated (DOMAIN.md). */
  restatedRows: 'RestatedRows',
  /** A supplier's facts changed or put back by a person (PUT /v1/suppliers/{sid}, a restore). */
  reclassifications: 'Reclassifications',
} as const;

export type BusinessMetric = (typeof businessMetrics)[keyof typeof businessMetrics];

/** 1 per successful scheduled job run: an alarm fires when the runs stop. */
export const scheduledRunMetric = 'ScheduledRunCompleted';

/** The `service` dimension Powertools gives a function's metrics. */
export function serviceName(functionName: string): string {
  return `compact-tracker-${functionName}`;
}
