/**
 * The site's own origin as the browser sees it, for links in invitations and the sign-in
 * callback: behind CloudFront, the host it forwards (X-Forwarded-Host); else the request's.
 */
export function siteOriginOf(requestUrl: string, forwardedHost: string | undefined): string {
  if (forwardedHost && /^[a-z0-9.-]+(:\d+)?$/i.test(forwardedHost)) return `https://${forwardedHost}`;
  return new URL(requestUrl).origin;
}
