import { randomBytes } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { tableItems } from '../support/fixtures.ts';
import { type Harness, harness } from '../support/harness.ts';
import {
  expectCleanProblem,
  type HostileWorld,
  hostileApp,
  hostileWorld,
  type Send,
} from '../support/hostile-app.ts';
import { LIBRARY_PHRASING } from '../support/library-phrasing.ts';
import { transparencyMapping } from '../support/transparency-csv.ts';

// Hostile spend CSVs through the import as a client drives it (create, PUT the file, poll), and
// through the preview; then text a spreadsheet would run as a formula, through the one CSV export.

let h: Harness;
let w: HostileWorld;
let send: Send;
let app: ReturnType<typeof hostileApp>;
beforeAll(async () => {
  h = await harness();
  app = hostileApp(h);
  send = app.send;
  w = await hostileWorld(h, send);
});

const imports = () => `/v1/organisations/${w.org1.id}/spend-imports`;
const json = (value: unknown) => JSON.stringify(value);
const HEADER = 'Payment Date,Ammount,Transaction Number,Supplier Name,Expense Type,Local Supplier,SME';

/** Creates an import, PUTs the file to its upload URL, and waits for the job to end. */
async function importFile(file: Buffer | string, mapping: object = transparencyMapping) {
  const created = await send('POST', imports(), { token: w.tokens.officer, body: json({ mapping }) });
  expect(created.status, created.text).toBe(201);
  const url = new URL(created.body.uploadUrl);
  const started = Date.now();
  const put = await app.app.request(`${url.pathname}${url.search}`, { method: 'PUT', body: file });
  expect(put.status).toBe(200);
  // The job as the S3 event runs it: a file problem ends the import, it does not throw (a throw is retried).
  await expect(app.imports.at(-1)).resolves.toMatchObject({ status: expect.any(String) });
  const done = await send('GET', `${imports()}/${created.body.id}`, { token: w.tokens.officer });
  expect(done.status, done.text).toBe(200);
  return { ...done.body, seconds: (Date.now() - started) / 1000 };
}

/** An import that ends on its own, with a reason a person can act on and nothing internal. */
function expectEndedCleanly(outcome: { status: string; error?: string; seconds: number }) {
  // needs-review: most rows would be rejected, and nothing was written.
  expect(['completed', 'failed', 'needs-review']).toContain(outcome.status);
  expect(outcome.seconds).toBeLessThan(10);
  if (outcome.status === 'failed') {
    expect(outcome.error).toEqual(expect.any(String));
    expect(outcome.error).not.toMatch(/internal error|\n\s+at |node_modules/);
    expect(outcome.error).not.toMatch(LIBRARY_PHRASING);
    expect((outcome.error as string).length).toBeLessThan(2000);
  }
}

describe('a spend import of a hostile file', () => {
  it('of binary junk ends, failed or stopped for review, and counts nothing', async () => {
    for (const file of [
      randomBytes(200 * 1024),
      Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n'), randomBytes(50_000)]),
      Buffer.alloc(100_000, 0),
      Buffer.from(`${HEADER}\r\n${'\u0000,'.repeat(5000)}\r\n`),
    ]) {
      const outcome = await importFile(file);
      expectEndedCleanly(outcome);
      expect(outcome.rowsImported).toBe(0);
    }
  });

  it('with a million columns in the header fails with a clear reason, quickly', async () => {
    const header = `Payment Date,Ammount,${Array.from({ length: 1_000_000 }, (_, i) => `c${i % 10}`).join(',')}`;
    const outcome = await importFile(`${header}\r\n01/04/2025,10.00\r\n`, {
      date: 'Payment Date',
      amount: 'Ammount',
    });
    expectEndedCleanly(outcome);
    expect(outcome.status).toBe('failed');
  });

  it('with a million columns in a row fails with a clear reason, quickly', async () => {
    const row = `01/04/2025,10.00,${',x'.repeat(1_000_000)}`;
    const outcome = await importFile(`Payment Date,Ammount\r\n${row}\r\n01/05/2025,5.00\r\n`, {
      date: 'Payment Date',
      amount: 'Ammount',
    });
    expectEndedCleanly(outcome);
    expect(outcome.status).toBe('failed');
  });

  it('without the mapped columns, among very many, fails naming them without listing them all', async () => {
    // Under the 64 KB a record may have, so the header is read and the mapping checked against it.
    const header = Array.from({ length: 9000 }, (_, i) => `C${i}`).join(',');
    const outcome = await importFile(`${header}\r\n${'1,'.repeat(8999)}1\r\n`);
    expectEndedCleanly(outcome);
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatch(/date \("Payment Date"\).*"C0", "C1",.* and 8980 more$/);
  });

  it('with one huge field or an unclosed quote fails with a clear reason', async () => {
    for (const file of [
      `${HEADER}\r\n01/04/2025,10.00,1,"${'x'.repeat(1_000_000)}",IT Software,Y,Y\r\n`,
      `${HEADER}\r\n01/04/2025,10.00,1,"Acme,IT Software,Y,Y\r\n`.repeat(3),
    ]) {
      const outcome = await importFile(file);
      expectEndedCleanly(outcome);
      expect(outcome.status).toBe('failed');
    }
  });

  it('refuses an upload that declares or sends more than the limit, importing nothing', async () => {
    const created = await send('POST', imports(), {
      token: w.tokens.officer,
      body: json({ mapping: transparencyMapping }),
    });
    const url = new URL(created.body.uploadUrl);
    const target = `${url.pathname}${url.search}`;
    const declared = await app.app.request(target, {
      method: 'PUT',
      headers: { 'content-length': String(50 * 1024 ** 3) },
      body: 'x',
    });
    expect(declared.status).toBe(413);
    const sent = await app.app.request(target, { method: 'PUT', body: Buffer.alloc(9 * 1024 * 1024, 65) });
    expect(sent.status).toBe(413);
    const after = await send('GET', `${imports()}/${created.body.id}`, { token: w.tokens.officer });
    expect(after.body.status).toBe('waiting');
  });

  it('refuses a create-import request that declares a size, or a file name that is a path', async () => {
    const before = await tableItems(h);
    for (const extra of [
      { size: 50 * 1024 ** 3 },
      { sizeBytes: 1e308 },
      { contentLength: -1 },
      { fileName: 'x'.repeat(256) },
      { fileName: 42 },
    ]) {
      const response = await send('POST', imports(), {
        token: w.tokens.officer,
        body: json({ mapping: transparencyMapping, ...extra }),
      });
      expectCleanProblem(response, json(extra).slice(0, 80));
      expect(response.status).toBe(400);
    }
    expect(await tableItems(h)).toEqual(before);
    // A file name is only a label: the upload goes to the import's own key whatever it says.
    const created = await send('POST', imports(), {
      token: w.tokens.officer,
      body: json({ mapping: transparencyMapping, fileName: '../../../etc/passwd\u0000.csv' }),
    });
    expect(created.status).toBe(201);
    expect(new URL(created.body.uploadUrl).pathname).toBe(
      `/local-uploads/imports/${w.org1.id}/${created.body.id}.csv`,
    );
  });
});

describe('the preview of a hostile sample', () => {
  const preview = (sample: string) =>
    send('POST', `${imports()}/preview`, { token: w.tokens.officer, body: json({ sample }) });

  it('answers 200 or a clean 4xx, in bounded time, for junk, huge rows and broken quoting', async () => {
    for (const sample of [
      randomBytes(30_000).toString('latin1'),
      '\ud800\udfff\u0000'.repeat(5000),
      ','.repeat(48 * 1024 - 1),
      `"${'x'.repeat(40_000)}`,
      `a,b\r\n"unclosed,1\r\n`,
      '\uFEFF\uFEFF\uFEFF',
      '\r\n'.repeat(20_000),
    ]) {
      const started = Date.now();
      const response = await preview(sample);
      expect(Date.now() - started).toBeLessThan(5000);
      if (response.status >= 400) expectCleanProblem(response, sample.slice(0, 40));
      else expect(response.status).toBe(200);
    }
  });

  it('answers 200 or a clean 4xx for junk bytes and hostile mappings sent with the bytes', async () => {
    const samples = [
      randomBytes(48_000),
      Buffer.from(`a,b\r\n"unclosed,1\r\n`),
      Buffer.from(','.repeat(47_999)),
      Buffer.from([0xef, 0xbb, 0xbf, 0xc3]),
    ];
    const mappings = [undefined, { amount: '#10000' }, { date: '__proto__' }, { category: 'b', amount: 'a' }];
    for (const bytes of samples) {
      for (const mapping of mappings) {
        const started = Date.now();
        const response = await send('POST', `${imports()}/preview`, {
          token: w.tokens.officer,
          body: json({ sampleBase64: bytes.toString('base64'), ...(mapping ? { mapping } : {}) }),
        });
        expect(Date.now() - started).toBeLessThan(5000);
        if (response.status >= 400) expectCleanProblem(response, json(mapping ?? {}).slice(0, 40));
        else expect(response.status).toBe(200);
      }
    }
  });
});

describe('text a spreadsheet would run, in our CSV export', () => {
  const formulas = [
    '=HYPERLINK("http://evil.example","x")',
    "+cmd|' /C calc'!A0",
    '-1+1',
    '@SUM(1+1)',
    '=1+1,"quoted"',
    '=cmd\r\n=2+2',
    'Normal ; =after',
  ];

  it('comes out with a leading quote from the API and the pages, full and public', async () => {
    const names = new Map<string, string>();
    for (const name of formulas) {
      const org = await send('POST', '/v1/organisations', {
        token: w.tokens.nobody,
        body: json({ name, sector: 'private', postcode: 'B4 4BB' }),
      });
      expect(org.status, org.text).toBe(201);
      names.set(org.body.id, org.body.name);
      const signed = await send('POST', `/v1/compacts/${w.compact.id}/signatures`, {
        token: w.tokens.nobody,
        body: json(w.signature(org.body.id)),
      });
      expect(signed.status, signed.text).toBe(201);
    }
    const run = await send('POST', '/v1/admin/aggregations', { token: w.tokens.admin });
    expect(run.status, run.text).toBe(202);
    const years = await send('GET', `/v1/compacts/${w.compact.id}/reports`);
    const fy = years.body.items[0].financialYear as string;
    const base = `/v1/compacts/${w.compact.id}/reports/${fy}`;

    for (const [label, path, token, headers] of [
      ['API, coordinator, accept', base, w.tokens.coordinator, { accept: 'text/csv' }],
      ['API, coordinator, ?format', `${base}?format=csv`, w.tokens.coordinator, {}],
      ['API, public', `${base}?format=csv`, null, {}],
      ['pages, public', `/compacts/${w.compact.id}/reports/${fy}/csv`, null, {}],
    ] as const) {
      const response = await send('GET', path, { token, headers });
      expect(response.status, `${label}: ${response.text}`).toBe(200);
      expect(response.headers.get('content-type'), label).toMatch(/^text\/csv/);
      const rows = parse(response.text, { relax_column_count: false }) as string[][];
      const [header = [], ...body] = rows;
      const nameAt = header.indexOf('name');
      for (const row of body) {
        for (const cell of row) {
          // A spreadsheet runs a cell that starts with one of these; numbers may be negative.
          if (/^-?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(cell)) continue;
          expect(cell, `${label}: ${row.join('|')}`).not.toMatch(/^[=+\-@\t\r]/);
        }
        const original = names.get(row[0] as string);
        if (original !== undefined) {
          expect(row[nameAt], label).toBe(/^[=+\-@\t\r]/.test(original) ? `'${original}` : original);
        }
      }
      expect(
        body.filter((row) => names.has(row[0] as string)),
        label,
      ).toHaveLength(formulas.length);
    }
  }, 60_000);
});
