import { Hono } from 'hono';
import * as z from 'zod';
import { shellOf } from '../components/layout.tsx';
import type { WebEnv } from '../env.ts';
import { fieldErrors, readForm, safeNext } from '../forms.ts';
import { LoginPage, NoLoginPage } from '../pages/login.tsx';
import { endSession, setFlash, startSession } from '../session.ts';

const loginInput = z.object({
  email: z
    .email('enter an email address, such as you@example.org')
    .max(320)
    .transform((e) => e.toLowerCase()),
  name: z.string().trim().max(200).optional(),
  admin: z.boolean(),
});

export function sessionRoutes() {
  const app = new Hono<WebEnv>();

  app.get('/login', (c) => {
    const login = c.var.login;
    if (!login) return c.html(<NoLoginPage shell={shellOf(c)} />);
    return c.html(<LoginPage shell={shellOf(c)} users={login.users} next={safeNext(c.req.query('next'))} />);
  });

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
    startSession(c, await login.issue(parsed.data));
    setFlash(c, { kind: 'success', text: `Signed in as ${parsed.data.name ?? parsed.data.email}.` });
    return c.redirect(next, 303);
  });

  app.post('/logout', async (c) => {
    await readForm(c);
    endSession(c);
    setFlash(c, { kind: 'success', text: 'Signed out.' });
    return c.redirect('/', 303);
  });

  return app;
}
