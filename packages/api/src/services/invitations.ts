import { randomBytes } from 'node:crypto';
import { forbidden, notFound } from '@compact-tracker/domain/errors';
import * as store from '@compact-tracker/store/invitations';
import { type ServiceContext, signedIn } from './context.ts';

// An invitation tells someone a membership awaits them (it is granted by email when made, so
// signing up with that email makes it theirs) and gives them a link to sign in and accept. It goes
// by email when a mailer is configured; otherwise the inviter is given the link to pass on.

export type InvitationTarget = {
  scope: 'organisation' | 'partnership';
  id: string;
  name: string;
  role: string;
  email: string;
};

export type SentInvitation = {
  id: string;
  url: string;
  emailed: boolean;
  where: string | null;
  /** A mailer refused it (SES's sandbox refuses unverified recipients): the inviter passes the link on. */
  emailFailed: boolean;
};

const roleLabel = (role: string) =>
  ({
    officer: 'an officer',
    representative: 'a representative',
    coordinator: 'a coordinator',
    board: 'a board member',
  })[role] ?? role;

/** After a membership is granted: the invitation and, with a mailer, its email. `site` is the pages' origin. */
export async function sendInvitation(
  ctx: ServiceContext,
  target: InvitationTarget,
  site: string,
): Promise<SentInvitation> {
  const caller = signedIn(ctx);
  const id = randomBytes(18).toString('base64url');
  const url = `${site}/invitations/${id}`;
  const mailer = ctx.deps.mailer;
  let emailed = false;
  let emailFailed = false;
  if (mailer) {
    const sending = mailer.send({
      to: target.email,
      subject: `${caller.name} invites you to ${target.name} on Compact Tracker`,
      text:
        `${caller.name} (${caller.email}) has made you ${roleLabel(target.role)} of ${target.name} on Compact Tracker.\n\n` +
        `To accept, open this link and sign in, or sign up, with this email address (${target.email}):\n\n${url}\n`,
    });
    // The membership is granted already: a refused email must not undo it, only change the advice.
    emailed = await sending.then(
      () => true,
      () => false,
    );
    emailFailed = !emailed;
  }
  await store.createInvitation(ctx.deps.db, {
    id,
    email: target.email,
    scope: target.scope,
    targetId: target.id,
    targetName: target.name,
    role: target.role,
    invitedBy: { email: caller.email, name: caller.name },
    createdAt: ctx.deps.now().toISOString(),
    emailed,
  });
  return { id, url, emailed, where: emailed ? (mailer?.describe ?? null) : null, emailFailed };
}

/** Anyone with the link may read what it invites to (the link is the secret). */
export async function getInvitation(ctx: ServiceContext, id: string) {
  const invitation = /^[\w-]{10,64}$/.test(id) ? await store.getInvitation(ctx.deps.db, id) : null;
  if (!invitation) throw notFound('invitation');
  return invitation;
}

/** The invited person, signed in with the invited email, accepts: 403 for anyone else. */
export async function acceptInvitation(ctx: ServiceContext, id: string) {
  const caller = signedIn(ctx);
  const invitation = await getInvitation(ctx, id);
  if (caller.email !== invitation.email) {
    throw forbidden(`accept this invitation: it is for ${invitation.email}; sign in with that address`);
  }
  await store.markInvitationAccepted(ctx.deps.db, id, ctx.deps.now().toISOString());
  return invitation;
}
