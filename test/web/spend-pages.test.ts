import { Readable } from 'node:stream';
import { quarterBounds } from '@compact-tracker/domain/periods';
import { runSpendImport } from '@compact-tracker/jobs/import/run-import';
import { createSpendImport } from '@compact-tracker/store/spend-imports';
import { webApp } from '@compact-tracker/web/app';
import { recentQuarters } from '@compact-tracker/web/spend-view';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, test } from 'vitest';
import { world } from '../support/fixtures.ts';
import { type Harness, harness } from '../support/harness.ts';
import { waitingImport } from '../support/spend-import-record.ts';
import { WebClient } from './web-client.ts';

// The spend pages against DynamoDB Local: the quarters table and charts, the return form, imports'
// preview and creation, the carbon factors, and who may see and do what.

let h: Harness;
let w: Awaited<ReturnType<typeof world>>;
let web: ReturnType<typeof webApp>;
let base: string;
// Two quarters that have started: the one before this and the one before that.
const [, lastQuarter = '', earlierQuarter = ''] = recentQuarters(new Date());

const line = (category: string, total: number, local = 0, sme = 0, vcse = 0, criteria = 0) => ({
  category,
  totalPence: total,
  localPence: local,
  smePence: sme,
  vcsePence: vcse,
  criteriaPence: criteria,
});

beforeAll(async () => {
  h = await harness();
  w = await world(h);
  web = webApp({ deps: h.deps, login: { issue: h.issuer.issue, users: [] } });
  base = `/organisations/${w.org1.id}/spend`;
  // Org One signs the partnership's compact, so the partnership's board may read its spend.
  await w.ok('POST', `/v1/compacts/${w.compact.id}/signatures`, w.tokens.rep, w.signature(w.org1.id));
  await w.ok('PUT', `/v1/organisations/${w.org1.id}/spend/${earlierQuarter}`, w.tokens.officer, {
    lines: [line('construction', 400_000_00, 100_000_00, 200_000_00), line('ict', 100_000_00, 0, 50_000_00)],
  });
});

async function as(email: string) {
  const client = new WebClient(web);
  await client.login({ email });
  return client;
}

describe('spend pages', () => {
  test('a member sees the quarters table and the charts', async () => {
    const client = await as('officer@org1.example');
    const page = await client.get(base);
    expect(page.status).toBe(200);
    expect(page.html).toContain('<h1>Spend</h1>');
    // Two accessible SVG charts, no script.
    expect(page.html.match(/<svg class="spend-chart"[^>]*role="img"/g)).toHaveLength(2);
    expect(page.html).toContain('<title id="chart-total-title">Total spend per quarter</title>');
    expect(page.html).not.toMatch(/<script/);
    const row = /<table class="spend-quarters">[\s\S]*?<\/table>/.exec(page.html)?.[0] ?? '';
    expect(row).toContain(`Q${earlierQuarter.slice(-1)} ${earlierQuarter.slice(0, 7)}`);
    expect(row).toContain('£500,000.00');
    expect(row).toContain('20.0%'); // local: 100k of 500k
    expect(row).toContain('50.0%'); // SME: 250k of 500k
    expect(row).toContain(`href="${base}/${earlierQuarter}/return"`);
    const byCategory = /<table class="spend-categories">[\s\S]*?<\/table>/.exec(page.html)?.[0] ?? '';
    expect(byCategory).toContain('Construction');
    expect(byCategory).toContain('£400,000.00');
    expect(page.html).toContain('Import a spend CSV');
    // Linked from the organisation's page.
    expect((await client.get(`/organisations/${w.org1.id}`)).html).toContain(`href="${base}"`);
  });

  test('the return form shows errors by field, then saves, redirects with a message and keeps history', async () => {
    const client = await as('rep@org1.example');
    const path = `${base}/${lastQuarter}/return`;
    const empty = await client.get(path);
    expect(empty.status).toBe(200);
    expect(empty.html).toContain('No return has been saved for this quarter yet.');
    expect(empty.html).toMatch(new RegExp(`<option value="${lastQuarter}" selected`));

    const bad = await client.post(path, {
      'construction.total': '1,000',
      'construction.local': '1,500', // more than the total
      'ict.total': '12.345',
      'waste.sme': '5', // a part without a total
    });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('There is a problem');
    expect(bad.html).toMatch(/id="return-ict-total-error">.*enter an amount in pounds/);
    expect(bad.html).toMatch(/id="return-waste-total-error">.*enter the total/);
    expect(bad.html).toContain('value="12.345"');
    // The domain rule is checked once every amount reads as pounds.
    const rule = await client.post(path, { 'construction.total': '1,000', 'construction.local': '1,500' });
    expect(rule.status).toBe(400);
    expect(rule.html).toMatch(
      /id="return-construction-local-error">.*the local amount must be between £0.00 and the total, £1,000.00/,
    );
    expect(rule.html).toContain('aria-invalid="true"');

    const ok = await client.post(path, {
      'construction.total': '£1,000',
      'construction.local': '250.50',
      'ict.total': '-200', // a credit note
      'ict.sme': '-50',
    });
    expect(ok.status).toBe(303);
    expect(ok.location).toBe(base);
    const spend = await client.get(base);
    expect(spend.html).toContain(
      `The return for ${lastQuarter} is saved (revision 1): £800.00 in 2 categories.`,
    );
    expect(spend.html).toContain('£800.00');

    const again = await client.get(path);
    expect(again.html).toContain('value="£1,000.00"');
    expect(again.html).toContain('value="-£200.00"');
    const history = /<h2 id="history">[\s\S]*<\/table>/.exec(again.html)?.[0] ?? '';
    expect(history).toContain('rep@org1.example');
    expect(history).toContain('current');
    // A correction is a new revision; the first stays in the history.
    expect((await client.post(path, { 'construction.total': '900' })).status).toBe(303);
    const corrected = await client.get(path);
    expect(corrected.html).toContain('value="£900.00"');
    expect(corrected.html).not.toContain('value="-£200.00"');
    expect(corrected.html.match(/<tr><th scope="row">[12]/g)).toHaveLength(2);
  });

  test('the return form shows imported totals, asks to confirm a line equal to one, and takes nil returns', async () => {
    // An imported payment of £1,234.56 of other spend in the last quarter.
    const id = ulid();
    await createSpendImport(
      h.deps.db,
      waitingImport(w.org1.id, id, { mapping: { date: 'Date', amount: 'Amount' }, dateFormat: 'yyyy-mm-dd' }),
    );
    const csv = `Date,Amount\r\n${quarterBounds(lastQuarter).start},1234.56\r\n`;
    const imported = await runSpendImport(h.deps.db, w.org1.id, id, {
      open: async () => Readable.from([Buffer.from(csv)]),
    });
    expect(imported.status).toBe('completed');

    const client = await as('officer@org1.example');
    const path = `${base}/${lastQuarter}/return`;
    const form = await client.get(path);
    expect(form.html).toMatch(/id="imported-other">£1,234.56</);
    expect(form.html).toContain('name="nil"');
    expect(form.html).not.toContain('name="confirmImported"');

    const refused = await client.post(path, { 'construction.total': '900', 'other.total': '1,234.56' });
    expect(refused.status).toBe(409);
    expect(refused.html).toMatch(/id="return-other-total-error">.*already imported in Other/);
    expect(refused.html).toContain('name="confirmImported"');
    const confirmed = await client.post(path, {
      'construction.total': '900',
      'other.total': '1,234.56',
      confirmImported: 'yes',
    });
    expect(confirmed.status).toBe(303);
    const spendPage = await client.get(base);
    const quarters = /<table class="spend-quarters">[\s\S]*?<\/table>/.exec(spendPage.html)?.[0] ?? '';
    // £900 + £1,234.56 returned, £1,234.56 imported.
    expect(quarters).toMatch(/£3,369.12<\/td><td class="num">£1,234.56<\/td><td class="num">£2,134.56</);

    const nilWithAmounts = await client.post(path, { 'other.total': '5', nil: 'yes' });
    expect(nilWithAmounts.status).toBe(400);
    expect(nilWithAmounts.html).toContain('a nil return has no spend');
    const nil = await client.post(path, { nil: 'yes' });
    expect(nil.status).toBe(303);
    expect((await client.get(base)).html).toContain(`The nil return for ${lastQuarter} is saved`);
    expect((await client.get(path)).html).toMatch(/name="nil" value="yes" checked/);
  });

  test('the quarter picker opens a quarter; quarters not yet started cannot be logged', async () => {
    const client = await as('rep@org1.example');
    const picked = await client.get(`${base}/return?quarter=${earlierQuarter}`);
    expect(picked.status).toBe(303);
    expect(picked.location).toBe(`${base}/${earlierQuarter}/return`);
    expect((await client.get(picked.location ?? '')).html).toContain('value="£400,000.00"');
    const future = await client.get(`${base}/2099-11-Q1/return`);
    expect(future.status).toBe(404);
    const next = await client.get(`${base}/2098-99-Q1/return`);
    expect(next.html).toContain('has not started yet');
    expect(next.html).not.toContain('Save the return');
  });

  test('anonymous visitors are sent to sign in; other organisations are refused; the board only reads', async () => {
    const anonymous = await new WebClient(web).get(base);
    expect(anonymous.status).toBe(303);
    expect(anonymous.location).toBe(`/login?next=${encodeURIComponent(base)}`);

    const other = await as('rep@org2.example');
    const refused = await other.get(base);
    expect(refused.status).toBe(403);
    expect(refused.html).toContain('Not allowed');
    expect((await other.get(`${base}/${lastQuarter}/return`)).status).toBe(403);
    expect((await other.post(`${base}/${lastQuarter}/return`, { 'other.total': '1' })).status).toBe(403);
    expect((await other.get(`${base}/imports/new`)).status).toBe(403);
    expect((await other.get(`/organisations/${w.org1.id}`)).html).not.toContain(`href="${base}"`);

    const board = await as('board@example.org');
    const page = await board.get(base);
    expect(page.status).toBe(200);
    expect(page.html).toContain('£500,000.00');
    expect(page.html).not.toContain('Open the return');
    expect(page.html).not.toContain('Import a spend CSV');
    const ret = await board.get(`${base}/${earlierQuarter}/return`);
    expect(ret.status).toBe(200);
    expect(ret.html).toContain('£400,000.00');
    expect(ret.html).not.toContain('Save the return');
    expect(ret.html).not.toMatch(/<form method="post" action="[^"]*\/return"/);
    const write = await board.post(`${base}/${earlierQuarter}/return`, { 'other.total': '1' });
    expect(write.status).toBe(403);
    expect((await board.get(`${base}/imports/new`)).status).toBe(403);
    expect((await board.get(`${base}/imports`)).status).toBe(200);
  });

  test('the import preview suggests the mapping; creating without uploads here is a clear 503', async () => {
    const client = await as('officer@org1.example');
    const page = await client.get(`${base}/imports/new`);
    expect(page.status).toBe(200);
    expect(page.html).toMatch(/<script src="\/assets\/import\.js\?v=\w+" defer/);
    const script = /src="(\/assets\/import\.js\?v=\w+)"/.exec(page.html)?.[1] ?? '';
    const js = await web.request(script);
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(js.headers.get('cache-control')).toContain('immutable');

    const sample = [
      'Body Name,Payment Date,Transaction Number,Ammount,Supplier Name,Expense Type,Local Supplier,SME',
      'Testshire,01/04/2025,46000001 - 1,"£1,234.50",Café Ltd,IT Software,Y,No',
      'Testshire,02/04/2025,46000001 - 2,99.00,Café Ltd,Building Repairs,N,Yes',
    ].join('\r\n');
    const preview = await client.post(`${base}/imports/preview`, { sample, fileName: 'spend.csv' });
    expect(preview.status).toBe(200);
    expect(preview.html).toContain('Columns of spend.csv');
    expect(preview.html).toMatch(/<option value="Payment Date" selected/);
    expect(preview.html).toMatch(/<option value="Ammount" selected/);
    expect(preview.html).toContain('<input type="hidden" name="cat.0.text" value="Building Repairs"/>');
    expect(preview.html).toMatch(/<option value="dd\/mm\/yyyy" selected/);
    expect(preview.html).toContain('£1,234.50');

    const bad = await client.post(`${base}/imports`, { 'map.date': '', 'map.amount': 'Ammount' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.html).errors).toEqual(['Date: choose the column that holds it.']);
    const badFormat = await client.post(`${base}/imports`, {
      'map.date': 'Payment Date',
      'map.amount': 'Ammount',
      dateFormat: 'someday',
    });
    expect(badFormat.status).toBe(400);
    expect(JSON.parse(badFormat.html).errors).toEqual([
      expect.stringMatching(/^Date format: must be one of: dd\/mm\/yyyy, .+\.$/),
    ]);
    const unavailable = await client.post(`${base}/imports`, {
      'map.date': 'Payment Date',
      'map.amount': 'Ammount',
      'map.category': 'Expense Type',
      'cat.0.text': 'Building Repairs',
      'cat.0.value': 'construction',
      dateFormat: 'dd/mm/yyyy',
      fileName: 'spend.csv',
    });
    expect(unavailable.status).toBe(503);
    // A post without this session's token is refused, fetch or not.
    expect((await client.post(`${base}/imports/preview`, { sample }, { csrf: 'forged' })).status).toBe(403);
  });

  test("the import preview reads the file's bytes as the import does; a column chosen by hand lists its categories", async () => {
    const client = await as('officer@org1.example');
    // Windows-1252: "’" is the byte 0x92, "£" 0xA3.
    const bytes = Buffer.from(
      'Service,Payment date,Amount (\xA3),Expenditure category\r\nCare,2017-12-05,2500.00,Children\x92s Services\r\n',
      'latin1',
    );
    const preview = await client.post(`${base}/imports/preview`, {
      sampleBase64: bytes.toString('base64'),
      fileName: 'bradford.csv',
    });
    expect(preview.status).toBe(200);
    expect(preview.html).toMatch(/<option value="Amount \(£\)" selected/);
    expect(preview.html).toContain('value="Children’s Services"');
    const byHand = await client.post(`${base}/imports/preview`, {
      sampleBase64: bytes.toString('base64'),
      part: 'categories',
      'map.date': 'Payment date',
      'map.amount': 'Amount (£)',
      'map.category': 'Service',
    });
    expect(byHand.status).toBe(200);
    expect(byHand.html).toMatch(/^<section class="card" id="import-categories"/);
    expect(byHand.html).toContain('value="Care"');
    const none = await client.post(`${base}/imports/preview`, {
      sampleBase64: bytes.toString('base64'),
      part: 'categories',
    });
    expect(none.html).toContain('No category column was recognised');
    // A repeated header chosen by name: the reason names the positions to choose from.
    const repeated = await client.post(`${base}/imports/preview`, {
      sampleBase64: Buffer.from('D,PAID,PAID\r\nX,01/07/2024,1.00\r\n').toString('base64'),
      'map.amount': 'PAID',
    });
    expect(repeated.status).toBe(400);
    expect(repeated.html).toContain('columns 2 and 3');
  });

  test('carbon factors are public; coordinators replace them from the SIC multipliers CSV', async () => {
    const anonymous = await new WebClient(web).get('/carbon-factors');
    expect(anonymous.status).toBe(200);
    expect(anonymous.html).toContain('Paper and print');
    expect(anonymous.html).toContain('<span class="badge default">default</span>');
    expect(anonymous.html).not.toContain('Replace the factors</button>');

    const coordinator = await as('coord@example.org');
    const page = await coordinator.get('/carbon-factors');
    expect(page.html).toContain('Replace the factors</button>');
    const csv = ['SIC,Industry,GHG multiplier (kgCO2e per £)', '62,IT services,0.2', 'xx,nothing,zz'].join(
      '\n',
    );
    const form = new FormData();
    form.set('_csrf', coordinator.csrf);
    form.set('source', 'UK carbon footprint, SIC multipliers');
    form.set('year', '2021');
    form.set('file', new File([csv], 'sic.csv', { type: 'text/csv' }));
    const response = await web.request('/carbon-factors', {
      method: 'POST',
      body: form,
      headers: {
        origin: 'http://localhost',
        cookie: [...coordinator.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
    const html = await response.text();
    expect(response.status, html).toBe(200);
    expect(html).toMatch(/The factors are replaced: 1 rows read, 1 rows not readable/);
    expect(html).toContain('UK carbon footprint, SIC multipliers: mean of SIC 62');

    const board = await as('board@example.org');
    expect((await board.get('/carbon-factors')).html).not.toContain('Replace the factors</button>');
  });

  test('the charts say which quarters they leave out, and space their labels so they never overlap', async () => {
    // Org Two: a return 16 years ago and returns for the last eight quarters: more than 40 quarters apart.
    const recent = recentQuarters(new Date(), 9).slice(1);
    const old = `${Number(recent[0]?.slice(0, 4)) - 16}-${String(Number(recent[0]?.slice(2, 4)) - 15).padStart(2, '0')}-Q1`;
    for (const quarter of [old, ...recent]) {
      await w.ok('PUT', `/v1/organisations/${w.org2.id}/spend/${quarter}`, w.tokens.otherRep, {
        lines: [line('construction', 202_500_000_00)],
      });
    }
    const client = new WebClient(web);
    await client.login({ email: 'rep@org2.example' });
    const page = await client.get(`/organisations/${w.org2.id}/spend`);
    expect(page.status).toBe(200);
    const note = /<p class="notice info chart-window">([\s\S]*?)<\/p>/.exec(page.html)?.[1] ?? '';
    expect(note.replace(/<!-- -->|\s+/g, ' ')).toContain('The charts show the latest 40 quarters');
    expect(note).toContain('1 earlier quarter with spend');
    expect(note).toContain(`Q1 ${old.slice(0, 7)}`);
    expect(note).toContain('£202,500,000.00');
    // Every quarter is in the table, the one left out of the charts too.
    const table = /<table class="spend-quarters">[\s\S]*?<\/table>/.exec(page.html)?.[0] ?? '';
    expect(table).toContain(`href="/organisations/${w.org2.id}/spend/${old}/return"`);
    // 40 slots of 10 units: an axis label every 5 quarters, one value label (the latest).
    const bars = /<svg class="spend-chart"[\s\S]*?<\/svg>/.exec(page.html)?.[0] ?? '';
    expect(bars.match(/<text[^>]*class="tick"><tspan/g)).toHaveLength(8);
    expect(bars.match(/class="value"/g)).toHaveLength(1);
  });
});

describe('import pages', () => {
  test('reverting an import from its page needs the box ticked, then says the ledger is back', async () => {
    const id = ulid();
    await createSpendImport(
      h.deps.db,
      waitingImport(w.org1.id, id, { mapping: { date: 'Date', amount: 'Amount' }, dateFormat: 'yyyy-mm-dd' }),
    );
    const csv = `Date,Amount\r\n${quarterBounds(earlierQuarter).start},99.99\r\n`;
    const imported = await runSpendImport(h.deps.db, w.org1.id, id, {
      open: async () => Readable.from([Buffer.from(csv)]),
    });
    expect(imported.status).toBe('completed');

    const client = await as('officer@org1.example');
    const path = `${base}/imports/${id}`;
    const unticked = await client.post(`${path}/revert`, {});
    expect(unticked.status).toBe(400);
    expect(unticked.html).toContain('Tick the box to confirm the revert');
    expect((await client.post(`${path}/revert`, { confirm: 'yes' })).status).toBe(303);
    // A revert this small finishes within the request: the message says so, not that it is under way.
    const page = await client.get(path);
    expect(page.html).toContain('The import is reverted: the ledger is back where it was before it.');
    expect(page.html).not.toContain('being reverted');
    expect(page.html).toContain('class="badge reverted"');
  });
});
