import type { z } from 'zod';
import type { WebContext } from './env.ts';
import { csrfTokenMatches } from './session.ts';
import '@compact-tracker/domain/messages';

/** Field name -> first message, as shown next to each field. */
export type FieldErrors = Record<string, string>;

export type FormValues = Record<string, string>;

/** Thrown when a signed-in form arrives without this session's token: answered 403. */
export class CsrfMismatch extends Error {
  constructor() {
    super('this form has expired or came from another site; reload the page and try again');
    this.name = 'CsrfMismatch';
  }
}

/** The posted fields as strings (files and repeated fields are not used by any form here). */
export async function readForm(c: WebContext): Promise<FormValues> {
  const body = await c.req.parseBody();
  const values: FormValues = {};
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === 'string') values[key] = value;
  }
  if (c.var.caller && !csrfTokenMatches(c.var.csrfToken, values._csrf)) throw new CsrfMismatch();
  delete values._csrf;
  return values;
}

/** An optional field left blank is absent, so that zod's `.optional()` applies. */
export function blankToUndefined(values: FormValues, names: string[]): Record<string, string | undefined> {
  const result: Record<string, string | undefined> = { ...values };
  for (const name of names) if (!result[name]?.trim()) result[name] = undefined;
  return result;
}

export function fieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const name = String(issue.path[0] ?? '_form');
    errors[name] ??= readable(issue);
  }
  return errors;
}

function readable(issue: z.core.$ZodIssue): string {
  if (issue.code === 'too_small' && issue.minimum === 1) return 'this is required';
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'this is required';
  return issue.message;
}

/** Where to go after signing in: only a path on this site, never another origin. */
export function safeNext(next: string | undefined): string {
  return next && /^\/(?![/\\])/.test(next) ? next : '/';
}

/** The page to come back to, for the sign-in link and for redirects when a session has lapsed. */
export function loginPath(c: WebContext, next = new URL(c.req.url).pathname): string {
  return `/login?next=${encodeURIComponent(next)}`;
}
