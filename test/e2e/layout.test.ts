import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { keep, trackerInBrowser, visible } from './browser.ts';

// Every page family at 390 px (a phone), in Chromium: nothing may scroll sideways, and the spend
// charts' labels do not overlap. The organisation's pages printed on A4 are no wider than the
// paper; the board report at 1200 px and printed on A4: its partners table fits. With E2E_SCREENSHOTS=DIR
// set, screenshots of each go to DIR/layout-*.png for a person to look at (off by default: they cost
// seconds and prove nothing a test reads).

const COORDINATOR = 'Chris Coordinator';
const COUNCIL_REP = 'Alex Morgan';
const COMPACT = 'Birmingham Sustainable Procurement Compact';
const PHONE = 390;

const { newPage } = trackerInBrowser({ width: PHONE, height: 800 });

// Run in the page (strings: the project's type-check has no DOM library).
const PAGE_WIDTH = 'document.documentElement.scrollWidth';
/**
 * The outermost elements sticking out past the viewport, for the failure message: what to fix.
 * Inside a scrolling box only absolutely placed ones count (they escape a box that is not their
 * containing block).
 */
const WIDEST = `(() => {
  const over = (el) => el.getBoundingClientRect().right > window.innerWidth + 1;
  const scrolls = (el) => {
    for (let e = el; e && e !== document.body; e = e.parentElement) {
      if (['auto', 'scroll'].includes(getComputedStyle(e).overflowX)) return true;
    }
    return false;
  };
  return Array.from(document.body.querySelectorAll('*'))
    .filter((el) => over(el))
    .filter((el) => !scrolls(el.parentElement) || ['absolute', 'fixed'].includes(getComputedStyle(el).position))
    .filter((el) => el.parentElement === document.body || !over(el.parentElement))
    .map((el) => el.tagName.toLowerCase() + '.' + Array.from(el.classList).join('.') + ' ' + Math.round(el.getBoundingClientRect().right));
})()`;
/** Pairs of texts of the spend charts whose boxes overlap (labels drawn over each other). */
const OVERLAPPING_CHART_TEXT = `(() => {
  const pairs = [];
  for (const svg of document.querySelectorAll('svg.spend-chart')) {
    const boxes = Array.from(svg.querySelectorAll('text')).map((t) => [t.textContent, t.getBoundingClientRect()]);
    boxes.forEach(([a, p], i) => boxes.slice(i + 1).forEach(([b, q]) => {
      if (p.left < q.right && q.left < p.right && p.top < q.bottom && q.top < p.bottom) pairs.push(a + ' / ' + b);
    }));
  }
  return pairs;
})()`;
/** The partners table's width against the room its box gives it, and the page's against the viewport. */
const PARTNERS_TABLE = `(() => {
  const table = document.querySelector('table.report-partners');
  return {
    table: Math.ceil(table.getBoundingClientRect().width),
    room: table.parentElement.clientWidth,
    page: document.documentElement.scrollWidth,
    viewport: window.innerWidth,
  };
})()`;

async function signIn(page: Page, name: string) {
  await page.goto('/login');
  await page.getByRole('button', { name: new RegExp(name) }).click();
  await visible(page.getByText(`Signed in as ${name}`).first());
}

describe('layout', () => {
  test('no page scrolls sideways at 390 px, chart labels do not overlap, pages fit A4 printed, the board report table fits 1200 px and A4', async () => {
    const { page, errors } = await newPage();
    const widths: Record<string, number> = {};
    const wide: Record<string, string[]> = {};
    const measure = async (name: string, path: string, status = 200) => {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(status);
      widths[name] = await page.evaluate<number>(PAGE_WIDTH);
      if ((widths[name] as number) > PHONE) wide[name] = await page.evaluate<string[]>(WIDEST);
      await keep(page, `layout-${name}`);
    };
    const hrefOf = async (selector: string) =>
      (await page.locator(selector).first().getAttribute('href')) as string;

    await measure('login', '/login');
    await signIn(page, COORDINATOR);
    await measure('home', '/');
    await page.getByRole('link', { name: COMPACT }).click();
    const compact = new URL(page.url()).pathname;
    // The scheduler is off in tests: the coordinator runs the report jobs.
    await page.getByRole('button', { name: 'Run aggregation now' }).click();
    await visible(page.getByRole('status').filter({ hasText: 'The report jobs have finished' }), 30_000);
    await measure('report-run', new URL(page.url()).pathname);
    await measure('compact', compact);
    await keep(page.locator('section.report-dashboard'), 'layout-compact-dashboard');
    const report = await hrefOf('a.button[href*="/reports/"]');
    await measure('report', report);
    await measure('events', `${compact}/events`);
    await measure('carbon-factors', '/carbon-factors');
    await measure('docs', '/docs');
    await measure('methodology', '/methodology');
    await measure('problems', '/problems');
    await measure('problem', await hrefOf('main a[href^="/problems/"]'));
    // The coordinator's own pages: the partnership, a new compact, editing and versions.
    await measure('compact-versions', `${compact}/versions`);
    await measure('compact-edit', `${compact}/edit`);
    await measure('partnerships', '/partnerships');
    const partnership = await hrefOf('main a[href^="/partnerships/"]:not([href$="/new"])');
    await measure('partnership', partnership);
    await measure('compact-new', `${partnership}/compacts/new`);
    await measure('partnership-suppliers', `${partnership}/suppliers`);
    await measure('outbox', '/outbox');
    const before = errors.length;
    await measure('not-found', '/no-such-page', 404);
    errors.splice(before); // Chromium logs the page's own 404 as a failed resource.

    // The City Council's representative: their organisation's pages.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, COUNCIL_REP);
    await measure('me', '/me');
    await page.getByRole('link', { name: 'Birmingham City Council' }).first().click();
    const org = new URL(page.url()).pathname;
    await measure('organisation', org);
    await measure('organisation-new', '/organisations/new');
    await measure('spend', `${org}/spend`);
    expect(await page.locator('svg.spend-chart').count()).toBe(2);
    const overlapping = await page.evaluate<string[]>(OVERLAPPING_CHART_TEXT);
    await keep(page.locator('section[aria-labelledby="charts"]'), 'layout-spend-charts');
    const spendReturn = await hrefOf('table.spend-quarters a[href$="/return"]');
    await measure('spend-return', spendReturn);
    await measure('spend-imports', `${org}/spend/imports`);
    await measure('spend-import', await hrefOf('a[href*="/spend/imports/"]:not([href$="/new"])'));
    await measure('spend-import-new', `${org}/spend/imports/new`);
    await measure('assessments', `${org}/assessments`);
    const assessment = await hrefOf('a[href*="/assessments/"]:not([href$="/new"])');
    await measure('assessment', assessment);
    await measure('assessment-new', `${org}/assessments/new`);
    await measure('targets', `${org}/targets`);
    await measure('suppliers', `${org}/suppliers`);
    const supplier = await hrefOf('table.supplier-table a[href^="/suppliers/"]');
    await measure('supplier', supplier);

    // Printed on A4 (680 px of content), these pages fit too.
    await page.setViewportSize({ width: 680, height: 960 });
    await page.emulateMedia({ media: 'print' });
    const printWidths: Record<string, number> = {};
    for (const [name, path] of Object.entries({
      compact,
      organisation: org,
      spend: `${org}/spend`,
      'spend-return': spendReturn,
      assessments: `${org}/assessments`,
      assessment,
      targets: `${org}/targets`,
      suppliers: `${org}/suppliers`,
      supplier,
      methodology: '/methodology',
    })) {
      await page.goto(path);
      printWidths[name] = await page.evaluate<number>(PAGE_WIDTH);
      if ((printWidths[name] as number) > 680)
        wide[`${name} printed`] = await page.evaluate<string[]>(WIDEST);
    }
    await keep(page, 'layout-methodology-print');
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: PHONE, height: 800 });

    expect(overlapping).toEqual([]);
    expect(wide).toEqual({});
    expect(Object.entries(printWidths).filter(([, width]) => width > 680)).toEqual([]);
    expect(Object.entries(widths).filter(([, width]) => width > PHONE)).toEqual([]);

    // The board report (the coordinator sees every column) at 1200 px, then printed on A4: 210 mm
    // less 15 mm margins each side leaves 180 mm, 680 CSS px, for the content.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, COORDINATOR);
    await page.setViewportSize({ width: 1200, height: 900 });
    await page.goto(report);
    await keep(page, 'layout-report-1200');
    const desktop = await page.evaluate<Record<string, number>>(PARTNERS_TABLE);
    await page.setViewportSize({ width: 680, height: 960 });
    await page.emulateMedia({ media: 'print' });
    await keep(page, 'layout-report-print');
    const printed = await page.evaluate<Record<string, number>>(PARTNERS_TABLE);
    await page.pdf({ path: '/tmp/layout-report.pdf', format: 'A4', preferCSSPageSize: true });
    await page.emulateMedia({ media: 'screen' });
    expect(desktop.table).toBeLessThanOrEqual(desktop.room as number);
    expect(desktop.page).toBeLessThanOrEqual(desktop.viewport as number);
    expect(printed.table).toBeLessThanOrEqual(printed.room as number);
    expect(printed.page).toBeLessThanOrEqual(printed.viewport as number);

    expect(errors).toEqual([]);
  }, 120_000);
});
