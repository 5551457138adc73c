// CloudFront in front of everything the HTTP API serves (the API, the pages, the assets), behind the
// stage's WAF web ACL. It caches only what the functions' Cache-Control allows, keys every response
// to a request with a session cookie or an Authorization header by that credential (and the functions
// mark such responses `private, no-store`, so they are not kept at all), and compresses.
//
// The functions learn the public host from X-Forwarded-Host, which a viewer-request CloudFront
// Function sets from the Host the browser asked for (so the value is always CloudFront's, whatever a
// client sends). A static origin custom header cannot carry the distribution's own domain name: the
// distribution would reference itself.

import { Duration, Fn } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CacheCookieBehavior,
  CachedMethods,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  Distribution,
  Function as EdgeFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Construct } from 'constructs';
import { acknowledge } from '../acknowledge.ts';

/** The web session cookie (packages/web/src/session.ts SESSION_COOKIE; a test keeps them equal). */
export const sessionCookieName = 'ct_session';
/** The header the functions read the public host from (packages/api/src/forwarded-host.ts). */
export const forwardedHostHeader = 'x-forwarded-host';
/** Versioned static assets (`/assets/site.css?v=<hash>`): cached by path and `v` only. */
export const assetsPath = '/assets/*';

/**
 * A compact's report for a year answers JSON, or with `Accept: text/csv` the partners table as CSV, on
 * the same URL (API.md). CloudFront ignores Vary, so Accept is in this path's cache key, and the
 * viewer-request function reduces it to the two values the API tells apart (packages/api/src/apps/
 * reports.ts, wantsCsv): one cached copy each, whatever a browser's Accept says.
 */
export const reportPath = '/v1/compacts/*/reports/*';

/**
 * The viewer-request function: X-Forwarded-Host is the Host the viewer asked for; on a report's URL,
 * Accept is `text/csv` when the viewer's names text/csv, else `application/json`.
 */
export const forwardedHostFunctionCode = `function handler(event) {
  var request = event.request;
  request.headers['${forwardedHostHeader}'] = { value: request.headers.host.value };
  if (/^\\/v1\\/compacts\\/[^\\/]+\\/reports\\/[^\\/]+$/.test(request.uri)) {
    var accept = request.headers.accept ? request.headers.accept.value : '';
    request.headers.accept = { value: /\\btext\\/csv\\b/i.test(accept) ? 'text/csv' : 'application/json' };
  }
  return request;
}`;

export type CdnProps = {
  api: IHttpApi;
  /** The WAF web ACL (CLOUDFRONT scope, from the edge stack in us-east-1). */
  webAclArn: string;
  stage: string;
  /** The site's own host name and its ACM certificate (us-east-1); else *.cloudfront.net. */
  customDomain?: { domainName: string; certificateArn: string } | undefined;
};

export class Cdn extends Construct {
  readonly distribution: Distribution;
  readonly dynamicCachePolicy: CachePolicy;
  readonly assetsCachePolicy: CachePolicy;
  readonly reportCachePolicy: CachePolicy;
  readonly forwardedHost: EdgeFunction;

  constructor(scope: Construct, id: string, props: CdnProps) {
    super(scope, id);
    // Pages and API: nothing cached unless the response says so (default TTL 0). The credentials
    // are part of the key, so one person's response can never be served to another, and CloudFront
    // forwards Authorization to the origin only when it is in the cache key.
    this.dynamicCachePolicy = new CachePolicy(this, 'DynamicCachePolicy', {
      cachePolicyName: `compact-tracker-${props.stage}-dynamic`,
      comment: 'Compact Tracker pages and API: as the origin Cache-Control says, keyed by credentials',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(0),
      maxTtl: Duration.days(365),
      headerBehavior: CacheHeaderBehavior.allowList('Authorization'),
      cookieBehavior: CacheCookieBehavior.allowList(sessionCookieName),
      queryStringBehavior: CacheQueryStringBehavior.all(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    // The same, with the (normalised) Accept in the key: a report's JSON and its CSV share a URL.
    this.reportCachePolicy = new CachePolicy(this, 'ReportCachePolicy', {
      cachePolicyName: `compact-tracker-${props.stage}-report`,
      comment: 'Compact Tracker reports: as the dynamic policy, and by Accept (JSON or CSV on one URL)',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(0),
      maxTtl: Duration.days(365),
      headerBehavior: CacheHeaderBehavior.allowList('Authorization', 'Accept'),
      cookieBehavior: CacheCookieBehavior.allowList(sessionCookieName),
      queryStringBehavior: CacheQueryStringBehavior.all(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    this.assetsCachePolicy = new CachePolicy(this, 'AssetsCachePolicy', {
      cachePolicyName: `compact-tracker-${props.stage}-assets`,
      comment: 'Compact Tracker static assets: by path and content hash (?v=), never by cookie',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.days(1),
      maxTtl: Duration.days(365),
      headerBehavior: CacheHeaderBehavior.none(),
      cookieBehavior: CacheCookieBehavior.none(),
      queryStringBehavior: CacheQueryStringBehavior.allowList('v'),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });

    this.forwardedHost = new EdgeFunction(this, 'ForwardedHost', {
      comment: 'Compact Tracker: X-Forwarded-Host = the Host the viewer asked for',
      runtime: FunctionRuntime.JS_2_0,
      code: FunctionCode.fromInline(forwardedHostFunctionCode),
    });

    // https://{apiId}.execute-api.{region}.amazonaws.com -> its host name.
    const apiHost = Fn.select(2, Fn.split('/', props.api.apiEndpoint));
    const origin = new HttpOrigin(apiHost, {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [OriginSslPolicy.TLS_V1_2],
      readTimeout: Duration.seconds(30),
    });

    const dynamic = (cachePolicy: CachePolicy) => ({
      origin,
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachedMethods: CachedMethods.CACHE_GET_HEAD,
      compress: true,
      cachePolicy,
      // Every viewer header but Host (API Gateway routes on its own host name), every cookie and
      // query string: the functions see the request as the browser sent it.
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      functionAssociations: [{ function: this.forwardedHost, eventType: FunctionEventType.VIEWER_REQUEST }],
    });
    this.distribution = new Distribution(this, 'Distribution', {
      comment: `Compact Tracker (${props.stage})`,
      webAclId: props.webAclArn,
      httpVersion: HttpVersion.HTTP2_AND_3,
      // Europe and North America edges: the users are in the UK.
      priceClass: PriceClass.PRICE_CLASS_100,
      enableIpv6: true,
      ...(props.customDomain
        ? {
            domainNames: [props.customDomain.domainName],
            certificate: Certificate.fromCertificateArn(
              this,
              'Certificate',
              props.customDomain.certificateArn,
            ),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      defaultBehavior: dynamic(this.dynamicCachePolicy),
      additionalBehaviors: {
        [reportPath]: dynamic(this.reportCachePolicy),
        [assetsPath]: {
          origin,
          viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
          cachedMethods: CachedMethods.CACHE_GET_HEAD,
          compress: true,
          cachePolicy: this.assetsCachePolicy,
        },
      },
    });

    acknowledge(
      this.distribution,
      'AwsSolutions-CFR1',
      'No geo restriction: the register of signatories is public information, and partners, suppliers ' +
        'and the public read it from anywhere; the WAF rate limit applies to every client.',
    );
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR3',
      'No CloudFront standard logs: every request that reaches the origin is in the HTTP API access ' +
        'log (JSON, 3 months), cached responses are public assets and pages, and WAF keeps sampled ' +
        'requests and per-rule metrics. A log bucket would need its own ACLs, lifecycle and logging.',
    );
    if (!props.customDomain) {
      acknowledge(
        this.distribution,
        'AwsSolutions-CFR4',
        'Without a custom domain the distribution uses the default *.cloudfront.net certificate, for ' +
          'which CloudFront fixes the viewer TLS policy; with -c domainName and -c certificateArn the ' +
          'minimum is TLSv1.2_2021.',
      );
    }
  }
}
