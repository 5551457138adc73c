import type { Context, MiddlewareHandler } from 'hono';
import { etag } from 'hono/etag';

// HTTP caching, the same for the API and the pages (on Lambda and under `npm start`):
// - A successful GET or HEAD that anyone could have made (no Authorization, no cookie, no cookie
//   set in answer) is public: browsers keep it a minute, shared caches (the edge) five minutes, and
//   it carries an ETag, so a client sending If-None-Match with it gets 304 and no body.
// - Anything that depends on the caller (credentials sent or a cookie set) is `private, no-store`.
// - Errors and redirects are `no-store`: a fixed mistake must not linger in a cache.
// A route that sets its own Cache-Control (the immutable static files) keeps it.

export const PUBLIC_CACHE_CONTROL = 'public, max-age=60, s-maxage=300';
export const PERSONAL_CACHE_CONTROL = 'private, no-store';
export const UNCACHED = 'no-store';

/** Whether the request carries credentials: an Authorization header or any cookie. */
export function carriesCredentials(c: Context): boolean {
  return c.req.header('authorization') !== undefined || c.req.header('cookie') !== undefined;
}

const readMethods = new Set(['GET', 'HEAD']);

/**
 * The caching middleware. `vary`: the request headers a public answer depends on besides the
 * credentials (the API's content negotiation: Accept).
 */
export function caching(options: { vary?: string[] } = {}): MiddlewareHandler {
  const vary = [...(options.vary ?? []), 'Authorization', 'Cookie'];
  // Hono's ETag middleware, run on the finished answer: the tag is the SHA-1 of the body, and a
  // matching If-None-Match becomes a 304 keeping Cache-Control, ETag and Vary.
  const tag = etag();
  const done = async () => {};
  return async (c, next) => {
    if (!readMethods.has(c.req.method)) return next();
    await next();
    const headers = c.res.headers;
    if (headers.has('cache-control')) return;
    if (carriesCredentials(c) || headers.has('set-cookie')) {
      headers.set('cache-control', PERSONAL_CACHE_CONTROL);
    } else if (c.res.status === 200) {
      headers.set('cache-control', PUBLIC_CACHE_CONTROL);
      headers.set('vary', mergeVary(headers.get('vary'), vary));
      await tag(c, done);
    } else {
      headers.set('cache-control', UNCACHED);
    }
  };
}

/** The Vary header with `more` added, each name once whatever its case. */
function mergeVary(current: string | null, more: string[]): string {
  const names = (current ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  for (const name of more) if (!names.some((n) => n.toLowerCase() === name.toLowerCase())) names.push(name);
  return names.join(', ');
}
