import { readFileSync } from 'node:fs';
import type { Locator } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { keep, trackerInBrowser, visible } from './browser.ts';

// The whole tracker as `npm start` runs it, in Chromium: the partnership's coordinator runs the
// report jobs from the compact's page, reads the dashboard, opens the board report with its
// charts and partners table, downloads the CSV and prints the report. Screenshots and the PDF go
// to /tmp for a person to look at.

const COMPACT = 'Birmingham Sustainable Procurement Compact';
const COORDINATOR = 'Chris Coordinator'; // coordinator@bebirmingham.example in the demo data

const { newPage } = trackerInBrowser({ width: 1280, height: 900 });

const textOf = async (locator: Locator) => ((await locator.textContent()) ?? '').trim();

describe('reports in the browser', () => {
  test('a coordinator runs the jobs, reads the dashboard and the board report, downloads the CSV and prints', async () => {
    const { page, errors } = await newPage();
    await page.goto('/login');
    await page.getByRole('button', { name: new RegExp(COORDINATOR) }).click();
    await visible(page.getByText(`Signed in as ${COORDINATOR}`).first());

    await page.goto('/');
    await page.getByRole('link', { name: COMPACT }).click();
    await visible(page.getByRole('heading', { level: 1, name: COMPACT }));
    // The scheduler is off in tests: no snapshot until the coordinator runs the jobs.
    await visible(page.getByText('No report has been computed for this compact yet.'));
    await page.getByRole('button', { name: 'Run aggregation now' }).click();
    // The run's page reloads itself until both jobs have finished, then links back.
    await visible(page.getByRole('heading', { level: 1, name: 'Report run' }));
    await visible(page.getByRole('status').filter({ hasText: 'The report jobs have finished' }), 30_000);
    await page.getByRole('link', { name: 'Back to the report' }).click();
    await visible(page.getByRole('heading', { level: 2, name: /^Progress in \d{4}-\d{2}$/ }));
    expect(await page.locator('section.report-dashboard svg.report-chart').count()).toBe(4);
    const headlines = await textOf(page.locator('section.report-dashboard dl.headlines'));
    expect(headlines).toContain('Combined buying power');
    expect(headlines).toContain('Partnership score');
    await keep(page.locator('section.report-dashboard'), 'report-dashboard');
    await keep(page, 'compact-dashboard');

    // The board report of the same year.
    await page.getByRole('link', { name: /^Board report for / }).click();
    await visible(page.getByRole('heading', { level: 1, name: /^Board report \d{4}-\d{2}$/ }));
    expect(await page.locator('svg.report-chart').count()).toBeGreaterThanOrEqual(3);
    const rows = page.locator('table.report-partners tbody tr');
    expect(await rows.count()).toBe(12);
    const council = rows.filter({
      has: page.getByRole('link', { name: 'Birmingham City Council', exact: true }),
    });
    expect(await textOf(council.locator('td').nth(2))).toBe('£900m');
    const headers = await page.locator('table.report-partners thead th').allTextContents();
    expect(headers.map((t) => t.trim())).toEqual(
      expect.arrayContaining(['Score', 'Maturity /50', 'Practice /40', 'Reporting /10']),
    );
    await keep(page, 'board-report');

    // The CSV, as a download.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^compact-.+-\d{4}-\d{2}-partners\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8');
    const [header, ...lines] = csv.trim().split(/\r?\n/);
    expect(header).toMatch(/^organisationId,name,sector,reportingStatus,assessmentOverdue,buyingPowerPence,/);
    expect(header).toMatch(
      /,scoreTotal,scoreMaturity,scorePractice,scoreReporting,interPartnerPence,localCoverage,smeCoverage,vcseCoverage,criteriaCoverage$/,
    );
    expect(lines).toHaveLength(12);

    // Printed: no navigation, toolbar or forms; the charts and the table kept.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.site-header').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Run aggregation now' }).isVisible()).toBe(false);
    expect(await page.locator('svg.report-chart').first().isVisible()).toBe(true);
    expect(await page.locator('table.report-partners').isVisible()).toBe(true);
    await keep(page, 'board-report-print');
    await page.pdf({
      path: '/tmp/e2e-board-report.pdf',
      format: 'A4',
      preferCSSPageSize: true,
      printBackground: true,
    });
    await page.emulateMedia({ media: 'screen' });

    expect(errors).toEqual([]);
  }, 30_000);
});
