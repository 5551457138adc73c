import { createHash, randomBytes } from 'node:crypto';
import { saveSignIn, takeSignIn } from '@compact-tracker/store/web-sessions';
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import * as z from 'zod';
import { shellOf } from '../components/layout.tsx';
import type { WebContext, WebEnv } from '../env.ts';
import { fieldErrors, readForm, safeNext } from '../forms.ts';
import { LoginPage, NoLoginPage, SignInRefusedPage } from '../pages/login.tsx';
import { cookieOptions, setFlash, signOut, startSession } from '../session.ts';
import { SignInFailed } from '../sign-in.ts';
import { siteOrigin } from '../site.ts';

/**
 * Binds a sign-in under way to the browser that started it: one cookie per sign-in, named after
 * its state, so that sign-ins started in two tabs do not undo each other.
 */
const signInCookie = (state: string) =>
  `ct_signin_${createHash('sha256').update(state).digest('base64url').slice(0, 16)}`;
/** How long a sign-in may take, from GET /login to the callback. */
const SIGN_IN_SECONDS = 10 * 60;

const loginInput = z.object({
  email: z
    .email('enter an email address, such as you@example.org')
    .max(320)
    .transform((e) => e.toLowerCase()),
  name: z.string().trim().max(200).optional(),
  admin: z.boolean(),
});

const callbackPath = '/auth/callback';

function refused(c: WebContext, status: 400 | 502, message: string) {
  return c.html(<SignInRefusedPage shell={shellOf(c)} message={message} />, status);
}

export function sessionRoutes() {
  const app = new Hono<WebEnv>();

  app.get('/login', async (c) => {
    const next = safeNext(c.req.query('next'));
    const signIn = c.var.signIn;
    if (signIn) {
      // The verifier and return path stay on the server, under the state's hash; the browser
      // gets a random value that the callback must bring back (a forged callback has none).
      const browser = randomBytes(32).toString('base64url');
      let started: Awaited<ReturnType<typeof signIn.start>>;
      try {
        started = await signIn.start(`${siteOrigin(c)}${callbackPath}`);
      } catch (error) {
        if (!(error instanceof SignInFailed)) throw error;
        return refused(c, 502, 'The sign-in service could not be reached. Try again in a minute.');
      }
      const expiresAt = new Date(c.var.deps.now().getTime() + SIGN_IN_SECONDS * 1000);
      await saveSignIn(c.var.deps.db, started.state, {
        browser,
        codeVerifier: started.codeVerifier,
        next,
        expiresAt,
      });
      setCookie(c, signInCookie(started.state), browser, cookieOptions(c, SIGN_IN_SECONDS));
      return c.redirect(started.url.href, 303);
    }
    const login = c.var.login;
    if (!login) return c.html(<NoLoginPage shell={shellOf(c)} />);
    return c.html(<LoginPage shell={shellOf(c)} users={login.users} next={next} />);
  });

  app.get(callbackPath, async (c) => {
    const signIn = c.var.signIn;
    if (!signIn) return c.notFound();
    const state = c.req.query('state');
    const cookie = state ? signInCookie(state) : null;
    const browser = cookie ? (getCookie(c, cookie) ?? null) : null;
    if (cookie && browser) deleteCookie(c, cookie, cookieOptions(c, 0));
    if (c.req.query('error')) {
      if (state) await takeSignIn(c.var.deps.db, state, browser, c.var.deps.now());
      return refused(
        c,
        400,
        'The sign-in was cancelled or refused by the sign-in service, so you are not signed in.',
      );
    }
    if (!state || state.length > 200 || !c.req.query('code')) {
      return refused(
        c,
        400,
        'This address is not the end of a sign-in started here, so you are not signed in.',
      );
    }
    const taken = await takeSignIn(c.var.deps.db, state, browser, c.var.deps.now());
    if (taken.outcome !== 'ok') {
      const why = {
        unknown: 'This sign-in link was already used, or was not started here.',
        expired: 'This sign-in took longer than ten minutes and has expired.',
        'other-browser': 'This sign-in was started in another browser (or its cookie was lost).',
      }[taken.outcome];
      return refused(c, 400, `${why} You are not signed in.`);
    }
    // The callback's own address as the provider redirected to it (the code and state in its query).
    const callbackUrl = new URL(`${siteOrigin(c)}${callbackPath}${new URL(c.req.url).search}`);
    let tokens: Awaited<ReturnType<typeof signIn.finish>>;
    try {
      tokens = await signIn.finish(callbackUrl, { state, codeVerifier: taken.signIn.codeVerifier });
    } catch (error) {
      if (!(error instanceof SignInFailed)) throw error;
      return refused(c, 400, 'The sign-in service did not confirm this sign-in, so you are not signed in.');
    }
    const identity = c.var.deps.verifyToken ? await c.var.deps.verifyToken(tokens.idToken) : null;
    if (!identity) {
      return refused(
        c,
        400,
        'The sign-in service did not confirm who you are (a verified email address is needed), so you are not signed in.',
      );
    }
    await startSession(c, tokens);
    setFlash(c, { kind: 'success', text: `Signed in as ${identity.name}.` });
    return c.redirect(safeNext(taken.signIn.next), 303);
  });

  // Page tests only: a direct sign-in with the local token issuer (absent on AWS and under npm start).
  app.post('/login', async (c) => {
    const login = c.var.login;
    if (!login) return c.html(<NoLoginPage shell={shellOf(c)} />, 404);
    const values = await readForm(c);
    const next = safeNext(values.next);
    const parsed = loginInput.safeParse({
      email: values.email?.trim(),
      name: values.name?.trim() || undefined,
      admin: values.admin === 'yes',
    });
    if (!parsed.success) {
      return c.html(
        <LoginPage
          shell={shellOf(c)}
          users={login.users}
          next={next}
          values={values}
          errors={fieldErrors(parsed.error)}
        />,
        400,
      );
    }
    await startSession(c, { idToken: await login.issue(parsed.data) });
    setFlash(c, { kind: 'success', text: `Signed in as ${parsed.data.name ?? parsed.data.email}.` });
    return c.redirect(next, 303);
  });

  app.post('/logout', async (c) => {
    await readForm(c);
    await signOut(c);
    setFlash(c, { kind: 'success', text: 'Signed out.' });
    // Also end the provider's session, or its next sign-in would not ask who you are.
    const providerLogout = await c.var.signIn?.logoutUrl(`${siteOrigin(c)}/`);
    return c.redirect(providerLogout?.href ?? '/', 303);
  });

  return app;
}
