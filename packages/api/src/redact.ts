// What must never reach a log, whatever an error message or a logged value happens to carry:
// bearer tokens and other JWTs (credentials), and email addresses (people).

const BEARER = /\bBearer\s+[\w.~+/=-]+/gi;
const JWT = /\beyJ[\w-]*\.[\w-]*\.[\w-]*/g;
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;

export function redact(text: string): string {
  return text.replace(BEARER, 'Bearer [redacted]').replace(JWT, '[jwt]').replace(EMAIL, '[email]');
}

/** For JSON.stringify and Powertools' jsonReplacerFn: every string value redacted. */
export function redactingReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'string' ? redact(value) : value;
}
