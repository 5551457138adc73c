import { financialYearOf, isoDate } from '@compact-tracker/domain/periods';
import { webApp } from '@compact-tracker/web/app';
import { recentQuarters } from '@compact-tracker/web/spend-view';
import { beforeAll, describe, expect, test } from 'vitest';
import { world } from '../support/fixtures.ts';
import { type Harness, harness } from '../support/harness.ts';
import { WebClient } from './web-client.ts';

// The report pages against DynamoDB Local: the public dashboard on the compact's page, the board
// report with each partner's score components, its CSV, what another partnership's coordinator
// sees, and running the report jobs from the page.

let h: Harness;
let w: Awaited<ReturnType<typeof world>>;
let web: ReturnType<typeof webApp>;
let compactPath: string;
const fy = financialYearOf(isoDate(new Date()));
// The latest quarter of this financial year that has started.
const quarter = recentQuarters(new Date()).find((q) => q.startsWith(fy)) as string;

beforeAll(async () => {
  h = await harness();
  w = await world(h);
  web = webApp({ deps: h.deps, login: { issue: h.issuer.issue, users: [] } });
  compactPath = `/compacts/${w.compact.id}`;
  await w.ok('POST', `/v1/compacts/${w.compact.id}/signatures`, w.tokens.rep, w.signature(w.org1.id));
  await w.ok('POST', `/v1/compacts/${w.compact.id}/signatures`, w.tokens.otherRep, w.signature(w.org2.id));
  // Org One declares £5m; Org Two declares nothing (budget missing).
  await w.ok('PUT', `/v1/organisations/${w.org1.id}/budgets/${fy}`, w.tokens.rep, {
    annualProcurementBudgetPence: 500_000_000,
  });
  await w.ok('PUT', `/v1/organisations/${w.org1.id}/spend/${quarter}`, w.tokens.officer, {
    lines: [
      {
        category: 'ict',
        totalPence: 100_000_00,
        localPence: 50_000_00,
        smePence: 25_000_00,
        vcsePence: 0,
        criteriaPence: 20_000_00,
      },
    ],
  });
});

async function as(email: string) {
  const client = new WebClient(web);
  await client.login({ email });
  return client;
}

const partnersTable = (html: string) =>
  /<table class="report-partners">[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';

describe('report pages', () => {
  test('before any snapshot the dashboard says so, and a coordinator runs the jobs from the page', async () => {
    const anonymous = new WebClient(web);
    const empty = await anonymous.get(compactPath);
    expect(empty.status).toBe(200);
    expect(empty.html).toContain('No report has been computed for this compact yet.');
    expect(empty.html).not.toContain('Run aggregation now');
    // Nobody signed in may run them: sent to sign in; a board member is refused.
    expect((await anonymous.post(`${compactPath}/reports/run`, { next: compactPath })).status).toBe(303);
    const board = await as('board@example.org');
    expect((await board.get(compactPath)).html).not.toContain('Run aggregation now');
    expect((await board.post(`${compactPath}/reports/run`, { next: compactPath })).status).toBe(403);
    expect((await h.call('GET', `/v1/compacts/${w.compact.id}/reports`)).body.items).toEqual([]);

    const coordinator = await as('coord@example.org');
    const page = await coordinator.get(compactPath);
    expect(page.html).toContain('Run aggregation now');
    expect(page.html).toContain(`action="${compactPath}/reports/run"`);
    const ran = await coordinator.post(`${compactPath}/reports/run`, { next: compactPath });
    expect(ran.status).toBe(303);
    // The run goes on in the background: its page shows progress and reloads itself until it ends.
    const progressPath = ran.location as string;
    expect(progressPath).toMatch(
      new RegExp(`^/report-runs/[0-9A-Z]{26}\\?next=${encodeURIComponent(compactPath)}$`),
    );
    const running = await coordinator.get(progressPath);
    expect(running.status).toBe(200);
    expect(running.html).toContain('<h1>Report run</h1>');
    await h.reportRuns.idle();
    const done = await coordinator.get(progressPath);
    expect(done.html).toContain('The report jobs have finished');
    expect(done.html).not.toContain('http-equiv="refresh"');
    expect(done.html).toMatch(/\d+ snapshots? written/);
    expect(done.html).toContain(`href="${compactPath}"`);
    // The run is the coordinator's: the board member and people signed out do not see it.
    expect((await board.get(progressPath)).status).toBe(403);
    expect((await anonymous.get(progressPath)).status).toBe(303);
    const after = await coordinator.get(compactPath);
    expect(after.html).toContain(`Progress in ${fy}`);
    const years = (await h.call('GET', `/v1/compacts/${w.compact.id}/reports`)).body.items;
    expect(years.map((y: { financialYear: string }) => y.financialYear)).toContain(fy);
    // An outside address in `next` is not followed.
    const elsewhere = await coordinator.post(`${compactPath}/reports/run`, { next: '//evil.example/' });
    expect(elsewhere.location).toMatch(new RegExp(`\\?next=${encodeURIComponent(compactPath)}$`));
    await h.reportRuns.idle();
  });

  test('anyone sees the dashboard: aggregates and charts, never partner scores', async () => {
    const page = await new WebClient(web).get(compactPath);
    expect(page.status).toBe(200);
    expect(page.html).toContain(`Progress in ${fy}`);
    expect(page.html).toContain('Combined buying power');
    expect(page.html).toContain('£5m');
    expect(page.html).toContain('Partnership score');
    expect(page.html).toContain('kgCO2e per £');
    // Four accessible charts: sectors, shares, framework levels, trend; no script.
    expect(page.html.match(/<svg class="report-chart"[^>]*role="img"/g)).toHaveLength(4);
    expect(page.html).toContain('Combined buying power by sector</title>');
    expect(page.html).toContain('Local: 50.0%');
    expect(page.html).not.toMatch(/<script/);
    expect(page.html).not.toContain('Maturity /50');
    expect(page.html).not.toContain('report-partners');
    expect(page.html).toMatch(/<section class="report-dashboard"[\s\S]*href="\/methodology"/);
    expect(page.html).not.toContain('Run aggregation now');
    expect(page.html).toContain(`href="${compactPath}/reports/${fy}"`);
    // The register still shows each signatory's reporting status.
    expect(page.html).toContain('Register of signatories');
  });

  test('the board report is full for the board and the coordinator', async () => {
    for (const email of ['board@example.org', 'coord@example.org']) {
      const client = await as(email);
      const page = await client.get(`${compactPath}/reports/${fy}`);
      expect(page.status).toBe(200);
      expect(page.html).toContain(`Board report ${fy}`);
      expect(page.html.match(/<svg class="report-chart"/g)?.length).toBeGreaterThanOrEqual(3);
      const table = partnersTable(page.html);
      for (const heading of ['Buying power', 'Score', 'Maturity /50', 'Practice /40', 'Reporting /10']) {
        expect(table).toContain(heading);
      }
      expect(table).toContain(`href="/organisations/${w.org1.id}"`);
      expect(table).toContain('Org One');
      expect(table).toContain('£5m');
      expect(table).toContain('budget missing'); // Org Two
      expect(page.html).toMatch(/<h2>Budget missing<\/h2>[\s\S]*?Org Two/);
      expect(page.html).toContain(`href="${compactPath}/reports/${fy}/csv"`);
      expect(page.html).toMatch(
        /<a href="\/methodology" class="methodology-link">How these figures are worked out<\/a>: statuses/,
      );
      expect(page.html.includes('Run aggregation now')).toBe(email === 'coord@example.org');
    }
  });

  test('the CSV download has the header row and is an attachment', async () => {
    const board = await as('board@example.org');
    const csv = await board.get(`${compactPath}/reports/${fy}/csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toBe(
      `attachment; filename="compact-${w.compact.id}-${fy}-partners.csv"`,
    );
    const [header, ...rows] = csv.html.trim().split(/\r?\n/);
    expect(header).toBe(
      'organisationId,name,sector,reportingStatus,assessmentOverdue,buyingPowerPence,budgetMissing,budgetFinancialYear,loggedSpendPence,localShare,smeShare,vcseShare,criteriaShare,estimatedKgCo2e,scoreTotal,scoreMaturity,scorePractice,scoreReporting,interPartnerPence,localCoverage,smeCoverage,vcseCoverage,criteriaCoverage',
    );
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.includes('Org One'))).toContain(',500000000,false,');
  });

  test('beside it, the readable CSV for people: pounds, words and a totals row', async () => {
    const board = await as('board@example.org');
    expect((await board.get(`${compactPath}/reports/${fy}`)).html).toContain(
      `href="${compactPath}/reports/${fy}/csv?for=people"`,
    );
    const csv = await board.get(`${compactPath}/reports/${fy}/csv?for=people`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toBe(
      `attachment; filename="compact-${w.compact.id}-${fy}-partners-readable.csv"`,
    );
    const [header, ...rows] = csv.html.trim().split(/\r?\n/);
    expect(header).toMatch(/^Organisation,Sector,Reporting status,Assessment,Buying power \(£\),/);
    expect(rows).toHaveLength(3);
    expect(rows.find((r) => r.startsWith('Org One,'))).toContain(',5000000,');
    expect(rows.at(-1)).toMatch(/^Total: 2 signatories,/);
  });

  test("another partnership's coordinator sees only the public part", async () => {
    const other = await as('coord@elsewhere.example');
    const page = await other.get(`${compactPath}/reports/${fy}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain(`Report ${fy}`);
    expect(page.html).not.toContain('Board report');
    expect(page.html).toContain('This is the public part of the report.');
    const table = partnersTable(page.html);
    expect(table).toContain('Org One');
    expect(table).not.toContain('Maturity /50');
    expect(table).not.toContain('£5m');
    expect(page.html).not.toContain('Budget missing');
    expect(page.html).not.toContain('Run aggregation now');
    expect((await other.get(compactPath)).html).not.toContain('Run aggregation now');
    const csv = await other.get(`${compactPath}/reports/${fy}/csv`);
    expect(csv.html.split(/\r?\n/)[0]).toBe('organisationId,name,sector,reportingStatus,assessmentOverdue');
    expect(csv.headers.get('content-disposition')).toContain('-partners-public.csv');
    // Their run covers their own partnership only: refused here.
    expect((await other.post(`${compactPath}/reports/run`, { next: compactPath })).status).toBe(403);
  });

  test('a year without a snapshot is not found', async () => {
    const board = await as('board@example.org');
    expect((await board.get(`${compactPath}/reports/2001-02`)).status).toBe(404);
    expect((await board.get(`${compactPath}/reports/nonsense`)).status).toBe(404);
  });

  test("the headline signatory count is the register's now, and says when the figures count fewer", async () => {
    const headline = async (path: string) => {
      const html = (await new WebClient(web).get(path)).html;
      const block = /<dt>Signatories<\/dt>\s*<dd>([\s\S]*?)<\/dd>/.exec(html)?.[1] ?? '';
      return block
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
    };
    expect(await headline(compactPath)).toBe('2 on the register now');
    // A third organisation signs after the snapshot: the count follows at once, the figures wait for the job.
    const token = await h.token('rep@late.example', { name: 'Late Rep' });
    const late = await w.ok('POST', '/v1/organisations', token, {
      name: 'Late Org',
      sector: 'private',
      postcode: 'B2 2BB',
    });
    await w.ok('POST', `/v1/compacts/${w.compact.id}/signatures`, token, w.signature(late.id));
    expect(await headline(compactPath)).toMatch(
      /^3 on the register now; 2 in the figures as of \d{1,2} \w{3} \d{4}$/,
    );
    expect(await headline(`${compactPath}/reports/${fy}`)).toMatch(
      /^3 on the register now; 2 in the figures as of /,
    );
    // The current year's spend is the year so far.
    expect((await new WebClient(web).get(compactPath)).html).toContain('£100,000.00, the year so far');
  });
});
