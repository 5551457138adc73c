import type { Db } from './db.ts';
import { keys } from './keys.ts';
import { queryPage, withoutKeys } from './query.ts';

/** One entry of a compact's audit trail: who did what, when and why. Kept forever. */
export type EventRecord = {
  id: string;
  compactId: string;
  type:
    | 'compact-created'
    | 'compact-edited'
    | 'compact-versioned'
    | 'compact-published'
    | 'compact-closed'
    | 'interest-registered'
    | 'signed'
    | 'withdrawn'
    | 'signature-verified'
    | 'signature-rejected';
  at: string;
  actor: { sub: string; email: string; name: string };
  organisationId?: string;
  version?: number;
  textSha256?: string;
  reason?: string;
  signatoryName?: string;
  signatoryRole?: string;
};

/** The item's own `type` says "event"; the event's kind is kept as `eventType`. */
export function eventItem(event: EventRecord) {
  const { type: eventType, ...rest } = event;
  return { ...keys.event(event.compactId, event.id), ...rest, type: 'event', eventType };
}

export async function listEvents(db: Db, compactId: string, page: { limit: number; cursor?: string }) {
  return queryPage(
    db,
    {
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :event)',
      ExpressionAttributeValues: { ':pk': keys.compactPk(compactId), ':event': keys.eventPrefix },
    },
    page,
    (item) => {
      const { eventType, ...rest } = withoutKeys<
        Omit<EventRecord, 'type'> & { eventType: EventRecord['type'] }
      >(item);
      return { ...rest, type: eventType } as EventRecord;
    },
  );
}
