import { runReportJobs } from '@compact-tracker/jobs/reports/run';
import { writeImportEntries } from '@compact-tracker/store/spend-imports';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import framework from '../../packages/domain/src/data/flexible-framework.json' with { type: 'json' };
import { expectProblem, tableItems, world } from '../support/fixtures.ts';
import { type Harness, harness, runReportsNow } from '../support/harness.ts';

// A partnership of twelve organisations with returns, an import, budgets and assessments across
// two financial years (2024-25 and 2025-26), run on 20 June 2026. Every expected figure is worked
// out here from the inputs written, not with the code under test.

const RUN_AT = '2026-06-20T10:00:00.000Z';
const sectors = [
  'public',
  'public',
  'public',
  'public',
  'public',
  'public',
  'private',
  'private',
  'private',
  'voluntary-community',
  'voluntary-community',
  'voluntary-community',
] as const;
const names = [
  'Birmingham City Council',
  'East and North PCT',
  'Government Office',
  'Fire Service',
  'Jobcentre Plus',
  'Police Authority',
  '=Evil Org, Ltd',
  'Builders Ltd',
  'Caterers plc',
  'Food Network',
  'Credit Union',
  'Youth Trust',
];
const quarters = [
  '2024-25-Q1',
  '2024-25-Q2',
  '2024-25-Q3',
  '2024-25-Q4',
  '2025-26-Q1',
  '2025-26-Q2',
  '2025-26-Q3',
  '2025-26-Q4',
];
/** The quarters each organisation returns spend for. */
const reportedQuarters = (i: number) =>
  i === 4
    ? quarters.slice(0, 4)
    : i === 5
      ? quarters.slice(0, 2)
      : i === 10
        ? quarters.slice(4, 7)
        : i === 11
          ? []
          : quarters;
const ictLine = (i: number, q: number) => {
  const total = (i + 1) * 100_000 + q * 10_000;
  return {
    category: 'ict' as const,
    totalPence: total,
    localPence: total / 2,
    smePence: total / 4,
    vcsePence: sectors[i] === 'voluntary-community' ? total / 10 : 0,
    criteriaPence: total / 5,
  };
};
const paperLine = {
  category: 'paper-print' as const,
  totalPence: 20_000,
  localPence: 0,
  smePence: 0,
  vcsePence: 0,
  criteriaPence: 0,
};
/** Budgets declared (pence), by organisation and year. */
const budgets: Record<number, Record<string, number>> = {
  0: { '2024-25': 100_000_000, '2025-26': 200_000_000 },
  1: { '2024-25': 200_000_000, '2025-26': 400_000_000 },
  2: { '2024-25': 300_000_000, '2025-26': 600_000_000 },
  3: { '2024-25': 400_000_000, '2025-26': 800_000_000 },
  4: { '2024-25': 500_000_000 },
  5: { '2024-25': 600_000_000 },
  6: { '2024-25': 700_000_000 },
  7: { '2024-25': 800_000_000 },
  8: { '2025-26': 500_000_000 },
  10: { '2023-24': 300_000_000 },
  11: { '2024-25': 1 },
};
/** The import of organisation 0: construction in 2025-26 Q2. */
const imported = [
  { amountPence: 1_000_000, local: false, criteria: false },
  { amountPence: 500_000, local: true, criteria: false },
  { amountPence: -200_000, local: true, criteria: true },
];
const criteriaOf = (theme: string, upTo: number) =>
  framework.themes
    .find((t) => t.id === theme)
    ?.levels.filter((l) => l.level <= upTo)
    .flatMap((l) => l.criteria.map((c) => c.id)) ?? [];
const factor = { ict: 0.1, 'paper-print': 0.669, construction: 0.496 };

let h: Harness;
let w: Awaited<ReturnType<typeof world>>;
let orgIds: string[];
const board = () => w.tokens.board;

/** What the test expects for one organisation and year, from the inputs above. */
function expected(i: number, fy: '2024-25' | '2025-26') {
  const yearQuarters = quarters.filter((q) => q.startsWith(fy));
  let total = 0;
  let local = 0;
  let sme = 0;
  let vcse = 0;
  let criteria = 0;
  let kg = 0;
  const withSpend = yearQuarters.filter((q) => reportedQuarters(i).includes(q));
  for (const q of withSpend) {
    const line = ictLine(i, quarters.indexOf(q));
    total += line.totalPence + paperLine.totalPence;
    local += line.localPence;
    sme += line.smePence;
    vcse += line.vcsePence;
    criteria += line.criteriaPence;
    kg += (line.totalPence / 100) * factor.ict + (paperLine.totalPence / 100) * factor['paper-print'];
  }
  if (i === 0 && fy === '2025-26') {
    const t = 1_300_000;
    total += t;
    local += 300_000;
    criteria += -200_000;
    kg += (t / 100) * factor.construction;
  }
  // Maturity: org 0 people 3 + policy 2 assessed 2025-06-01; org 1 level 1 everywhere on
  // 2024-09-01 (too old by 2026-03-31); org 2 people 5 on 2025-03-31 (365 days before 2026-03-31).
  const maturity =
    i === 0 ? (fy === '2025-26' ? 10 : 0) : i === 1 ? (fy === '2024-25' ? 10 : 0) : i === 2 ? 10 : 0;
  // Each share is kept within 0-1: the import's criteria credit leaves org 0 with negative criteria spend.
  const share = (part: number) => Math.min(1, Math.max(0, part / total));
  const practice =
    total > 0 ? 20 * share(criteria) + 10 * share(local) + 5 * share(sme) + 5 * share(vcse) : 0;
  const reporting = 2.5 * withSpend.length;
  const ownBudget = budgets[i]?.[fy];
  const earlier = Object.entries(budgets[i] ?? {})
    .filter(([year]) => year < fy)
    .sort()
    .at(-1)?.[1];
  return {
    total,
    local,
    sme,
    vcse,
    criteria,
    kg,
    maturity,
    practice,
    reporting,
    score: maturity + practice + reporting,
    budget: ownBudget ?? earlier ?? null,
  };
}

beforeAll(async () => {
  h = await harness();
  w = await world(h);
  const at = (iso: string) => {
    h.deps.now = () => new Date(iso);
  };
  orgIds = [w.org1.id, w.org2.id];
  const reps = [w.tokens.rep, w.tokens.otherRep];
  for (let i = 2; i < 12; i++) {
    const token = await h.token(`rep@org${i + 1}.example`, { name: `Rep ${i + 1}` });
    reps.push(token);
    const org = await w.ok('POST', '/v1/organisations', token, {
      name: names[i],
      sector: sectors[i],
      postcode: 'B1 1AA',
    });
    orgIds.push(org.id);
  }
  // org1 and org2 of the world are renamed only in our expectations: they keep their names and sectors.
  names[0] = w.org1.name;
  names[1] = w.org2.name;
  (sectors as unknown as string[])[0] = 'public';
  (sectors as unknown as string[])[1] = 'private';

  for (let i = 0; i < 12; i++) {
    for (const [fy, pence] of Object.entries(budgets[i] ?? {})) {
      await w.ok('PUT', `/v1/organisations/${orgIds[i]}/budgets/${fy}`, reps[i] as string, {
        annualProcurementBudgetPence: pence,
      });
    }
  }
  const sign = async (i: number, when: string) => {
    at(when);
    await w.ok(
      'POST',
      `/v1/compacts/${w.compact.id}/signatures`,
      reps[i] as string,
      w.signature(orgIds[i] as string),
    );
  };
  const withdraw = async (i: number, when: string) => {
    at(when);
    await w.ok('POST', `/v1/compacts/${w.compact.id}/signatures/${orgIds[i]}/withdraw`, reps[i] as string, {
      reason: 'reorganisation',
    });
  };
  for (let i = 0; i < 12; i++) if (i !== 10) await sign(i, '2024-06-01T10:00:00.000Z');
  await withdraw(11, '2025-03-31T15:00:00.000Z'); // on the last day of 2024-25: out of that year
  await withdraw(9, '2025-09-01T10:00:00.000Z');
  await sign(10, '2025-05-01T10:00:00.000Z');
  await sign(9, '2026-02-01T10:00:00.000Z'); // back before the end of 2025-26

  at(RUN_AT);
  for (let i = 0; i < 12; i++) {
    for (const q of reportedQuarters(i)) {
      await w.ok('PUT', `/v1/organisations/${orgIds[i]}/spend/${q}`, reps[i] as string, {
        lines: [ictLine(i, quarters.indexOf(q)), paperLine],
      });
    }
  }
  await writeImportEntries(
    h.deps.db,
    orgIds[0] as string,
    'import-1',
    imported.map((e, row) => ({
      key: `k${row}`,
      quarter: '2025-26-Q2',
      category: 'construction',
      date: '2025-08-01',
      amountPence: e.amountPence,
      local: e.local,
      sme: false,
      vcse: false,
      criteria: e.criteria,
      supplierName: 'Builder',
      transactionId: `t${row}`,
      row: row + 2,
    })),
  );
  const assess = (i: number, assessedOn: string, criteriaMet: string[]) =>
    w.ok('POST', `/v1/organisations/${orgIds[i]}/assessments`, reps[i] as string, {
      assessedOn,
      criteriaMet,
    });
  await assess(0, '2025-06-01', [...criteriaOf('people', 3), ...criteriaOf('policy', 2)]);
  await assess(
    1,
    '2024-09-01',
    ['people', 'policy', 'process', 'suppliers', 'measurement'].flatMap((t) => criteriaOf(t, 1)),
  );
  await assess(2, '2025-03-31', criteriaOf('people', 5));

  const run = await runReportsNow(h.call, w.tokens.admin);
  expect(run.status).toBe('succeeded');
  expect(run.jobs['aggregate-buying-power'].snapshotsWritten).toBe(3);
  expect(run.jobs['compute-scores'].snapshotsWritten).toBe(3);
}, 120_000);

describe('report snapshots', () => {
  it('lists the years from the first signature to the current one', async () => {
    const list = await h.call('GET', `/v1/compacts/${w.compact.id}/reports`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { financialYear: string }) => i.financialYear)).toEqual([
      '2026-27',
      '2025-26',
      '2024-25',
    ]);
    expect(list.body.items[0].generatedAt).toBe(RUN_AT);
    expect(list.body.nextCursor).toBeNull();
  });

  for (const fy of ['2024-25', '2025-26'] as const) {
    it(`matches the figures worked out independently for ${fy}`, async () => {
      const active = fy === '2024-25' ? [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] : [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
      const report = await h.call('GET', `/v1/compacts/${w.compact.id}/reports/${fy}`, { token: board() });
      expect(report.status).toBe(200);
      const r = report.body;
      const each = active.map((i) => ({ i, ...expected(i, fy) }));
      const sum = (pick: (e: (typeof each)[number]) => number) => each.reduce((s, e) => s + pick(e), 0);
      const total = sum((e) => e.total);
      const bySector = { public: 0, private: 0, 'voluntary-community': 0 } as Record<string, number>;
      for (const e of each) {
        const sector = sectors[e.i] as string;
        bySector[sector] = (bySector[sector] ?? 0) + (e.budget ?? 0);
      }

      expect(r).toMatchObject({
        compactId: w.compact.id,
        financialYear: fy,
        access: 'full',
        generatedAt: RUN_AT,
      });
      expect(r.asOf).toBe(fy === '2024-25' ? '2025-03-31' : '2026-03-31');
      expect(r.signatories).toBe(active.length);
      expect(r.combinedBuyingPowerPence).toBe(fy === '2024-25' ? 3_600_000_000 : 5_400_000_000);
      expect(r.combinedBuyingPowerPence).toBe(sum((e) => e.budget ?? 0));
      expect(r.buyingPowerBySector).toEqual(bySector);
      expect(r.loggedSpendPence).toBe(total);
      expect(r.shares.local).toBeCloseTo(sum((e) => e.local) / total, 5);
      expect(r.shares.sme).toBeCloseTo(sum((e) => e.sme) / total, 5);
      expect(r.shares.vcse).toBeCloseTo(sum((e) => e.vcse) / total, 5);
      expect(r.shares.criteria).toBeCloseTo(sum((e) => e.criteria) / total, 5);
      expect(r.estimatedTco2e).toBeCloseTo(sum((e) => e.kg) / 1000, 2);
      expect(r.kgCo2ePerPound).toBeCloseTo(sum((e) => e.kg) / (total / 100), 4);
      expect(r.budgetMissing.map((b: { organisationId: string }) => b.organisationId).sort()).toEqual(
        each
          .filter((e) => e.budget === null)
          .map((e) => orgIds[e.i])
          .sort(),
      );

      const weighted = each.filter((e) => e.budget !== null);
      const weight = sum((e) => e.budget ?? 0);
      expect(r.partnershipScore).toBeCloseTo(
        weighted.reduce((s, e) => s + e.score * (e.budget as number), 0) / weight,
        1,
      );
      expect(r.partners).toHaveLength(active.length);
      for (const e of each) {
        const row = r.partners.find((p: { organisationId: string }) => p.organisationId === orgIds[e.i]);
        expect(row, names[e.i]).toBeDefined();
        expect(row.buyingPowerPence).toBe(e.budget ?? 0);
        expect(row.loggedSpendPence).toBe(e.total);
        expect(row.score.maturity).toBe(e.maturity);
        expect(row.score.practice).toBeCloseTo(e.practice, 1);
        expect(row.score.reporting).toBe(e.reporting);
        expect(row.score.total).toBeCloseTo(e.score, 1);
        expect(row.links.spend).toBe(`/v1/organisations/${orgIds[e.i]}/spend?from=${fy}-Q1&to=${fy}-Q4`);
      }
      // People 5 (org 2) and people 3 / policy 2 (org 0) show in the level counts.
      if (fy === '2025-26') {
        expect(r.flexibleFramework.assessed).toBe(2);
        expect(r.flexibleFramework.themes.people).toEqual([0, 0, 0, 1, 0, 1]);
        expect(r.flexibleFramework.themes.policy).toEqual([1, 0, 1, 0, 0, 0]);
        expect(r.flexibleFramework.overall).toEqual([2, 0, 0, 0, 0, 0]);
      }
    });
  }

  it('gives reporting statuses and overdue assessments as of the year end', async () => {
    const r = (await h.call('GET', `/v1/compacts/${w.compact.id}/reports/2025-26`)).body;
    const status = (i: number) =>
      r.partners.find((p: { organisationId: string }) => p.organisationId === orgIds[i]).reportingStatus;
    expect(status(0)).toBe('reporting');
    expect(status(4)).toBe('non-reporting'); // 2024-25 Q4 is among the last four due
    expect(status(5)).toBe('lapsed');
    expect(status(10)).toBe('reporting'); // 2025-26 Q3 returned
    const overdue = r.assessmentOverdue.map((o: { organisationId: string }) => o.organisationId);
    expect(overdue).not.toContain(orgIds[0]);
    expect(overdue).not.toContain(orgIds[2]);
    expect(overdue).toContain(orgIds[1]);
    expect(r.nonReporting.map((o: { organisationId: string }) => o.organisationId).sort()).toEqual(
      [orgIds[4], orgIds[5]].sort(),
    );
  });

  it('hides partner-level figures from the public and from other partnerships', async () => {
    for (const token of [undefined, w.tokens.rep, w.tokens.otherCoordinator]) {
      const r = await h.call('GET', `/v1/compacts/${w.compact.id}/reports/2025-26`, { token });
      expect(r.status).toBe(200);
      expect(r.body.access).toBe('public');
      expect(r.body.combinedBuyingPowerPence).toBe(5_400_000_000);
      expect(typeof r.body.partnershipScore).toBe('number');
      expect(r.body.budgetMissing).toBeUndefined();
      for (const partner of r.body.partners) {
        expect(Object.keys(partner).sort()).toEqual(
          ['assessmentOverdue', 'name', 'organisationId', 'reportingStatus', 'sector'].sort(),
        );
      }
    }
  });

  it('gives the board the partners table as CSV, formulas defused', async () => {
    const csv = await h.call('GET', `/v1/compacts/${w.compact.id}/reports/2025-26`, {
      token: board(),
      headers: { accept: 'text/csv' },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toMatch(
      /^attachment; filename="compact-.*-2025-26-partners\.csv"$/,
    );
    const lines = (csv.body as string).trimEnd().split('\r\n');
    expect(lines[0]).toMatch(
      /^organisationId,name,sector,reportingStatus,assessmentOverdue,buyingPowerPence,.*scoreTotal,scoreMaturity,scorePractice,scoreReporting,interPartnerPence,localCoverage,smeCoverage,vcseCoverage,criteriaCoverage$/,
    );
    expect(lines).toHaveLength(12);
    expect(csv.body).toContain(`"'=Evil Org, Ltd"`);
    const org0 = lines.find((l) => l.startsWith(`${orgIds[0]},`)) as string;
    expect(org0.split(',')[5]).toBe(String(budgets[0]?.['2025-26']));

    const publicCsv = await h.call('GET', `/v1/compacts/${w.compact.id}/reports/2025-26?format=csv`);
    expect(publicCsv.status).toBe(200);
    expect((publicCsv.body as string).split('\r\n')[0]).toBe(
      'organisationId,name,sector,reportingStatus,assessmentOverdue',
    );
  });

  it('gives people a CSV of their own: pounds, percentages, readable headers and words, a totals row', async () => {
    const path = `/v1/compacts/${w.compact.id}/reports/2025-26`;
    const report = (await h.call('GET', path, { token: board() })).body;
    const csv = await h.call('GET', `${path}?format=csv&for=people`, { token: board() });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toMatch(
      /^attachment; filename="compact-.*-2025-26-partners-readable\.csv"$/,
    );
    const [header, ...rows] = parse(csv.body as string) as string[][];
    expect(header).toEqual([
      'Organisation',
      'Sector',
      'Reporting status',
      'Assessment',
      'Buying power (£)',
      'Budget of year',
      'Logged spend (£)',
      'Local (%)',
      'SME (%)',
      'VCSE (%)',
      'Sustainability criteria (%)',
      'Estimated emissions (tCO2e)',
      'Score (/100)',
      'Maturity (/50)',
      'Practice (/40)',
      'Reporting (/10)',
    ]);
    expect(rows).toHaveLength(report.partners.length + 1);
    const council = rows.find((r) => r[0] === 'Government Office') as string[];
    // £6,000,000.00 declared for 2025-26 (600,000,000 pence).
    expect(council.slice(1, 6)).toEqual(['public', 'reporting', 'up to date', '6000000', '2025-26']);
    const partner = report.partners.find((p: { name: string }) => p.name === 'Government Office');
    expect(Number(council[6])).toBe(partner.loggedSpendPence / 100);
    expect(Number(council[7])).toBe(Math.round(partner.shares.local * 1000) / 10);
    expect(rows.find((r) => r[0] === "'=Evil Org, Ltd")?.[1]).toBe('private');
    expect(rows.find((r) => r[0] === 'Food Network')?.[1]).toBe('voluntary and community');
    expect(rows.some((r) => r[2] === 'non-reporting') && rows.some((r) => r[2] === 'lapsed')).toBe(true);

    const totals = rows.at(-1) as string[];
    expect(totals[0]).toBe(`Total: ${report.signatories} signatories`);
    expect(totals[2]).toMatch(/^\d+ reporting, \d+ non-reporting, \d+ lapsed/);
    expect(Number(totals[4])).toBe(report.combinedBuyingPowerPence / 100);
    expect(Number(totals[6])).toBe(report.loggedSpendPence / 100);
    expect(Number(totals[12])).toBe(Math.round(report.partnershipScore * 10) / 10);

    // The public get the public columns, the machines' CSV is unchanged, a wrong `for` is explained.
    const publicCsv = parse(
      (await h.call('GET', `${path}?format=csv&for=people`)).body as string,
    ) as string[][];
    expect(publicCsv[0]).toEqual(['Organisation', 'Sector', 'Reporting status', 'Assessment']);
    expect(publicCsv.at(-1)?.[0]).toBe(`Total: ${report.signatories} signatories`);
    const machines = await h.call('GET', `${path}?format=csv&for=machines`, { token: board() });
    expect((machines.body as string).split('\r\n')[0]).toMatch(/^organisationId,name,sector,/);
    const wrong = await h.call('GET', `${path}?format=csv&for=robots`);
    expectProblem(wrong, 400);
    expect(JSON.stringify(wrong.body)).toContain('for must be machines or people');
  });

  it('writes nothing when the inputs did not change, later the same day or for the same scheduled time', async () => {
    const before = await tableItems(h);
    const later = await runReportJobs(h.deps.db, { scheduledTime: '2026-06-20T11:00:00Z', now: h.deps.now });
    expect(later.jobs.map((j) => [j.snapshots, j.snapshotsWritten, j.snapshotsUnchanged])).toEqual([
      [3, 0, 3],
      [3, 0, 3],
    ]);
    expect(later.jobs[0]?.dynamoDbRequests).toBeGreaterThan(0);
    expect(later.jobs.flatMap((j) => Object.keys(j.dynamoDbRequestsByCommand))).not.toContain('PutCommand');
    const again = await runReportJobs(h.deps.db, { scheduledTime: RUN_AT, now: h.deps.now });
    expect(again.jobs.map((j) => j.snapshotsWritten)).toEqual([0, 0]);
    expect(await tableItems(h)).toEqual(before);
  });

  it('answers 404 for unknown compacts and years without a snapshot, 400 for a malformed year', async () => {
    expectProblem(await h.call('GET', '/v1/compacts/nope/reports/2025-26'), 404);
    expectProblem(await h.call('GET', '/v1/compacts/nope/reports'), 404);
    expectProblem(await h.call('GET', `/v1/compacts/${w.compact.id}/reports/2019-20`), 404);
    expectProblem(await h.call('GET', `/v1/compacts/${w.compact.id}/reports/2025-27`), 400);
  });

  it('runs on demand for admins (every compact) and coordinators (their own), nobody else', async () => {
    expectProblem(await h.call('POST', '/v1/admin/aggregations'), 401);
    expectProblem(await h.call('POST', '/v1/admin/aggregations', { token: w.tokens.rep }), 403);
    expectProblem(await h.call('POST', '/v1/admin/aggregations', { token: board() }), 403);
    const mine = await runReportsNow(h.call, w.tokens.coordinator);
    expect(mine).toMatchObject({
      status: 'succeeded',
      scope: 'partnerships',
      partnershipIds: [w.partnership.id],
    });
    expect(mine.jobs['aggregate-buying-power'].compacts).toBe(1);
    const elsewhere = await runReportsNow(h.call, w.tokens.otherCoordinator);
    expect(elsewhere.status).toBe('succeeded');
    expect(elsewhere.jobs['aggregate-buying-power'].compacts).toBe(0);
  });
});
