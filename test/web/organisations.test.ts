import { webApp } from '@compact-tracker/web/app';
import { beforeAll, describe, expect, test } from 'vitest';
import { type Harness, harness } from '../support/harness.ts';
import { LIBRARY_PHRASING } from '../support/library-phrasing.ts';
import { WebClient } from './web-client.ts';

let h: Harness;
let web: ReturnType<typeof webApp>;

beforeAll(async () => {
  h = await harness();
  web = webApp({ deps: h.deps, login: { issue: h.issuer.issue, users: [] } });
});

/** Each registration its own charity number: the same one twice would be a lookalike (409). */
let charities = 0;

async function registered(email: string, name: string) {
  const charityNumber = String(1234567 + charities++);
  const client = new WebClient(web);
  await client.login({ email });
  await client.get('/organisations/new');
  const response = await client.post('/organisations', {
    name,
    sector: 'voluntary-community',
    postcode: 'b11 1aa',
    companyNumber: '',
    charityNumber,
    website: '',
  });
  expect(response.status).toBe(303);
  const path = response.location ?? '';
  expect(path).toMatch(/^\/organisations\/\w+$/);
  return { client, path, charityNumber };
}

describe('organisation pages', () => {
  test('registering shows field errors from the domain schema, keeping the values', async () => {
    const client = new WebClient(web);
    await client.login({ email: 'rep@food.example' });
    const page = await client.post('/organisations', {
      name: '  ',
      sector: 'private',
      postcode: 'nowhere',
      companyNumber: '123',
      website: 'ftp://x',
    });
    expect(page.status).toBe(400);
    expect(page.html).toContain('There is a problem');
    expect(page.html).toMatch(/id="organisation-name-error">.*this is required/);
    expect(page.html).toContain('must be a UK postcode such as B1 1BB');
    expect(page.html).toContain('must be 8 characters');
    expect(page.html).toContain('value="nowhere"');
    expect(page.html).toMatch(/<option value="private" selected/);
    expect(page.html).toContain('must be a web address starting with https://');
    const shown = [...page.html.matchAll(/-error">([^<]*)</g)].map((m) => m[1]);
    expect(shown.length).toBeGreaterThanOrEqual(4);
    for (const message of shown) expect(message).not.toMatch(LIBRARY_PHRASING);
  });

  test('a member with a made-up role or address is refused in words written for people', async () => {
    const { client, path } = await registered('rep@members.example', 'Members Body');
    const page = await client.post(`${path}/members`, { email: 'not-an-address', role: 'boss' });
    expect(page.status).toBe(400);
    expect(page.html).toMatch(
      /must be an email address such as name@example.org|must be one of: representative, officer/,
    );
    expect(page.html).not.toMatch(LIBRARY_PHRASING);
  });

  test('registering makes the caller its representative and opens its page', async () => {
    const { client, path, charityNumber } = await registered('rep@food.example', 'Food Network');
    const page = await client.get(path);
    expect(page.html).toContain('Food Network is registered, with you as its representative.');
    expect(page.html).toContain('B11 1AA');
    expect(page.html).toContain(`<dt>Charity number</dt><dd>${charityNumber}</dd>`);
    expect(page.html).toContain('You are its representative.');
    expect(page.html).toContain('rep@food.example');
    const me = await client.get('/me');
    expect(me.html).toContain(`<a href="${path}">Food Network</a>`);
  });

  test('declaring a budget in pounds stores pence and shows it formatted; bad amounts are explained', async () => {
    const { client, path } = await registered('rep@budget.example', 'Budget Body');
    const bad = await client.post(`${path}/budgets`, { financialYear: '2025-26', budgetPounds: '12.345' });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('enter an amount in pounds');
    expect(bad.html).toContain('value="12.345"');
    const negative = await client.post(`${path}/budgets`, { financialYear: '2025-26', budgetPounds: '-5' });
    expect(negative.html).toContain('the budget cannot be negative');
    const badYear = await client.post(`${path}/budgets`, { financialYear: '2025-27', budgetPounds: '5' });
    expect(badYear.html).toContain('choose a financial year');

    const ok = await client.post(`${path}/budgets`, {
      financialYear: '2025-26',
      budgetPounds: '£1,250,000.5',
    });
    expect(ok.status).toBe(303);
    const page = await client.get(path);
    expect(page.html).toContain('The budget for 2025-26 is declared.');
    expect(page.html).toContain('£1,250,000.50');
    const api = await h.call('GET', path.replace('/organisations', '/v1/organisations'), {
      token: await h.token('rep@budget.example'),
    });
    expect(api.body.budgets[0].annualProcurementBudgetPence).toBe(125_000_050);
  });

  test('representatives invite officers; officers may declare budgets but not invite', async () => {
    const { client, path } = await registered('rep@invite.example', 'Invite Co');
    const bad = await client.post(`${path}/members`, { email: 'nope', role: 'officer' });
    expect(bad.status).toBe(400);
    expect(bad.html).toMatch(/id="invite-email-error"/);
    expect(
      (await client.post(`${path}/members`, { email: 'Officer@Invite.example', role: 'officer' })).status,
    ).toBe(303);
    expect((await client.get(path)).html).toContain('officer@invite.example is now an officer');

    const officer = new WebClient(web);
    await officer.login({ email: 'officer@invite.example' });
    const page = await officer.get(path);
    expect(page.html).toContain('Declare the budget');
    expect(page.html).not.toContain('Invite a colleague');
    const refused = await officer.post(`${path}/members`, { email: 'x@invite.example', role: 'officer' });
    expect(refused.status).toBe(403);
    expect(refused.html).toContain('Your memberships do not allow you to invite');
  });

  test('the public sees the profile only', async () => {
    const { path } = await registered('rep@public.example', 'Public Profile Ltd');
    const page = await new WebClient(web).get(path);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Public Profile Ltd');
    expect(page.html).not.toContain('Annual procurement budgets');
    expect(page.html).not.toContain('rep@public.example');
  });

  test('registering a lookalike is refused with a way to ask its representative for an invitation', async () => {
    const { client: owner, path } = await registered('owner@lookalike.example', 'Lookalike Community Trust');
    const copycat = new WebClient(web);
    await copycat.login({ email: 'second@lookalike.example', name: 'Sam Second' });
    await copycat.get('/organisations/new');
    const refused = await copycat.post('/organisations', {
      name: 'The Lookalike Community Trust',
      sector: 'voluntary-community',
      postcode: 'B11 1AA',
      companyNumber: '',
      charityNumber: '',
      website: '',
    });
    expect(refused.status).toBe(409);
    expect(refused.html).toContain('is already registered');
    expect(refused.html).toContain(`href="${path}"`);
    expect(refused.html).toContain('value="The Lookalike Community Trust"'); // the form keeps the values

    const asked = await copycat.post(`${path}/join`, { message: 'I run its procurement.' });
    expect(asked.status).toBe(303);
    expect((await copycat.get(path)).html).toContain('asked to invite you');

    // The representative sees the request and invites with one click; the request is then gone.
    const page = await owner.get(path);
    expect(page.html).toContain('Asking to be invited');
    expect(page.html).toContain('second@lookalike.example');
    expect(page.html).toContain('I run its procurement.');
    const invited = await owner.post(`${path}/members`, {
      email: 'second@lookalike.example',
      role: 'officer',
    });
    expect(invited.status).toBe(303);
    const after = await owner.get(path);
    expect(after.html).not.toContain('Asking to be invited');
    await copycat.login({ email: 'second@lookalike.example', name: 'Sam Second' });
    expect((await copycat.get(path)).html).toContain('You are its officer.');
  });
});
