// Times both report jobs against DynamoDB Local for N signatories (default 1,000) of one compact,
// each with a budget and eight quarters of returns (three categories a quarter), and counts the
// DynamoDB requests each run makes. The store items are written directly, in batches.
// Usage: tsx bench/aggregation.ts [signatories]

import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { runReportJob } from '@compact-tracker/jobs/reports/run';
import { ensureTable, startDynamoDbLocal } from '@compact-tracker/local/dynamodb-local';
import { createDb } from '@compact-tracker/store/db';
import { eventItem } from '@compact-tracker/store/events';
import { keys } from '@compact-tracker/store/keys';

const signatories = Number(process.argv[2] ?? 1000);
const quarters = [
  '2024-25-Q3',
  '2024-25-Q4',
  '2025-26-Q1',
  '2025-26-Q2',
  '2025-26-Q3',
  '2025-26-Q4',
  '2026-27-Q1',
  '2026-27-Q2',
];
const categories = ['ict', 'construction', 'paper-print'] as const;
const sectors = ['public', 'private', 'voluntary-community'] as const;
const compactId = 'BENCHCOMPACT';
const actor = { sub: 'bench', email: 'bench@example.org', name: 'Bench' };

function* items() {
  const at = '2024-10-01T10:00:00.000Z';
  yield {
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
    signatoryCount: signatories,
    createdAt: at,
    updatedAt: at,
    publishedAt: at,
    revision: 1,
  };
  for (let i = 0; i < signatories; i++) {
    const oid = `ORG${String(i).padStart(6, '0')}`;
    const sector = sectors[i % 3];
    yield {
      ...keys.participant(compactId, oid),
      ...keys.participationsIndex(oid, compactId),
      type: 'participant',
      compactId,
      partnershipId: 'BENCHP',
      organisationId: oid,
      name: `Organisation ${i}`,
      sector,
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
    yield {
      ...keys.budget(oid, '2025-26'),
      type: 'budget',
      organisationId: oid,
      financialYear: '2025-26',
      annualProcurementBudgetPence: 100_000_000 + i * 1000,
      declaredAt: at,
      declaredBy: 'bench',
    };
    for (const quarter of quarters) {
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
        submittedBy: 'bench',
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

const dynamo = await startDynamoDbLocal();
try {
  await ensureTable(dynamo.endpoint, 'bench');
  const db = createDb({ endpoint: dynamo.endpoint, table: 'bench' });
  const seedStarted = performance.now();
  const all = [...items()];
  const batches: Record<string, unknown>[][] = [];
  for (let at = 0; at < all.length; at += 25) batches.push(all.slice(at, at + 25));
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < batches.length) {
        let pending = (batches[next++] ?? []).map((Item) => ({ PutRequest: { Item } }));
        while (pending.length > 0) {
          const result = await db.doc.send(new BatchWriteCommand({ RequestItems: { bench: pending } }));
          pending = (result.UnprocessedItems?.bench ?? []) as typeof pending;
        }
      }
    }),
  );
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const scheduledTime = new Date().toISOString();
  const runs = [];
  for (const job of ['aggregate-buying-power', 'compute-scores'] as const) {
    const started = performance.now();
    const summary = await runReportJob(db, job, { scheduledTime });
    runs.push({
      job,
      seconds: +((performance.now() - started) / 1000).toFixed(2),
      snapshotsWritten: summary.snapshotsWritten,
      organisations: summary.organisations,
      dynamoDbRequests: summary.dynamoDbRequests,
      byCommand: summary.dynamoDbRequestsByCommand,
    });
  }
  console.log(
    JSON.stringify(
      {
        signatories,
        quarters: quarters.length,
        itemsSeeded: all.length,
        seedSeconds: +seedSeconds.toFixed(1),
        runs,
      },
      null,
      1,
    ),
  );
} finally {
  await dynamo.stop();
}
