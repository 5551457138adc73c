// Domain failures carry a kind, not an HTTP status: the API layer maps kinds to statuses.

export type DomainErrorKind =
  | 'not-found' // unknown resource, or one the caller may not know exists
  | 'forbidden' // the caller is known but lacks the membership
  | 'conflict' // the state already is what the request would make it (double signing)
  | 'rule'; // well-formed but breaks a rule (signing a draft, a stale version)

/** A field of the request that a failure is about: `lines.2.totalPence`. */
export type DomainFieldError = { path: string; message: string };

export class DomainError extends Error {
  readonly kind: DomainErrorKind;
  /** The fields at fault, when the failure is about some of them. */
  readonly errors: DomainFieldError[] | undefined;
  constructor(kind: DomainErrorKind, message: string, errors?: DomainFieldError[]) {
    super(message);
    this.name = 'DomainError';
    this.kind = kind;
    this.errors = errors;
  }
}

export const notFound = (what: string) => new DomainError('not-found', `${what} was not found`);
export const forbidden = (message: string) => new DomainError('forbidden', message);
export const conflict = (message: string, errors?: DomainFieldError[]) =>
  new DomainError('conflict', message, errors);
export const ruleBroken = (message: string) => new DomainError('rule', message);
