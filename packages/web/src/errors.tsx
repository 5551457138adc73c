import { Unauthenticated } from '@compact-tracker/api/errors';
import { redactingReplacer } from '@compact-tracker/api/redact';
import { DomainError } from '@compact-tracker/domain/errors';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { shellOf } from './components/layout.tsx';
import type { WebContext } from './env.ts';
import { CsrfMismatch, loginPath } from './forms.ts';
import { ProblemPage } from './pages/problem.tsx';

/** The status a domain failure has in HTTP, as the API answers it. */
export const domainStatus = { 'not-found': 404, forbidden: 403, conflict: 409, rule: 422 } as const;

export function renderProblem(c: WebContext, status: ContentfulStatusCode, title: string, message: string) {
  // The session middleware may not have run (an error before it): render as signed out.
  if (c.var.caller === undefined) c.set('caller', null);
  if (c.var.csrfToken === undefined) c.set('csrfToken', '');
  if (c.var.flash === undefined) c.set('flash', null);
  return c.html(<ProblemPage shell={shellOf(c)} status={status} title={title} message={message} />, status);
}

export function notFoundPage(c: WebContext) {
  return renderProblem(
    c,
    404,
    'Page not found',
    'There is nothing at this address. It may have been mistyped, or the page may have moved.',
  );
}

/** Every error a page handler lets through becomes a readable page; details go to the log only. */
export function onWebError(error: Error, c: WebContext) {
  if (error instanceof Unauthenticated) {
    if (c.var.signIn || c.var.login) return c.redirect(loginPath(c), 303);
    return renderProblem(c, 401, 'Sign in needed', 'Sign in with your account to do this.');
  }
  if (error instanceof DomainError) {
    if (error.kind === 'not-found') return notFoundPage(c);
    const status = domainStatus[error.kind];
    const title = error.kind === 'forbidden' ? 'Not allowed' : 'That could not be done';
    return renderProblem(c, status, title, capitalise(error.message));
  }
  if (error instanceof CsrfMismatch) return renderProblem(c, 403, 'Form expired', error.message);
  if (error instanceof HTTPException && error.status < 500) {
    const message =
      error.status === 403
        ? 'This form came from another site or has expired; reload the page and try again.'
        : 'The request could not be handled.';
    return renderProblem(c, error.status, error.status === 403 ? 'Form expired' : 'Bad request', message);
  }
  console.error(
    JSON.stringify(
      {
        level: 'ERROR',
        message: 'unhandled page error',
        path: c.req.path,
        error: { name: error.name, message: error.message, stack: error.stack },
      },
      redactingReplacer,
    ),
  );
  return renderProblem(
    c,
    500,
    'Something went wrong',
    'Something went wrong on our side and it has been logged. Please try again in a moment.',
  );
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
