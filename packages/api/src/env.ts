import type { Caller } from '@compact-tracker/domain/authorisation';
import type { LambdaEvent } from 'hono/aws-lambda';
import type { Deps } from './deps.ts';

/** Hono's typing of our apps: what the Lambda adapter binds, and what middleware sets per request. */
export type AppEnv = {
  Bindings: { event?: LambdaEvent };
  Variables: { deps: Deps; caller: Caller | null };
};
