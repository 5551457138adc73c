import { can } from '@compact-tracker/domain/authorisation';
import {
  type CompactText,
  closeCompact as close,
  newCompact,
  publishCompact as publish,
  reviseCompact,
} from '@compact-tracker/domain/compact';
import { notFound } from '@compact-tracker/domain/errors';
import * as store from '@compact-tracker/store/compacts';
import type { EventRecord } from '@compact-tracker/store/events';
import { actorOf, authorise, type PageRequest, type ServiceContext, signedIn } from './context.ts';
import { getPartnership } from './partnerships.ts';

export type CompactView = Omit<store.CompactRecord, 'revision'>;

function view(record: store.CompactRecord): CompactView {
  const { revision: _revision, ...rest } = record;
  return rest;
}

/** Drafts exist only for their partnership's coordinators: to anyone else they are a 404. */
async function visibleCompact(ctx: ServiceContext, id: string) {
  const record = await store.getCompact(ctx.deps.db, id);
  if (!record || (record.status === 'draft' && !can.readDrafts(ctx.caller, record.partnershipId))) {
    throw notFound(`compact ${id}`);
  }
  return record;
}

export async function getCompact(ctx: ServiceContext, id: string): Promise<CompactView> {
  return view(await visibleCompact(ctx, id));
}

/** Internal: the compact record for other services (participation), same visibility rule. */
export const compactFor = visibleCompact;

/**
 * The text of every version, oldest first, for whoever may see the compact: signatures record the
 * version they accepted, so its words stay readable.
 */
export async function listCompactVersions(ctx: ServiceContext, id: string) {
  await visibleCompact(ctx, id);
  return store.compactVersions(ctx.deps.db, id);
}

export async function listCompacts(ctx: ServiceContext, page: PageRequest & { partnershipId?: string }) {
  const result = await store.listCompacts(
    ctx.deps.db,
    page,
    (c) =>
      (c.status !== 'draft' || can.readDrafts(ctx.caller, c.partnershipId)) &&
      (page.partnershipId === undefined || c.partnershipId === page.partnershipId),
  );
  return { items: result.items.map(view), nextCursor: result.nextCursor };
}

export async function createCompact(ctx: ServiceContext, partnershipId: string, text: CompactText) {
  signedIn(ctx);
  await getPartnership(ctx, partnershipId);
  authorise(
    ctx,
    (c) => can.manageCompacts(c, partnershipId),
    "write this partnership's compacts (its coordinators only)",
  );
  const at = ctx.deps.now().toISOString();
  const record: store.CompactRecord = {
    id: ctx.deps.newId(),
    partnershipId,
    ...newCompact(text),
    signatoryCount: 0,
    createdAt: at,
    updatedAt: at,
    revision: 1,
  };
  await store.createCompact(ctx.deps.db, record, event(ctx, record, 'compact-created', at));
  return view(record);
}

export async function editCompact(ctx: ServiceContext, id: string, text: CompactText) {
  return change(
    ctx,
    id,
    (current) => reviseCompact(current, text),
    (before, after) => (after.version !== before.version ? 'compact-versioned' : 'compact-edited'),
  );
}

export async function publishCompact(ctx: ServiceContext, id: string) {
  return change(ctx, id, publish, () => 'compact-published', 'publishedAt');
}

export async function closeCompact(ctx: ServiceContext, id: string) {
  return change(ctx, id, close, () => 'compact-closed', 'closedAt');
}

/** Read, apply a domain transition, write back under the optimistic lock, with its audit event. */
async function change(
  ctx: ServiceContext,
  id: string,
  transition: (current: store.CompactRecord) => ReturnType<typeof newCompact>,
  eventType: (before: store.CompactRecord, after: store.CompactRecord) => EventRecord['type'],
  stamp?: 'publishedAt' | 'closedAt',
): Promise<CompactView> {
  signedIn(ctx);
  const current = await visibleCompact(ctx, id);
  authorise(
    ctx,
    (c) => can.manageCompacts(c, current.partnershipId),
    "change this compact (its partnership's coordinators only)",
  );
  const next = transition(current);
  if (next === current) return view(current);
  const at = ctx.deps.now().toISOString();
  const record: store.CompactRecord = {
    ...current,
    ...next,
    updatedAt: at,
    revision: current.revision + 1,
    ...(stamp ? { [stamp]: at } : {}),
  };
  await store.saveCompact(
    ctx.deps.db,
    record,
    current.revision,
    event(ctx, record, eventType(current, record), at),
  );
  return view(record);
}

function event(
  ctx: ServiceContext,
  record: store.CompactRecord,
  type: EventRecord['type'],
  at: string,
): EventRecord {
  return {
    id: ctx.deps.newId(),
    compactId: record.id,
    type,
    at,
    actor: actorOf(ctx.caller as NonNullable<ServiceContext['caller']>),
    version: record.version,
    textSha256: record.textSha256,
  };
}
