// The HTTP API: one route per entry of functions/routes.ts' gatewayRoutes (every API route and a
// HEAD beside each GET), everything else (pages, /docs, assets, unknown /v1 paths and methods) to
// the web function, JSON access logs, default throttling on the $default stage and tighter
// per-route throttles on the writes. CloudFront (infra/constructs/cdn.ts) is the public front.
//
// No API Gateway authorizer: the functions verify bearer tokens themselves (jose, against the user
// pool's keys; packages/api/src/identity.ts), so a missing or bad token on a private route gets the
// same problem+json 401 as on the laptop. An HTTP API's JWT authorizer would answer with its own
// body ({"message":"Unauthorized"}) before the function could.

import { RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnStage,
  HttpApi,
  HttpMethod,
  type HttpRoute,
  type HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct, type IConstruct } from 'constructs';
import {
  defaultRouteFunction,
  type FunctionName,
  type GatewayRoute,
  gatewayRoutes,
} from '../../functions/routes.ts';
import { acknowledge } from '../acknowledge.ts';

export type Throttle = { rateLimit: number; burstLimit: number };

/** Every route not throttled more tightly below: the stage's default (requests per second). */
export const defaultThrottle: Throttle = { rateLimit: 100, burstLimit: 200 };
/**
 * Writes (POST, PUT, DELETE) get a budget of their own, so that a flood of writes on one route cannot
 * use up the stage's throttle for every reader. Limits are per route, across all callers (WAF limits
 * each client IP).
 */
export const writeThrottle: Throttle = { rateLimit: 20, burstLimit: 40 };
/** Routes that start heavy work get less still: each runs every report job or issues an import. */
export const heavyWriteThrottles: Record<string, Throttle> = {
  'POST /v1/admin/aggregations': { rateLimit: 1, burstLimit: 2 },
  'POST /v1/organisations/{oid}/spend-imports': { rateLimit: 5, burstLimit: 10 },
  'POST /v1/organisations/{oid}/spend-imports/preview': { rateLimit: 5, burstLimit: 10 },
  'PUT /v1/carbon-factors': { rateLimit: 1, burstLimit: 2 },
};

/** The throttle of a route (undefined: the stage's default). */
export function routeThrottle(route: GatewayRoute): Throttle | undefined {
  if (route.method === 'GET' || route.method === 'HEAD') return undefined;
  return heavyWriteThrottles[`${route.method} ${route.path}`] ?? writeThrottle;
}

export type CompactHttpApiProps = {
  functions: Record<FunctionName, IFunction>;
  throttle?: { rateLimit: number; burstLimit: number };
  logRetention?: RetentionDays;
};

/**
 * One JSON object per request. HTTP API context variables; every value quoted, since API Gateway
 * writes "-" for an absent one.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html
 */
export const accessLogFields: Record<string, string> = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  httpMethod: '$context.httpMethod',
  path: '$context.path',
  routeKey: '$context.routeKey',
  protocol: '$context.protocol',
  status: '$context.status',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationStatus: '$context.integrationStatus',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  sub: '$context.authorizer.claims.sub',
};

export class CompactHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: CompactHttpApiProps) {
    super(scope, id);

    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    const integrationFor = (name: FunctionName) => {
      let integration = integrations.get(name);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${name}-integration`, props.functions[name]);
        integrations.set(name, integration);
      }
      return integration;
    };

    this.api = new HttpApi(this, 'Api', {
      apiName: 'compact-tracker',
      description: 'Compact Tracker: JSON API under /v1 and the web pages',
      createDefaultStage: false,
      // `$default`: whatever no route below matches goes to the web function, without the authorizer.
      defaultIntegration: integrationFor(defaultRouteFunction),
    });

    const created: HttpRoute[] = [];
    for (const route of gatewayRoutes) {
      const [one] = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: integrationFor(route.function),
      });
      if (!one) throw new Error(`no route created for ${route.method} ${route.path}`);
      created.push(one);
      acknowledgeNoAuthorizer(one, route);
    }
    acknowledge(
      this.api.node.findChild('DefaultRoute'),
      'AwsSolutions-APIG4',
      '$default (pages, /docs, static assets, what no route takes) is public by design: pages read the ' +
        'session cookie and verify it in the web function, which authorises every action from memberships.',
    );

    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention ?? RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const throttle = props.throttle ?? defaultThrottle;
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(accessLogFields)),
      },
    });
    const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    for (const route of gatewayRoutes) {
      const limit = routeThrottle(route);
      if (limit) {
        routeSettings[`${route.method} ${route.path}`] = {
          ThrottlingRateLimit: limit.rateLimit,
          ThrottlingBurstLimit: limit.burstLimit,
        };
      }
    }
    const cfnStage = this.stage.node.defaultChild as CfnStage;
    cfnStage.routeSettings = routeSettings;
    // Route settings name routes by key: the routes must exist first.
    for (const route of created) cfnStage.node.addDependency(route);
  }
}

/** Every route goes without an API Gateway authorizer: the function decides (see the top of this file). */
function acknowledgeNoAuthorizer(route: IConstruct, spec: GatewayRoute): void {
  acknowledge(
    route,
    'AwsSolutions-APIG4',
    spec.auth === 'none'
      ? `${spec.method} ${spec.path} is public by design (functions/routes.ts): anyone may read it. The ` +
          'function still verifies an optional bearer token itself and authorises from memberships.'
      : `${spec.method} ${spec.path} needs a signed-in caller: the function verifies the bearer token ` +
          'itself (jose, the user pool’s keys, issuer and audience) and answers a problem+json 401 ' +
          'without one, then authorises from memberships; an API Gateway authorizer would answer its own body.',
  );
}
