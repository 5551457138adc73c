// Store items for one open compact whose signatories each have budgets and a ledger: imported
// transactions in every quarter and the quarterly totals that the import keeps beside them (equal
// to the transactions' sums), as the report jobs and a reader of every transaction would find them.

import { eventItem } from '@compact-tracker/store/events';
import { keys } from '@compact-tracker/store/keys';
import {
  SEED_ACTOR as actor,
  SEEDED_AT as at,
  SEEDED_CATEGORIES as categories,
  SEEDED_QUARTERS,
  SEEDED_SECTORS as sectors,
} from './seed-constants.ts';

const organisationIdOf = (index: number) => `ORG${String(index).padStart(6, '0')}`;

export function compactItem(compactId: string, signatoryCount: number) {
  return {
    ...keys.compact(compactId),
    ...keys.compactsIndex(compactId),
    type: 'compact',
    id: compactId,
    partnershipId: 'BENCHP',
    title: 'Bench compact',
    summary: 'Bench',
    commitments: ['Buy local.'],
    status: 'open',
    version: 1,
    textSha256: 'x',
    signatoryCount,
    createdAt: at,
    updatedAt: at,
    publishedAt: at,
    revision: 1,
  };
}

/**
 * Signatories `from` to `to - 1` of the compact, with `perQuarter` transactions in each quarter;
 * `ledgerPence` gets the sum of every transaction, for checking whoever reads them all.
 */
export function* signatoryItems(
  compactId: string,
  range: { from: number; to: number },
  perQuarter: number,
  ledgerPence: { total: number },
): Generator<Record<string, unknown>> {
  for (let i = range.from; i < range.to; i++) {
    const oid = organisationIdOf(i);
    yield {
      ...keys.participant(compactId, oid),
      ...keys.participationsIndex(oid, compactId),
      type: 'participant',
      compactId,
      partnershipId: 'BENCHP',
      organisationId: oid,
      name: `Organisation ${i}`,
      sector: sectors[i % sectors.length],
      status: 'signed',
      signedAt: at,
      version: 1,
    };
    yield eventItem({
      id: `EV${oid}`,
      compactId,
      type: 'signed',
      at,
      actor,
      organisationId: oid,
      version: 1,
    });
    for (const financialYear of ['2024-25', '2025-26', '2026-27']) {
      yield {
        ...keys.budget(oid, financialYear),
        type: 'budget',
        organisationId: oid,
        financialYear,
        annualProcurementBudgetPence: 100_000_000 + i * 1000,
        declaredAt: at,
        declaredBy: 'bench',
      };
    }
    for (const quarter of SEEDED_QUARTERS) {
      const totals = new Map(
        categories.map((c) => [
          c,
          { totalPence: 0, localPence: 0, smePence: 0, vcsePence: 0, criteriaPence: 0 },
        ]),
      );
      for (let t = 0; t < perQuarter; t++) {
        const category = categories[t % categories.length] as (typeof categories)[number];
        const amountPence = 50_000 + ((i * 7919 + t * 104_729) % 5_000_000);
        const flags = { local: t % 2 === 0, sme: t % 4 === 0, vcse: false, criteria: t % 5 === 0 };
        const total = totals.get(category) as NonNullable<ReturnType<typeof totals.get>>;
        total.totalPence += amountPence;
        if (flags.local) total.localPence += amountPence;
        if (flags.sme) total.smePence += amountPence;
        if (flags.criteria) total.criteriaPence += amountPence;
        ledgerPence.total += amountPence;
        const key = `${quarter}-${String(t).padStart(6, '0')}`.padStart(32, '0'); // entry keys are 32-character hashes
        yield {
          ...keys.spendTransaction(oid, quarter, key),
          type: 'spend-transaction',
          organisationId: oid,
          importId: 'BENCHIMPORT',
          key,
          quarter,
          category,
          categoryText: 'IT Software',
          date: '2025-01-15',
          amountPence,
          ...flags,
          supplierName: `Café Supplies ${t % 13} Ltd`,
          transactionId: `${46_000_000 + t}`,
          row: t + 2,
        };
      }
      for (const [category, total] of totals) {
        if (total.totalPence === 0) continue;
        yield {
          ...keys.spendTotal(oid, quarter, category),
          type: 'spend-total',
          organisationId: oid,
          quarter,
          category,
          ...total,
        };
      }
    }
  }
}
