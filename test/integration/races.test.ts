import { Readable } from 'node:stream';
import { financialYearOf, isoDate } from '@compact-tracker/domain/periods';
import { runSpendImport } from '@compact-tracker/jobs/import/run-import';
import { runReportJob } from '@compact-tracker/jobs/reports/run';
import { getCompact } from '@compact-tracker/store/compacts';
import type { Db } from '@compact-tracker/store/db';
import { revertImportLines } from '@compact-tracker/store/import-revert';
import { countSnapshots, latestSnapshot, snapshotHistory } from '@compact-tracker/store/report-snapshots';
import { createSpendImport, getSpendImport } from '@compact-tracker/store/spend-imports';
import { spendTotals } from '@compact-tracker/store/spend-ledger';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { tableItems, world } from '../support/fixtures.ts';
import { type Harness, harness } from '../support/harness.ts';
import { waitingImport } from '../support/spend-import-record.ts';
import { transparencyCsv } from '../support/transparency-csv.ts';

// Races the other tests leave out (concurrent signatures of one organisation, concurrent returns
// for one quarter and concurrent target replacements have their own): the same import twice at
// once, a revert racing an import of the same rows, signing and withdrawing interleaved, and
// report runs overlapping.

// Whole imports and many rounds of requests: slow on a busy machine.
vi.setConfig({ testTimeout: 120_000 });

let h: Harness;
let w: Awaited<ReturnType<typeof world>>;
beforeAll(async () => {
  h = await harness();
  w = await world(h);
});

// Every 25th row invalid: 4%, under the 5% that stops an import for review.
const file = transparencyCsv({ rows: 450, seed: 11, invalidEvery: 25 });
const source = { open: async () => Readable.from([file.bytes]) };

async function ledger(db: Db, organisationId: string) {
  const totals = await spendTotals(db, organisationId);
  const byKey = new Map<string, { totalPence: number; localPence: number; smePence: number }>();
  for (const t of totals) {
    byKey.set(`${t.quarter}|${t.category}`, {
      totalPence: t.totalPence,
      localPence: t.localPence,
      smePence: t.smePence,
    });
  }
  return Object.fromEntries([...byKey].sort());
}
const expectedLedger = Object.fromEntries([...file.totals].sort());

describe('imports at once', () => {
  it('counts a file once when its upload event runs the same import twice at once', async () => {
    const org = `ORG-${ulid()}`;
    const id = ulid();
    await createSpendImport(h.deps.db, waitingImport(org, id));
    const runs = await Promise.all([
      runSpendImport(h.deps.db, org, id, source),
      runSpendImport(h.deps.db, org, id, source),
    ]);
    expect(runs.map((r) => r.status)).toEqual(['completed', 'completed']);
    expect(await ledger(h.deps.db, org)).toEqual(expectedLedger);
    const record = await getSpendImport(h.deps.db, org, id);
    expect(record).toMatchObject({ status: 'completed', rowsRejected: file.rejectedLines.length });
    expect(record?.rowsImported).toBe(file.rows - file.rejectedLines.length);
  });

  it('counts identical files imported at once by two imports of one organisation once', async () => {
    const org = `ORG-${ulid()}`;
    const ids = [ulid(), ulid()];
    for (const id of ids) await createSpendImport(h.deps.db, waitingImport(org, id));
    await Promise.all(ids.map((id) => runSpendImport(h.deps.db, org, id, source)));
    expect(await ledger(h.deps.db, org)).toEqual(expectedLedger);
    const records = await Promise.all(ids.map((id) => getSpendImport(h.deps.db, org, id)));
    const valid = file.rows - file.rejectedLines.length;
    // Each row went to exactly one of them; the other saw it as a duplicate.
    expect(records.reduce((sum, r) => sum + (r?.rowsImported ?? 0), 0)).toBe(valid);
    for (const r of records) expect((r?.rowsImported ?? 0) + (r?.rowsDuplicate ?? 0)).toBe(valid);
  });

  it('keeps totals equal to the lines left when a revert races an import of the same rows', async () => {
    const org = `ORG-${ulid()}`;
    const [first, second] = [ulid(), ulid()];
    await createSpendImport(h.deps.db, waitingImport(org, first));
    await createSpendImport(h.deps.db, waitingImport(org, second));
    await runSpendImport(h.deps.db, org, first, source);
    // The second import finds the first's lines (duplicates) or, once they left, writes its own.
    await Promise.all([
      revertImportLines(h.deps.db, org, first),
      runSpendImport(h.deps.db, org, second, source),
    ]);
    const lines = (await tableItems(h)).filter((item) => String(item.PK).startsWith(`ORG#${org}#TX#`));
    const sums = new Map<string, { totalPence: number; localPence: number; smePence: number }>();
    for (const line of lines as {
      quarter: string;
      category: string;
      amountPence: number;
      local: boolean;
      sme: boolean;
    }[]) {
      const key = `${line.quarter}|${line.category}`;
      const sum = sums.get(key) ?? { totalPence: 0, localPence: 0, smePence: 0 };
      sum.totalPence += line.amountPence;
      if (line.local) sum.localPence += line.amountPence;
      if (line.sme) sum.smePence += line.amountPence;
      sums.set(key, sum);
    }
    const totals = Object.fromEntries(
      Object.entries(await ledger(h.deps.db, org)).filter(
        ([, t]) => t.totalPence !== 0 || t.localPence !== 0 || t.smePence !== 0,
      ),
    );
    expect(totals).toEqual(Object.fromEntries([...sums].sort()));
    // Every line left is the second import's: the first's all went.
    expect(lines.every((line) => line.importId === second)).toBe(true);
  });
});

describe('signing and withdrawing interleaved', () => {
  it('keeps signatoryCount equal to the signed participants and to the audit trail, round after round', async () => {
    const cid = w.compact.id;
    const orgs = [
      { id: w.org1.id, token: w.tokens.rep },
      { id: w.org2.id, token: w.tokens.otherRep },
    ];
    const sign = (o: (typeof orgs)[number]) =>
      h.call('POST', `/v1/compacts/${cid}/signatures`, { token: o.token, body: w.signature(o.id) });
    const withdraw = (o: (typeof orgs)[number]) =>
      h.call('POST', `/v1/compacts/${cid}/signatures/${o.id}/withdraw`, {
        token: o.token,
        body: { reason: 'race' },
      });
    let succeeded = 0;
    for (let round = 0; round < 8; round++) {
      const answers = await Promise.all(
        orgs.flatMap((o) => [sign(o), withdraw(o), sign(o), withdraw(o), sign(o)]),
      );
      for (const a of answers) expect([200, 201, 409, 422], JSON.stringify(a.body)).toContain(a.status);
      const compact = await getCompact(h.deps.db, cid);
      const signatories = await h.call('GET', `/v1/compacts/${cid}/signatories?limit=100`);
      const signed = signatories.body.items.filter((p: { status: string }) => p.status === 'signed');
      expect(compact?.signatoryCount ?? 0, `round ${round}`).toBe(signed.length);

      const events = await h.call('GET', `/v1/compacts/${cid}/events?limit=500`, {
        token: w.tokens.coordinator,
      });
      for (const o of orgs) {
        const mine = events.body.items.filter((e: { organisationId?: string }) => e.organisationId === o.id);
        const net =
          mine.filter((e: { type: string }) => e.type === 'signed').length -
          mine.filter((e: { type: string }) => e.type === 'withdrawn').length;
        const isSigned = signed.some((p: { organisationId: string }) => p.organisationId === o.id);
        expect(net, `round ${round}: the audit trail agrees with the register`).toBe(isSigned ? 1 : 0);
      }
      // Successful answers and events match one for one: no change lost, none written twice.
      succeeded += answers.filter((a) => a.status < 300).length;
      const changes = events.body.items.filter((e: { type: string }) =>
        ['signed', 'withdrawn'].includes(e.type),
      );
      expect(changes).toHaveLength(succeeded);
    }
  }, 120_000);
});

describe('report runs at once', () => {
  const scheduledTime = '2025-11-15T10:00:00.000Z';
  /** The runs take their figures as of today: the current year's change with the register. */
  const current = financialYearOf(isoDate(new Date()));

  /** Org Two signs if it has not, else withdraws: the register, and so the figures, change. */
  async function toggleOrg2() {
    const register = await h.call('GET', `/v1/compacts/${w.compact.id}/signatories?limit=100`);
    const signed = register.body.items.some(
      (p: { organisationId: string; status: string }) =>
        p.organisationId === w.org2.id && p.status === 'signed',
    );
    return signed
      ? h.call('POST', `/v1/compacts/${w.compact.id}/signatures/${w.org2.id}/withdraw`, {
          token: w.tokens.otherRep,
          body: { reason: 'race' },
        })
      : h.call('POST', `/v1/compacts/${w.compact.id}/signatures`, {
          token: w.tokens.otherRep,
          body: w.signature(w.org2.id),
        });
  }

  async function expectWhole(compactId: string) {
    for (const job of ['aggregate-buying-power', 'compute-scores'] as const) {
      const pointers = (await tableItems(h)).filter(
        (item) => item.type === 'report-latest' && item.compactId === compactId && item.job === job,
      );
      for (const pointer of pointers) {
        const snapshot = await latestSnapshot(h.deps.db, compactId, pointer.financialYear as string, job);
        expect(snapshot, 'the LATEST pointer leads to a head').not.toBeNull();
        expect(snapshot?.scheduledTime).toBe(pointer.scheduledTime);
        expect(snapshot?.partners).toHaveLength(snapshot?.partnerCount as number);
      }
    }
  }

  it('writes one snapshot when two runs share a scheduled time, and LATEST follows the later of two', async () => {
    const only = (c: { id: string }) => c.id === w.compact.id;
    const [a, b] = await Promise.all([
      runReportJob(h.deps.db, 'aggregate-buying-power', { scheduledTime, compacts: only }),
      runReportJob(h.deps.db, 'aggregate-buying-power', { scheduledTime, compacts: only }),
    ]);
    expect(a.snapshots).toBeGreaterThan(0);
    expect(a.snapshotsWritten + b.snapshotsWritten).toBe(a.snapshots);
    const fy = (await tableItems(h)).find((item) => item.type === 'report-latest')?.financialYear as string;
    expect(await countSnapshots(h.deps.db, w.compact.id, fy, 'aggregate-buying-power')).toBe(1);
    await expectWhole(w.compact.id);

    // The register changes: the later runs have new figures to write (unchanged ones write nothing).
    expect((await toggleOrg2()).status).toBeLessThan(300);
    const later = '2025-11-15T11:00:00.000Z';
    await Promise.all([
      runReportJob(h.deps.db, 'compute-scores', { scheduledTime: later, compacts: only }),
      runReportJob(h.deps.db, 'compute-scores', { scheduledTime, compacts: only }),
      runReportJob(h.deps.db, 'aggregate-buying-power', { scheduledTime: later, compacts: only }),
    ]);
    for (const job of ['aggregate-buying-power', 'compute-scores'] as const) {
      // Both kept, the earlier (superseded the same day) for 30 days after the later.
      const history = await snapshotHistory(h.deps.db, w.compact.id, current, job, new Date(later));
      expect(history.map((e) => e.scheduledTime)).toEqual([scheduledTime, later]);
      expect((await latestSnapshot(h.deps.db, w.compact.id, current, job))?.scheduledTime).toBe(later);
    }
    await expectWhole(w.compact.id);
  });

  it("never pairs one run's head with another's partner rows when runs for one time overlap", async () => {
    const time = '2025-11-16T10:00:00.000Z';
    const only = (c: { id: string }) => c.id === w.compact.id;
    // At least one partner row to write (an organisation that has signed already answers 409).
    await h.call('POST', `/v1/compacts/${w.compact.id}/signatures`, {
      token: w.tokens.rep,
      body: w.signature(w.org1.id),
    });
    // A budget of a signatory changes: run B has new figures to write.
    await w.ok('PUT', `/v1/organisations/${w.org1.id}/budgets/${current}`, w.tokens.rep, {
      annualProcurementBudgetPence: 424_242_400,
    });
    // Run B reads the register, then stalls before writing its partner rows...
    let release = () => {};
    const gate = new Promise<void>((open) => {
      release = open;
    });
    let stalled = () => {};
    const reachedGate = new Promise<void>((done) => {
      stalled = done;
    });
    const gated: Db = {
      ...h.deps.db,
      doc: new Proxy(h.deps.db.doc, {
        get(target, property, receiver) {
          if (property !== 'send') return Reflect.get(target, property, receiver);
          return async (command: { input?: { Item?: { type?: string } } }) => {
            if (command.input?.Item?.type === 'report-snapshot-part') {
              stalled();
              await gate;
            }
            return (target.send as any)(command);
          };
        },
      }),
    };
    const before = await h.call('GET', `/v1/compacts/${w.compact.id}/signatories?limit=100`);
    const b = runReportJob(gated, 'aggregate-buying-power', { scheduledTime: time, compacts: only });
    await reachedGate;
    // ...the register changes, and run A reads it and writes its whole snapshot...
    expect(before.status).toBe(200);
    expect((await toggleOrg2()).status).toBeLessThan(300);
    const a = await runReportJob(h.deps.db, 'aggregate-buying-power', {
      scheduledTime: time,
      compacts: only,
    });
    expect(a.snapshotsWritten).toBeGreaterThan(0);
    // ...then B writes its rows and finds A's head.
    release();
    expect((await b).snapshotsWritten).toBe(0);
    const snapshot = await latestSnapshot<{ signatories: number }, { organisationId: string }>(
      h.deps.db,
      w.compact.id,
      (await tableItems(h)).find((item) => item.type === 'report-latest')?.financialYear as string,
      'aggregate-buying-power',
    );
    expect(snapshot?.scheduledTime).toBe(time);
    expect(snapshot?.partners).toHaveLength(snapshot?.aggregates.signatories as number);
    await expectWhole(w.compact.id);
  });
});
