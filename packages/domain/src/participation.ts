import { conflict, ruleBroken } from './errors.ts';

// Per organisation and compact: interested -> signed -> withdrawn, and may sign again later.
// The state is one record; every change is also kept as an event (the audit trail).

export type ParticipationStatus = 'interested' | 'signed' | 'withdrawn';

export type ParticipationAction = 'interest' | 'sign' | 'withdraw';

/** The status after an action, or an error saying why the action is not possible now. */
export function nextParticipationStatus(
  current: ParticipationStatus | undefined,
  action: ParticipationAction,
): ParticipationStatus {
  switch (action) {
    case 'interest':
      if (current === 'signed') throw conflict('the organisation has already signed this compact');
      if (current === 'interested') throw conflict('the organisation has already registered interest');
      return 'interested';
    case 'sign':
      if (current === 'signed') throw conflict('the organisation has already signed this compact');
      return 'signed';
    case 'withdraw':
      if (current !== 'signed') throw ruleBroken('only a signed organisation can withdraw');
      return 'withdrawn';
  }
}
