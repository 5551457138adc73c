import type { Locator } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { keep, trackerInBrowser, visible } from './browser.ts';

// The whole tracker as `npm start` runs it, in Chromium: the council's representative fills in a
// Flexible Framework self-assessment on the matrix (starting from the demo's latest one), saves it,
// reads its levels and what is missing, then the history chart and the targets.

const COUNCIL = 'Birmingham City Council';

const { newPage } = trackerInBrowser({ width: 1366, height: 800 });

const textOf = async (locator: Locator) => (await locator.innerText()).replace(/\s+/g, ' ').trim();

describe('a Flexible Framework self-assessment in the browser', () => {
  test('the representative fills in the matrix, saves, and reads levels, hints, history and targets', async () => {
    const { page, errors } = await newPage();
    await page.goto('/login');
    await page.getByRole('button', { name: /Alex Morgan/ }).click();
    await visible(page.getByText('Signed in as Alex Morgan').first());

    await page.goto('/me');
    await page.getByRole('link', { name: COUNCIL }).click();
    await visible(page.getByRole('heading', { name: 'Flexible Framework' }));
    await page.getByRole('link', { name: 'New assessment' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'New self-assessment' }));

    // Started from the demo's latest assessment: people up to Practice is ticked.
    const box = (label: string) => page.getByRole('checkbox', { name: label, exact: false });
    expect(await box('People, 3b').isChecked()).toBe(true);
    expect(await page.getByLabel('Date of the assessment').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await keep(page.locator('body'), 'assessment-matrix');

    // Levels 1-2 of people stay ticked, 3a too; 3b and 3c are not met after all.
    for (const id of ['1a', '1b', '1c', '2a', '2b', '3a']) await box(`People, ${id}`).check();
    await box('People, 3b').uncheck();
    await box('People, 3c').uncheck();
    await page.getByText('Evidence for People 3a', { exact: false }).first().click();
    await page
      .getByLabel('Evidence for People 3a, text or a link')
      .fill('https://example.org/refresher-2026');
    await page.getByRole('button', { name: 'Save the assessment' }).click();

    await visible(page.getByRole('status').filter({ hasText: 'is saved: overall level 1' }));
    expect(await textOf(page.locator('p.overall'))).toBe('Overall level: 1 Foundation');
    const levels = page.locator('table.levels');
    expect(await textOf(levels.locator('tbody tr').first())).toBe('People 2 Embed');
    expect(await textOf(levels.locator('tfoot tr'))).toBe('Overall (the lowest theme) 1 Foundation');
    await visible(page.getByText('To reach Practice in people: 3b, 3c'));
    await visible(page.getByText('To reach Embed in suppliers: 2a, 2b'));
    const link = page.getByRole('link', { name: 'https://example.org/refresher-2026' });
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer nofollow');
    // Against the demo's previous assessment: 3b and 3c lost, people down from Practice to Embed.
    expect(await textOf(page.locator('table.changes tbody tr').first())).toContain(
      '3 Practice → 2 Embed (down 1)',
    );
    await keep(page, 'assessment-page');

    await page.getByRole('link', { name: 'History and comparison' }).click();
    await visible(page.getByRole('img', { name: 'Flexible Framework theme levels over time' }));
    expect(await page.locator('svg.level-chart polyline').count()).toBe(5);
    expect(await page.locator('table.history tbody tr').count()).toBe(3);
    await page.getByRole('button', { name: 'Compare' }).click();
    await visible(page.locator('#comparison'));
    await keep(page, 'assessment-history');

    await page.getByRole('link', { name: 'Targets' }).first().click();
    await visible(page.getByRole('heading', { level: 1, name: 'Flexible Framework targets' }));
    // The demo's targets: Practice in every theme by the end of the financial year; none met now.
    expect(await page.locator('table.targets tbody tr').count()).toBe(5);
    expect(await page.locator('table.targets .badge.met').count()).toBe(0);
    await page.getByLabel('Level to reach in People').selectOption('2');
    await page.getByRole('button', { name: 'Save the targets' }).click();
    await visible(page.getByRole('status').filter({ hasText: 'The targets are saved' }));
    expect(await textOf(page.locator('table.targets tbody tr').first().locator('.badge'))).toBe('met');
    await keep(page, 'targets');

    expect(errors).toEqual([]);
  });
});
