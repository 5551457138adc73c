import type { StartReportRun } from '@compact-tracker/store/aggregation-runs';
import { createDb, type Db, dbFromEnvironment } from '@compact-tracker/store/db';
import { type FanOutMode, fanOutModeFromEnvironment } from '@compact-tracker/store/supplier-fanout-mode';
import { ulid } from 'ulid';
import type { Mailer } from './mailer.ts';
import { type MetricsSink, powertoolsMetricsSink, traced } from './observability.ts';
import { jwksVerifier, type TokenVerifier } from './tokens.ts';
import type { Uploads } from './uploads.ts';

/** What every app needs from outside: injected by the local runtime and tests, read from env in Lambda. */
export type Deps = {
  db: Db;
  /**
   * Verifies bearer tokens (in Lambda against the user pool's keys: there is no API Gateway
   * authorizer); null: no token can be verified here, so any bearer token is a 401.
   */
  verifyToken: TokenVerifier | null;
  now: () => Date;
  newId: () => string;
  /** Where spend CSVs are uploaded; only the spend function and the laptop have it. */
  uploads?: Uploads;
  /** Counts business events (signatures, returns): CloudWatch metrics in Lambda, nothing elsewhere. */
  metrics?: MetricsSink;
  /**
   * Starts a report run's jobs in the background: in AWS by invoking the job functions
   * asynchronously, on the laptop in the same process (injected by functions/ and local/).
   */
  startReportRun?: StartReportRun;
  /**
   * Email to people (invitations): SES for the pages' function in AWS when configured (the API's
   * functions have none, keeping SES out of their bundles), the outbox on the laptop.
   */
  mailer?: Mailer;
  /**
   * Who moves a supplier's spend after its facts change (store/supplier-fanout): in AWS the table's
   * stream (the fan-out function), elsewhere this process once the change is written (the default).
   */
  supplierFanOut?: FanOutMode;
};

let fromEnvironment: Deps | undefined;

/** Lambda: built once per container from the environment the stack sets. */
export function depsFromEnvironment(): Deps {
  fromEnvironment ??= {
    db: dbFromEnvironment(traced),
    verifyToken:
      process.env.JWT_ISSUER && process.env.JWT_AUDIENCE
        ? jwksVerifier({ issuer: process.env.JWT_ISSUER, audience: process.env.JWT_AUDIENCE })
        : null,
    now: () => new Date(),
    newId: ulid,
    metrics: powertoolsMetricsSink,
    supplierFanOut: fanOutModeFromEnvironment(),
  };
  return fromEnvironment;
}

export function localDeps(options: { endpoint: string; table: string; verifyToken: TokenVerifier }): Deps {
  return {
    db: createDb({ endpoint: options.endpoint, table: options.table }),
    verifyToken: options.verifyToken,
    now: () => new Date(),
    newId: ulid,
    supplierFanOut: 'in-process',
  };
}
