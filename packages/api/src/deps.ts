import type { StartReportRun } from '@compact-tracker/store/aggregation-runs';
import { createDb, type Db, dbFromEnvironment } from '@compact-tracker/store/db';
import { ulid } from 'ulid';
import { jwksVerifier, type TokenVerifier } from './tokens.ts';
import type { Uploads } from './uploads.ts';

/** What every app needs from outside: injected by the local runtime and tests, read from env in Lambda. */
export type Deps = {
  db: Db;
  /** Verifies bearer tokens not already verified by API Gateway; null: only the authorizer's claims count. */
  verifyToken: TokenVerifier | null;
  now: () => Date;
  newId: () => string;
  /** Where spend CSVs are uploaded; only the spend function and the laptop have it. */
  uploads?: Uploads;
  /**
   * Starts a report run's jobs in the background: in AWS by invoking the job functions
   * asynchronously, on the laptop in the same process (injected by functions/ and local/).
   */
  startReportRun?: StartReportRun;
};

let fromEnvironment: Deps | undefined;

/** Lambda: built once per container from the environment the stack sets. */
export function depsFromEnvironment(): Deps {
  fromEnvironment ??= {
    db: dbFromEnvironment(),
    verifyToken:
      process.env.JWT_ISSUER && process.env.JWT_AUDIENCE
        ? jwksVerifier({ issuer: process.env.JWT_ISSUER, audience: process.env.JWT_AUDIENCE })
        : null,
    now: () => new Date(),
    newId: ulid,
  };
  return fromEnvironment;
}

export function localDeps(options: { endpoint: string; table: string; verifyToken: TokenVerifier }): Deps {
  return {
    db: createDb({ endpoint: options.endpoint, table: options.table }),
    verifyToken: options.verifyToken,
    now: () => new Date(),
    newId: ulid,
  };
}
