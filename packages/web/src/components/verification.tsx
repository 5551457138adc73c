import type { Signatory } from '../pages/compact.tsx';
import { DateText } from './badges.tsx';
import { CsrfField, FormError, TextField } from './fields.tsx';
import type { Shell } from './layout.tsx';

// The partnership's coordinators verify each new signature (the organisation is real and the
// signatory may sign for it) or reject it with a reason (DOMAIN.md, "Who may appear on the
// register"). The register shows which signatures are verified.

/** After a signature's date in the register: when it was verified, or "awaiting verification". */
export function VerifiedCell(props: { signatory: Signatory }) {
  const s = props.signatory;
  if (s.status !== 'signed') return null;
  if (s.verifiedAt)
    return (
      <span class="meta verified">
        {' '}
        verified <DateText at={s.verifiedAt} />
      </span>
    );
  return (
    <>
      {' '}
      <span class="badge awaiting-verification">awaiting verification</span>
    </>
  );
}

/** For the partnership's coordinators: the signatures awaiting verification, each to verify or reject. */
export function AwaitingVerification(props: {
  base: string;
  shell: Shell;
  signatories: Signatory[];
  /** The organisation whose rejection came back with an error, and the reason typed. */
  rejecting?: { organisationId: string; reason: string; error: string };
  /** Why the last verification or rejection was refused (already decided, say). */
  message?: string;
}) {
  const awaiting = props.signatories.filter((s) => s.status === 'signed' && !s.verifiedAt);
  return (
    <section aria-labelledby="verification" class="no-print">
      <h2 id="verification">Awaiting verification</h2>
      <FormError message={props.message} />
      {awaiting.length === 0 ? (
        <p>Every signature has been verified.</p>
      ) : (
        <>
          <p class="hint">
            Verify that each organisation is real and that the signatory may sign for it. A rejected signature
            leaves the public register; the reason stays in the audit trail.
          </p>
          <ul class="verification">
            {awaiting.map((s) => {
              const path = `${props.base}/signatures/${encodeURIComponent(s.organisationId)}`;
              const rejecting =
                props.rejecting?.organisationId === s.organisationId ? props.rejecting : undefined;
              return (
                <li class="card">
                  <p>
                    <a href={`/organisations/${encodeURIComponent(s.organisationId)}`}>{s.name}</a>, signed{' '}
                    <DateText at={s.signedAt} /> (version {s.version ?? '–'})
                  </p>
                  <form method="post" action={`${path}/verify`} class="inline-form">
                    <CsrfField token={props.shell.csrfToken} />
                    <button type="submit">Verify {s.name}</button>
                  </form>
                  <form method="post" action={`${path}/reject`} class="stack">
                    <CsrfField token={props.shell.csrfToken} />
                    <TextField
                      form={`reject-${s.organisationId}`}
                      name="reason"
                      label={`Reason to reject ${s.name}`}
                      hint="Kept in the audit trail."
                      required
                      values={rejecting ? { reason: rejecting.reason } : undefined}
                      errors={rejecting ? { reason: rejecting.error } : undefined}
                    />
                    <div class="actions">
                      <button type="submit" class="button secondary">
                        Reject {s.name}
                      </button>
                    </div>
                  </form>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}
