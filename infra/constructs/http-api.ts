// The HTTP API: one route per entry of functions/routes.ts' gatewayRoutes (every API route and a
// HEAD beside each GET; API Gateway's JWT authorizer on the private ones), everything else (pages,
// /docs, assets, unknown /v1 paths and methods) to the web function, JSON access logs,
// and default throttling on the $default stage.

import { RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, type HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct, type IConstruct } from 'constructs';
import { defaultRouteFunction, type FunctionName, gatewayRoutes } from '../../functions/routes.ts';
import { acknowledge } from '../acknowledge.ts';

export type CompactHttpApiProps = {
  functions: Record<FunctionName, IFunction>;
  jwtIssuer: string;
  jwtAudience: string;
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
    const authorizer = new HttpJwtAuthorizer('cognito', props.jwtIssuer, {
      jwtAudience: [props.jwtAudience],
      identitySource: ['$request.header.Authorization'],
    });

    for (const route of gatewayRoutes) {
      const [created] = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: integrationFor(route.function),
        ...(route.auth === 'jwt' ? { authorizer } : {}),
      });
      if (route.auth === 'none' && created) acknowledgePublic(created, `${route.method} ${route.path}`);
    }
    acknowledgePublic(this.api.node.findChild('DefaultRoute'), '$default (pages, /docs, static assets)');

    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention ?? RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const throttle = props.throttle ?? { rateLimit: 100, burstLimit: 200 };
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(accessLogFields)),
      },
    });
  }
}

/** Public routes are public on purpose: functions/routes.ts marks them `auth: 'none'`. */
function acknowledgePublic(route: IConstruct, what: string): void {
  acknowledge(
    route,
    'AwsSolutions-APIG4',
    `${what} is public by design (functions/routes.ts): anyone may read it. The function still ` +
      'verifies an optional bearer token itself and authorises from memberships.',
  );
}
