import type { Deps } from '@compact-tracker/api/deps';
import type { ServiceContext } from '@compact-tracker/api/services/context';
import type { Caller } from '@compact-tracker/domain/authorisation';
import type { Context } from 'hono';
import type { LambdaEvent } from 'hono/aws-lambda';
import type { SignInClient } from './sign-in.ts';

/**
 * A direct sign-in for page tests only: POST /login takes any identity and the local token issuer
 * signs it. `npm start` and AWS sign in through OpenID Connect instead (`signIn`).
 */
export type LocalLogin = {
  issue: (user: { email: string; name?: string; admin?: boolean }) => Promise<string>;
  users: { email: string; name: string; admin: boolean; description: string }[];
};

export type Flash = { kind: 'success' | 'error'; text: string };

/** Hono's typing of the web app: what the session middleware sets on every page request. */
export type WebEnv = {
  Bindings: { event?: LambdaEvent };
  Variables: {
    deps: Deps;
    login: LocalLogin | undefined;
    /** The OpenID Connect sign-in (authorization code + PKCE), when configured. */
    signIn: SignInClient | null;
    caller: Caller | null;
    /** Per-session token for the hidden form field; empty when signed out. */
    csrfToken: string;
    flash: Flash | null;
  };
};

export type WebContext = Context<WebEnv>;

export function serviceContext(c: WebContext): ServiceContext {
  return { deps: c.var.deps, caller: c.var.caller };
}
