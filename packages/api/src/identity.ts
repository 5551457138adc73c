import type { Caller } from '@compact-tracker/domain/authorisation';
import { membershipsOf } from '@compact-tracker/store/memberships';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.ts';
import { Unauthenticated } from './errors.ts';
import { bearerToken, type Identity, identityFromClaims } from './tokens.ts';

/**
 * Works out who is calling: the claims API Gateway's authorizer verified, or else a bearer token
 * verified here. Then loads their memberships, from which
 * every authorisation decision is made. An invalid token on any route is a 401, never "anonymous".
 */
export function identify(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const identity = await resolveIdentity(c);
    let caller: Caller | null = null;
    if (identity) {
      const memberships = await membershipsOf(c.get('deps').db, identity.email);
      caller = { ...identity, memberships };
    }
    c.set('caller', caller);
    await next();
  };
}

async function resolveIdentity(c: Context<AppEnv>): Promise<Identity | null> {
  const event = c.env?.event as {
    requestContext?: { authorizer?: { jwt?: { claims?: Record<string, unknown> } } };
  };
  const claims = event?.requestContext?.authorizer?.jwt?.claims;
  if (claims) {
    const identity = identityFromClaims(claims);
    if (!identity) throw new Unauthenticated();
    return identity;
  }
  const header = c.req.header('authorization');
  if (header === undefined) return null;
  const token = bearerToken(header);
  if (!token) throw new Unauthenticated();
  const verify = c.get('deps').verifyToken;
  const identity = verify ? await verify(token) : null;
  if (!identity) throw new Unauthenticated();
  return identity;
}

/** The signed-in caller, or a 401. */
export function requireCaller(c: Context<AppEnv>): Caller {
  const caller = c.get('caller');
  if (!caller) throw new Unauthenticated();
  return caller;
}
