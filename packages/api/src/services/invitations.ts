import type { Caller } from '@compact-tracker/domain/authorisation';
import { forbidden, notFound } from '@compact-tracker/domain/errors';
import * as store from '@compact-tracker/store/invitations';
import { type ServiceContext, signedIn } from './context.ts';

// An invitation tells someone a membership awaits them (it is granted by email, so signing up with
// that email makes it theirs) and gives them a link to sign in and accept. It is written in the
// same transaction as the membership; then it goes by email when a mailer is configured, and the
// inviter is given the link to pass on otherwise (or when the mailer refuses it).

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
  /** Where it went when emailed ("emailed", "in the local outbox (/outbox)"). */
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

/** A new invitation for the membership about to be granted; `site` is the pages' origin. */
export function newInvitation(
  ctx: ServiceContext,
  caller: Caller,
  target: InvitationTarget,
  site: string,
): { record: store.InvitationRecord; url: string } {
  // Not a secret: accepting needs signing in with the invited email.
  const id = ctx.deps.newId();
  return {
    url: `${site}/invitations/${id}`,
    record: {
      id,
      email: target.email,
      scope: target.scope,
      targetId: target.id,
      targetName: target.name,
      role: target.role,
      invitedBy: { email: caller.email, name: caller.name },
      createdAt: ctx.deps.now().toISOString(),
    },
  };
}

/** After the membership and its invitation are written: the email, when there is a mailer. */
export async function deliverInvitation(
  ctx: ServiceContext,
  invitation: { record: store.InvitationRecord; url: string },
): Promise<SentInvitation> {
  const { record, url } = invitation;
  const mailer = ctx.deps.mailer;
  const base = { id: record.id, url };
  if (!mailer) return { ...base, emailed: false, where: null, emailFailed: false };
  // The membership is granted already: a refused email must not undo it, only change the advice.
  const emailed = await mailer
    .send({
      to: record.email,
      subject: `${record.invitedBy.name} invites you to ${record.targetName} on Compact Tracker`,
      text:
        `${record.invitedBy.name} (${record.invitedBy.email}) has made you ${roleLabel(record.role)} of ${record.targetName} on Compact Tracker.\n\n` +
        `To accept, open this link and sign in, or sign up, with this email address (${record.email}):\n\n${url}\n`,
    })
    .then(
      () => true,
      () => false,
    );
  return { ...base, emailed, where: emailed ? mailer.describe : null, emailFailed: !emailed };
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
