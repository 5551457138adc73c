import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import {
  assetsPath,
  forwardedHostFunctionCode,
  forwardedHostHeader,
  reportPath,
  sessionCookieName,
} from '../../infra/constructs/cdn.ts';
import { countedCommonRules, ratePerIpPer5Minutes } from '../../infra/edge-stack.ts';
import { SESSION_COOKIE } from '../../packages/web/src/session.ts';
import { buildStack, type Resource } from './build-stack.ts';

// CloudFront in front of the API, pages and assets; the WAF web ACL in the us-east-1 edge stack.

const { stack, edge, template, logicalId } = buildStack();
const resources = template.toJSON().Resources as Record<string, Resource>;
const edgeResources = Template.fromStack(edge).toJSON().Resources as Record<string, Resource>;
const ofType = (type: string, from = resources) => Object.entries(from).filter(([, r]) => r.Type === type);

type Behaviour = {
  PathPattern?: string;
  CachePolicyId: { Ref: string };
  OriginRequestPolicyId?: string;
  AllowedMethods: string[];
  Compress: boolean;
  ViewerProtocolPolicy: string;
  FunctionAssociations?: { EventType: string; FunctionARN: unknown }[];
};
const [[, distribution] = []] = ofType('AWS::CloudFront::Distribution');
const config = distribution?.Properties.DistributionConfig as {
  DefaultCacheBehavior: Behaviour;
  CacheBehaviors: Behaviour[];
  Origins: { DomainName: unknown; CustomOriginConfig: Record<string, unknown> }[];
  WebACLId: unknown;
  HttpVersion: string;
};
type CachePolicyConfig = {
  DefaultTTL: number;
  MinTTL: number;
  ParametersInCacheKeyAndForwardedToOrigin: {
    EnableAcceptEncodingGzip: boolean;
    EnableAcceptEncodingBrotli: boolean;
    HeadersConfig: { HeaderBehavior: string; Headers?: string[] };
    CookiesConfig: { CookieBehavior: string; Cookies?: string[] };
    QueryStringsConfig: { QueryStringBehavior: string; QueryStrings?: string[] };
  };
};
const cachePolicy = (behaviour: Behaviour) =>
  resources[behaviour.CachePolicyId.Ref]?.Properties.CachePolicyConfig as CachePolicyConfig;

describe('CloudFront', () => {
  it('is the only distribution, in front of the HTTP API over TLS 1.2, behind the edge stack’s web ACL', () => {
    expect(ofType('AWS::CloudFront::Distribution')).toHaveLength(1);
    expect(config.Origins).toHaveLength(1);
    expect(JSON.stringify(config.Origins[0]?.DomainName)).toContain(logicalId(stack.httpApi.api));
    expect(config.Origins[0]?.CustomOriginConfig).toMatchObject({
      OriginProtocolPolicy: 'https-only',
      OriginSSLProtocols: ['TLSv1.2'],
    });
    // A cross-region reference to the us-east-1 stack's web ACL.
    expect(config.WebACLId).toEqual({
      'Fn::GetStackOutput': expect.objectContaining({
        StackName: 'CompactTracker-dev-edge',
        Region: 'us-east-1',
      }),
    });
    expect(config.HttpVersion).toBe('http2and3');
  });

  it('sends pages and API with every viewer header but Host, compressed, redirecting to HTTPS', () => {
    const behaviour = config.DefaultCacheBehavior;
    expect(behaviour.AllowedMethods).toEqual(['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE']);
    expect(behaviour.Compress).toBe(true);
    expect(behaviour.ViewerProtocolPolicy).toBe('redirect-to-https');
    // AWS's managed AllViewerExceptHostHeader policy.
    expect(behaviour.OriginRequestPolicyId).toBe('b689b0a8-53d0-40ab-baf2-68738e2966ac');
  });

  it('caches pages and API only as the response allows, keyed by session cookie and Authorization', () => {
    const policy = cachePolicy(config.DefaultCacheBehavior);
    expect(policy.DefaultTTL).toBe(0);
    expect(policy.MinTTL).toBe(0);
    const key = policy.ParametersInCacheKeyAndForwardedToOrigin;
    expect(key.HeadersConfig).toEqual({ HeaderBehavior: 'whitelist', Headers: ['Authorization'] });
    expect(key.CookiesConfig).toEqual({ CookieBehavior: 'whitelist', Cookies: [sessionCookieName] });
    expect(key.QueryStringsConfig.QueryStringBehavior).toBe('all');
    expect(key.EnableAcceptEncodingGzip && key.EnableAcceptEncodingBrotli).toBe(true);
    expect(sessionCookieName).toBe(SESSION_COOKIE);
  });

  it('caches versioned assets by path and ?v= only, never by cookie', () => {
    const assets = config.CacheBehaviors.find((b) => b.PathPattern === assetsPath);
    if (!assets) throw new Error('no assets behaviour');
    expect(assets.AllowedMethods).toEqual(['GET', 'HEAD']);
    expect(assets.Compress).toBe(true);
    const key = cachePolicy(assets).ParametersInCacheKeyAndForwardedToOrigin;
    expect(key.CookiesConfig.CookieBehavior).toBe('none');
    expect(key.HeadersConfig.HeaderBehavior).toBe('none');
    expect(key.QueryStringsConfig).toEqual({ QueryStringBehavior: 'whitelist', QueryStrings: ['v'] });
    expect(config.CacheBehaviors.map((b) => b.PathPattern).sort()).toEqual([assetsPath, reportPath].sort());
  });

  it("keys a report's JSON and its CSV (one URL, chosen by Accept) apart, as the pages and API otherwise", () => {
    const report = config.CacheBehaviors.find((b) => b.PathPattern === reportPath);
    if (!report) throw new Error('no report behaviour');
    const { CachePolicyId: reportPolicy, ...sameAsDefault } = report;
    const { CachePolicyId: defaultPolicy, ...defaults } = config.DefaultCacheBehavior;
    expect({ ...sameAsDefault, PathPattern: undefined }).toEqual({ ...defaults, PathPattern: undefined });
    expect(reportPolicy).not.toEqual(defaultPolicy);
    const key = cachePolicy(report).ParametersInCacheKeyAndForwardedToOrigin;
    const defaultKey = cachePolicy(config.DefaultCacheBehavior).ParametersInCacheKeyAndForwardedToOrigin;
    expect(key.HeadersConfig).toEqual({ HeaderBehavior: 'whitelist', Headers: ['Authorization', 'Accept'] });
    expect({ ...key, HeadersConfig: null }).toEqual({ ...defaultKey, HeadersConfig: null });
  });

  it("reduces a report's Accept to the two the API tells apart, and leaves other paths' alone", () => {
    const handler = new Function(`${forwardedHostFunctionCode}; return handler;`)() as (event: unknown) => {
      headers: Record<string, { value: string }>;
    };
    const accepted = (uri: string, accept?: string) =>
      handler({
        request: {
          uri,
          headers: {
            host: { value: 'd111.cloudfront.net' },
            ...(accept ? { accept: { value: accept } } : {}),
          },
        },
      }).headers.accept?.value;
    const report = '/v1/compacts/01JCOMPACT/reports/2025-26';
    expect(accepted(report, 'text/csv')).toBe('text/csv');
    expect(accepted(report, 'text/html, TEXT/CSV;q=0.9, */*;q=0.1')).toBe('text/csv');
    expect(accepted(report, 'application/json')).toBe('application/json');
    expect(accepted(report, 'text/html,application/xhtml+xml,*/*;q=0.8')).toBe('application/json');
    expect(accepted(report, 'text/csvx')).toBe('application/json');
    expect(accepted(report)).toBe('application/json');
    expect(accepted('/v1/compacts/01JCOMPACT/reports', 'text/html')).toBe('text/html');
    expect(accepted('/compacts/01JCOMPACT/reports/2025-26', 'text/html')).toBe('text/html');
  });

  it('tells the functions the public host in X-Forwarded-Host, set from the viewer’s Host', () => {
    const [association, ...others] = config.DefaultCacheBehavior.FunctionAssociations ?? [];
    expect(others).toEqual([]);
    expect(association?.EventType).toBe('viewer-request');
    const [[functionId, fn] = []] = ofType('AWS::CloudFront::Function');
    expect(association?.FunctionARN).toEqual({ 'Fn::GetAtt': [functionId, 'FunctionARN'] });
    expect(fn?.Properties.FunctionCode).toBe(forwardedHostFunctionCode);
    expect(fn?.Properties.FunctionConfig).toMatchObject({ Runtime: 'cloudfront-js-2.0' });
    // Run the function as CloudFront would.
    const handler = new Function(`${forwardedHostFunctionCode}; return handler;`)() as (event: unknown) => {
      headers: Record<string, { value: string }>;
    };
    const request = handler({
      request: {
        headers: { host: { value: 'd111.cloudfront.net' }, [forwardedHostHeader]: { value: 'evil.example' } },
      },
    });
    expect(request.headers[forwardedHostHeader]).toEqual({ value: 'd111.cloudfront.net' });
  });

  it('serves a custom domain with its us-east-1 certificate and TLS 1.2 at least, when given both', () => {
    const certificateArn =
      'arn:aws:acm:us-east-1:111122223333:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';
    const custom = buildStack({ domainName: 'tracker.example.org', certificateArn });
    custom.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['tracker.example.org'],
        ViewerCertificate: {
          AcmCertificateArn: certificateArn,
          MinimumProtocolVersion: 'TLSv1.2_2021',
          SslSupportMethod: 'sni-only',
        },
      }),
    });
    expect(custom.template.findOutputs('SiteUrl').SiteUrl?.Value).toBe('https://tracker.example.org/');
    expect(() => buildStack({ domainName: 'tracker.example.org' })).toThrow(/needs both -c domainName/);
    expect(() =>
      buildStack({
        domainName: 'tracker.example.org',
        certificateArn: 'arn:aws:acm:eu-west-2:1:certificate/x',
      }),
    ).toThrow(/not an ACM certificate ARN in us-east-1/);
    expect(() => buildStack({ domainName: 'not a host', certificateArn })).toThrow(/not a host name/);
  });

  it('is the site’s URL output', () => {
    expect(JSON.stringify(template.findOutputs('SiteUrl').SiteUrl?.Value)).toContain(
      logicalId(stack.cdn.distribution),
    );
  });
});

describe('the WAF web ACL', () => {
  const [[, acl] = []] = ofType('AWS::WAFv2::WebACL', edgeResources);
  type Rule = { Name: string; Statement: Record<string, Record<string, unknown>>; Action?: unknown };
  const rules = (acl?.Properties.Rules ?? []) as Rule[];

  it('is CLOUDFRONT-scoped, in us-east-1, allowing by default', () => {
    expect(edge.region).toBe('us-east-1');
    expect(acl?.Properties).toMatchObject({ Scope: 'CLOUDFRONT', DefaultAction: { Allow: {} } });
    expect(ofType('AWS::WAFv2::WebACL')).toEqual([]);
  });

  it('blocks an IP over the rate limit and runs AWS’s common rule set', () => {
    expect(rules.map((r) => r.Name)).toEqual(['rate-per-ip', 'aws-common-rules']);
    expect(rules[0]?.Statement.RateBasedStatement).toMatchObject({
      Limit: ratePerIpPer5Minutes,
      AggregateKeyType: 'IP',
    });
    expect(rules[0]?.Action).toEqual({ Block: {} });
    expect(rules[1]?.Statement.ManagedRuleGroupStatement).toMatchObject({
      VendorName: 'AWS',
      Name: 'AWSManagedRulesCommonRuleSet',
      RuleActionOverrides: countedCommonRules.map((name) => ({ Name: name, ActionToUse: { Count: {} } })),
    });
  });
});
