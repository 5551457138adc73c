import type { Context } from 'hono';
import type { AppEnv } from './env.ts';
import type { ServiceContext } from './services/context.ts';

/** The service context of a request: its deps and its caller. */
export function serviceContext(c: Context<AppEnv>): ServiceContext {
  return { deps: c.get('deps'), caller: c.get('caller') };
}
