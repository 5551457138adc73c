// One register load in a fresh process (run with --expose-gc): a Companies House-layout file of
// `rows` rows generated as it streams (zipped with fflate's streaming Zip, or not), matched against
// `suppliers` supplier records of which every 10th is named in the file. Prints rows/s and the heap
// retained after GC, sampled every 50,000 rows while the file streams. With `mode: 'parse'`, the
// same stream only goes through csv-parse: the baseline.

import { Readable } from 'node:stream';
import { registerRows } from '@compact-tracker/jobs/registers/read-register';
import { runRegisterLoad } from '@compact-tracker/jobs/registers/run-register-load';
import { createDb } from '@compact-tracker/store/db';
import { createRegisterLoad } from '@compact-tracker/store/supplier-registers';
import { resolveSupplier } from '@compact-tracker/store/supplier-resolution';
import { Zip, ZipDeflate } from 'fflate';
import { ulid } from 'ulid';

export type RegisterLoadChildTask = {
  mode: 'load' | 'parse';
  endpoint: string;
  table: string;
  rows: number;
  suppliers: number;
  zipped: boolean;
};

export type RegisterLoadChildResult = {
  seconds: number;
  rowsProcessed: number;
  suppliersMatched: number;
  heapRetainedPeakBytes: number;
  status: string;
};

const HEADER =
  'CompanyName, CompanyNumber,RegAddress.CareOf,RegAddress.POBox,RegAddress.AddressLine1, RegAddress.AddressLine2,RegAddress.PostTown,RegAddress.County,RegAddress.Country,RegAddress.PostCode,CompanyCategory,CompanyStatus,CountryOfOrigin,DissolutionDate,IncorporationDate,Accounts.AccountRefDay,Accounts.AccountRefMonth,Accounts.NextDueDate,Accounts.LastMadeUpDate,Accounts.AccountCategory,URI\r\n';
const ACCOUNTS = ['MICRO ENTITY', 'FULL', 'TOTAL EXEMPTION FULL', 'DORMANT', 'SMALL', 'NO ACCOUNTS FILED'];
const nameOf = (i: number) => `GENERATED TRADING ${i} LIMITED`;

const gc = (globalThis as { gc?: () => void }).gc;
let heapPeak = 0;
function sampleHeap() {
  gc?.();
  heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
}

function* csvLines(rows: number): Generator<string> {
  yield HEADER;
  let batch = '';
  for (let i = 0; i < rows; i++) {
    const n = String(10_000_000 + i).slice(-8);
    batch += `"${nameOf(i)}",${n},,,"${i} HIGH STREET",,OXFORD,,UNITED KINGDOM,OX${(i % 9) + 1} ${(i % 9) + 1}AB,Private Limited Company,Active,United Kingdom,,01/01/2010,31,3,31/12/2026,31/03/2025,${ACCOUNTS[i % ACCOUNTS.length]},http://business.data.gov.uk/id/company/${n}\r\n`;
    if (i % 500 === 499) {
      yield batch;
      batch = '';
    }
    if (i % 50_000 === 0) sampleHeap();
  }
  if (batch) yield batch;
}

/** The generated CSV as a stream of bytes, or of ZIP bytes deflated as they are generated. */
function source(rows: number, zipped: boolean): Readable {
  if (!zipped)
    return Readable.from(
      (function* () {
        for (const text of csvLines(rows)) yield Buffer.from(text);
      })(),
    );
  return Readable.from(
    (async function* () {
      const out: Uint8Array[] = [];
      const zip = new Zip((error, data) => {
        if (error) throw error;
        out.push(data);
      });
      const entry = new ZipDeflate('BasicCompanyData-generated.csv', { level: 1 });
      zip.add(entry);
      for (const text of csvLines(rows)) {
        entry.push(Buffer.from(text));
        while (out.length > 0) yield Buffer.from(out.shift() as Uint8Array);
      }
      entry.push(new Uint8Array(0), true);
      zip.end();
      while (out.length > 0) yield Buffer.from(out.shift() as Uint8Array);
    })(),
  );
}

async function main() {
  const task = JSON.parse(process.argv[2] ?? '{}') as RegisterLoadChildTask;
  const db = createDb({ endpoint: task.endpoint, table: task.table });
  if (task.mode === 'parse') {
    sampleHeap();
    const started = performance.now();
    let rowsProcessed = 0;
    for await (const _row of registerRows(source(task.rows, task.zipped), 'companies-house'))
      rowsProcessed += 1;
    const seconds = (performance.now() - started) / 1000;
    sampleHeap();
    const result: RegisterLoadChildResult = {
      seconds,
      rowsProcessed,
      suppliersMatched: 0,
      heapRetainedPeakBytes: heapPeak,
      status: 'parsed',
    };
    console.log(JSON.stringify(result));
    return;
  }
  // Suppliers as councils' files name them: every 10th is in the register file.
  for (let i = 0; i < task.suppliers; i += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, task.suppliers - i) }, (_, k) =>
        resolveSupplier(db, {
          organisationId: 'BENCHORG',
          name: (i + k) % 10 === 0 ? nameOf((i + k) * 7) : `UNLISTED SUPPLIER ${i + k}`,
          at: new Date().toISOString(),
          newId: ulid,
        }),
      ),
    );
  }
  const id = ulid();
  await createRegisterLoad(db, {
    id,
    kind: 'companies-house',
    status: 'waiting',
    uploadKey: `registers/${id}.data`,
    rowsProcessed: 0,
    suppliersMatched: 0,
    factsSet: 0,
    numbersRefused: 0,
    createdAt: new Date().toISOString(),
    createdBy: 'bench',
  });
  sampleHeap();
  heapPeak = 0;
  const started = performance.now();
  const result = await runRegisterLoad(db, id, { open: async () => source(task.rows, task.zipped) });
  const seconds = (performance.now() - started) / 1000;
  sampleHeap();
  const out: RegisterLoadChildResult = {
    seconds,
    rowsProcessed: result?.rowsProcessed ?? 0,
    suppliersMatched: result?.suppliersMatched ?? 0,
    heapRetainedPeakBytes: heapPeak,
    status: result?.status ?? 'missing',
  };
  console.log(JSON.stringify(out));
}

await main();
