import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { lambdaTracer, tracingEnabled } from '@compact-tracker/store/tracing';
import { afterEach, describe, expect, it, vi } from 'vitest';

// The functions load Powertools' Tracer (and with it the X-Ray SDK) only where it would trace: the
// rule is Powertools' own, checked here against a real Tracer under each environment.

const lambda = { AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x' };
// A real Tracer that traces patches node:http for every test after it: not in these tests.
const noHttpPatching = { POWERTOOLS_TRACER_CAPTURE_HTTPS_REQUESTS: 'false' };

const environments: [string, Record<string, string>][] = [
  ['outside Lambda', {}],
  ['in Lambda', lambda],
  ['in Lambda, turned off', { ...lambda, POWERTOOLS_TRACE_ENABLED: 'false' }],
  ['in Lambda, turned off in capitals', { ...lambda, POWERTOOLS_TRACE_ENABLED: 'FALSE' }],
  ['in Lambda, turned on', { ...lambda, POWERTOOLS_TRACE_ENABLED: 'true' }],
  ['outside Lambda, turned on', { POWERTOOLS_TRACE_ENABLED: 'true' }],
  ['in SAM local', { ...lambda, AWS_SAM_LOCAL: 'true' }],
  ['in Amplify mock', { AWS_EXECUTION_ENV: 'AWS_Lambda_amplify-mock' }],
];
const variables = ['AWS_EXECUTION_ENV', 'POWERTOOLS_TRACE_ENABLED', 'AWS_SAM_LOCAL'];

afterEach(() => {
  vi.unstubAllEnvs();
});

function stub(env: Record<string, string>) {
  for (const name of variables) vi.stubEnv(name, undefined);
  for (const [name, value] of Object.entries({ ...env, ...noHttpPatching })) vi.stubEnv(name, value);
}

describe('tracingEnabled', () => {
  it.each(environments)('agrees with Powertools %s', (_, env) => {
    stub(env);
    expect(tracingEnabled()).toBe(new Tracer({ serviceName: 'test' }).isTracingEnabled());
  });

  it('is on in Lambda and off outside it', () => {
    expect(tracingEnabled(lambda)).toBe(true);
    expect(tracingEnabled({})).toBe(false);
  });
});

describe('lambdaTracer', () => {
  it("is Powertools' Tracer, tracing, where it would trace", async () => {
    stub(lambda);
    const tracer = await lambdaTracer('test');
    expect(tracer).toBeInstanceOf(Tracer);
    expect(tracer.isTracingEnabled()).toBe(true);
  });

  it('elsewhere is off, leaves clients as they are, and the handler middleware does nothing', async () => {
    stub({});
    const tracer = await lambdaTracer('test');
    expect(tracer).not.toBeInstanceOf(Tracer);
    expect(tracer.isTracingEnabled()).toBe(false);
    const client = { send: async () => 'sent' };
    expect(tracer.captureAWSv3Client(client)).toBe(client);
    const middleware = captureLambdaHandler(tracer, { captureResponse: false });
    const request = { event: {}, context: {}, response: null, error: new Error('boom'), internal: {} };
    const asMiddy = request as unknown as Parameters<NonNullable<typeof middleware.before>>[0];
    await middleware.before?.(asMiddy);
    await middleware.after?.(asMiddy);
    await middleware.onError?.(asMiddy);
    expect(request.internal).toEqual({});
  });
});
