import type { OutboxMessage } from '@compact-tracker/api/mailer';
import * as invitations from '@compact-tracker/api/services/invitations';
import { Hono } from 'hono';
import { shellOf } from '../components/layout.tsx';
import { serviceContext, type WebEnv } from '../env.ts';
import { readForm } from '../forms.ts';
import { InvitationPage, OutboxPage, targetPath } from '../pages/invitation.tsx';
import { setFlash } from '../session.ts';

/** Following an invitation's link, and accepting it. With `outbox`, the laptop's /outbox page too. */
export function invitationRoutes(outbox?: OutboxMessage[]) {
  const app = new Hono<WebEnv>();

  app.get('/invitations/:id', async (c) => {
    const invitation = await invitations.getInvitation(serviceContext(c), c.req.param('id'));
    return c.html(
      <InvitationPage shell={shellOf(c)} invitation={invitation} path={new URL(c.req.url).pathname} />,
    );
  });

  app.post('/invitations/:id/accept', async (c) => {
    await readForm(c);
    const invitation = await invitations.acceptInvitation(serviceContext(c), c.req.param('id'));
    setFlash(c, {
      kind: 'success',
      text: `Welcome to ${invitation.targetName}: the invitation is accepted.`,
    });
    return c.redirect(targetPath(invitation), 303);
  });

  if (outbox) app.get('/outbox', (c) => c.html(<OutboxPage shell={shellOf(c)} messages={outbox} />));

  return app;
}
