import { can } from '@compact-tracker/domain/authorisation';
import { checkSignable } from '@compact-tracker/domain/compact';
import { conflict, ruleBroken } from '@compact-tracker/domain/errors';
import { businessMetrics } from '@compact-tracker/domain/metric-names';
import { checkVerifiable, nextParticipationStatus } from '@compact-tracker/domain/participation';
import { isoDate } from '@compact-tracker/domain/periods';
import { reportingStatus } from '@compact-tracker/domain/reporting-status';
import type { SignatureInput } from '@compact-tracker/domain/schemas';
import type { EventRecord } from '@compact-tracker/store/events';
import { listEvents } from '@compact-tracker/store/events';
import * as store from '@compact-tracker/store/participations';
import { quartersReported } from '@compact-tracker/store/spend-ledger';
import { compactFor } from './compacts.ts';
import { actorOf, authorise, type PageRequest, type ServiceContext, signedIn } from './context.ts';
import { organisationOrThrow } from './organisations.ts';

/** Shared steps: signed in, compact visible, organisation exists, caller acts for it. */
async function prepare(ctx: ServiceContext, compactId: string, organisationId: string, what: string) {
  const caller = signedIn(ctx);
  const compact = await compactFor(ctx, compactId);
  const organisation = await organisationOrThrow(ctx, organisationId);
  const current = await store.getParticipant(ctx.deps.db, compactId, organisationId);
  return { caller, compact, organisation, current, what };
}

export async function registerInterest(ctx: ServiceContext, compactId: string, organisationId: string) {
  const { caller, compact, organisation, current } = await prepare(
    ctx,
    compactId,
    organisationId,
    'interest',
  );
  authorise(
    ctx,
    (c) => can.actForOrganisation(c, organisationId),
    'act for this organisation (its representatives only)',
  );
  if (compact.status !== 'open') throw ruleBroken(`the compact is ${compact.status}, not open`);
  const status = nextParticipationStatus(current?.status, 'interest');
  const at = ctx.deps.now().toISOString();
  const record: store.ParticipantRecord = {
    ...(current ?? {}),
    compactId,
    partnershipId: compact.partnershipId,
    organisationId,
    name: organisation.name,
    sector: organisation.sector,
    status,
    interestedAt: at,
    // A fresh interest after a withdrawal: the old signature lives on in the audit trail only.
    signedAt: undefined,
    withdrawnAt: undefined,
    version: undefined,
    textSha256: undefined,
    signatoryName: undefined,
    signatoryRole: undefined,
    withdrawalReason: undefined,
  };
  await write(ctx, {
    record,
    from: [undefined, 'withdrawn'],
    compact: { countDelta: 0 },
    event: event(ctx, caller, compactId, organisationId, 'interest-registered', at),
  });
  return { compactId, organisationId, status, interestedAt: at };
}

export async function signCompact(ctx: ServiceContext, compactId: string, input: SignatureInput) {
  const { caller, compact, organisation, current } = await prepare(
    ctx,
    compactId,
    input.organisationId,
    'sign',
  );
  authorise(
    ctx,
    (c) => can.actForOrganisation(c, input.organisationId),
    'sign for this organisation (its representatives only)',
  );
  checkSignable(compact, input);
  nextParticipationStatus(current?.status, 'sign');
  const at = ctx.deps.now().toISOString();
  const record: store.ParticipantRecord = {
    ...(current ?? {}),
    compactId,
    partnershipId: compact.partnershipId,
    organisationId: input.organisationId,
    name: organisation.name,
    sector: organisation.sector,
    status: 'signed',
    signedAt: at,
    withdrawnAt: undefined,
    withdrawalReason: undefined,
    version: input.version,
    textSha256: input.textSha256,
    signatoryName: input.signatoryName,
    signatoryRole: input.signatoryRole,
    // A new signature awaits a coordinator's verification, even after an earlier verified one.
    verifiedAt: undefined,
    verifiedBy: undefined,
  };
  await write(ctx, {
    record,
    from: [undefined, 'interested', 'withdrawn'],
    compact: { version: input.version, textSha256: input.textSha256, countDelta: 1 },
    event: {
      ...event(ctx, caller, compactId, input.organisationId, 'signed', at),
      version: input.version,
      textSha256: input.textSha256,
      signatoryName: input.signatoryName,
      signatoryRole: input.signatoryRole,
    },
  });
  ctx.deps.metrics?.count(businessMetrics.signatures);
  return {
    compactId,
    organisationId: input.organisationId,
    status: 'signed' as const,
    signedAt: at,
    version: input.version,
  };
}

export async function withdraw(
  ctx: ServiceContext,
  compactId: string,
  organisationId: string,
  reason: string,
) {
  const { caller, compact, current } = await prepare(ctx, compactId, organisationId, 'withdraw');
  authorise(
    ctx,
    (c) => can.withdraw(c, organisationId, compact.partnershipId),
    "withdraw this organisation (its representatives or the partnership's coordinators only)",
  );
  nextParticipationStatus(current?.status, 'withdraw');
  const at = ctx.deps.now().toISOString();
  const record = {
    ...(current as store.ParticipantRecord),
    status: 'withdrawn' as const,
    withdrawnAt: at,
    withdrawalReason: reason,
  };
  // A withdrawal from a closed compact is still a withdrawal: the open-compact check is for new signatures.
  await write(ctx, {
    record,
    from: ['signed'],
    compact: { countDelta: -1, anyStatus: true },
    event: { ...event(ctx, caller, compactId, organisationId, 'withdrawn', at), reason },
  });
  return { compactId, organisationId, status: 'withdrawn' as const, withdrawnAt: at };
}

/**
 * A coordinator verifies a new signature: the organisation is real and the signatory may sign for
 * it. The row stays `signed` and gains `verifiedAt`; a `signature-verified` event is appended.
 */
export async function verifySignature(ctx: ServiceContext, compactId: string, organisationId: string) {
  const { caller, compact, current } = await prepare(ctx, compactId, organisationId, 'verify');
  authorise(
    ctx,
    (c) => can.verifySignatures(c, compact.partnershipId),
    "verify signatures (the partnership's coordinators only)",
  );
  checkVerifiable(current, 'verify');
  const at = ctx.deps.now().toISOString();
  await write(ctx, {
    record: { ...(current as store.ParticipantRecord), verifiedAt: at, verifiedBy: caller.email },
    from: ['signed'],
    unverified: true,
    compact: { countDelta: 0, anyStatus: true },
    event: event(ctx, caller, compactId, organisationId, 'signature-verified', at),
  });
  return { compactId, organisationId, status: 'signed' as const, verifiedAt: at };
}

/**
 * A coordinator rejects a new signature, giving the reason: the row becomes `rejected` and leaves
 * the public register (and the signatory count); the `signature-rejected` event, with the reason,
 * stays in the audit trail.
 */
export async function rejectSignature(
  ctx: ServiceContext,
  compactId: string,
  organisationId: string,
  reason: string,
) {
  const { caller, compact, current } = await prepare(ctx, compactId, organisationId, 'reject');
  authorise(
    ctx,
    (c) => can.verifySignatures(c, compact.partnershipId),
    "reject signatures (the partnership's coordinators only)",
  );
  checkVerifiable(current, 'reject');
  const at = ctx.deps.now().toISOString();
  await write(ctx, {
    record: {
      ...(current as store.ParticipantRecord),
      status: 'rejected',
      rejectedAt: at,
      rejectionReason: reason,
    },
    from: ['signed'],
    unverified: true,
    compact: { countDelta: -1, anyStatus: true },
    event: { ...event(ctx, caller, compactId, organisationId, 'signature-rejected', at), reason },
  });
  return { compactId, organisationId, status: 'rejected' as const, rejectedAt: at };
}

/** The signatures of a compact that await a coordinator's verification (coordinators only). */
export async function signaturesAwaitingVerification(ctx: ServiceContext, compactId: string) {
  signedIn(ctx);
  const compact = await compactFor(ctx, compactId);
  authorise(
    ctx,
    (c) => can.verifySignatures(c, compact.partnershipId),
    "see who awaits verification (the partnership's coordinators only)",
  );
  const all = await store.allParticipants(ctx.deps.db, compactId);
  return all.filter((p) => p.status === 'signed' && !p.verifiedAt);
}

/** Writes the change; a lost race becomes the same answer the loser would get on a fresh read. */
async function write(ctx: ServiceContext, change: Parameters<typeof store.changeParticipation>[1]) {
  try {
    await store.changeParticipation(ctx.deps.db, change);
  } catch (error) {
    if (!(error instanceof store.ParticipationConflict)) throw error;
    if (error.on === 'participant') {
      const now = await store.getParticipant(
        ctx.deps.db,
        change.record.compactId,
        change.record.organisationId,
      );
      if (change.unverified && now?.verifiedAt) throw conflict('this signature has already been verified');
      throw conflict(
        now?.status === 'signed' && !change.unverified
          ? 'the organisation has already signed this compact'
          : `the organisation's participation changed meanwhile (now ${now?.status ?? 'none'})`,
      );
    }
    throw ruleBroken(
      'the compact changed meanwhile (closed or a new version); reload and read the current text',
    );
  }
}

function event(
  ctx: ServiceContext,
  caller: NonNullable<ServiceContext['caller']>,
  compactId: string,
  organisationId: string,
  type: EventRecord['type'],
  at: string,
): EventRecord {
  return { id: ctx.deps.newId(), compactId, organisationId, type, at, actor: actorOf(caller) };
}

/**
 * The public register: everyone who registered interest, signed or withdrew, with reporting status
 * and whether a coordinator has verified the signature. Rejected signatures are left out.
 */
export async function listSignatories(ctx: ServiceContext, compactId: string, page: PageRequest) {
  await compactFor(ctx, compactId);
  const today = isoDate(ctx.deps.now());
  const result = await store.listParticipants(ctx.deps.db, compactId, page, { withoutRejected: true });
  // One small query pair per signed organisation on the page: the quarters it has reported.
  const reported = await Promise.all(
    result.items.map((p) => (p.status === 'signed' ? quartersReported(ctx.deps.db, p.organisationId) : null)),
  );
  return {
    items: result.items.map((p, index) => ({
      organisationId: p.organisationId,
      name: p.name,
      sector: p.sector,
      status: p.status,
      signedAt: p.signedAt ?? null,
      withdrawnAt: p.withdrawnAt ?? null,
      version: p.version ?? null,
      verifiedAt: p.verifiedAt ?? null,
      reportingStatus:
        p.status === 'signed' && p.signedAt
          ? reportingStatus(p.signedAt.slice(0, 10), today, reported[index] ?? new Set())
          : null,
    })),
    nextCursor: result.nextCursor,
  };
}

export async function listCompactEvents(ctx: ServiceContext, compactId: string, page: PageRequest) {
  signedIn(ctx);
  const compact = await compactFor(ctx, compactId);
  authorise(
    ctx,
    (c) => can.readAuditTrail(c, compact.partnershipId),
    "read this compact's audit trail (its partnership's coordinators and board only)",
  );
  return listEvents(ctx.deps.db, compactId, page);
}
