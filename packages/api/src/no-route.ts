import type { Context, Hono, NotFoundHandler } from 'hono';
import { problem, problemResponse } from './problem.ts';

// What an app answers when none of its routes takes a request: 405 with `Allow` when the path is
// one of its routes' and only the method is wrong (HEAD goes wherever GET does; OPTIONS is told
// the methods with 204), 404 otherwise. Both as problem+json.

type Route = { method: string; path: string };

/** The methods an app's routes take on a concrete path, HEAD added beside GET, in a stable order. */
export function allowedMethods(routes: readonly Route[], path: string): string[] {
  const methods = new Set<string>();
  for (const route of routes) {
    if (route.method === 'ALL' || !pathPattern(route.path).test(path)) continue;
    methods.add(route.method);
    if (route.method === 'GET') methods.add('HEAD');
  }
  const order = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
  return [...methods].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

const patterns = new Map<string, RegExp>();

/** `/v1/compacts/:cid` (Hono) or `/v1/compacts/{cid}` (OpenAPI) -> a regular expression of the whole path. */
function pathPattern(path: string): RegExp {
  let pattern = patterns.get(path);
  if (!pattern) {
    const source = path
      .split('/')
      .map((part) =>
        /^(?::\w+|\{\w+\})$/.test(part) ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
      )
      .join('/');
    pattern = new RegExp(`^${source}$`);
    patterns.set(path, pattern);
  }
  return pattern;
}

// biome-ignore lint/suspicious/noExplicitAny: any Hono app, whatever its Env and schema
export function noRoute(app: Hono<any, any, any>): NotFoundHandler {
  return (c: Context) => {
    const method = c.req.method;
    const allowed = allowedMethods(app.routes, c.req.path);
    if (allowed.length === 0) {
      return problemResponse(c, problem(404, `there is nothing at ${c.req.path}`));
    }
    const allow = allowed.join(', ');
    if (method === 'OPTIONS') return c.body(null, 204, { allow });
    return problemResponse(c, problem(405, `${c.req.path} does not take ${method}; it takes ${allow}`), {
      allow,
    });
  };
}
