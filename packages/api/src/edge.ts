import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

// What a function behind CloudFront must know (infra/constructs/cdn.ts):
// - The public host is in X-Forwarded-Host (a CloudFront Function sets it from the Host the browser
//   asked for); API Gateway's own host name is not the site's. Pages build links and check the
//   Origin of form posts against it, so the request is made to look as the browser sent it.
// - A response to a request that carries credentials (a cookie, an Authorization header), or that
//   sets a cookie, is one person's: `private, no-store`, whatever the app said, so that no shared
//   cache keeps it.

/** A host name with an optional port; anything else in the header is ignored. */
const hostPattern = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/i;

export const personalCacheControl = 'private, no-store';

/** The public host from X-Forwarded-Host, or null when absent or not a host name. */
export function forwardedHost(event: APIGatewayProxyEventV2): string | null {
  const value = event.headers?.['x-forwarded-host']?.split(',')[0]?.trim();
  if (!value || value.length > 260 || !hostPattern.test(value)) return null;
  return value.toLowerCase();
}

/** Whether the request carries credentials: any cookie (the session's, the flash) or an Authorization header. */
export function carriesCredentials(event: APIGatewayProxyEventV2): boolean {
  const headers = event.headers ?? {};
  return (
    headers.authorization !== undefined ||
    headers.cookie !== undefined ||
    (Array.isArray(event.cookies) && event.cookies.length > 0)
  );
}

/** Whether the response sets a cookie (API Gateway v2 results carry them in `cookies`). */
export function setsCookies(response: APIGatewayProxyStructuredResultV2): boolean {
  if (Array.isArray(response.cookies) && response.cookies.length > 0) return true;
  return Object.keys(response.headers ?? {}).some((name) => name.toLowerCase() === 'set-cookie');
}

/** The middy middleware applying both rules to API Gateway v2 events and results. */
export function behindCloudFront(): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  return {
    before: async (request) => {
      const event = request.event;
      const host = forwardedHost(event);
      if (host && event.requestContext) {
        event.requestContext.domainName = host;
        event.headers = { ...event.headers, host };
      }
    },
    after: async (request) => {
      const response = request.response;
      if (!response || !(carriesCredentials(request.event) || setsCookies(response))) return;
      const headers = { ...(response.headers ?? {}) };
      for (const name of Object.keys(headers))
        if (name.toLowerCase() === 'cache-control') delete headers[name];
      headers['cache-control'] = personalCacheControl;
      response.headers = headers;
    },
  };
}
