import type { Locator, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { trackerInBrowser, visible } from './browser.ts';

// The whole tracker as `npm start` runs it (DynamoDB Local, demo data, API and pages in one
// process), driven by a real Chromium: a representative signs the demo compact through the pages.

const FOOD_NETWORK = 'Birmingham Community Food Network';
const COMPACT = 'Birmingham Sustainable Procurement Compact';

const { newPage } = trackerInBrowser();

function registerRow(page: Page, name: string) {
  return page.locator('table tbody tr').filter({ has: page.getByRole('link', { name, exact: true }) });
}

// playwright-core has no web-first assertions (those are @playwright/test's): wait, then expect.
const textOf = async (locator: Locator) => ((await locator.textContent()) ?? '').trim();

describe('signing a compact in the browser', () => {
  test('an anonymous visitor reads the compact and its register without signing in', async () => {
    const { page, errors } = await newPage();
    await page.goto('/');
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Sustainable procurement compacts');
    await page.screenshot({ path: '/tmp/e2e-home.png', fullPage: true });

    await page.getByRole('link', { name: COMPACT }).click();
    await visible(page.getByRole('heading', { name: 'Commitments' }));
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(COMPACT);
    expect(await page.locator('ol.commitments li').count()).toBe(6);
    expect(await textOf(registerRow(page, 'Birmingham City Council').locator('.badge').first())).toBe(
      'signed',
    );
    // Twelve signatories and one organisation that withdrew.
    expect(await page.locator('table tbody tr').count()).toBe(13);
    // Nothing to act on without signing in, only the way to sign in.
    expect(await page.getByRole('button', { name: 'Sign the compact' }).count()).toBe(0);
    await visible(page.getByRole('main').getByRole('link', { name: 'Sign in' }));
    // The stylesheet loaded under the CSP and nothing was blocked.
    const headerColour = await page
      .locator('header.site-header')
      .evaluate((el) => (globalThis as any).getComputedStyle(el).backgroundColor);
    expect(headerColour).toBe('rgb(15, 74, 46)');
    expect(errors).toEqual([]);
  });

  test('a representative signs in, registers interest and signs; the register shows it', async () => {
    const { page, errors } = await newPage();
    await page.goto('/login');
    await page.getByRole('button', { name: /Rosa Representative/ }).click();
    await visible(page.getByText('Signed in as Rosa Representative').first());

    await page.getByRole('link', { name: COMPACT }).click();
    await visible(page.getByRole('heading', { name: 'Commitments' }));
    expect(await registerRow(page, FOOD_NETWORK).count()).toBe(0);

    await page.getByRole('button', { name: 'Register interest' }).click();
    await visible(
      page.getByRole('status').filter({ hasText: `${FOOD_NETWORK} is now registered as interested` }),
    );
    expect(await textOf(registerRow(page, FOOD_NETWORK).locator('.badge').first())).toBe('interested');

    await page.getByLabel('Name of the signatory').fill('Rosa Representative');
    await page.getByLabel('Job title').fill('Chief Officer');
    await page.getByLabel(/I accept the 6 commitments of version 1/).check();
    await page.getByRole('button', { name: 'Sign the compact' }).click();

    await visible(
      page
        .getByRole('status')
        .filter({ hasText: `Rosa Representative signed version 1 of the compact for ${FOOD_NETWORK}` }),
    );
    const row = registerRow(page, FOOD_NETWORK);
    expect(await textOf(row.locator('.badge').first())).toBe('signed');
    expect(await textOf(row.locator('td.num'))).toBe('1'); // the version signed
    expect(await page.locator('table tbody tr').count()).toBe(14);
    // Signed: the next thing on offer is withdrawal, not signing again.
    expect(await page.getByRole('button', { name: 'Sign the compact' }).count()).toBe(0);
    await visible(page.getByRole('button', { name: 'Withdraw from the compact' }));

    await page.screenshot({ path: '/tmp/e2e-compact.png', fullPage: true });
    expect(errors).toEqual([]);
  });
});

describe('the pages explaining API problems', () => {
  test('resolve from a problem the API answers, and read at 390 px and in print without sideways scroll', async () => {
    const { page, errors } = await newPage();
    const answer = await page.request.delete('/v1/compacts');
    expect(answer.status()).toBe(405);
    const { type } = (await answer.json()) as { type: string };
    await page.setViewportSize({ width: 390, height: 844 });
    for (const path of [type, '/problems', '/problems/invalid-request']) {
      await page.goto(path);
      await visible(page.getByRole('heading', { level: 1 }));
      for (const media of ['screen', 'print'] as const) {
        await page.emulateMedia({ media });
        const width = await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth);
        expect(width, `${path} ${media}`).toBeLessThanOrEqual(390);
      }
      await page.emulateMedia({ media: 'screen' });
    }
    expect(await page.getByRole('heading', { name: 'How to put it right' }).count()).toBe(1);
    expect(errors).toEqual([]);
  });
});
