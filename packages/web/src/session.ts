import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Identity } from '@compact-tracker/api/tokens';
import { membershipsOf } from '@compact-tracker/store/memberships';
import { deleteWebSession, getWebSession, saveWebSession } from '@compact-tracker/store/web-sessions';
import type { MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Flash, WebContext, WebEnv } from './env.ts';
import type { Tokens } from './sign-in.ts';

// A browser session is the ID token in an HttpOnly cookie, verified on every request exactly as the
// API verifies a bearer token. When it expires (an hour on Cognito), the server renews it with the
// refresh token, which stays on the server: the browser holds only a random id of that record.

export const SESSION_COOKIE = 'ct_session';
export const REFRESH_COOKIE = 'ct_refresh';
const FLASH_COOKIE = 'ct_flash';
/** A working day: the cookies and the refresh record never outlive it. */
export const SESSION_SECONDS = 12 * 60 * 60;

export function isHttps(c: WebContext): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
}

export function cookieOptions(c: WebContext, maxAge: number) {
  return { path: '/', httpOnly: true, sameSite: 'Lax' as const, secure: isHttps(c), maxAge };
}

/**
 * Signs the browser in with a provider's tokens: the ID token in the session cookie, the refresh
 * token (if any) in the table under a new random id that the refresh cookie holds.
 */
export async function startSession(c: WebContext, tokens: Tokens): Promise<void> {
  setCookie(c, SESSION_COOKIE, tokens.idToken, cookieOptions(c, SESSION_SECONDS));
  const previous = getCookie(c, REFRESH_COOKIE);
  if (previous) await deleteWebSession(c.var.deps.db, previous);
  if (tokens.refreshToken) {
    const id = randomBytes(32).toString('base64url');
    const expiresAt = new Date(c.var.deps.now().getTime() + SESSION_SECONDS * 1000);
    await saveWebSession(c.var.deps.db, id, { refreshToken: tokens.refreshToken, expiresAt });
    setCookie(c, REFRESH_COOKIE, id, cookieOptions(c, SESSION_SECONDS));
  } else if (previous) {
    deleteCookie(c, REFRESH_COOKIE, cookieOptions(c, 0));
  }
}

/** Forgets the session in this browser (the cookies). */
export function endSession(c: WebContext): void {
  deleteCookie(c, SESSION_COOKIE, cookieOptions(c, 0));
  if (getCookie(c, REFRESH_COOKIE)) deleteCookie(c, REFRESH_COOKIE, cookieOptions(c, 0));
}

/** Signs out: the cookies and the server's refresh record. */
export async function signOut(c: WebContext): Promise<void> {
  const refreshId = getCookie(c, REFRESH_COOKIE);
  if (refreshId) await deleteWebSession(c.var.deps.db, refreshId);
  endSession(c);
}

/**
 * The form token: a hash of the session's refresh id (or, without one, of the session token),
 * which only this browser can read (HttpOnly), so a page on another site cannot know it. It
 * survives the ID token's renewal. Backs up the Origin check of hono's csrf().
 */
function csrfTokenFor(secret: string): string {
  return createHash('sha256').update(`csrf:${secret}`).digest('base64url');
}

export function csrfTokenMatches(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

/** A new ID token from the refresh token kept on the server, or null (the session has ended). */
async function renew(c: WebContext): Promise<{ token: string; identity: Identity } | null> {
  const refreshId = getCookie(c, REFRESH_COOKIE);
  const signIn = c.var.signIn;
  const verify = c.var.deps.verifyToken;
  if (!refreshId || !signIn || !verify) return null;
  const db = c.var.deps.db;
  const record = await getWebSession(db, refreshId, c.var.deps.now());
  if (!record) return null;
  const tokens = await signIn.refresh(record.refreshToken).catch(() => null);
  const identity = tokens ? await verify(tokens.idToken).catch(() => null) : null;
  if (!tokens || !identity) {
    await deleteWebSession(db, refreshId);
    return null;
  }
  if (tokens.refreshToken && tokens.refreshToken !== record.refreshToken) {
    await saveWebSession(db, refreshId, {
      refreshToken: tokens.refreshToken,
      expiresAt: new Date(record.expiresAt * 1000),
    });
  }
  const left = Math.max(1, record.expiresAt - Math.floor(c.var.deps.now().getTime() / 1000));
  setCookie(c, SESSION_COOKIE, tokens.idToken, cookieOptions(c, left));
  return { token: tokens.idToken, identity };
}

/** Who is signed in: a missing, expired or forged cookie is simply "signed out", never an error. */
export function session(): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    c.set('caller', null);
    c.set('csrfToken', '');
    const token = getCookie(c, SESSION_COOKIE);
    const verify = c.var.deps.verifyToken;
    let current: { token: string; identity: Identity } | null = null;
    if (token && verify) {
      const identity = await verify(token).catch(() => null);
      if (identity) current = { token, identity };
    }
    current ??= await renew(c);
    if (current) {
      const { identity } = current;
      c.set('caller', { ...identity, memberships: await membershipsOf(c.var.deps.db, identity.email) });
      c.set('csrfToken', csrfTokenFor(getCookie(c, REFRESH_COOKIE) ?? current.token));
    } else if (token || getCookie(c, REFRESH_COOKIE)) {
      endSession(c);
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
