// Domain failures carry a kind, not an HTTP status: the API layer maps kinds to statuses.

export type DomainErrorKind =
  | 'not-found' // unknown resource, or one the caller may not know exists
  | 'forbidden' // the caller is known but lacks the membership
  | 'conflict' // the state already is what the request would make it (double signing)
  | 'rule'; // well-formed but breaks a rule (signing a draft, a stale version)

export class DomainError extends Error {
  readonly kind: DomainErrorKind;
  constructor(kind: DomainErrorKind, message: string) {
    super(message);
    this.name = 'DomainError';
    this.kind = kind;
  }
}

export const notFound = (what: string) => new DomainError('not-found', `${what} was not found`);
export const forbidden = (message: string) => new DomainError('forbidden', message);
export const conflict = (message: string) => new DomainError('conflict', message);
export const ruleBroken = (message: string) => new DomainError('rule', message);
