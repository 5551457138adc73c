import { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Deps } from './deps.ts';
import type { AppEnv } from './env.ts';
import { onError } from './errors.ts';
import { idempotency } from './idempotency.ts';
import { identify } from './identity.ts';
import { fieldErrors, problem, problemResponse } from './problem.ts';

export const MAX_JSON_BODY_BYTES = 64 * 1024;

/** An API app with the house rules: problem+json errors, validation, identity, body checks, idempotency. */
export function apiApp(deps: Deps) {
  const app = readOnlyApiApp(deps);
  app.use('/v1/*', idempotency());
  return app;
}

/**
 * The same rules without idempotency records, for an app whose routes create nothing (identity):
 * its bundle then holds no code that writes to the table, and its function's role may only read.
 */
export function readOnlyApiApp(deps: Deps) {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const errors = fieldErrors(result.error.issues);
        const where = result.target === 'json' ? 'body' : result.target;
        return problemResponse(c, problem(400, `the ${where} is invalid: ${summarise(errors)}`, errors));
      }
    },
  });
  app.onError(onError);
  app.notFound((c) => problemResponse(c, problem(404, `no route for ${c.req.method} ${c.req.path}`)));
  // Scoped to /v1 so that the web pages, mounted beside the API on the laptop, keep their own rules.
  app.use('/v1/*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  app.use('/v1/*', jsonBodiesOnly());
  app.use(
    '/v1/*',
    bodyLimit({
      maxSize: MAX_JSON_BODY_BYTES,
      onError: (c) =>
        problemResponse(c, problem(413, `the body must be at most ${MAX_JSON_BODY_BYTES} bytes`)),
    }),
  );
  app.use('/v1/*', identify());
  return app;
}

function summarise(errors: { path: string; message: string }[]): string {
  const first = errors[0];
  if (!first) return 'see errors';
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return `${first.path || 'body'}: ${first.message}${more}`;
}

/** Writes carry JSON: anything else is a 415 before it is parsed. */
function jsonBodiesOnly(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method === 'POST' || c.req.method === 'PUT' || c.req.method === 'PATCH') {
      const type = c.req.header('content-type');
      const hasBody = type !== undefined || (c.req.header('content-length') ?? '0') !== '0';
      if (hasBody && !/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type ?? '')) {
        return problemResponse(c, problem(415, 'send the body as application/json'));
      }
    }
    await next();
  };
}
