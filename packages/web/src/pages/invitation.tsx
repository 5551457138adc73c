import type { OutboxMessage } from '@compact-tracker/api/mailer';
import type { SentInvitation } from '@compact-tracker/api/services/invitations';
import type { InvitationRecord } from '@compact-tracker/store/invitations';
import { DateText } from '../components/badges.tsx';
import { CsrfField } from '../components/fields.tsx';
import { Layout, type Shell } from '../components/layout.tsx';

/** What the inviter is told: where the invitation went, or the link to pass on. */
export function invitationNote(sent: SentInvitation): string {
  if (sent.emailed) return `An invitation with a link to accept is ${sent.where}.`;
  const why = sent.emailFailed
    ? 'The invitation email could not be sent (while SES is in its sandbox it mails verified addresses only)'
    : 'No email is configured here';
  return `${why}: pass them this link to accept, signing in with that address: ${sent.url}`;
}

const roleLabel: Record<string, string> = {
  officer: 'an officer',
  representative: 'a representative',
  coordinator: 'a coordinator',
  board: 'a board member',
};

export function targetPath(invitation: InvitationRecord): string {
  return `/${invitation.scope === 'organisation' ? 'organisations' : 'partnerships'}/${encodeURIComponent(invitation.targetId)}`;
}

/** The invited person's page: sign in with the invited email, then accept. */
export function InvitationPage(props: { shell: Shell; invitation: InvitationRecord; path: string }) {
  const { invitation, shell } = props;
  const caller = shell.caller;
  return (
    <Layout shell={shell} title="Invitation">
      <div class="card">
        <h1>Invitation</h1>
        <p class="lede">
          {invitation.invitedBy.name} invites you to be {roleLabel[invitation.role] ?? invitation.role} of{' '}
          <strong>{invitation.targetName}</strong>.
        </p>
        <p class="meta">
          Sent <DateText at={invitation.createdAt} /> to {invitation.email}.
        </p>
        {invitation.acceptedAt ? (
          <p>
            Accepted <DateText at={invitation.acceptedAt} />.{' '}
            <a href={targetPath(invitation)}>Go to {invitation.targetName}</a>
          </p>
        ) : !caller ? (
          <p>
            <a class="button" href={`/login?next=${encodeURIComponent(props.path)}`}>
              Sign in to accept
            </a>{' '}
            <span class="hint">Sign in, or sign up, with {invitation.email}.</span>
          </p>
        ) : caller.email !== invitation.email ? (
          <div class="notice error" role="alert">
            <p>
              This invitation is for {invitation.email}, and you are signed in as {caller.email}. Sign out,
              then sign in with {invitation.email} to accept it.
            </p>
          </div>
        ) : (
          <form method="post" action={`${props.path}/accept`} class="actions">
            <CsrfField token={shell.csrfToken} />
            <button type="submit">Accept the invitation</button>
          </form>
        )}
      </div>
    </Layout>
  );
}

/** The laptop's outbox: the emails that SES would send in AWS. */
export function OutboxPage(props: { shell: Shell; messages: OutboxMessage[] }) {
  return (
    <Layout shell={props.shell} title="Outbox">
      <h1>Outbox</h1>
      <p class="lede">
        The emails this development server would have sent (through SES in AWS), newest first. Nothing leaves
        this machine.
      </p>
      {props.messages.length === 0 ? <p>No email yet.</p> : null}
      {props.messages.map((m) => (
        <article class="card outbox-message">
          <h2>{m.subject}</h2>
          <p class="meta">
            To {m.to} · <DateText at={m.sentAt} withTime />
          </p>
          <pre class="email-text">{m.text}</pre>
          {links(m.text).map((href) => (
            <p>
              <a href={href}>{href}</a>
            </p>
          ))}
        </article>
      ))}
    </Layout>
  );
}

const links = (text: string) => [...text.matchAll(/https?:\/\/\S+/g)].map((match) => match[0]);
