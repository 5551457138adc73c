import { notFound } from '@compact-tracker/domain/errors';
import { isLocal } from '@compact-tracker/domain/postcodes';
import { canSupplier } from '@compact-tracker/domain/supplier-authorisation';
import { sumClassified } from '@compact-tracker/domain/supplier-classification';
import { normaliseSupplierName } from '@compact-tracker/domain/supplier-names';
import { decodeCursor, encodeCursor, InvalidCursorError } from '@compact-tracker/store/pagination';
import { partnershipsOfOrganisation } from '@compact-tracker/store/participations';
import {
  getPartnership,
  type PartnershipRecord,
  setPartnershipArea,
} from '@compact-tracker/store/partnerships';
import { allCompacts, compactRegister } from '@compact-tracker/store/report-inputs';
import {
  classifiedTotals,
  organisationSupplierSpend,
  type SupplierSpendRecord,
} from '@compact-tracker/store/supplier-spend';
import { authorise, type ServiceContext, signedIn } from './context.ts';
import { authoriseProgressRead } from './progress-access.ts';

// Spend by supplier: an organisation's suppliers (its members, its partnerships' coordinators and
// board) and a partnership's shared suppliers (its coordinators and board), largest spend first,
// with search, an unclassified filter and the running coverage; and the partnership's area.

export type SupplierListQuery = { q?: string; unclassified: boolean; limit: number; cursor?: string };

/** Nothing that classifies is known: no postcode, SME, VCSE, public body or tracker organisation. */
const unclassified = (s: SupplierSpendRecord) =>
  !s.undisclosed &&
  s.postcode === null &&
  s.sme === null &&
  s.vcse === null &&
  s.publicBody === null &&
  s.payee === null;

/** A supplier whose rows all left (a revert, a name pointed elsewhere) is not listed as paid. */
const paysNow = (s: SupplierSpendRecord) => s.spendPence !== 0 || s.rows !== 0;

function offsetOf(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const offset = decodeCursor(cursor)?.offset;
  if (!offset || !/^\d{1,7}$/.test(offset)) throw new InvalidCursorError();
  return Number(offset);
}

/** Orders largest first, adds the running share of spend, then searches, filters and pages. */
function page<T extends { name: string; spendPence: number }>(
  all: T[],
  query: SupplierListQuery,
  isUnclassified: (item: T) => boolean,
) {
  const sorted = [...all].sort((a, b) => b.spendPence - a.spendPence || a.name.localeCompare(b.name));
  const spendPence = sorted.reduce((sum, s) => sum + s.spendPence, 0);
  let running = 0;
  const withShare = sorted.map((item) => {
    running += item.spendPence;
    return { ...item, cumulativeShare: spendPence > 0 ? running / spendPence : 0 };
  });
  const needle = query.q ? normaliseSupplierName(query.q) : '';
  const kept = withShare.filter(
    (item) =>
      (!needle || normaliseSupplierName(item.name).includes(needle)) &&
      (!query.unclassified || isUnclassified(item)),
  );
  const offset = offsetOf(query.cursor);
  const items = kept.slice(offset, offset + query.limit);
  const next =
    offset + query.limit < kept.length ? encodeCursor({ offset: String(offset + query.limit) }) : null;
  const open = sorted.filter(isUnclassified);
  return {
    items,
    nextCursor: next,
    suppliers: sorted.length,
    spendPence,
    unclassifiedSuppliers: open.length,
    unclassifiedPence: open.reduce((sum, s) => sum + s.spendPence, 0),
  };
}

/** The organisations whose signature on one of the partnership's compacts is active now. */
export async function signatoriesOf(ctx: ServiceContext, partnershipId: string): Promise<string[]> {
  const compacts = (await allCompacts(ctx.deps.db)).filter((c) => c.partnershipId === partnershipId);
  const registers = await Promise.all(compacts.map((c) => compactRegister(ctx.deps.db, c.id)));
  return [...new Set(registers.flat().flatMap((p) => (p.status === 'signed' ? [p.organisationId] : [])))];
}

export async function listOrganisationSuppliers(
  ctx: ServiceContext,
  organisationId: string,
  query: SupplierListQuery,
) {
  await authoriseProgressRead(ctx, organisationId);
  const [spend, areas] = await Promise.all([
    organisationSupplierSpend(ctx.deps.db, organisationId),
    partnershipsWithAreas(ctx, organisationId),
  ]);
  const paying = spend.filter(paysNow);
  const result = page(paying, query, unclassified);
  return {
    ...result,
    shares: await organisationShares(ctx, organisationId, areas),
    items: result.items.map((s) => ({
      supplierId: s.supplierId,
      name: s.name,
      spendPence: s.spendPence,
      rows: s.rows,
      postcode: s.postcode ?? null,
      sme: s.sme ?? null,
      vcse: s.vcse ?? null,
      publicBody: s.publicBody ?? null,
      organisationId: s.payee ?? null,
      undisclosed: s.undisclosed === true,
      cumulativeShare: s.cumulativeShare,
      localTo: Object.fromEntries(areas.map((p) => [p.id, isLocal(s.postcode, p.areaPostcodes ?? [])])),
    })),
  };
}

/** The partnerships an organisation belongs to, with their areas. */
async function partnershipsWithAreas(ctx: ServiceContext, organisationId: string) {
  const ids = await partnershipsOfOrganisation(ctx.deps.db, organisationId);
  return (await Promise.all(ids.map((id) => getPartnership(ctx.deps.db, id)))).filter(
    (p): p is PartnershipRecord => p !== null,
  );
}

/**
 * The organisation's local, SME and VCSE shares of classified third-party spend with their
 * coverage, per partnership it belongs to (the organisation page's summary); read as its spend is
 * (members, its partnerships' coordinators and board). Bounded by quarters x buckets, not rows.
 */
export async function organisationSupplierShares(ctx: ServiceContext, organisationId: string) {
  await authoriseProgressRead(ctx, organisationId);
  return organisationShares(ctx, organisationId, await partnershipsWithAreas(ctx, organisationId));
}

/**
 * The organisation's classified shares, all quarters, per partnership it belongs to (local by that
 * partnership's area, payments to its other signatories apart); with no partnership, one entry
 * without an area. Summed from the classified totals: organisations x quarters x buckets.
 */
async function organisationShares(ctx: ServiceContext, organisationId: string, areas: PartnershipRecord[]) {
  const buckets = await classifiedTotals(ctx.deps.db, organisationId);
  if (areas.length === 0)
    return [{ partnershipId: null, name: null, ...sumClassified(buckets, [], new Set<string>()) }];
  return Promise.all(
    areas.map(async (p) => {
      const fellows = new Set((await signatoriesOf(ctx, p.id)).filter((id) => id !== organisationId));
      return { partnershipId: p.id, name: p.name, ...sumClassified(buckets, p.areaPostcodes ?? [], fellows) };
    }),
  );
}

async function partnershipForMembers(ctx: ServiceContext, partnershipId: string) {
  signedIn(ctx);
  const partnership = await getPartnership(ctx.deps.db, partnershipId);
  if (!partnership) throw notFound(`partnership ${partnershipId}`);
  return partnership;
}

export async function listPartnershipSuppliers(
  ctx: ServiceContext,
  partnershipId: string,
  query: SupplierListQuery,
) {
  const partnership = await partnershipForMembers(ctx, partnershipId);
  authorise(
    ctx,
    (c) => canSupplier.readPartnershipSuppliers(c, partnershipId),
    "read this partnership's suppliers (its coordinators and board)",
  );
  const signatories = await signatoriesOf(ctx, partnershipId);
  const fellows = new Set(signatories);
  const bySupplier = new Map<string, SupplierSpendRecord & { partners: number }>();
  for (const spend of await Promise.all(
    signatories.map((id) => organisationSupplierSpend(ctx.deps.db, id)),
  )) {
    for (const s of spend) {
      if (s.undisclosed || !paysNow(s)) continue;
      const seen = bySupplier.get(s.supplierId);
      if (seen) {
        seen.spendPence += s.spendPence;
        seen.rows += s.rows;
        seen.partners += 1;
      } else bySupplier.set(s.supplierId, { ...s, partners: 1 });
    }
  }
  const area = partnership.areaPostcodes ?? [];
  const interPartner = (s: SupplierSpendRecord) =>
    s.payee !== null && s.payee !== undefined && fellows.has(s.payee);
  const result = page([...bySupplier.values()], query, unclassified);
  return {
    ...result,
    interPartnerPence: [...bySupplier.values()]
      .filter(interPartner)
      .reduce((sum, s) => sum + s.spendPence, 0),
    items: result.items.map((s) => ({
      supplierId: s.supplierId,
      name: s.name,
      spendPence: s.spendPence,
      rows: s.rows,
      partners: s.partners,
      postcode: s.postcode ?? null,
      local: isLocal(s.postcode, area),
      sme: s.sme ?? null,
      vcse: s.vcse ?? null,
      publicBody: s.publicBody ?? null,
      interPartner: interPartner(s),
      cumulativeShare: s.cumulativeShare,
    })),
  };
}

/** PUT /v1/partnerships/{pid}/area: its coordinators. */
export async function putPartnershipArea(
  ctx: ServiceContext,
  partnershipId: string,
  input: { postcodes: string[] },
) {
  const caller = signedIn(ctx);
  await partnershipForMembers(ctx, partnershipId);
  authorise(
    ctx,
    (c) => canSupplier.setArea(c, partnershipId),
    "define this partnership's area (its coordinators)",
  );
  const at = ctx.deps.now().toISOString();
  if (
    !(await setPartnershipArea(ctx.deps.db, partnershipId, {
      postcodes: input.postcodes,
      at,
      by: caller.email,
    }))
  ) {
    throw notFound(`partnership ${partnershipId}`);
  }
  return { partnershipId, postcodes: input.postcodes, areaSetAt: at };
}
