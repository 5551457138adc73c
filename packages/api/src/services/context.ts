import type { Caller } from '@compact-tracker/domain/authorisation';
import { forbidden } from '@compact-tracker/domain/errors';
import type { Deps } from '../deps.ts';
import { Unauthenticated } from '../errors.ts';

/** What a service function works with: the outside world and who is asking. */
export type ServiceContext = { deps: Deps; caller: Caller | null };

export type PageRequest = { limit: number; cursor?: string };

/** The caller if signed in and allowed; 401 when anonymous, 403 when signed in but not allowed. */
export function authorise(ctx: ServiceContext, allowed: (caller: Caller) => boolean, what: string): Caller {
  if (!ctx.caller) throw new Unauthenticated();
  if (!allowed(ctx.caller)) throw forbidden(`your memberships do not allow you to ${what}`);
  return ctx.caller;
}

/** The signed-in caller or a 401: checked before looking anything up, so anonymous writes learn nothing. */
export function signedIn(ctx: ServiceContext): Caller {
  if (!ctx.caller) throw new Unauthenticated();
  return ctx.caller;
}

export function actorOf(caller: Caller) {
  return { sub: caller.sub, email: caller.email, name: caller.name };
}
