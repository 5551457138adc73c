import { Readable } from 'node:stream';
import { runSpendImport } from '@compact-tracker/jobs/import/run-import';
import { runRegisterLoad } from '@compact-tracker/jobs/registers/run-register-load';
import { createSpendImport } from '@compact-tracker/store/spend-imports';
import { getRegisterLoad } from '@compact-tracker/store/supplier-registers';
import { webApp } from '@compact-tracker/web/app';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, test } from 'vitest';
import { world } from '../support/fixtures.ts';
import { type Harness, harness } from '../support/harness.ts';
import { companiesHeader, companyLine } from '../support/register-files.ts';
import { waitingImport } from '../support/spend-import-record.ts';
import { paidSupplier } from '../support/supplier-fixtures.ts';
import { WebClient } from './web-client.ts';

// The supplier pages against DynamoDB Local: an organisation's suppliers, the classify form on a
// supplier's public page, and a partnership's area form and shared suppliers.

let h: Harness;
let w: Awaited<ReturnType<typeof world>>;
let web: ReturnType<typeof webApp>;
const ids: Record<'reed' | 'bt', string> = { reed: '', bt: '' };

beforeAll(async () => {
  h = await harness();
  w = await world(h);
  web = webApp({ deps: h.deps, login: { issue: h.issuer.issue, users: [] } });
  await w.ok('POST', `/v1/compacts/${w.compact.id}/signatures`, w.tokens.rep, w.signature(w.org1.id));
  ids.reed = await paidSupplier(
    h.deps.db,
    w.org1.id,
    'REED SPECIALIST RECRUITMENT LTD',
    '2025-26-Q1',
    600_000_00,
    40,
  );
  ids.bt = await paidSupplier(h.deps.db, w.org1.id, 'BT GLOBAL SERVIES', '2025-26-Q1', 50_000_00, 3);
});

async function as(email: string) {
  const client = new WebClient(web);
  await client.login({ email });
  return client;
}

describe('supplier pages', () => {
  test('an officer sees the suppliers, largest first, with what is not yet classified', async () => {
    const client = await as('officer@org1.example');
    const page = await client.get(`/organisations/${w.org1.id}/suppliers`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('<h1>Suppliers</h1>');
    expect(page.html.indexOf('REED SPECIALIST')).toBeLessThan(page.html.indexOf('BT GLOBAL SERVIES'));
    expect(page.html).toContain('£650,000.00</strong> with 2 suppliers not yet classified');
    const search = await client.get(`/organisations/${w.org1.id}/suppliers?q=bt+global`);
    expect(search.html).not.toContain('REED SPECIALIST');
    expect(search.html).toContain('BT GLOBAL SERVIES');
    expect((await (await as('rep@org2.example')).get(`/organisations/${w.org1.id}/suppliers`)).status).toBe(
      403,
    );
  });

  test('an officer classifies a supplier on its page; anyone reads its facts and history', async () => {
    const client = await as('officer@org1.example');
    const page = await client.get(`/suppliers/${ids.reed}`);
    expect(page.html).toContain('Save facts');
    const bad = await client.post(`/suppliers/${ids.reed}`, { postcode: 'nowhere' });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('must be a UK postcode such as B1 1BB');
    const saved = await client.post(`/suppliers/${ids.reed}`, { postcode: 'b1 2ab', sme: 'no', vcse: '' });
    expect(saved.status).toBe(303);
    const anonymous = await new WebClient(web).get(`/suppliers/${ids.reed}`);
    expect(anonymous.status).toBe(200);
    expect(anonymous.html).toContain('B1 2AB');
    expect(anonymous.html).not.toContain('Save facts');
    expect(anonymous.html).toContain('<h2 id="history">History</h2>');
    const list = await client.get(`/organisations/${w.org1.id}/suppliers?unclassified=true`);
    expect(list.html).not.toContain('REED SPECIALIST');
  });

  test('a coordinator sets the area and sees the shared suppliers, local by it', async () => {
    const client = await as('coord@example.org');
    const partnershipPage = await client.get(`/partnerships/${w.partnership.id}`);
    expect(partnershipPage.html).toContain(`href="/partnerships/${w.partnership.id}/suppliers"`);
    const publicPartnership = await new WebClient(web).get(`/partnerships/${w.partnership.id}`);
    expect(publicPartnership.html).not.toContain(`/partnerships/${w.partnership.id}/suppliers`);
    const refused = await client.post(`/partnerships/${w.partnership.id}/area`, {
      postcodes: 'B, Birmingham',
    });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('&quot;Birmingham&quot; is not a postcode area');
    const saved = await client.post(`/partnerships/${w.partnership.id}/area`, { postcodes: 'b ws1, DY4' });
    expect(saved.status).toBe(303);
    const page = await client.get(`/partnerships/${w.partnership.id}/suppliers`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('B, DY4, WS1');
    expect(page.html).toMatch(
      /REED SPECIALIST RECRUITMENT LTD<\/a><\/th><td class="num">£600,000.00<\/td><td class="num">1<\/td><td>Yes<\/td>/,
    );
    const board = await as('board@example.org');
    const boardPage = await board.get(`/partnerships/${w.partnership.id}/suppliers`);
    expect(boardPage.status).toBe(200);
    expect(boardPage.html).not.toContain('Save area');
    expect(
      (await (await as('officer@org1.example')).get(`/partnerships/${w.partnership.id}/suppliers`)).status,
    ).toBe(403);
  });

  test("the organisation's shares with their coverage; an import says what it brought to classify", async () => {
    const client = await as('officer@org1.example');
    // Reed (B1 2AB, not an SME) is local to the area set above; BT is not classified.
    const page = await client.get(`/organisations/${w.org1.id}/suppliers`);
    const shares = /<section aria-labelledby="supplier-shares"[\s\S]*?<\/section>/.exec(page.html)?.[0] ?? '';
    expect(shares).toContain('Local to Test Partnership');
    expect(shares).toContain('100% of the 92% classified');
    expect(shares).toContain('0% of the 92% classified');
    expect(shares).toContain('not known yet (nothing classified)');
    // The organisation page carries the same shares for its members, and a way to the suppliers.
    const organisation = await client.get(`/organisations/${w.org1.id}`);
    expect(organisation.html).toContain(shares);
    expect(organisation.html).toContain(`href="/organisations/${w.org1.id}/suppliers"`);
    const publicPage = await new WebClient(web).get(`/organisations/${w.org1.id}`);
    expect(publicPage.status).toBe(200);
    expect(publicPage.html).not.toContain('supplier-shares');

    const id = ulid();
    await createSpendImport(
      h.deps.db,
      waitingImport(w.org1.id, id, {
        mapping: { date: 'Date', amount: 'Amount', supplierName: 'Supplier' },
        dateFormat: 'yyyy-mm-dd',
      }),
    );
    const csv =
      'Date,Amount,Supplier\r\n2025-05-01,120.00,New Firm Ltd\r\n2025-05-02,80.00,Reed Specialist Recruitment Limited\r\n';
    const done = await runSpendImport(h.deps.db, w.org1.id, id, {
      open: async () => Readable.from([Buffer.from(csv)]),
    });
    expect(done.status).toBe('completed');
    const imported = await client.get(`/organisations/${w.org1.id}/spend/imports/${id}`);
    expect(imported.status).toBe(200);
    expect(imported.html).toContain('1 new supplier, £120.00 not yet classified.');
    expect(imported.html).toContain(`href="/organisations/${w.org1.id}/suppliers?unclassified=true"`);
  });
  test('an officer classifies many suppliers from a CSV, with a template and errors row by row', async () => {
    const cafe = await paidSupplier(h.deps.db, w.org1.id, 'Café Nero Ltd', '2025-26-Q2', 2_000_00, 1);
    const client = await as('officer@org1.example');
    const page = await client.get(`/organisations/${w.org1.id}/suppliers`);
    expect(page.html).toContain('<h2>Classify many from a CSV</h2>');
    expect(page.html).toContain(`href="/organisations/${w.org1.id}/suppliers/template.csv"`);
    const board = await (await as('board@example.org')).get(`/organisations/${w.org1.id}/suppliers`);
    expect(board.status).toBe(200);
    expect(board.html).not.toContain('Classify many from a CSV');

    const template = await client.get(`/organisations/${w.org1.id}/suppliers/template.csv`);
    expect(template.status).toBe(200);
    expect(template.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = template.html.trim().split('\r\n');
    expect(lines[0]).toBe(
      'supplier,name,spend,postcode,company number,charity number,sme,vcse,public body,organisation',
    );
    expect(lines).toContain(`${ids.bt},BT GLOBAL SERVIES,50000.00,,,,,,,`);
    expect(template.html).not.toContain('REED SPECIALIST'); // classified already

    const upload = async (bytes: Uint8Array | string) => {
      const form = new FormData();
      form.set('_csrf', client.csrf);
      form.set('file', new File([bytes], 'facts.csv', { type: 'text/csv' }));
      const response = await web.request(`/organisations/${w.org1.id}/supplier-facts`, {
        method: 'POST',
        body: form,
        headers: {
          origin: 'http://localhost',
          cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        },
      });
      // The success flash comes as a cookie, as after any form: kept for the next page.
      for (const line of response.headers.getSetCookie()) {
        const [name = '', ...value] = (line.split(';')[0] ?? '').split('=');
        client.cookies.set(name, value.join('='));
      }
      return {
        status: response.status,
        html: await response.text(),
        location: response.headers.get('location'),
      };
    };
    const refused = await upload('Supplier,SME\r\nBT Global Services,Y\r\nBT GLOBAL SERVIES,maybe\r\n');
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('Nothing was saved');
    expect(refused.html).toContain(
      '<li>row 2, supplier: no supplier of this organisation is named &quot;BT Global Services&quot;',
    );
    expect(refused.html).toContain('<li>row 3, sme: &quot;maybe&quot; is not Y or N');
    expect((await h.call('GET', `/v1/suppliers/${ids.bt}`, {})).body.facts).toEqual([]);

    // Windows-1252, as older finance systems save: "é" is the one byte 0xE9.
    const sheet = Buffer.concat([
      Buffer.from('supplier,sme,vcse\r\n', 'latin1'),
      Buffer.from(`${ids.bt},N,\r\nCaf\u00e9 Nero Ltd,Y,N\r\n`, 'latin1'),
    ]);
    expect(sheet.includes(0xe9)).toBe(true);
    const saved = await upload(new Uint8Array(sheet));
    expect(saved.status, saved.html).toBe(303);
    expect(saved.location).toBe(`/organisations/${w.org1.id}/suppliers`);
    const after = await client.get(`/organisations/${w.org1.id}/suppliers`);
    expect(after.html).toContain('2 suppliers classified (3 facts changed) from 2 rows');
    expect((await h.call('GET', `/v1/suppliers/${cafe}`, {})).body).toMatchObject({ sme: true, vcse: false });
    expect((await h.call('GET', `/v1/suppliers/${ids.bt}`, {})).body).toMatchObject({ sme: false });
  });
});

describe('supplier page forms', () => {
  test('an officer marks a supplier as a fellow partner and points a misspelt name at the right record; a coordinator puts a fact back', async () => {
    await w.ok('POST', `/v1/compacts/${w.compact.id}/signatures`, w.tokens.otherRep, w.signature(w.org2.id));
    const officer = await as('officer@org1.example');
    const council = await paidSupplier(h.deps.db, w.org1.id, 'ORG TWO', '2025-26-Q1', 7_000_00, 1);
    const form = await officer.get(`/suppliers/${council}`);
    expect(form.html).toContain(`<option value="${w.org2.id}">Org Two</option>`);
    expect((await officer.post(`/suppliers/${council}`, { organisationId: w.org2.id })).status).toBe(303);
    const marked = await officer.get(`/suppliers/${council}`);
    expect(marked.html).toMatch(/<dt>Partner of this tracker<\/dt><dd>Org Two<\/dd>/);
    const shares = await officer.get(`/organisations/${w.org1.id}`);
    expect(shares.html).toContain('£7,000.00 (left out of the shares)');

    // "BT GLOBAL SERVIES" (a misspelling in the rows) is pointed at the right record.
    const right = await paidSupplier(h.deps.db, w.org1.id, 'BT GLOBAL SERVICES', '2025-26-Q1', 1_00, 1);
    const page = await officer.get(`/suppliers/${ids.bt}`);
    expect(page.html).toContain('Point the name there');
    expect(page.html).toContain('The rows already imported under that name move there now');
    const wrong = await officer.post(`/suppliers/${ids.bt}/names`, {
      organisation: w.org1.id,
      name: 'BT GLOBAL SERVIES',
      target: '',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.html).toContain('enter the right supplier&#39;s page address or id');
    // A supplier that does not exist is said against the form's field, not the API's.
    const unknown = await officer.post(`/suppliers/${ids.bt}/names`, {
      organisation: w.org1.id,
      name: 'BT GLOBAL SERVIES',
      target: '/suppliers/n-no-such-supplier',
    });
    expect(unknown.status).toBe(422);
    expect(unknown.html).toContain('there is no supplier n-no-such-supplier');
    expect(unknown.html).not.toContain('SupplierId');
    const pointed = await officer.post(`/suppliers/${ids.bt}/names`, {
      organisation: w.org1.id,
      name: 'BT GLOBAL SERVIES',
      target: `https://tracker.example/suppliers/${right}`,
    });
    expect(pointed.status).toBe(303);
    expect(pointed.headers.get('location')).toBe(`/suppliers/${right}`);
    const target = await officer.get(`/suppliers/${right}`);
    expect(target.html).toContain(
      'count under this supplier now: 0 rows already imported (£0.00) moved here',
    );
    expect(target.html).toContain('BT GLOBAL SERVIES <span class="meta">(pointed here by an officer)</span>');
    // Someone of another organisation gets no such form.
    expect((await (await as('rep@org2.example')).get(`/suppliers/${ids.bt}`)).html).not.toContain(
      'Point the name there',
    );

    // The coordinator puts Reed's SME fact back to an earlier value from its history.
    await officer.post(`/suppliers/${ids.reed}`, { sme: 'yes' });
    const coordinator = await as('coord@example.org');
    const history = await coordinator.get(`/suppliers/${ids.reed}`);
    // The change that set SME to "No" (newest first: then it became "Yes") is put back.
    const change = /<td>SME<\/td><td>–<\/td><td>No<\/td>.*?action="(\/suppliers\/[^"]+\/restore)"/.exec(
      history.html,
    );
    expect(change).not.toBeNull();
    const restored = await coordinator.post(change?.[1] as string, {});
    expect(restored.status).toBe(303);
    const after = await coordinator.get(`/suppliers/${ids.reed}`);
    expect(after.html).toMatch(/<dt>SME<\/dt><dd>No<\/dd>/);
    expect(after.html).toContain('The fact is put back');
    // Who set each fact, in words: the organisation, a partnership's coordinator.
    expect(after.html).toContain('<td>officer</td><td>Org One</td>');
    expect(after.html).toMatch(/<td>officer<\/td><td>a coordinator of [^<]+<\/td>/);
    expect((await officer.get(`/suppliers/${ids.reed}`)).html).not.toContain('Put this value back');
  });
});

describe('register file pages', () => {
  test('an admin starts a load, follows its progress and sees what it matched; nobody else may', async () => {
    const uploads = {
      uploadUrl: async (key: string) => `https://uploads.example/${key}`,
      open: async () => Readable.from([]),
    };
    const withUploads = webApp({ deps: { ...h.deps, uploads }, login: { issue: h.issuer.issue, users: [] } });
    const admin = new WebClient(withUploads);
    await admin.login({ email: 'admin@example.org', admin: true });
    const form = await admin.get('/supplier-registers');
    expect(form.status).toBe(200);
    expect(form.html).toContain('Companies House basic company data');
    expect(form.html).toMatch(/<a href="\/supplier-registers"[^>]*>Register files<\/a>/);
    const bad = await admin.post('/supplier-registers', { kind: 'land-registry' });
    expect(bad.status).toBe(400);
    const created = await admin.post('/supplier-registers', { kind: 'companies-house' });
    expect(created.status).toBe(201);
    const { id, uploadUrl, href } = JSON.parse(created.html) as {
      id: string;
      uploadUrl: string;
      href: string;
    };
    expect(uploadUrl).toMatch(/^https:\/\/uploads\.example\//);
    expect(href).toBe(`/supplier-registers/${id}`);
    const waiting = await admin.get(href);
    expect(waiting.html).toContain('Waiting for the file');
    expect(waiting.html).toContain(`data-import-status-url="/supplier-registers/${id}/status"`);
    const load = await getRegisterLoad(h.deps.db, id);
    const file = `${companiesHeader}\r\n${companyLine('REED SPECIALIST RECRUITMENT LIMITED', '02020202', 'B1 2AB', 'Private Limited Company', 'FULL')}\r\n`;
    await runRegisterLoad(h.deps.db, id, { open: async () => Readable.from([Buffer.from(file)]) });
    expect(load?.status).toBe('waiting');
    const status = await admin.get(`${href}/status`);
    expect(JSON.parse(status.html)).toMatchObject({ status: 'completed', rowsProcessed: 1 });
    const done = await admin.get(href);
    expect(done.html).toMatch(/<dt>Suppliers matched<\/dt><dd>1<\/dd>/);
    expect(done.html).not.toContain('data-import-status-url');

    const officer = new WebClient(withUploads);
    await officer.login({ email: 'officer@org1.example' });
    expect((await officer.get('/supplier-registers')).status).toBe(403);
    expect((await officer.get(href)).status).toBe(403);
    expect((await officer.get('/')).html).not.toContain('Register files');
  });
});
