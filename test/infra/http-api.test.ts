import { describe, expect, it } from 'vitest';
import { apiRoutes, defaultRouteFunction, type FunctionName, gatewayRoutes } from '../../functions/routes.ts';
import { defaultThrottle, heavyWriteThrottles, writeThrottle } from '../../infra/constructs/http-api.ts';
import { buildStack, type Resource } from './build-stack.ts';

const { stack, template, logicalId } = buildStack();
const resources = template.toJSON().Resources as Record<string, Resource>;
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

const routesByKey = new Map(
  ofType('AWS::ApiGatewayV2::Route').map(([, r]) => [r.Properties.RouteKey as string, r]),
);

/** The function a route's integration invokes. */
function targetFunction(route: Resource): string {
  const target = route.Properties.Target as { 'Fn::Join': [string, [string, { Ref: string }]] };
  const integration = resources[target['Fn::Join'][1][1].Ref];
  const uri = integration?.Properties.IntegrationUri as { 'Fn::GetAtt': [string, string] };
  return uri['Fn::GetAtt'][0];
}
const functionId = (name: FunctionName) => logicalId(stack.functions.byName[name]);

describe('the HTTP API', () => {
  it('has one route per entry of gatewayRoutes and a $default route, nothing else', () => {
    const expected = [...gatewayRoutes.map((r) => `${r.method} ${r.path}`), '$default'];
    expect(new Set(expected).size).toBe(expected.length);
    expect([...routesByKey.keys()].sort()).toEqual(expected.sort());
  });

  it('has no authorizer: the functions verify tokens and answer problem+json 401s themselves', () => {
    expect(ofType('AWS::ApiGatewayV2::Authorizer')).toEqual([]);
  });

  it('answers HEAD wherever GET answers: a HEAD route beside each GET, and no other HEAD', () => {
    const gets = apiRoutes.filter((r) => r.method === 'GET');
    const heads = [...routesByKey.keys()].filter((key) => key.startsWith('HEAD '));
    expect(heads.sort()).toEqual(gets.map((r) => `HEAD ${r.path}`).sort());
    for (const get of gets) {
      const head = routesByKey.get(`HEAD ${get.path}`)?.Properties;
      const same = routesByKey.get(`GET ${get.path}`)?.Properties;
      expect(head?.Target, get.path).toEqual(same?.Target);
      expect(head?.AuthorizationType, get.path).toEqual(same?.AuthorizationType);
      expect(head?.AuthorizerId, get.path).toEqual(same?.AuthorizerId);
    }
  });

  it('has no ANY route: a known path with another method falls to $default, which answers 405', () => {
    expect([...routesByKey.keys()].filter((key) => key.startsWith('ANY '))).toEqual([]);
  });

  it.each(gatewayRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))('%s', (key, spec) => {
    const route = routesByKey.get(key);
    if (!route) throw new Error(`no route ${key}`);
    expect(route.Properties.AuthorizationType ?? 'NONE').toBe('NONE');
    expect(route.Properties.AuthorizerId).toBeUndefined();
    expect(targetFunction(route)).toBe(functionId(spec.function));
  });

  it('sends everything else to the web function, without the authorizer', () => {
    const route = routesByKey.get('$default');
    if (!route) throw new Error('no $default route');
    expect(route.Properties.AuthorizationType ?? 'NONE').toBe('NONE');
    expect(route.Properties.AuthorizerId).toBeUndefined();
    expect(targetFunction(route)).toBe(functionId(defaultRouteFunction));
  });

  it('lets API Gateway invoke each function only from this API', () => {
    // The only other invoke permissions are S3's, for the import job and the register loader
    // (test/infra/uploads.test.ts).
    const s3Jobs = [stack.spendImport.function, stack.supplierRegisters.function].map((fn) =>
      JSON.stringify({ 'Fn::GetAtt': [logicalId(fn), 'Arn'] }),
    );
    const permissions = ofType('AWS::Lambda::Permission')
      .map(([, r]) => r.Properties)
      .filter((p) => !s3Jobs.includes(JSON.stringify(p.FunctionName)));
    expect(permissions.length).toBeGreaterThan(0);
    for (const permission of permissions) {
      expect(permission).toMatchObject({
        Action: 'lambda:InvokeFunction',
        Principal: 'apigateway.amazonaws.com',
      });
      expect(JSON.stringify(permission.SourceArn)).toContain(logicalId(stack.httpApi.api));
    }
  });

  it('has a $default stage with JSON access logs and default throttling', () => {
    const stages = ofType('AWS::ApiGatewayV2::Stage');
    expect(stages).toHaveLength(1);
    const stage = stages[0]?.[1].Properties as {
      StageName: string;
      AutoDeploy: boolean;
      AccessLogSettings: { DestinationArn: unknown; Format: string };
      DefaultRouteSettings: { ThrottlingBurstLimit: number; ThrottlingRateLimit: number };
    };
    expect(stage.StageName).toBe('$default');
    expect(stage.AutoDeploy).toBe(true);
    expect(stage.DefaultRouteSettings).toEqual({
      ThrottlingBurstLimit: defaultThrottle.burstLimit,
      ThrottlingRateLimit: defaultThrottle.rateLimit,
    });

    const logGroupId = logicalId(stack.httpApi.accessLogs);
    expect(stage.AccessLogSettings.DestinationArn).toEqual({ 'Fn::GetAtt': [logGroupId, 'Arn'] });
    expect(resources[logGroupId]?.Properties.RetentionInDays).toEqual(expect.any(Number));
    const format = JSON.parse(stage.AccessLogSettings.Format) as Record<string, string>;
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      status: '$context.status',
      routeKey: '$context.routeKey',
    });
  });

  it('throttles every write route on its own, heavy ones tighter; reads share the default', () => {
    const [[stageId, stage] = []] = ofType('AWS::ApiGatewayV2::Stage');
    const settings = stage?.Properties.RouteSettings as Record<
      string,
      { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }
    >;
    const writes = apiRoutes.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);
    expect(Object.keys(settings).sort()).toEqual(writes.sort());
    for (const key of writes) {
      const expected = heavyWriteThrottles[key] ?? writeThrottle;
      expect(settings[key], key).toEqual({
        ThrottlingRateLimit: expected.rateLimit,
        ThrottlingBurstLimit: expected.burstLimit,
      });
      expect(expected.rateLimit, key).toBeLessThan(defaultThrottle.rateLimit);
    }
    for (const key of Object.keys(heavyWriteThrottles)) expect(writes, key).toContain(key);
    // Route settings name routes by key: the stage waits for them.
    const dependsOn = stage?.DependsOn ?? [];
    const routeIds = ofType('AWS::ApiGatewayV2::Route').map(([id]) => id);
    for (const id of routeIds.filter((id) => !id.includes('DefaultRoute')))
      expect(dependsOn, `${stageId} ${id}`).toContain(id);
  });

  it('outputs its URL', () => {
    const outputs = template.findOutputs('ApiUrl');
    expect(JSON.stringify(outputs.ApiUrl?.Value)).toContain(logicalId(stack.httpApi.api));
  });
});
