// Domain failures carry a kind, not an HTTP status: the API layer maps kinds to statuses.

export type DomainErrorKind =
  | 'not-found' // unknown resource, or one the caller may not know exists
  | 'forbidden' // the caller is known but lacks the membership
  | 'conflict' // the state already is what the request would make it (double signing)
  | 'rule'; // well-formed but breaks a rule (signing a draft, a stale version)

/** A field of the request that a failure is about: `lines.2.totalPence`. */
export type DomainFieldError = { path: string; message: string };

/** What a failure may add to its message: the fields at fault, members for the problem answer. */
export type DomainErrorExtra = { errors?: DomainFieldError[]; details?: Record<string, string> };

export class DomainError extends Error {
  readonly kind: DomainErrorKind;
  /** The fields at fault, when the failure is about some of them. */
  readonly errors: DomainFieldError[] | undefined;
  /** Extra members for the problem answer, such as the existing organisation's `organisationId`. */
  readonly details: Record<string, string> | undefined;
  constructor(kind: DomainErrorKind, message: string, extra: DomainErrorExtra = {}) {
    super(message);
    this.name = 'DomainError';
    this.kind = kind;
    this.errors = extra.errors;
    this.details = extra.details;
  }
}

export const notFound = (what: string) => new DomainError('not-found', `${what} was not found`);
export const forbidden = (message: string) => new DomainError('forbidden', message);
export const conflict = (message: string, extra?: DomainErrorExtra) =>
  new DomainError('conflict', message, extra);
export const ruleBroken = (message: string) => new DomainError('rule', message);
