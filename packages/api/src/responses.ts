import type { z } from '@hono/zod-openapi';
import { problemSchema } from './schemas/common.ts';

// Response declarations for createRoute: the success body plus the problems a route can answer.

const problemContent = { 'application/problem+json': { schema: problemSchema } };

const problemDescriptions: Record<number, string> = {
  400: 'Malformed or invalid request',
  401: 'No or bad token',
  403: 'Signed in but not allowed',
  404: 'Unknown resource',
  409: 'Conflicts with the current state',
  413: 'Body too large',
  415: 'Body is not JSON',
  422: 'Breaks a rule',
  503: 'Temporarily unavailable',
};

export function responses<S extends z.ZodType, C extends 200 | 201 | 202>(
  status: C,
  schema: S,
  description: string,
  problems: number[],
) {
  const declared = Object.fromEntries(
    problems.map((code) => [
      code,
      { description: problemDescriptions[code] ?? 'Problem', content: problemContent },
    ]),
  );
  return {
    ...declared,
    [status]: { description, content: { 'application/json': { schema } } },
  } as { [K in C]: { description: string; content: { 'application/json': { schema: S } } } };
}

/** The problems every write can answer. */
export const WRITE = [400, 401, 403, 404, 413, 415];

/** A required JSON request body validated by `schema`. */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});
