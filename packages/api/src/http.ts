import { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Deps } from './deps.ts';
import type { AppEnv } from './env.ts';
import { onError } from './errors.ts';
import { idempotency } from './idempotency.ts';
import { identify, requireCaller } from './identity.ts';
import { noRoute } from './no-route.ts';
import { fieldErrors, problem, problemResponse } from './problem.ts';
import '@compact-tracker/domain/messages';

export const MAX_JSON_BODY_BYTES = 64 * 1024;

/** An API app with the house rules: problem+json errors, validation, identity, body checks, idempotency. */
export function apiApp(deps: Deps) {
  return houseApp(deps, idempotency);
}

/**
 * The same rules without idempotency records, for an app whose routes create nothing (identity):
 * its bundle then holds no code that writes to the table, and its function's role may only read.
 */
export function readOnlyApiApp(deps: Deps) {
  return houseApp(deps, null);
}

function houseApp(deps: Deps, keepResponses: (() => MiddlewareHandler<AppEnv>) | null) {
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
  app.notFound(noRoute(app));
  // Scoped to /v1 so that the web pages, mounted beside the API on the laptop, keep their own rules.
  app.use('/v1/*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  app.use('/v1/*', identify());
  guardEveryRoute(app, keepResponses);
  return app;
}

/**
 * Every route registered on the app gets, before its validators: a 401 for an anonymous caller
 * when its OpenAPI declares a bearer token (so no body, query or path is looked at first), then
 * the body checks (JSON only, size) and Idempotency-Key (apps that create). Declared once here, so no route can skip
 * them or run them in another order.
 */
function guardEveryRoute(app: OpenAPIHono<AppEnv>, keepResponses: (() => MiddlewareHandler<AppEnv>) | null) {
  const register = app.openapi;
  const guarded: typeof register = (route, handler, hook) => {
    const own = route.middleware ? [route.middleware].flat() : [];
    const middleware = [
      ...(route.security?.length ? [signedIn()] : []),
      jsonBodiesOnly(),
      bodyLimit({
        maxSize: MAX_JSON_BODY_BYTES,
        onError: (c) =>
          problemResponse(c, problem(413, `the body must be at most ${MAX_JSON_BODY_BYTES} bytes`)),
      }),
      ...(keepResponses ? [keepResponses()] : []),
      ...own,
    ] as MiddlewareHandler[];
    return register({ ...route, middleware }, handler, hook);
  };
  app.openapi = guarded;
}

/** A route that needs a signed-in caller answers 401 to an anonymous request, whatever it sent. */
function signedIn(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    requireCaller(c);
    await next();
  };
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
