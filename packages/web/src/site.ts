import type { WebContext } from './env.ts';

/** This site's own origin as the browser sees it (behind CloudFront, the host it forwards). */
export function siteOrigin(c: WebContext): string {
  const url = new URL(c.req.url);
  const forwarded = c.req.header('x-forwarded-host');
  if (forwarded && /^[a-z0-9.-]+(:\d+)?$/i.test(forwarded)) return `https://${forwarded}`;
  return url.origin;
}
