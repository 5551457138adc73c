// A compact's signatories written straight into the table, in batches: each organisation with its
// participant record and 'signed' event, a budget and eight quarters of returns (three categories a
// quarter) with the ledger totals that reports read. Faster than the API by far, for big compacts.

import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '@compact-tracker/store/db';
import { eventItem } from '@compact-tracker/store/events';
import { keys } from '@compact-tracker/store/keys';
import { batchWriteAll } from './batch-write.ts';
import {
  SEED_ACTOR as actor,
  SEEDED_AT as at,
  SEEDED_CATEGORIES as categories,
  SEEDED_QUARTERS,
  SEEDED_SECTORS as sectors,
} from './seed-constants.ts';

export type SeedCompactOptions = {
  compactId: string;
  partnershipId: string;
  signatories: number;
  /** Organisation ids are `${prefix}${000000..}`: distinct per compact when several share a table. */
  organisationPrefix: string;
  /**
   * Also write the compact itself (open, counting these signatories); false when it exists already
   * (made through the API), whose signatoryCount then grows by the number seeded.
   */
  withCompact: boolean;
};

function* compactItems(options: SeedCompactOptions) {
  const { compactId, partnershipId, signatories } = options;
  if (options.withCompact) {
    yield {
      ...keys.compact(compactId),
      ...keys.compactsIndex(compactId),
      type: 'compact',
      id: compactId,
      partnershipId,
      title: `Compact ${compactId}`,
      summary: 'Seeded for benchmarks',
      commitments: ['Buy local.'],
      status: 'open',
      version: 1,
      textSha256: 'x',
      signatoryCount: signatories,
      createdAt: at,
      updatedAt: at,
      publishedAt: at,
      revision: 1,
    };
  }
  for (let i = 0; i < signatories; i++) {
    const oid = `${options.organisationPrefix}${String(i).padStart(6, '0')}`;
    const sector = sectors[i % sectors.length];
    yield {
      ...keys.organisation(oid),
      ...keys.organisationsIndex(oid),
      type: 'organisation',
      id: oid,
      name: `Organisation ${i}`,
      sector,
      postcode: 'B1 1BB',
      createdAt: at,
      createdBy: actor.email,
    };
    yield {
      ...keys.participant(compactId, oid),
      ...keys.participationsIndex(oid, compactId),
      type: 'participant',
      compactId,
      partnershipId,
      organisationId: oid,
      name: `Organisation ${i}`,
      sector,
      status: 'signed',
      signedAt: at,
      version: 1,
      // What the register's reporting status needs, as signing and returns keep it on the row.
      reportedQuarters: new Set(SEEDED_QUARTERS),
      reportedQuartersAt: at,
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
    yield {
      ...keys.budget(oid, '2025-26'),
      type: 'budget',
      organisationId: oid,
      financialYear: '2025-26',
      annualProcurementBudgetPence: 100_000_000 + i * 1000,
      declaredAt: at,
      declaredBy: actor.email,
    };
    for (const quarter of SEEDED_QUARTERS) {
      const lines = categories.map((category, c) => {
        const total = 1_000_000 + i * 100 + c * 10_000;
        return {
          category,
          totalPence: total,
          localPence: total / 2,
          smePence: total / 4,
          vcsePence: 0,
          criteriaPence: total / 5,
        };
      });
      yield {
        ...keys.spendReturn(oid, quarter),
        type: 'spend-return',
        organisationId: oid,
        quarter,
        lines,
        revision: 1,
        submittedAt: at,
        submittedBy: actor.email,
      };
      for (const line of lines) {
        yield {
          ...keys.spendTotal(oid, quarter, line.category),
          type: 'spend-total',
          organisationId: oid,
          quarter,
          ...line,
        };
      }
    }
  }
}

/** Writes the compact's signatories (and the compact if asked); the number of items written. */
export async function seedCompact(db: Db, options: SeedCompactOptions): Promise<number> {
  const written = await batchWriteAll(db, compactItems(options), 8);
  if (!options.withCompact) {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: keys.compact(options.compactId),
        UpdateExpression: 'ADD signatoryCount :n',
        ExpressionAttributeValues: { ':n': options.signatories },
      }),
    );
  }
  return written;
}

/**
 * Registers of 200 and 500 signatories beside a world's compact of 20 (already seeded): the
 * compact id for each length, to read the register at 20, 200 and 500 rows.
 */
export async function seedRegisters(
  db: Db,
  world: { compactId: string; partnershipId: string },
  prefix: string,
): Promise<Map<number, string>> {
  const registers = new Map<number, string>([[20, world.compactId]]);
  for (const size of [200, 500]) {
    const compactId = `${world.compactId}-R${size}`;
    await seedCompact(db, {
      compactId,
      partnershipId: world.partnershipId,
      signatories: size,
      organisationPrefix: `${prefix}R${size}-`,
      withCompact: true,
    });
    registers.set(size, compactId);
  }
  return registers;
}

/** The benchmark case of the register read at a length. */
export const registerCase = (rows: number) => `GET register (${rows} rows)`;
