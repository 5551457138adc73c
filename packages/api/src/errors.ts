import { DomainError } from '@compact-tracker/domain/errors';
import { StaleRevisionError } from '@compact-tracker/store/compacts';
import { InvalidCursorError } from '@compact-tracker/store/pagination';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type Problem, problem, problemResponse } from './problem.ts';
import { redactingReplacer } from './redact.ts';

/** Thrown where a route needs a signed-in caller and has none. */
export class Unauthenticated extends Error {
  constructor() {
    super('sign in: this needs a valid bearer token');
    this.name = 'Unauthenticated';
  }
}

const httpExceptionDetail: Partial<Record<number, string>> = {
  400: 'the body is not valid JSON',
  413: `the body is too large`,
  415: 'send the body as JSON, with Content-Type: application/json',
};

const domainStatus = { 'not-found': 404, forbidden: 403, conflict: 409, rule: 422 } as const;

/** Maps what handlers throw onto problem+json; anything unexpected is logged and answered 500 without detail. */
export function problemForError(error: unknown): Problem {
  if (error instanceof DomainError)
    return { ...problem(domainStatus[error.kind], error.message, error.errors), ...error.details };
  if (error instanceof Unauthenticated) return problem(401, error.message);
  if (error instanceof InvalidCursorError) {
    return problem(400, error.message, [{ path: 'cursor', message: error.message }]);
  }
  if (error instanceof StaleRevisionError) return problem(409, error.message);
  if (error instanceof HTTPException) {
    // Only libraries throw these (hono's body parsing, the OpenAPI media-type gate): their words
    // are not for people, so each status gets ours.
    const status = error.status as ContentfulStatusCode;
    return problem(status, httpExceptionDetail[status] ?? 'the request could not be handled');
  }
  if (isThrottling(error) || isTransactionConflict(error) || isTransientStoreError(error))
    return problem(503, 'the service is busy; retry shortly');
  if (error instanceof Error && ['UploadsUnavailable', 'ReportRunsUnavailable'].includes(error.name))
    return problem(503, error.message);
  if (error instanceof Error && error.name === 'MappingRefused') {
    return problem(400, error.message, [{ path: 'mapping', message: error.message }]);
  }
  return problem(500, 'something went wrong on our side; it has been logged');
}

/** Real DynamoDB cancels one of two transactions on the same item at once: the client may retry. */
function isTransactionConflict(error: unknown): boolean {
  const reasons = (error as { CancellationReasons?: { Code?: string }[] } | null)?.CancellationReasons;
  return (
    error instanceof Error &&
    error.name === 'TransactionCanceledException' &&
    (reasons ?? []).some((r) => r.Code === 'TransactionConflict' || r.Code === 'ThrottlingError')
  );
}

/**
 * What the SDK gives up on after its retries: DynamoDB's 5xx, timeouts and dropped connections.
 * Transient like throttling: 503 and Retry-After tell the client to try again, not 500.
 */
function isTransientStoreError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code, $metadata } = error as { code?: unknown; $metadata?: { httpStatusCode?: number } };
  return (
    [
      'InternalServerError',
      'ServiceUnavailable',
      'TimeoutError',
      'RequestTimeout',
      'RequestTimeoutException',
    ].includes(error.name) ||
    (typeof code === 'string' && ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT'].includes(code)) ||
    ($metadata?.httpStatusCode ?? 0) >= 500
  );
}

function isThrottling(error: unknown): boolean {
  return (
    error instanceof Error &&
    ['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded'].includes(
      error.name,
    )
  );
}

export function onError(error: Error, c: Context): Response {
  const body = problemForError(error);
  if (body.status >= 500)
    console.error(
      JSON.stringify({ level: 'ERROR', message: 'unhandled', error: describe(error) }, redactingReplacer),
    );
  return problemResponse(c, body, body.status === 503 ? { 'retry-after': '2' } : undefined);
}

function describe(error: Error) {
  return { name: error.name, message: error.message, stack: error.stack };
}
