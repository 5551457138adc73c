import { siteOriginOf } from '@compact-tracker/api/site';
import type { WebContext } from './env.ts';

/** This site's own origin as the browser sees it (behind CloudFront, the host it forwards). */
export function siteOrigin(c: WebContext): string {
  return siteOriginOf(c.req.url, c.req.header('x-forwarded-host'));
}
