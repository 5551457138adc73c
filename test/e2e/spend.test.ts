import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatPence } from '@compact-tracker/domain/money';
import { quarterLabel, recentQuarters } from '@compact-tracker/web/spend-view';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { companiesHeader, companyLine } from '../support/register-files.ts';
import { transparencyCsv } from '../support/transparency-csv.ts';
import { keep, trackerInBrowser, visible } from './browser.ts';

// The whole tracker as `npm start` runs it, in Chromium: the City Council's representative enters
// a quarterly return, then imports a council transparency CSV through the mapping page, watching
// the import's progress to the end. Screenshots (E2E_SCREENSHOTS) are for a person to look at.

// An organisation the demo data gives no spend, so the first return is the only row.
const COUNCIL = 'Birmingham Community Food Network';
const REP = 'Rosa Representative'; // rep@foodnetwork.example in the demo data

const { newPage, running } = trackerInBrowser();

const textOf = async (locator: Locator) => ((await locator.textContent()) ?? '').trim();

// Chromium here (--single-process) sends every context's fetch() with the first context's cookies:
// the import page's preview is a fetch(), so whoever imports does so on the first context's page.
let signedIn: Awaited<ReturnType<typeof newPage>> | undefined;
/** The partner that imports Darlington's file in the suppliers' tests. */
let partnerId = '';

describe('spend in the browser', () => {
  test('a representative enters a return, then imports a transparency CSV and watches it complete', async () => {
    signedIn = await newPage();
    const { page, errors } = signedIn;
    await page.goto('/login');
    await page.getByRole('button', { name: new RegExp(REP) }).click();
    await visible(page.getByText(`Signed in as ${REP}`).first());

    // From their organisation's page to its spend.
    await page.goto('/me');
    await page.getByRole('link', { name: COUNCIL }).click();
    await page.getByRole('link', { name: 'Spend by quarter' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Spend' }));
    await visible(page.getByText('No spend has been logged yet.'));

    // A return for last quarter, through the quarter picker; a part over its total is explained first.
    const quarter = recentQuarters(new Date())[1] as string;
    await page.getByLabel('Return for').selectOption(quarter);
    await page.getByRole('button', { name: 'Open the return' }).click();
    await visible(page.getByRole('heading', { level: 1, name: `Spend return: ${quarterLabel(quarter)}` }));
    const cell = (category: string, part: string) => page.locator(`#return-${category}-${part}`);
    await cell('construction', 'total').fill('1,250,000');
    await cell('construction', 'local').fill('2,000,000');
    await cell('construction', 'sme').fill('400,000');
    await cell('social-care', 'total').fill('800,000.50');
    await cell('social-care', 'vcse').fill('300,000');
    await cell('ict', 'total').fill('-12,000');
    await page.getByRole('button', { name: 'Save the return' }).click();
    await visible(page.locator('#return-construction-local-error'));
    expect(await textOf(page.locator('#return-construction-local-error'))).toContain(
      'must be between £0.00 and the total, £1,250,000.00',
    );
    await keep(page, 'e2e-spend-return');
    await cell('construction', 'local').fill('500,000');
    await page.getByRole('button', { name: 'Save the return' }).click();
    await visible(page.getByRole('status').filter({ hasText: `The return for ${quarter} is saved` }));
    const quarters = page.locator('table.spend-quarters tbody tr');
    expect(await quarters.count()).toBe(1);
    expect(await textOf(quarters.first().locator('th'))).toBe(quarterLabel(quarter));
    expect(await textOf(quarters.first().locator('td').first())).toBe('£2,038,000.50');

    // An import of 3,000 transactions, every 97th one unreadable.
    const file = transparencyCsv({ rows: 3000, invalidEvery: 97 });
    const path = join(mkdtempSync(join(tmpdir(), 'ct-e2e-')), 'spending-over-500.csv');
    writeFileSync(path, file.bytes);
    await page.getByRole('link', { name: 'Import a spend CSV' }).click();
    await page.getByLabel('CSV file').setInputFiles(path);
    await visible(page.getByRole('heading', { name: 'Columns of spending-over-500.csv' }));
    // The suggested mapping is kept; the categories are mapped by hand.
    expect(await page.getByLabel('Date', { exact: true }).inputValue()).toBe('Payment Date');
    expect(await page.getByLabel('Amount', { exact: true }).inputValue()).toBe('Ammount');
    await page.getByRole('combobox', { name: 'Building Repairs' }).selectOption('construction');
    await page.getByRole('combobox', { name: 'IT Software' }).selectOption('ict');
    await page.getByRole('combobox', { name: 'Refuse Collection' }).selectOption('waste');
    await keep(page, 'e2e-import-mapping');
    await page.getByRole('button', { name: 'Import the file' }).click();

    await page.waitForURL(/\/spend\/imports\/\w+$/, { timeout: 10_000 });
    await visible(page.locator('.badge.completed'), 30_000);
    const counts = await textOf(page.locator('dl.import-counts'));
    expect(counts).toContain(`Imported${(3000 - file.rejectedLines.length).toLocaleString('en-GB')}`);
    expect(counts).toContain(`Rejected${file.rejectedLines.length}`);
    const rejected = page.locator('table.rejected-rows tbody tr');
    expect(await rejected.count()).toBe(file.rejectedLines.length);
    expect(await textOf(rejected.nth(3).locator('td').first())).toBe(String(file.rejectedLines[3]));
    for (const [q, pence] of Object.entries(file.totalsByQuarter)) {
      const row = page.locator('table.import-quarters tbody tr').filter({ hasText: quarterLabel(q) });
      expect(await textOf(row.locator('td'))).toBe(formatPence(pence));
    }
    await keep(page, 'e2e-import-completed');

    // The spend page now has the imported quarter too, charted.
    await page.getByRole('link', { name: "See the organisation's spend" }).click();
    await visible(page.locator('svg.spend-chart').first());
    expect(await quarters.count()).toBe(1 + Object.keys(file.totalsByQuarter).length);
    await keep(page, 'e2e-spend');
    // The one 400 is the return with an error, answered as the form again: nothing else may fail.
    expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
    expect(errors.length).toBeLessThanOrEqual(1);
  }, 60_000);

  // The council files that failed (test/fixtures/field-cases), through the import page to their
  // totals: the page reads each file's first bytes as the import job reads the whole file.
  test('real council files import through the page to their totals', async () => {
    // The page the first test signed in with: Chromium here (--single-process) sends a second
    // context's fetch() with the first context's cookies, so one signed-in page serves both.
    const { page, errors } = signedIn ?? (await newPage());
    if (!signedIn) {
      await page.goto('/login');
      await page.getByRole('button', { name: new RegExp(REP) }).click();
      await visible(page.getByText(`Signed in as ${REP}`).first());
    }
    errors.length = 0;
    await page.goto('/me');
    await page.getByRole('link', { name: COUNCIL }).click();
    await page.getByRole('link', { name: 'Spend by quarter' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Spend' }));
    const spendUrl = page.url();
    const organisationId = /\/organisations\/([^/]+)\/spend/.exec(spendUrl)?.[1] as string;
    const dir = mkdtempSync(join(tmpdir(), 'ct-e2e-cases-'));
    const select = (label: string) => page.getByLabel(label, { exact: true });

    async function importThroughPage(name: string, check: () => Promise<void>) {
      const path = join(dir, name);
      writeFileSync(path, readFileSync(join(import.meta.dirname, '../fixtures/field-cases', name)));
      await page.goto(`${spendUrl}/imports/new`);
      await page.getByLabel('CSV file').setInputFiles(path);
      await visible(page.getByRole('heading', { name: `Columns of ${name}` }));
      await check();
      await page.getByRole('button', { name: 'Import the file' }).click();
      await page.waitForURL(/\/spend\/imports\/\w+$/, { timeout: 10_000 });
      await visible(page.locator('.badge.completed'), 30_000);
      const cells = await page.locator('table.import-quarters tbody td').allTextContents();
      return cells.reduce((sum, text) => sum + Math.round(Number(text.replace(/[£,\s]/g, '')) * 100), 0);
    }

    // Title rows above the header (Darlington): the header is found, its names suggested.
    const darlington = await importThroughPage('case05-title-rows-above-header.csv', async () => {
      expect(await select('Date').inputValue()).toBe('Transaction Date');
      expect(await select('Amount').inputValue()).toBe('Invoice Line Value (net of VAT)');
      expect(await select('Date format').inputValue()).toBe('yyyy-mm-dd');
    });
    expect(darlington).toBe(11_776_237);

    // "PAYMENT AMOUNT" twice (Wandsworth): each offered by its position.
    const wandsworth = await importThroughPage('case06-wandsworth-duplicate-header.csv', async () => {
      await select('Date').selectOption({ label: 'PAYMENT AMOUNT (column 2)' });
      await select('Amount').selectOption({ label: 'PAYMENT AMOUNT (column 3)' });
      expect(await select('Amount').inputValue()).toBe('#3');
    });
    expect(wandsworth).toBe(1_697_625);

    // Windows-1252 (Bradford): the category text is read right, and chosen by hand it is listed.
    await importThroughPage('case07-bradford-cp1252-category-preview.csv', async () => {
      await page.locator('#map-category').selectOption('');
      await visible(page.getByText('No category column was recognised'));
      await page.locator('#map-category').selectOption('Expenditure category');
      await page.getByRole('combobox', { name: 'Children’s Services' }).selectOption('social-care');
      await keep(page, 'e2e-import-cp1252');
    });
    const token = await running().issuer.issue({ email: 'rep@foodnetwork.example', name: REP });
    const spend = await fetch(
      `${running().url}/v1/organisations/${organisationId}/spend?from=2017-18-Q3&to=2017-18-Q3`,
      { headers: { authorization: `Bearer ${token}` } },
    ).then((r) => r.json() as Promise<{ items: { category: string; totalPence: number }[] }>);
    expect(spend.items.find((i) => i.category === 'social-care')?.totalPence).toBe(32_608_225);

    // A stray quote in an unquoted cell (Newcastle): text, not a broken file.
    const newcastle = await importThroughPage('case08-newcastle-stray-quote.csv', async () => {
      expect(await select('Amount').inputValue()).toBe('Total');
    });
    expect(newcastle).toBe(7_229_909);

    // Gross, VAT and Net under "Amount" (Salford): the net column is suggested, by position.
    const salford = await importThroughPage('case15-salford-two-header-rows.csv', async () => {
      expect(await select('Amount').inputValue()).toBe('#6');
      expect(await select('Date').inputValue()).toBe('Date of Payment');
    });
    expect(salford).toBe(93_838_076);
    expect(errors).toEqual([]);
  }, 120_000);

  test('a file read in the wrong date format stops for review, runs again as suggested, is restated and reverted', async () => {
    // The first test's signed-in page, as the council files' test does.
    const { page, errors } = signedIn ?? (await newPage());
    if (!signedIn) {
      await page.goto('/login');
      await page.getByRole('button', { name: new RegExp(REP) }).click();
    }
    await visible(page.getByText(`Signed in as ${REP}`).first());
    errors.length = 0;
    await page.goto('/me');
    await page.getByRole('link', { name: COUNCIL }).click();
    await page.getByRole('link', { name: 'Spend by quarter' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Spend' }));

    // Six payments of January to March 2016 in dd/mm/yyyy: 1,000 + 200 + 30 (Building Repairs)
    // and 4 + 5 + 6 (IT Software).
    const csv = [
      'Body Name,Payment Date,Transaction Number,Ammount,Supplier Name,Expense Type',
      'Food Network,05/01/2016,90000001,1000.00,Acme Ltd,Building Repairs',
      'Food Network,13/01/2016,90000002,200.00,Acme Ltd,Building Repairs',
      'Food Network,20/02/2016,90000003,30.00,Acme Ltd,Building Repairs',
      'Food Network,21/02/2016,90000004,4.00,Byte Co,IT Software',
      'Food Network,22/03/2016,90000005,5.00,Byte Co,IT Software',
      'Food Network,28/03/2016,90000006,6.00,Byte Co,IT Software',
    ].join('\r\n');
    const path = join(mkdtempSync(join(tmpdir(), 'ct-e2e-')), 'jan-mar-2016.csv');
    writeFileSync(path, csv);
    const upload = async (dateFormat: string, software: string) => {
      // From the spend page (the import pages link back to it).
      const back = page.getByRole('link', { name: 'Spend', exact: true });
      if ((await back.count()) > 0) await back.first().click();
      await page.getByRole('link', { name: 'Import a spend CSV' }).click();
      await visible(page.getByRole('heading', { level: 1, name: 'Import a spend CSV' }));
      await page.getByLabel('CSV file').setInputFiles(path);
      await visible(page.getByRole('heading', { name: 'Columns of jan-mar-2016.csv' }));
      await page.getByLabel('Date format').selectOption(dateFormat);
      await page.getByRole('combobox', { name: 'Building Repairs' }).selectOption('construction');
      await page.getByRole('combobox', { name: 'IT Software' }).selectOption(software);
      await page.getByRole('button', { name: 'Import the file' }).click();
      await page.waitForURL(/\/spend\/imports\/\w+$/, { timeout: 10_000 });
    };

    // Read as mm/dd/yyyy, five of six rows would be rejected: it stops, writing nothing.
    await upload('mm/dd/yyyy', 'ict');
    await visible(page.locator('.badge.needs-review'), 30_000);
    expect(await textOf(page.locator('.review-reasons'))).toContain(
      '5 rows: 13/01/2016 is not mm/dd/yyyy; the file reads as dd/mm/yyyy',
    );
    await visible(page.getByText('File SHA-256'));
    await keep(page, 'e2e-import-review');
    await page.getByRole('button', { name: 'Run again with dd/mm/yyyy' }).click();
    await visible(page.locator('.badge.completed'), 30_000);
    const counts = page.locator('dl.import-counts');
    expect(await textOf(counts)).toContain('Imported6');
    const row = page
      .locator('table.import-quarters tbody tr')
      .filter({ hasText: quarterLabel('2015-16-Q4') });
    expect(await textOf(row.locator('td'))).toBe('£1,245.00');

    // The same file again, its IT Software now professional services: three rows restated.
    await upload('dd/mm/yyyy', 'professional-services');
    await visible(page.locator('.badge.completed'), 30_000);
    expect(await textOf(counts)).toContain('Restated3');
    expect(await textOf(counts)).toContain('Imported0');
    expect(await page.locator('table.restated-rows tbody tr').count()).toBe(3);
    expect(await textOf(page.locator('table.restated-rows tbody tr').first())).toContain(
      'category: ICT → Professional services',
    );
    expect(await textOf(page.locator('dl.file-facts'))).toContain('import ');
    await keep(page, 'e2e-import-restated');

    // Reverted from its page, with the confirmation: the lines go back to ICT.
    await page.getByRole('button', { name: 'Revert the import' }).click();
    expect(page.url()).toMatch(/\/spend\/imports\/\w+$/); // the required box stopped the form
    await page.getByLabel(/Yes, revert it/).check();
    await page.getByRole('button', { name: 'Revert the import' }).click();
    await visible(page.locator('.badge.reverted'));
    await page.goto(page.url().replace(/\/spend\/.*$/, '/spend'));
    const categories = await textOf(page.locator('table.spend-categories'));
    expect(categories).toContain('ICT');
    expect(categories).not.toContain('Professional services');
    expect(errors).toEqual([]);
  }, 90_000);
});

// Suppliers from a real file: Darlington's September 2022 payments (20 rows, £117,762.37), imported
// by a partner with no other imported spend. Its three largest suppliers, from the file:
const ZURICH = 2_759_884; // ZURICH MUNICPAL
const CREDIT_UNION = 1_973_107; // DARLINGTON CREDIT UNION LIMITED
const PRUDENTIAL = 1_657_849; // PRUDENTIAL LOCAL GOVERNMENT
const STANDARD_LIFE = 303_332; // STANDARD LIFE
const DARLINGTON_TOTAL = 11_776_237;
const pct = (part: number, whole: number) => `${Math.round((100 * part) / whole)}%`;

/** The first context's page, signed out of whoever used it and signed in again by `signIn`. */
async function firstPageAs(signIn: (page: Page) => Promise<void>) {
  const first = signedIn ?? (await newPage());
  signedIn = first;
  const signOut = first.page.getByRole('button', { name: 'Sign out' });
  if ((await signOut.count()) > 0) await signOut.click();
  await signIn(first.page);
  first.errors.length = 0;
  return first;
}

describe('suppliers in the browser', () => {
  test('a coordinator sets the area; a representative imports a real file, classifies its largest suppliers and sees the shares; the coordinator sees them shared', async () => {
    // A signatory's representative (the local issuer takes any email), on the first context's page.
    const { page, errors } = await firstPageAs(async (page) => {
      await page.goto('/login?next=/me');
      await page.getByLabel('Email').fill('rep@birmingham-voluntary-service-council.example');
      await page.getByLabel('Name').fill('Grace Osei');
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await visible(page.getByText('Signed in as Grace Osei').first());
    });

    // The partnership's coordinator defines its area: Birmingham (B) and central Darlington (DL1).
    const coordinator = await newPage();
    await coordinator.page.goto('/login');
    await coordinator.page.getByRole('button', { name: /Chris Coordinator/ }).click();
    await visible(coordinator.page.getByText('Signed in as Chris Coordinator').first());
    await coordinator.page.goto('/partnerships');
    await coordinator.page.getByRole('link', { name: 'Be Birmingham' }).click();
    await coordinator.page.getByRole('link', { name: 'Shared suppliers and area' }).click();
    await coordinator.page.getByLabel('Postcode areas or districts').fill('b, dl1');
    await coordinator.page.getByRole('button', { name: 'Save area' }).click();
    await visible(coordinator.page.getByRole('status').filter({ hasText: 'The area is now B, DL1.' }));

    // The representative imports Darlington's file.
    await page.getByRole('link', { name: 'Birmingham Voluntary Service Council' }).click();
    const organisationUrl = page.url();
    partnerId = new URL(organisationUrl).pathname.split('/')[2] as string;
    await page.getByRole('link', { name: 'Import a spend CSV' }).click();
    const name = 'case05-title-rows-above-header.csv';
    const path = join(mkdtempSync(join(tmpdir(), 'ct-e2e-suppliers-')), name);
    writeFileSync(path, readFileSync(join(import.meta.dirname, '../fixtures/field-cases', name)));
    await page.getByLabel('CSV file').setInputFiles(path);
    await visible(page.getByRole('heading', { name: `Columns of ${name}` }));
    expect(await page.locator('#map-supplierName').inputValue()).toBe('Supplier');
    await page.getByRole('button', { name: 'Import the file' }).click();
    await visible(page.locator('.badge.completed'), 30_000);
    expect(await textOf(page.locator('.import-suppliers'))).toMatch(
      /^\d+ new suppliers, £[\d,.]+ not yet classified\. Classify the largest suppliers\.$/,
    );

    // Largest first, unclassified only; each of the three classified from its own page.
    await page.getByRole('link', { name: 'Classify the largest suppliers' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Suppliers' }));
    const names = await page.locator('table.supplier-table tbody th').allTextContents();
    expect(names.slice(0, 3)).toEqual([
      'ZURICH MUNICPAL',
      'DARLINGTON CREDIT UNION LIMITED',
      'PRUDENTIAL LOCAL GOVERNMENT',
    ]);
    const suppliersUrl = page.url();
    const classify = async (supplier: string, facts: { postcode: string; sme: string; vcse?: string }) => {
      await page.goto(suppliersUrl);
      await page.getByRole('link', { name: supplier, exact: true }).click();
      await visible(page.getByRole('heading', { level: 1, name: supplier }));
      await page.getByLabel('Postcode').fill(facts.postcode);
      await page.getByLabel('SME', { exact: true }).selectOption(facts.sme);
      if (facts.vcse) await page.getByLabel('VCSE', { exact: true }).selectOption(facts.vcse);
      await page.getByRole('button', { name: 'Save facts' }).click();
      await visible(page.getByRole('status').filter({ hasText: 'The facts are saved' }));
    };
    await classify('ZURICH MUNICPAL', { postcode: 'b1 1bb', sme: 'no' });
    await classify('DARLINGTON CREDIT UNION LIMITED', { postcode: 'DL1 5QT', sme: 'yes', vcse: 'yes' });
    await classify('PRUDENTIAL LOCAL GOVERNMENT', { postcode: 'EC2R 8AG', sme: 'no' });
    // The facts and their history are public on the supplier's page.
    expect(await textOf(page.locator('section[aria-labelledby="history"] tbody tr').first())).toContain(
      'officer',
    );

    // The organisation page: shares of the classified third-party spend, with their coverage.
    const classified = ZURICH + CREDIT_UNION + PRUDENTIAL;
    const share = (yes: number, known: number) =>
      `${pct(yes, known)} of the ${pct(known, DARLINGTON_TOTAL)} classified`;
    await page.goto(organisationUrl);
    const shares = page.locator('section.supplier-shares dl');
    expect(await textOf(shares.locator('dt').first())).toBe('Local to Be Birmingham');
    const values = await shares.locator('dd').allTextContents();
    expect(values.slice(0, 4)).toEqual([
      share(ZURICH + CREDIT_UNION, classified), // 74% of the 54% classified
      share(CREDIT_UNION, classified), // SME: 31% of the 54%
      share(CREDIT_UNION, CREDIT_UNION), // VCSE: 100% of the 17%
      '£0.00 (left out of the shares)',
    ]);
    await keep(page, 'e2e-organisation-shares');
    expect(errors).toEqual([]);

    // The coordinator sees the partner's suppliers among the signatories' shared suppliers.
    await coordinator.page.reload();
    const row = coordinator.page
      .locator('table.supplier-table tbody tr')
      .filter({ hasText: 'ZURICH MUNICPAL' });
    expect(await row.locator('td').allTextContents()).toEqual(['£27,598.84', '1', 'Yes', 'No', '–', 'No']);
    await coordinator.page.getByLabel('Only unclassified').check();
    await coordinator.page.getByRole('button', { name: 'Show' }).click();
    await visible(coordinator.page.getByRole('link', { name: 'AECOM LIMITED' }));
    expect(await coordinator.page.getByRole('link', { name: 'ZURICH MUNICPAL' }).count()).toBe(0);
    await keep(coordinator.page, 'e2e-shared-suppliers');
    expect(coordinator.errors).toEqual([]);

    // A wrong match corrected: the representative points the file's "STANDARD LIFE" at Zurich's
    // record; its row moves there with its spend, and the local share follows Zurich's postcode.
    const allSuppliers = suppliersUrl.split('?')[0] as string;
    await page.goto(allSuppliers);
    await page.getByRole('link', { name: 'ZURICH MUNICPAL', exact: true }).click();
    const zurichPage = new URL(page.url()).pathname;
    await page.goto(allSuppliers);
    await page.getByRole('link', { name: 'STANDARD LIFE', exact: true }).click();
    await page.getByLabel('Name in your rows').selectOption('STANDARD LIFE');
    await page.getByLabel('The right supplier').fill(zurichPage);
    await page.getByRole('button', { name: 'Point the name there' }).click();
    await visible(
      page.getByRole('status').filter({
        hasText: `Rows named "STANDARD LIFE" count under this supplier now: 1 row already imported (${formatPence(STANDARD_LIFE)}) moved here`,
      }),
    );
    expect(new URL(page.url()).pathname).toBe(zurichPage);
    await page.goto(organisationUrl);
    expect((await page.locator('section.supplier-shares dl dd').allTextContents()).slice(0, 2)).toEqual([
      share(ZURICH + CREDIT_UNION + STANDARD_LIFE, classified + STANDARD_LIFE),
      share(CREDIT_UNION, classified + STANDARD_LIFE),
    ]);
    expect(errors).toEqual([]);
  }, 90_000);

  test('an admin loads a Companies House file through the page and its facts reach the suppliers', async () => {
    const { page, errors } = await firstPageAs(async (page) => {
      await page.goto('/login');
      await page.getByRole('button', { name: /Ada Admin/ }).click();
      await visible(page.getByText('Signed in as Ada Admin').first());
    });
    await page.getByRole('link', { name: 'Register files' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Load a register file' }));
    // Two of Darlington's suppliers, in the layout as published; one company the file does not pay.
    const file = [
      companiesHeader,
      companyLine('AECOM LIMITED', '01846493', 'DL1 1AA', 'Private Limited Company', 'FULL'),
      companyLine('AMP NORTH EAST LTD', '09999999', 'DL1 4PT', 'Private Limited Company', 'SMALL'),
      companyLine('NOBODY PAID LTD', '08888888', 'B1 1AA', 'Private Limited Company', 'MICRO ENTITY'),
    ].join('\r\n');
    const path = join(mkdtempSync(join(tmpdir(), 'ct-e2e-register-')), 'BasicCompanyData-part1.csv');
    writeFileSync(path, file);
    await page.getByLabel('Register', { exact: true }).selectOption('companies-house');
    await page.getByLabel('Register file').setInputFiles(path);
    await page.getByRole('button', { name: 'Load the file' }).click();
    await page.waitForURL(/\/supplier-registers\/\w+$/, { timeout: 10_000 });
    await visible(page.locator('.badge.completed'), 30_000);
    const counts = await textOf(page.locator('dl.register-counts'));
    expect(counts).toContain('Rows read3');
    expect(counts).toContain('Suppliers matched2');
    await keep(page, 'e2e-register-load');

    // AECOM's public page shows the register's postcode and company number, with their source.
    const token = await running().issuer.issue({
      email: 'rep@birmingham-voluntary-service-council.example',
      name: 'Grace Osei',
    });
    const list = await fetch(`${running().url}/v1/organisations/${partnerId}/suppliers?q=aecom`, {
      headers: { authorization: `Bearer ${token}` },
    }).then((r) => r.json() as Promise<{ items: { supplierId: string; name: string }[] }>);
    expect(list.items.map((i) => i.name)).toEqual(['AECOM LIMITED']);
    await page.goto(`/suppliers/${list.items[0]?.supplierId}`);
    const facts = await textOf(page.locator('section[aria-labelledby="facts"] dl'));
    expect(facts).toContain('PostcodeDL1 1AA');
    expect(facts).toContain('Company number01846493');
    expect(facts).toContain('SME–'); // FULL accounts say nothing about size
    expect(await textOf(page.locator('section[aria-labelledby="facts"] tbody'))).toContain('register');
    expect(errors).toEqual([]);
  }, 60_000);
});
