// Domain failures carry a kind, not an HTTP status: the API layer maps kinds to statuses.

export type DomainErrorKind =
  | 'not-found' // unknown resource, or one the caller may not know exists
  | 'forbidden' // the caller is known but lacks the membership
  | 'conflict' // the state already is what the request would make it (double signing)
  | 'rule'; // well-formed but breaks a rule (signing a draft, a stale version)

export class DomainError extends Error {
  readonly kind: DomainErrorKind;
  /** Extra members for the problem answer, such as the existing organisation's `organisationId`. */
  readonly details: Record<string, string> | undefined;
  constructor(kind: DomainErrorKind, message: string, details?: Record<string, string>) {
    super(message);
    this.name = 'DomainError';
    this.kind = kind;
    this.details = details;
  }
}

export const notFound = (what: string) => new DomainError('not-found', `${what} was not found`);
export const forbidden = (message: string) => new DomainError('forbidden', message);
export const conflict = (message: string, details?: Record<string, string>) =>
  new DomainError('conflict', message, details);
export const ruleBroken = (message: string) => new DomainError('rule', message);
