import {
  BatchWriteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { runReportJob } from '@compact-tracker/jobs/reports/run';
import { keys } from '@compact-tracker/store/keys';
import { migrateRegisterRows } from '@compact-tracker/store/migrations/register-rows';
import { countingDb } from '@compact-tracker/store/request-counter';
import { totalUpdate } from '@compact-tracker/store/spend-ledger';
import { webApp } from '@compact-tracker/web/app';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, world } from '../support/fixtures.ts';
import { type Harness, harness } from '../support/harness.ts';
import { WebClient } from '../web/web-client.ts';

// The public register at national scale: a page of any size is a bounded, equal number of DynamoDB
// calls (the compact, then one query), because each row carries what its reporting status needs and
// rejected rows are under another key. Seeded straight into the table for size.

const SIGNED_AT = '2024-05-01T09:00:00.000Z';
const QUARTERS = ['2024-25-Q1', '2024-25-Q2', '2024-25-Q3', '2024-25-Q4', '2025-26-Q1', '2025-26-Q2'];

/** A compact with `n` signed register rows (each carrying its reported quarters) and their organisations. */
async function seedRegister(h: Harness, compactId: string, partnershipId: string, n: number) {
  const items: Record<string, unknown>[] = [
    {
      ...keys.compact(compactId),
      ...keys.compactsIndex(compactId),
      type: 'compact',
      id: compactId,
      partnershipId,
      title: `Compact ${compactId}`,
      summary: 'Seeded',
      commitments: ['Buy local.'],
      status: 'open',
      version: 1,
      textSha256: 'x',
      signatoryCount: n,
      createdAt: SIGNED_AT,
      updatedAt: SIGNED_AT,
      publishedAt: SIGNED_AT,
      revision: 1,
    },
  ];
  for (let i = 0; i < n; i++) {
    const oid = `${compactId}-ORG${String(i).padStart(4, '0')}`;
    items.push({
      ...keys.participant(compactId, oid),
      ...keys.participationsIndex(oid, compactId),
      type: 'participant',
      compactId,
      partnershipId,
      organisationId: oid,
      name: `Organisation ${i}`,
      sector: 'public',
      status: 'signed',
      signedAt: SIGNED_AT,
      version: 1,
      // Every other organisation has reported its latest quarters; the rest only the first.
      reportedQuarters: new Set(i % 2 === 0 ? QUARTERS : QUARTERS.slice(0, 1)),
      reportedQuartersAt: SIGNED_AT,
    });
  }
  for (let from = 0; from < items.length; from += 25) {
    await h.deps.db.doc.send(
      new BatchWriteCommand({
        RequestItems: {
          [h.table]: items.slice(from, from + 25).map((Item) => ({ PutRequest: { Item } })),
        },
      }),
    );
  }
}

/** Runs `fn` with the harness's table client counting every DynamoDB request; the count. */
async function counting(h: Harness, fn: () => Promise<void>) {
  const plain = h.deps.db;
  const counted = countingDb(plain);
  h.deps.db = counted.db;
  try {
    await fn();
  } finally {
    h.deps.db = plain;
  }
  return counted.requests();
}

describe('the register at scale', () => {
  let h: Harness;
  let w: Awaited<ReturnType<typeof world>>;
  beforeAll(async () => {
    h = await harness();
    w = await world(h);
    h.deps.now = () => new Date('2026-01-10T12:00:00Z');
    await seedRegister(h, 'BIG', w.partnership.id, 500);
    await seedRegister(h, 'SMALL', w.partnership.id, 20);
  });

  it('a page of 20 rows and a page of 500 cost the same DynamoDB calls, at most 3 (the API)', async () => {
    const sizes: Record<string, number> = {};
    const calls: Record<string, number> = {};
    for (const id of ['SMALL', 'BIG']) {
      const count = await counting(h, async () => {
        const page = await h.call('GET', `/v1/compacts/${id}/signatories?limit=500`);
        expect(page.status).toBe(200);
        sizes[id] = page.body.items.length;
        // Every signed row has its status, worked out from the row alone.
        expect(page.body.items.every((row: { reportingStatus: string | null }) => row.reportingStatus)).toBe(
          true,
        );
        expect(
          new Set(page.body.items.map((row: { reportingStatus: string }) => row.reportingStatus)),
        ).toEqual(new Set(['reporting', 'lapsed']));
      });
      calls[id] = count.total;
    }
    expect(sizes).toEqual({ SMALL: 20, BIG: 500 });
    console.log(`register API page: ${JSON.stringify(calls)} DynamoDB calls`);
    expect(calls.SMALL).toBe(calls.BIG);
    expect(calls.BIG).toBeLessThanOrEqual(3);
  });

  it('the public compact page reads its register page in the same bounded calls at 20 and 500 rows', async () => {
    const web = webApp({ deps: h.deps, login: { issue: h.issuer.issue, users: [] } });
    const calls: Record<string, { total: number; queries: number }> = {};
    for (const id of ['SMALL', 'BIG']) {
      const count = await counting(h, async () => {
        const page = await new WebClient(web).get(`/compacts/${id}`);
        expect(page.status).toBe(200);
        expect(page.html).toContain('Organisation 19');
      });
      calls[id] = { total: count.total, queries: count.byCommand.Query ?? 0 };
    }
    console.log(`compact page: ${JSON.stringify(calls)} DynamoDB calls`);
    expect(calls.SMALL).toEqual(calls.BIG);
    // The whole page, whatever the register's length: the compact (for the page and for the
    // register), its partnership, one query of the register, and the report years.
    expect(calls.BIG?.total).toBeLessThanOrEqual(6);
    const big = await new WebClient(web).get('/compacts/BIG');
    expect(big.html).toMatch(/500 signed · 100 organisations on this page/);
    const next = /href="(\/compacts\/BIG\?cursor=[^"#]+)#register"/.exec(big.html)?.[1] ?? '';
    const second = await new WebClient(web).get(next.replaceAll('&amp;', '&'));
    expect(second.status).toBe(200);
    expect(second.html).toContain('Organisation 100<');
    expect(second.html).not.toContain('Organisation 99<');
    const forged = await new WebClient(web).get('/compacts/BIG?cursor=not-ours');
    expect(forged.status).toBe(400);
  });
});

describe('what the register keeps out, and what its rows carry', () => {
  let h: Harness;
  let w: Awaited<ReturnType<typeof world>>;
  beforeAll(async () => {
    h = await harness();
    w = await world(h);
  });

  const registerKeys = async (compactId: string) =>
    (
      (
        await h.deps.db.doc.send(
          new QueryCommand({
            TableName: h.table,
            KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
            ExpressionAttributeValues: { ':pk': keys.compactPk(compactId), ':p': keys.participantPrefix },
          }),
        )
      ).Items ?? []
    ).map((item) => item.organisationId);

  it('a rejected signature is moved out of the register key range, and cannot sign again', async () => {
    const compact = await w.ok(
      'POST',
      `/v1/partnerships/${w.partnership.id}/compacts`,
      w.tokens.coordinator,
      {
        title: 'Rejections',
        summary: 'For the register test.',
        commitments: ['Buy local.'],
      },
    );
    const open = await w.ok('POST', `/v1/compacts/${compact.id}/publish`, w.tokens.coordinator);
    const signature = { ...w.signature(w.org2.id), version: open.version, textSha256: open.textSha256 };
    await w.ok('POST', `/v1/compacts/${compact.id}/signatures`, w.tokens.otherRep, signature);
    expect(await registerKeys(compact.id)).toEqual([w.org2.id]);
    await w.ok('POST', `/v1/compacts/${compact.id}/signatures/${w.org2.id}/reject`, w.tokens.coordinator, {
      reason: 'Not a registered body.',
    });
    expect(await registerKeys(compact.id)).toEqual([]);
    const moved = await h.deps.db.doc.send(
      new GetCommand({ TableName: h.table, Key: keys.rejectedParticipant(compact.id, w.org2.id) }),
    );
    expect(moved.Item).toMatchObject({ status: 'rejected', rejectionReason: 'Not a registered body.' });
    expectProblem(
      await h.call('POST', `/v1/compacts/${compact.id}/signatures`, {
        token: w.tokens.otherRep,
        body: signature,
      }),
      422,
    );
    expectProblem(
      await h.call('POST', `/v1/compacts/${compact.id}/interest`, {
        token: w.tokens.otherRep,
        body: { organisationId: w.org2.id },
      }),
      422,
    );
    expect(await registerKeys(compact.id)).toEqual([]);
  });

  it('imports reach the row through the hourly job, which writes nothing when the rows agree', async () => {
    const clock = new Date('2025-05-10T12:00:00Z');
    h.deps.now = () => clock;
    await w.ok('POST', `/v1/compacts/${w.compact.id}/signatures`, w.tokens.rep, w.signature(w.org1.id));
    clock.setTime(Date.parse('2026-03-02T12:00:00Z')); // 2025-26 Q1-Q3 are due
    const status = async () =>
      (await h.call('GET', `/v1/compacts/${w.compact.id}/signatories`)).body.items.find(
        (row: { organisationId: string }) => row.organisationId === w.org1.id,
      ).reportingStatus;
    expect(await status()).toBe('non-reporting');
    // Ledger totals as an import writes them, without the register knowing.
    await h.deps.db.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          totalUpdate(h.deps.db, w.org1.id, '2025-26-Q3', 'ict', {
            totalPence: 1000,
            localPence: 0,
            smePence: 0,
            vcsePence: 0,
            criteriaPence: 0,
          }),
        ],
      }),
    );
    expect(await status()).toBe('non-reporting');
    const options = { scheduledTime: '2026-03-02T12:00:00Z', now: () => clock };
    const first = await runReportJob(h.deps.db, 'aggregate-buying-power', options);
    expect(first.registerRowsWritten).toBe(1);
    expect(await status()).toBe('reporting');
    const again = await runReportJob(h.deps.db, 'aggregate-buying-power', {
      ...options,
      scheduledTime: '2026-03-02T13:00:00Z',
    });
    expect(again.registerRowsWritten).toBe(0);
  });

  it('drafts are listed under their partnership, not with the published compacts, until published', async () => {
    const publicList = async () =>
      (
        (
          await h.deps.db.doc.send(
            new QueryCommand({
              TableName: h.table,
              IndexName: 'GSI1',
              KeyConditionExpression: 'GSI1PK = :pk',
              ExpressionAttributeValues: { ':pk': keys.compactsIndex('').GSI1PK },
            }),
          )
        ).Items ?? []
      ).map((item) => item.id);
    const draft = await w.ok('POST', `/v1/partnerships/${w.partnership.id}/compacts`, w.tokens.coordinator, {
      title: 'A draft',
      summary: 'Not yet public.',
      commitments: ['Buy local.'],
    });
    expect(await publicList()).not.toContain(draft.id);
    const mine = await h.call('GET', '/v1/compacts', { token: w.tokens.coordinator });
    expect(mine.body.items.map((c: { id: string }) => c.id)).toContain(draft.id);
    await w.ok('POST', `/v1/compacts/${draft.id}/publish`, w.tokens.coordinator);
    expect(await publicList()).toContain(draft.id);
  });

  it('the one-off migration moves old rejected rows and fills old signed rows, and a second run does nothing', async () => {
    const compactId = w.compact.id;
    const legacy = (organisationId: string, status: string) => ({
      ...keys.participant(compactId, organisationId),
      ...keys.participationsIndex(organisationId, compactId),
      type: 'participant',
      compactId,
      partnershipId: w.partnership.id,
      organisationId,
      name: `Legacy ${organisationId}`,
      sector: 'private',
      status,
      signedAt: '2024-01-10T09:00:00.000Z',
      version: 1,
      ...(status === 'rejected' ? { rejectedAt: '2024-01-11T09:00:00.000Z', rejectionReason: 'No.' } : {}),
    });
    const legacyDraft = {
      ...keys.compact('LEGACYDRAFT'),
      ...keys.compactsIndex('LEGACYDRAFT'),
      type: 'compact',
      id: 'LEGACYDRAFT',
      partnershipId: w.partnership.id,
      status: 'draft',
    };
    for (const item of [legacy('LEGACYREJECTED', 'rejected'), legacy('LEGACYSIGNED', 'signed'), legacyDraft])
      await h.deps.db.doc.send(new PutCommand({ TableName: h.table, Item: item }));
    await h.deps.db.doc.send(
      new PutCommand({
        TableName: h.table,
        Item: {
          ...keys.spendReturn('LEGACYSIGNED', '2025-26-Q2'),
          quarter: '2025-26-Q2',
          lines: [
            { category: 'ict', totalPence: 100, localPence: 0, smePence: 0, vcsePence: 0, criteriaPence: 0 },
          ],
        },
      }),
    );
    const before = (await h.call('GET', `/v1/compacts/${compactId}/signatories`)).body.items;
    expect(
      before.find((r: { organisationId: string }) => r.organisationId === 'LEGACYSIGNED').reportingStatus,
    ).toBe(null);
    const first = await migrateRegisterRows(h.deps.db);
    expect(first).toMatchObject({ rejectedMoved: 1, rowsFilled: 1, draftsMoved: 1 });
    const moved = await h.deps.db.doc.send(
      new GetCommand({ TableName: h.table, Key: keys.compact('LEGACYDRAFT') }),
    );
    expect(moved.Item?.GSI1PK).toBe(keys.compactDraftsIndex(w.partnership.id, 'LEGACYDRAFT').GSI1PK);
    expect(await registerKeys(compactId)).not.toContain('LEGACYREJECTED');
    const after = (await h.call('GET', `/v1/compacts/${compactId}/signatories`)).body.items;
    expect(after.map((r: { organisationId: string }) => r.organisationId)).not.toContain('LEGACYREJECTED');
    expect(
      after.find((r: { organisationId: string }) => r.organisationId === 'LEGACYSIGNED').reportingStatus,
    ).toBe('non-reporting');
    expect(await migrateRegisterRows(h.deps.db)).toMatchObject({
      rejectedMoved: 0,
      rowsFilled: 0,
      draftsMoved: 0,
    });
  });
});
