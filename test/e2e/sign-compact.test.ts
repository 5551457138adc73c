import type { Locator, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { keep, trackerInBrowser, visible } from './browser.ts';

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
    await keep(page, 'home');

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

    await keep(page, 'compact');
    expect(errors).toEqual([]);
  });

  test('a forged sign-in callback is refused with a page that explains, and signs no one in', async () => {
    const { page, errors } = await newPage();
    const response = await page.goto('/auth/callback?code=stolen-or-made-up&state=not-from-this-browser');
    expect(response?.status()).toBe(400);
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Not signed in');
    await visible(page.getByText('You are not signed in.'));
    expect((await page.context().cookies()).some((c) => c.name === 'ct_session')).toBe(false);
    // The way out: starting again goes to the issuer's sign-in page.
    await page.getByRole('link', { name: 'Sign in again' }).click();
    await visible(page.getByRole('heading', { name: 'Demo users' }));
    expect(errors.filter((e) => !e.includes('400'))).toEqual([]);
  });

  test('a new email signs in at the issuer, registers an organisation and signs; a coordinator verifies it; the register shows it verified', async () => {
    const TRUST = 'Ladywood Green Trust';
    const { page, errors } = await newPage();
    await page.goto('/login?next=/organisations/new');
    // The local issuer's sign-in page (another origin, as Cognito's managed login is): any email.
    await visible(page.getByRole('heading', { name: 'Anyone else' }));
    await page.getByLabel('Email').fill('nia@ladywoodgreen.example');
    await page.getByLabel('Name').fill('Nia Newcomer');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await visible(page.getByText('Signed in as Nia Newcomer').first());
    expect(new URL(page.url()).pathname).toBe('/organisations/new');

    await page.getByLabel('Name', { exact: true }).fill(TRUST);
    await page.getByLabel('Sector').selectOption('voluntary-community');
    await page.getByLabel('Postcode').fill('B16 8AA');
    await page.getByRole('button', { name: 'Register the organisation' }).click();
    await visible(page.getByRole('status').filter({ hasText: `${TRUST} is registered` }));

    await page.goto('/');
    await page.getByRole('link', { name: COMPACT }).click();
    await page.getByLabel('Name of the signatory').fill('Nia Newcomer');
    await page.getByLabel('Job title').fill('Chair of Trustees');
    await page.getByLabel(/I accept the 6 commitments of version 1/).check();
    await page.getByRole('button', { name: 'Sign the compact' }).click();
    await visible(
      page
        .getByRole('status')
        .filter({ hasText: `Nia Newcomer signed version 1 of the compact for ${TRUST}` }),
    );
    expect(await textOf(registerRow(page, TRUST))).toContain('awaiting verification');
    expect(errors).toEqual([]);

    // The partnership's coordinator sees who awaits verification, and verifies the trust.
    const coordinator = await newPage();
    await coordinator.page.goto('/login');
    await coordinator.page.getByRole('button', { name: /Chris Coordinator/ }).click();
    await visible(coordinator.page.getByText('Signed in as Chris Coordinator').first());
    await coordinator.page.getByRole('link', { name: COMPACT }).click();
    await visible(coordinator.page.getByRole('heading', { name: 'Awaiting verification' }));
    await keep(coordinator.page, 'verification');
    await coordinator.page.getByRole('button', { name: `Verify ${TRUST}` }).click();
    await visible(
      coordinator.page.getByRole('status').filter({ hasText: `The signature of ${TRUST} is verified.` }),
    );
    expect(await coordinator.page.getByRole('button', { name: `Verify ${TRUST}` }).count()).toBe(0);
    expect(coordinator.errors).toEqual([]);

    // Anyone reading the register sees the signature verified, with its date.
    const visitor = await newPage();
    await visitor.page.goto('/');
    await visitor.page.getByRole('link', { name: COMPACT }).click();
    const row = registerRow(visitor.page, TRUST);
    await visible(row);
    expect(await textOf(row)).not.toContain('awaiting verification');
    expect(await row.locator('td time').count()).toBe(2); // signed and verified dates
    await keep(visitor.page, 'register-verified');
    expect(visitor.errors).toEqual([]);
  });

  test('an invitation lands in the local outbox; the invited person follows its link, signs in and accepts', async () => {
    const { page, errors } = await newPage();
    await page.goto('/login?next=/me');
    await page.getByRole('button', { name: /Rosa Representative/ }).click();
    await page.getByRole('link', { name: FOOD_NETWORK }).click();
    await page.getByLabel('Email', { exact: true }).fill('olu@foodnetwork.example');
    await page.getByLabel('Role').selectOption('officer');
    await page.getByRole('button', { name: 'Invite', exact: true }).click();
    await visible(page.getByRole('status').filter({ hasText: 'is in the local outbox' }));
    expect(errors).toEqual([]);

    const invited = await newPage();
    await invited.page.goto('/outbox');
    await visible(
      invited.page.getByRole('heading', { name: /invites you to Birmingham Community Food Network/ }),
    );
    await invited.page
      .getByRole('link', { name: /\/invitations\// })
      .first()
      .click();
    await visible(invited.page.getByText('invites you to be an officer of'));
    await invited.page.getByRole('link', { name: 'Sign in to accept' }).click();
    await invited.page.getByLabel('Email').fill('olu@foodnetwork.example');
    await invited.page.getByLabel('Name').fill('Olu Officer');
    await invited.page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await invited.page.getByRole('button', { name: 'Accept the invitation' }).click();
    await visible(invited.page.getByRole('status').filter({ hasText: 'the invitation is accepted' }));
    await visible(invited.page.getByText('You are its officer.'));
    expect(invited.errors).toEqual([]);
  });

  // Last: the demo compact is at version 2 afterwards.
  test('a coordinator publishes version 2 from the pages; the version history shows what changed', async () => {
    const { page, errors } = await newPage();
    await page.goto('/login');
    await page.getByRole('button', { name: /Chris Coordinator/ }).click();
    await page.getByRole('link', { name: COMPACT }).click();
    await page.getByRole('link', { name: 'Edit (makes a new version)' }).click();
    const commitments = page.getByLabel('Commitments');
    const text = await commitments.inputValue();
    await commitments.fill(`${text}\nPay small suppliers within 20 days.`);
    await page.getByRole('button', { name: 'Save' }).click();
    await visible(page.getByRole('status').filter({ hasText: 'Version 2 is published' }));
    expect(await page.locator('ol.commitments li').count()).toBe(7);
    await page.getByRole('link', { name: 'Version history' }).click();
    await visible(page.getByRole('heading', { name: 'Version 2 (current)' }));
    expect(await textOf(page.locator('ins').last())).toBe('Pay small suppliers within 20 days.');
    await keep(page, 'versions');
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
