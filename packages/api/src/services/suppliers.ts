import { conflict, notFound, ruleBroken } from '@compact-tracker/domain/errors';
import { businessMetrics } from '@compact-tracker/domain/metric-names';
import { canSupplier } from '@compact-tracker/domain/supplier-authorisation';
import { type FactField, factFields, type SupplierFactsInput } from '@compact-tracker/domain/supplier-facts';
import { isUndisclosedName } from '@compact-tracker/domain/supplier-names';
import { getOrganisation } from '@compact-tracker/store/organisations';
import { partnershipsOfOrganisation } from '@compact-tracker/store/participations';
import { recordNames } from '@compact-tracker/store/record-names';
import { afterFactsChanged } from '@compact-tracker/store/supplier-fanout';
import { moveNameLines } from '@compact-tracker/store/supplier-name-move';
import { continueNameMove } from '@compact-tracker/store/supplier-name-move-run';
import * as store from '@compact-tracker/store/suppliers';
import { authorise, type ServiceContext, signedIn } from './context.ts';
import { signatoriesOf } from './supplier-lists.ts';

// The supplier register through the API: a supplier's public page (facts, names, history), setting
// facts (officers of paying organisations, their partnerships' coordinators, admins), putting a
// fact back to an earlier value (coordinators, admins). After a change of facts, the supplier's
// spend of every paying organisation moves to its new classification: the fan-out, started by the
// table's stream in AWS, run in process elsewhere (store/supplier-fanout).

const HISTORY_SHOWN = 100;
const RETRIES_ON_RACE = 10;

export async function supplierOrThrow(ctx: ServiceContext, supplierId: string) {
  const record = await store.getSupplier(ctx.deps.db, supplierId);
  if (!record) throw notFound(`supplier ${supplierId}`);
  return record;
}

/** Public: anyone may read a supplier's facts and their history (they describe a business). */
export async function getSupplier(ctx: ServiceContext, supplierId: string, historyCursor?: string) {
  const record = await supplierOrThrow(ctx, supplierId);
  const [names, history] = await Promise.all([
    store.supplierNames(ctx.deps.db, supplierId),
    store.supplierHistory(ctx.deps.db, supplierId, { limit: HISTORY_SHOWN, cursor: historyCursor }),
  ]);
  const shown = view(record, names, history);
  const who = await whoSetNames(
    ctx,
    [...shown.facts, ...shown.history].map((f) => f.setBy),
  );
  return {
    ...shown,
    facts: shown.facts.map((f) => ({ ...f, setByName: who(f.setBy) })),
    history: shown.history.map((h) => ({ ...h, setByName: who(h.setBy) })),
  };
}

/**
 * Who set a fact, in words: `setBy` is an organisation's id, `partnership:{id}` (its coordinators),
 * `admin`, or `register:{loadId}` (an official register file). One BatchGetItem for the names.
 */
async function whoSetNames(ctx: ServiceContext, setBy: string[]): Promise<(setBy: string) => string> {
  const organisations = setBy.filter((s) => !s.includes(':') && s !== 'admin');
  const partnerships = setBy.flatMap((s) =>
    s.startsWith('partnership:') ? [s.slice('partnership:'.length)] : [],
  );
  const names = await recordNames(ctx.deps.db, { organisations, partnerships });
  return (s) => {
    if (s === 'admin') return 'an admin';
    if (s.startsWith('register:')) return 'an official register file';
    if (s.startsWith('partnership:')) {
      const name = names.get(s.slice('partnership:'.length));
      return name ? `a coordinator of ${name}` : 'a coordinator';
    }
    return names.get(s) ?? s;
  };
}

function view(
  record: store.SupplierRecord,
  names: store.SupplierNameRecord[],
  history: { items: store.FactChangeRecord[]; nextCursor: string | null },
) {
  const inForce = store.factsInForce(record);
  const facts = factFields.flatMap((field) => {
    const slots = record.facts[field] ?? {};
    return (['officer', 'register'] as const).flatMap((source) => {
      const entry = slots[source];
      if (!entry) return [];
      const wins = source === 'officer' || !slots.officer;
      return [{ field, value: entry.value, source, setAt: entry.setAt, setBy: entry.setBy, inForce: wins }];
    });
  });
  return {
    id: record.id,
    name: record.name,
    names: names.map((n) => ({ name: n.name, normalisedName: n.normalisedName, rule: n.rule })),
    undisclosed: record.undisclosedOf !== undefined,
    postcode: asString(inForce.postcode),
    companyNumber: asString(inForce.companyNumber),
    charityNumber: asString(inForce.charityNumber),
    sme: asBoolean(inForce.sme),
    vcse: asBoolean(inForce.vcse),
    publicBody: asBoolean(inForce.publicBody),
    organisationId: asString(inForce.organisationId),
    facts,
    history: history.items.map(({ supplierId: _s, ...change }) => change),
    historyCursor: history.nextCursor,
    version: record.version,
  };
}

const asString = (v: unknown) => (typeof v === 'string' ? v : null);
const asBoolean = (v: unknown) => (typeof v === 'boolean' ? v : null);

/** Who the caller acts for when setting facts, and whether they may: 401, 404, then 403. */
async function classifier(ctx: ServiceContext, supplierId: string, what: 'classify' | 'restore') {
  const caller = signedIn(ctx);
  await supplierOrThrow(ctx, supplierId);
  const paying = await store.organisationsPaying(ctx.deps.db, supplierId);
  const partnerships = [
    ...new Set((await Promise.all(paying.map((id) => partnershipsOfOrganisation(ctx.deps.db, id)))).flat()),
  ];
  authorise(
    ctx,
    (c) =>
      what === 'classify'
        ? canSupplier.classify(c, paying, partnerships)
        : canSupplier.restore(c, partnerships),
    what === 'classify'
      ? "set this supplier's facts (officers of organisations that paid it, their partnerships' coordinators, admins)"
      : "put this supplier's facts back (coordinators of partnerships where it is paid, admins)",
  );
  const member = caller.memberships.find(
    (m) =>
      m.scope === 'organisation' &&
      paying.includes(m.id) &&
      (m.role === 'officer' || m.role === 'representative'),
  );
  const coordinator = caller.memberships.find(
    (m) => m.scope === 'partnership' && partnerships.includes(m.id) && m.role === 'coordinator',
  );
  const setBy = member ? member.id : coordinator ? `partnership:${coordinator.id}` : 'admin';
  return setBy;
}

/** PUT /v1/suppliers/{sid}: sets (null clears) the officer's values of the facts given. */
export async function putSupplierFacts(ctx: ServiceContext, supplierId: string, input: SupplierFactsInput) {
  const setBy = await classifier(ctx, supplierId, 'classify');
  if (input.organisationId) {
    const organisation = await getOrganisation(ctx.deps.db, input.organisationId);
    if (!organisation)
      throw ruleBroken(`organisationId: there is no organisation ${input.organisationId} in this tracker`);
  }
  await applyFacts(ctx, supplierId, input, { setBy });
  return getSupplier(ctx, supplierId);
}

/** Puts a fact back to the value one change of its history set (coordinators, admins). */
export async function restoreSupplierFact(ctx: ServiceContext, supplierId: string, changeId: string) {
  const setBy = await classifier(ctx, supplierId, 'restore');
  const change = await store.getFactChange(ctx.deps.db, supplierId, changeId);
  if (!change) throw notFound(`change ${changeId} of supplier ${supplierId}`);
  await applyFacts(
    ctx,
    supplierId,
    { [change.field]: change.value },
    { setBy, source: change.source, restoredFrom: change.id },
  );
  return getSupplier(ctx, supplierId);
}

/** Sets facts through the one path every change takes: history, retries on a race, then the fan-out. */
export async function applyFacts(
  ctx: ServiceContext,
  supplierId: string,
  changes: Partial<Record<FactField, string | boolean | null | undefined>>,
  by: { setBy: string; source?: 'officer' | 'register'; restoredFrom?: string },
) {
  for (let attempt = 1; ; attempt++) {
    const current = await supplierOrThrow(ctx, supplierId);
    if (current.undisclosedOf !== undefined) {
      throw ruleBroken(
        'the undisclosed supplier stands for blank and redacted names: it is never classified',
      );
    }
    try {
      await store.setSupplierFacts(ctx.deps.db, current, changes as store.FactChanges, {
        source: by.source ?? 'officer',
        setBy: by.setBy,
        at: ctx.deps.now().toISOString(),
        newId: ctx.deps.newId,
        ...(by.restoredFrom ? { restoredFrom: by.restoredFrom } : {}),
      });
      break;
    } catch (error) {
      if (error instanceof store.SupplierNumberTaken) {
        const holder = await store.getSupplier(ctx.deps.db, error.holderId);
        throw conflict(
          `${error.field} is already held by supplier ${error.holderId}${holder ? ` (${holder.name})` : ''}: ` +
            'correct that record, or point this name at it',
        );
      }
      if (!(error instanceof store.StaleSupplierError) || attempt >= RETRIES_ON_RACE) throw error;
    }
  }
  await afterFactsChanged(ctx.deps.db, supplierId, ctx.deps.supplierFanOut);
  ctx.deps.metrics?.count(businessMetrics.reclassifications);
}

/**
 * The fan-out of a supplier whose facts are already as asked, with nothing to set: a request sent
 * again after one cut short between setting the facts and moving the spend finishes the move (in
 * AWS the stream delivered that change to the fan-out function already).
 */
export async function settleSupplierSpend(ctx: ServiceContext, supplierId: string) {
  await afterFactsChanged(ctx.deps.db, supplierId, ctx.deps.supplierFanOut);
}

/**
 * Points a name of the organisation's rows at another supplier record (its officers), and moves the
 * rows of that name already imported, with their spend, to it (store/supplier-name-move). In AWS the
 * move runs within the request for up to a time budget and the fan-out function finishes a larger
 * one (`status: 'moving'`, started by the table's stream); elsewhere it runs to its end in process.
 * Asked again, it moves what is left.
 */
export async function pointSupplierName(
  ctx: ServiceContext,
  organisationId: string,
  input: { name: string; supplierId: string },
) {
  signedIn(ctx);
  const organisation = await getOrganisation(ctx.deps.db, organisationId);
  if (!organisation) throw notFound(`organisation ${organisationId}`);
  authorise(
    ctx,
    (c) => canSupplier.pointName(c, organisationId),
    "point this organisation's supplier names (its officers and representatives)",
  );
  if (isUndisclosedName(input.name)) {
    throw ruleBroken('name: blank and redacted names stay on the undisclosed supplier');
  }
  const target = await store.getSupplier(ctx.deps.db, input.supplierId);
  if (!target) throw ruleBroken(`supplierId: there is no supplier ${input.supplierId}`);
  if (target.undisclosedOf !== undefined)
    throw ruleBroken('supplierId: names cannot be pointed at the undisclosed supplier');
  const at = ctx.deps.now().toISOString();
  const { normalisedName } = await store.pointOrganisationName(ctx.deps.db, {
    organisationId,
    name: input.name,
    supplierId: input.supplierId,
    at,
    setBy: organisationId,
  });
  const move = { organisationId, normalisedName, supplierId: input.supplierId };
  const inBackground = ctx.deps.supplierFanOut === 'stream';
  const moved = await moveNameLines(
    ctx.deps.db,
    move,
    inBackground ? { deadline: Date.now() + INLINE_MOVE_MS } : {},
  );
  if (!moved.done) await continueNameMove(ctx.deps.db, move, moved, at);
  return {
    organisationId,
    name: input.name,
    normalisedName,
    supplierId: input.supplierId,
    status: moved.done ? ('done' as const) : ('moving' as const),
    moved: { rows: moved.rows, spendPence: moved.pence },
  };
}

/** How long a move runs within its request before the fan-out function takes over (API Gateway waits 30 s). */
const INLINE_MOVE_MS = 15_000;

/**
 * What the caller may do on a supplier's page, with the choices its forms offer: set facts, put
 * one back, point names of their organisations' rows elsewhere (`pointFor`: those organisations),
 * and the partners a supplier may be ("this is partner X": the signatories of the paying
 * organisations' partnerships). Bounded by partners, never by rows.
 */
export async function supplierActions(ctx: ServiceContext, supplierId: string): Promise<SupplierActions> {
  const none: SupplierActions = { classify: false, restore: false, pointFor: [], partners: [] };
  const caller = ctx.caller;
  if (!caller) return none;
  const paying = await store.organisationsPaying(ctx.deps.db, supplierId);
  const partnerships = [
    ...new Set((await Promise.all(paying.map((id) => partnershipsOfOrganisation(ctx.deps.db, id)))).flat()),
  ];
  const classify = canSupplier.classify(caller, paying, partnerships);
  const pointForIds = paying.filter((id) => canSupplier.pointName(caller, id));
  const partnerIds = classify
    ? [...new Set((await Promise.all(partnerships.map((id) => signatoriesOf(ctx, id)))).flat())]
    : [];
  const named = await Promise.all(
    [...new Set([...pointForIds, ...partnerIds])].map((id) => getOrganisation(ctx.deps.db, id)),
  );
  const nameOf = new Map(named.flatMap((o) => (o ? [[o.id, o.name] as const] : [])));
  const choices = (ids: string[]) =>
    ids
      .flatMap((id) => (nameOf.has(id) ? [{ id, name: nameOf.get(id) as string }] : []))
      .sort((a, b) => a.name.localeCompare(b.name));
  return {
    classify,
    restore: canSupplier.restore(caller, partnerships),
    pointFor: choices(pointForIds),
    partners: choices(partnerIds),
  };
}

export type SupplierActions = {
  classify: boolean;
  restore: boolean;
  pointFor: { id: string; name: string }[];
  partners: { id: string; name: string }[];
};
