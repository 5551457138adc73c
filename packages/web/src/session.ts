import { createHash, timingSafeEqual } from 'node:crypto';
import { membershipsOf } from '@compact-tracker/store/memberships';
import type { MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Flash, WebContext, WebEnv } from './env.ts';

// A browser session is the identity token itself in an HttpOnly cookie, verified on every request
// exactly as the API verifies a bearer token. Nothing is kept server-side, so Lambda needs no store.

export const SESSION_COOKIE = 'ct_session';
const FLASH_COOKIE = 'ct_flash';
/** The local issuer's tokens live 12 hours; the cookie never outlives them. */
const SESSION_SECONDS = 12 * 60 * 60;

function isHttps(c: WebContext): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
}

function cookieOptions(c: WebContext, maxAge: number) {
  return { path: '/', httpOnly: true, sameSite: 'Lax' as const, secure: isHttps(c), maxAge };
}

export function startSession(c: WebContext, token: string): void {
  setCookie(c, SESSION_COOKIE, token, cookieOptions(c, SESSION_SECONDS));
}

export function endSession(c: WebContext): void {
  deleteCookie(c, SESSION_COOKIE, cookieOptions(c, 0));
}

/**
 * The form token: a hash of the session token, which only this browser can read (HttpOnly), so a
 * page on another site cannot know it. Backs up the Origin check of hono's csrf().
 */
function csrfTokenFor(sessionToken: string): string {
  return createHash('sha256').update(`csrf:${sessionToken}`).digest('base64url');
}

export function csrfTokenMatches(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

/** Who is signed in: a missing, expired or forged cookie is simply "signed out", never an error. */
export function session(): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    c.set('caller', null);
    c.set('csrfToken', '');
    const token = getCookie(c, SESSION_COOKIE);
    const verify = c.var.deps.verifyToken;
    if (token && verify) {
      const identity = await verify(token).catch(() => null);
      if (identity) {
        c.set('caller', { ...identity, memberships: await membershipsOf(c.var.deps.db, identity.email) });
        c.set('csrfToken', csrfTokenFor(token));
      } else {
        endSession(c);
      }
    }
    c.set('flash', takeFlash(c));
    await next();
    // A page rendered for one person must not be kept by a shared cache or the back-forward cache.
    if (c.var.caller && !c.res.headers.has('cache-control')) c.header('cache-control', 'private, no-store');
  };
}

/** A one-time message for the page a POST redirects to (post/redirect/get). */
export function setFlash(c: WebContext, flash: Flash): void {
  setCookie(c, FLASH_COOKIE, encodeURIComponent(JSON.stringify(flash)), cookieOptions(c, 60));
}

function takeFlash(c: WebContext): Flash | null {
  const raw = getCookie(c, FLASH_COOKIE);
  if (!raw) return null;
  deleteCookie(c, FLASH_COOKIE, cookieOptions(c, 0));
  try {
    const parsed = JSON.parse(decodeURIComponent(raw)) as Partial<Flash>;
    if ((parsed.kind === 'success' || parsed.kind === 'error') && typeof parsed.text === 'string') {
      return { kind: parsed.kind, text: parsed.text.slice(0, 500) };
    }
  } catch {
    // a mangled cookie is no message
  }
  return null;
}
