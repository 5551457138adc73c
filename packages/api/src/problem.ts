import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

// RFC 9457 problem details. Every client mistake is answered with one of these; `type` is a
// relative URI naming the kind of problem, stable for clients to switch on.

export type FieldError = { path: string; message: string };

export type Problem = {
  type: string;
  title: string;
  status: ContentfulStatusCode;
  detail: string;
  errors?: FieldError[];
  /** An extension member (RFC 9457): the existing organisation of a lookalike, say. */
  organisationId?: string;
};

const titles: Record<number, [string, string]> = {
  400: ['/problems/invalid-request', 'Invalid request'],
  401: ['/problems/unauthenticated', 'Not signed in'],
  403: ['/problems/forbidden', 'Not allowed'],
  404: ['/problems/not-found', 'Not found'],
  409: ['/problems/conflict', 'Conflict with the current state'],
  413: ['/problems/too-large', 'Request body too large'],
  415: ['/problems/unsupported-media-type', 'Unsupported media type'],
  422: ['/problems/rule-broken', 'Request breaks a rule'],
  500: ['/problems/internal', 'Internal error'],
  503: ['/problems/unavailable', 'Temporarily unavailable'],
};

export function problem(status: ContentfulStatusCode, detail: string, errors?: FieldError[]): Problem {
  const [type, title] = titles[status] ?? ['/problems/error', 'Error'];
  return { type, title, status, detail, ...(errors ? { errors } : {}) };
}

export function problemResponse(c: Context, body: Problem, headers?: Record<string, string>): Response {
  return c.body(JSON.stringify(body), body.status, {
    'content-type': 'application/problem+json',
    ...headers,
  });
}

/** zod issues -> `errors` entries with dotted paths as the contract shows (`lines.0.totalPence`). */
export function fieldErrors(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): FieldError[] {
  return issues.map((issue) => ({
    path: issue.path.map((part) => String(part)).join('.'),
    message: issue.message,
  }));
}
