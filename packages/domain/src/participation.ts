import { conflict, ruleBroken } from './errors.ts';

// Per organisation and compact: interested -> signed -> withdrawn, and may sign again later.
// A new signature awaits verification by the partnership's coordinators (DOMAIN.md, "Who may
// appear on the register"): verified, it stays `signed` with a `verifiedAt`; rejected, it becomes
// `rejected`, leaves the public register, and the organisation may not sign again.
// The state is one record; every change is also kept as an event (the audit trail).

export type ParticipationStatus = 'interested' | 'signed' | 'withdrawn' | 'rejected';

export type ParticipationAction = 'interest' | 'sign' | 'withdraw';

const rejectedMessage =
  "the partnership's coordinators rejected this organisation's signature: ask them if this is a mistake";

/** The status after an action, or an error saying why the action is not possible now. */
export function nextParticipationStatus(
  current: ParticipationStatus | undefined,
  action: ParticipationAction,
): ParticipationStatus {
  switch (action) {
    case 'interest':
      if (current === 'rejected') throw ruleBroken(rejectedMessage);
      if (current === 'signed') throw conflict('the organisation has already signed this compact');
      if (current === 'interested') throw conflict('the organisation has already registered interest');
      return 'interested';
    case 'sign':
      if (current === 'rejected') throw ruleBroken(rejectedMessage);
      if (current === 'signed') throw conflict('the organisation has already signed this compact');
      return 'signed';
    case 'withdraw':
      if (current !== 'signed') throw ruleBroken('only a signed organisation can withdraw');
      return 'withdrawn';
  }
}

/** A coordinator's decision on a signature awaiting verification; an error says why it cannot be made. */
export function checkVerifiable(
  current: { status: ParticipationStatus; verifiedAt?: string } | undefined | null,
  decision: 'verify' | 'reject',
): void {
  if (current?.status === 'rejected') throw conflict('this signature has already been rejected');
  if (current?.status !== 'signed')
    throw ruleBroken(
      `only a signature can be ${decision === 'verify' ? 'verified' : 'rejected'}, and this organisation has not signed`,
    );
  if (current.verifiedAt) {
    throw decision === 'verify'
      ? conflict('this signature has already been verified')
      : ruleBroken('this signature has been verified: withdraw the organisation instead, giving the reason');
  }
}
