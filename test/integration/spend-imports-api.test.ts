import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fullApiApp } from '@compact-tracker/api/app';
import { parseImportUploadKey } from '@compact-tracker/domain/spend-import';
import { runSpendImport } from '@compact-tracker/jobs/import/run-import';
import { localUploads } from '@compact-tracker/local/local-uploads';
import { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, tableItems, world } from '../support/fixtures.ts';
import { type Harness, harness } from '../support/harness.ts';
import { transparencyCsv, transparencyMapping } from '../support/transparency-csv.ts';

// The import as a client uses it: create, PUT the file to the upload URL, poll until done; with
// the laptop's uploads standing in for S3 (the S3 path has its own test).

let h: Harness;
let w: Awaited<ReturnType<typeof world>>;
let app: Hono;
const finished: Promise<unknown>[] = [];

beforeAll(async () => {
  h = await harness();
  w = await world(h);
  const files = localUploads({
    dir: mkdtempSync(join(tmpdir(), 'ct-uploads-')),
    baseUrl: () => 'http://tracker.test',
    onUploaded: (key) => {
      const target = parseImportUploadKey(key);
      if (target) {
        finished.push(
          runSpendImport(h.deps.db, target.organisationId, target.importId, {
            open: () => files.uploads.open(key),
          }),
        );
      }
    },
  });
  app = new Hono();
  app.route('/', files.app);
  app.route('/', fullApiApp({ ...h.deps, uploads: files.uploads }));
  await w.ok('POST', `/v1/compacts/${w.compact.id}/signatures`, w.tokens.rep, w.signature(w.org1.id));
});

async function call(method: string, path: string, token?: string, body?: unknown) {
  const response = await app.request(path, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return {
    status: response.status,
    body: (await response.json().catch(() => null)) as any,
    headers: response.headers,
  };
}

async function waitForImport(organisationId: string, id: string, token: string) {
  for (let i = 0; i < 200; i++) {
    const current = await call('GET', `/v1/organisations/${organisationId}/spend-imports/${id}`, token);
    if (current.body.status === 'completed' || current.body.status === 'failed') return current.body;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('import did not finish');
}

describe('spend imports through the API', () => {
  it('creates an import, takes the file at the upload URL, and reports progress and outcome', async () => {
    const file = transparencyCsv({ rows: 400, invalidEvery: 41 });
    const created = await call('POST', `/v1/organisations/${w.org1.id}/spend-imports`, w.tokens.officer, {
      mapping: transparencyMapping,
      fileName: 'spending-over-500.csv',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'waiting',
      dateFormat: 'dd/mm/yyyy',
      uploadMethod: 'PUT',
      rowsTotal: null,
    });
    const url = new URL(created.body.uploadUrl);
    const put = await app.request(`${url.pathname}${url.search}`, { method: 'PUT', body: file.bytes });
    expect(put.status).toBe(200);
    const done = await waitForImport(w.org1.id, created.body.id, w.tokens.officer);
    expect(done).toMatchObject({
      status: 'completed',
      rowsTotal: 400,
      rowsProcessed: 400,
      rowsImported: 400 - file.rejectedLines.length,
      rowsRejected: file.rejectedLines.length,
      totalsByQuarter: file.totalsByQuarter,
    });
    expect(done.rejected.map((r: { row: number }) => r.row)).toEqual(file.rejectedLines);
    const list = await call('GET', `/v1/organisations/${w.org1.id}/spend-imports`, w.tokens.board);
    expect(list.body.items.map((i: { id: string }) => i.id)).toContain(created.body.id);
  });

  it('refuses a tampered or reused-elsewhere upload URL', async () => {
    const created = await call('POST', `/v1/organisations/${w.org1.id}/spend-imports`, w.tokens.officer, {
      mapping: transparencyMapping,
    });
    const url = new URL(created.body.uploadUrl);
    const other = url.pathname.replace(created.body.id, 'SOMEOTHERID');
    const response = await app.request(`${other}${url.search}`, { method: 'PUT', body: 'x' });
    expect(response.status).toBe(403);
  });

  it('previews a file: headers, first rows, suggested mapping, category texts', async () => {
    const file = transparencyCsv({ rows: 50 });
    const preview = await call(
      'POST',
      `/v1/organisations/${w.org1.id}/spend-imports/preview`,
      w.tokens.officer,
      {
        sample: file.bytes.toString('utf8'),
      },
    );
    expect(preview.status).toBe(200);
    expect(preview.body.headers).toContain('Ammount');
    expect(preview.body.rows).toHaveLength(10);
    expect(preview.body.suggestedMapping).toMatchObject({
      date: 'Payment Date',
      amount: 'Ammount',
      transactionId: 'Transaction Number',
      supplierName: 'Supplier Name',
      category: 'Expense Type',
      local: 'Local Supplier',
      sme: 'SME',
    });
    expect(preview.body.categoriesSeen).toContain('IT Software');
  });

  it('refuses invalid mappings, other organisations, board members and anonymous callers', async () => {
    const before = await tableItems(h);
    const bad = await call('POST', `/v1/organisations/${w.org1.id}/spend-imports`, w.tokens.officer, {
      mapping: { date: 'Date', categoryMap: { x: 'weapons' } },
      dateFormat: 'someday',
    });
    expectProblem(bad, 400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'dateFormat',
      'mapping.amount',
      'mapping.categoryMap.x',
    ]);
    const body = { mapping: transparencyMapping };
    expectProblem(await call('POST', `/v1/organisations/${w.org1.id}/spend-imports`, undefined, body), 401);
    for (const token of [w.tokens.otherRep, w.tokens.board, w.tokens.coordinator]) {
      expectProblem(await call('POST', `/v1/organisations/${w.org1.id}/spend-imports`, token, body), 403);
    }
    expect(await tableItems(h)).toEqual(before);
    expectProblem(
      await call('GET', `/v1/organisations/${w.org1.id}/spend-imports/01UNKNOWN`, w.tokens.officer),
      404,
    );
    expectProblem(
      await call('GET', `/v1/organisations/${w.org1.id}/spend-imports`, w.tokens.otherCoordinator),
      403,
    );
  });
});

// The council files that failed (test/fixtures/field-cases), each through the API to its total.
describe('real council files through the API', () => {
  const fieldCase = (name: string) =>
    readFileSync(join(import.meta.dirname, '../fixtures/field-cases', name));
  const imports = () => `/v1/organisations/${w.org1.id}/spend-imports`;

  async function importFile(name: string, mapping: Record<string, unknown>, dateFormat = 'yyyy-mm-dd') {
    const created = await call('POST', imports(), w.tokens.officer, { mapping, dateFormat, fileName: name });
    expect(created.status).toBe(201);
    const url = new URL(created.body.uploadUrl);
    const put = await app.request(`${url.pathname}${url.search}`, { method: 'PUT', body: fieldCase(name) });
    expect(put.status).toBe(200);
    return waitForImport(w.org1.id, created.body.id, w.tokens.officer);
  }

  const total = (done: { totalsByQuarter: Record<string, number> }) =>
    Object.values(done.totalsByQuarter).reduce((sum, pence) => sum + pence, 0);

  it('imports a file with title rows above its header (Darlington): 20 rows, £117,762.37', async () => {
    const done = await importFile('case05-title-rows-above-header.csv', {
      date: 'Transaction Date',
      amount: 'Invoice Line Value (net of VAT)',
      transactionId: 'Transaction Number',
      supplierName: 'Supplier',
    });
    expect(done).toMatchObject({ status: 'completed', rowsTotal: 20, rowsImported: 20, rowsRejected: 0 });
    expect(total(done)).toBe(11_776_237);
  });

  it('refuses a repeated header name naming both positions, and imports by position (Wandsworth)', async () => {
    const name = 'case06-wandsworth-duplicate-header.csv';
    const refused = await importFile(name, { date: '#2', amount: 'PAYMENT AMOUNT' }, 'dd/mm/yyyy');
    expect(refused.status).toBe('failed');
    expect(refused.error).toMatch(/2 columns named "PAYMENT AMOUNT" \(columns 2 and 3\).*#2 or #3/);
    expect(refused.rowsImported).toBe(0);
    const preview = await call('POST', `${imports()}/preview`, w.tokens.officer, {
      sampleBase64: fieldCase(name).toString('base64'),
      mapping: { amount: 'PAYMENT AMOUNT' },
    });
    expectProblem(preview, 400);
    expect(preview.body.detail).toMatch(/columns 2 and 3/);
    const done = await importFile(name, { date: '#2', amount: '#3', supplierName: 'PAYEE' }, 'dd/mm/yyyy');
    expect(done).toMatchObject({ status: 'completed', rowsImported: 5, rowsRejected: 0 });
    expect(total(done)).toBe(1_697_625);
  });

  it('reads a Windows-1252 file and its preview alike (Bradford): £326,082.25 of social care', async () => {
    const name = 'case07-bradford-cp1252-category-preview.csv';
    const preview = await call('POST', `${imports()}/preview`, w.tokens.officer, {
      sampleBase64: fieldCase(name).toString('base64'),
    });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ encoding: 'windows-1252' });
    expect(preview.body.categoriesSeen).toContain('Children’s Services');
    const done = await importFile(name, {
      date: 'Payment date',
      amount: 'Net Amount',
      category: 'Expenditure category',
      categoryMap: { 'Children’s Services': 'social-care' },
    });
    expect(done).toMatchObject({ status: 'completed', rowsImported: 31, encoding: 'windows-1252' });
    const spend = await call(
      'GET',
      `/v1/organisations/${w.org1.id}/spend?from=2017-18-Q3&to=2017-18-Q3`,
      w.tokens.officer,
    );
    const socialCare = spend.body.items.find((i: { category: string }) => i.category === 'social-care');
    expect(socialCare?.totalPence).toBe(32_608_225);
  });

  it('keeps a stray quote as text (Newcastle): 26 rows, £72,299.09', async () => {
    const done = await importFile('case08-newcastle-stray-quote.csv', {
      date: 'Paid Date',
      amount: 'Total',
      transactionId: 'Internal Ref',
      supplierName: 'Supplier Name',
    });
    expect(done).toMatchObject({ status: 'completed', rowsImported: 26, rowsRejected: 0 });
    expect(total(done)).toBe(7_229_909);
  });

  it('imports the net column of a two-row header, its second row no rejection (Salford)', async () => {
    const done = await importFile('case15-salford-two-header-rows.csv', {
      date: 'Date of Payment',
      amount: '#6',
      transactionId: 'SAP Document Number',
      supplierName: 'Supplier Name',
    });
    expect(done).toMatchObject({ status: 'completed', rowsTotal: 28, rowsRejected: 0 });
    expect(total(done)).toBe(93_838_076);
  });
});
