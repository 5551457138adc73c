import type { Tracer } from '@aws-lambda-powertools/tracer';

// The functions' Powertools tracer, loaded only where it traces. Tracer loads the X-Ray SDK, which
// loads cls-hooked, which turns on Node's async hooks as it loads: about 70 KB of code and 50 ms of
// CPU at every cold start, and a cost on every promise after. Where the tracer would be off (the
// laptop, the tests, POWERTOOLS_TRACE_ENABLED=false), a disabled stand-in is all there is; in Lambda
// (AWS_EXECUTION_ENV set, as with tracing: ACTIVE) the real one is loaded while the function starts.

type Environment = Record<string, string | undefined>;

/**
 * Powertools' own rule (Tracer.setTracingEnabled): on in a Lambda execution environment, unless
 * POWERTOOLS_TRACE_ENABLED is "false" or it is SAM's or Amplify's local emulation.
 */
export function tracingEnabled(env: Environment = process.env): boolean {
  if ((env.POWERTOOLS_TRACE_ENABLED ?? '').toLowerCase() === 'false') return false;
  if (env.AWS_SAM_LOCAL) return false;
  const executionEnv = env.AWS_EXECUTION_ENV ?? '';
  return executionEnv !== '' && executionEnv !== 'AWS_Lambda_amplify-mock';
}

/**
 * What the middleware (captureLambdaHandler) and `traced` ask of a tracer that is off: whether it is
 * on (never), and clients back as they were. Nothing else is reached while isTracingEnabled() is false.
 */
const disabledTracer = {
  isTracingEnabled: () => false,
  captureAWSv3Client: <T>(client: T): T => client,
};

/** A Powertools Tracer for `serviceName` where it would trace, else the disabled stand-in. */
export async function lambdaTracer(serviceName: string, env: Environment = process.env): Promise<Tracer> {
  if (!tracingEnabled(env)) return disabledTracer as unknown as Tracer;
  const { Tracer } = await import('@aws-lambda-powertools/tracer');
  return new Tracer({ serviceName });
}
