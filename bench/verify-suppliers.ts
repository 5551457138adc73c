// `npm run verify:suppliers -- <one Oxford CSV>`: suppliers checked against a real council file, as
// new users would use them through the HTTP API (not part of `npm test`).
//
// On a fresh tracker with its demo data (the Be Birmingham partnership and its signatories), the
// representative of Birmingham City Council imports the file with the natural mapping; the
// coordinator sets the partnership's area to "B"; the representative classifies the 20 largest
// suppliers by hand (postcodes in and out of the area, SME, VCSE; the largest council among them
// named as a fellow signatory); an admin loads a Companies House-layout file naming the next five.
// The organisation's shares (local, SME, VCSE: classified and yes pence) and spend between partners
// are then compared with sums worked here from the file's rows and the facts set, by exact name;
// after the aggregation runs, the compact's report for the file's financial year must show the same
// spend between partners. Prints a table; any difference exits 1.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startTracker } from '@compact-tracker/local/server';
import { parse } from 'csv-parse/sync';
import { companiesHeader, companyLine } from '../test/support/register-files.ts';
import { oxfordMapping, spendImports, trackerApi } from './lib/tracker-api.ts';

type Facts = { postcode?: string; sme?: boolean; vcse?: boolean; organisationId?: string };
type Shares = {
  partnershipId: string | null;
  spendPence: number;
  interPartnerPence: number;
  local: { classifiedPence: number; yesPence: number };
  sme: { classifiedPence: number; yesPence: number };
  vcse: { classifiedPence: number; yesPence: number };
};

const file = process.argv[2];
if (!file) {
  console.error('usage: npm run verify:suppliers -- <an Oxford "expenditure over £500" CSV>');
  process.exit(2);
}
const bytes = readFileSync(file);
const failures: string[] = [];
const check = (ok: boolean, what: string) => {
  console.error(`  ${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
};

/** Pence of an amount cell as the file writes it ("3022.4", "-0.01"), from its digits. */
function pence(cell: string): number {
  const text = cell.trim().replace(/[£,]/g, '');
  const negative = text.startsWith('-');
  const [whole = '0', fraction = ''] = text.replace(/^-/, '').split('.');
  const value = Number(whole) * 100 + Number(fraction.padEnd(2, '0').slice(0, 2));
  return negative ? -value : value;
}

const tracker = await startTracker();
try {
  const as = async (email: string, name: string) =>
    trackerApi(tracker.url, await tracker.issuer.issue({ email, name }));
  const rep = await as('rep@birmingham-city-council.example', 'Alex Morgan');
  const coordinator = await as('coordinator@bebirmingham.example', 'Chris Coordinator');
  const admin = trackerApi(
    tracker.url,
    await tracker.issuer.issue({ email: 'admin@compact-tracker.example', name: 'Ada Admin', admin: true }),
  );

  const me = await rep<{ memberships: { scope: string; id: string }[] }>('GET', '/v1/me');
  const organisationId = me.body.memberships.find((m) => m.scope === 'organisation')?.id as string;
  const coordinatorMe = await coordinator<{ memberships: { scope: string; id: string }[] }>('GET', '/v1/me');
  const partnershipId = coordinatorMe.body.memberships.find((m) => m.scope === 'partnership')?.id as string;
  const compacts = await rep<{ items: { id: string; partnershipId: string; status: string }[] }>(
    'GET',
    '/v1/compacts',
  );
  const compactId = compacts.body.items.find((c) => c.partnershipId === partnershipId)?.id as string;
  const signatories = await rep<{ items: { organisationId: string; name: string; status: string }[] }>(
    'GET',
    `/v1/compacts/${compactId}/signatories`,
  );
  const fellow = signatories.body.items.find(
    (s) => s.organisationId !== organisationId && s.status === 'signed',
  );
  if (!organisationId || !partnershipId || !compactId || !fellow)
    throw new Error('the demo data is not as expected');

  // The organisation's figures before (the demo data's own spend): the file must move them by its sums.
  type Listed = { supplierId: string; name: string; spendPence: number };
  const list = async (query = '') =>
    (
      await rep<{ items: Listed[]; shares: Shares[]; nextCursor: string | null }>(
        'GET',
        `/v1/organisations/${organisationId}/suppliers${query}`,
      )
    ).body;
  const before = (await list()).shares.find((s) => s.partnershipId === partnershipId);

  // 1. The import.
  const imports = `/v1/organisations/${organisationId}/spend-imports`;
  const imported = await spendImports(rep, imports).upload(bytes, oxfordMapping(bytes));
  check(
    imported.status === 'completed',
    `${path.basename(file)}: ${imported.status}, ${imported.rowsImported} rows`,
  );

  // 2. The area.
  const area = await coordinator('PUT', `/v1/partnerships/${partnershipId}/area`, { postcodes: ['B'] });
  check(area.status === 200, 'the coordinator sets the area to B');

  // 3. The 20 largest suppliers classified by hand.
  // The organisation's suppliers named in the file (the demo data pays others), largest first.
  const rows = parse(bytes, { columns: true, bom: true, relax_column_count: true }) as Record<
    string,
    string
  >[];
  const inFile = new Set(rows.map((row) => (row['Supplier Name'] ?? '').trim()));
  const all: Listed[] = [];
  for (let cursor: string | null = ''; cursor !== null; ) {
    const page: { items: Listed[]; nextCursor: string | null } = await list(
      `?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    all.push(...page.items);
    cursor = page.nextCursor;
  }
  const largest = all.filter((s) => inFile.has(s.name) && !s.name.startsWith('Undisclosed'));
  const councilIndex = largest.findIndex((s) => /COUNTY COUNCIL/i.test(s.name));
  const chosen = largest.slice(0, 20);
  const facts = new Map<string, Facts>();
  chosen.forEach((s, i) => {
    const f: Facts =
      i === councilIndex
        ? { organisationId: fellow.organisationId }
        : {
            ...(i % 3 === 0 ? { postcode: 'B1 1AA' } : i % 3 === 1 ? { postcode: 'OX1 1BX' } : {}),
            ...(i % 4 !== 3 ? { sme: i % 2 === 0 } : {}),
            ...(i % 5 === 0 ? { vcse: true } : i % 5 === 1 ? { vcse: false } : {}),
          };
    facts.set(s.supplierId, f);
  });
  let classified = 0;
  for (const [supplierId, f] of facts) {
    const put = await rep('PUT', `/v1/suppliers/${supplierId}`, f);
    if (put.status === 200) classified += 1;
    else console.error(`      ${supplierId}: ${put.status} ${JSON.stringify(put.body)}`);
  }
  check(
    classified === 20,
    `the 20 largest classified by hand (${councilIndex >= 0 ? `${largest[councilIndex]?.name} as ${fellow.name}` : 'no council among them'})`,
  );

  // 4. A Companies House-layout file naming the next five (SMALL and MICRO ENTITY are SMEs, FULL says nothing).
  const next = largest.slice(20, 25);
  const accounts = ['SMALL', 'FULL', 'MICRO ENTITY', 'SMALL', 'FULL'];
  const postcodes = ['B2 4QA', 'OX4 2JY', 'B15 2TT', 'SW1A 1AA', 'B1 1BB'];
  const companies = next.map((s, i) =>
    companyLine(
      s.name,
      `0900000${i}`,
      postcodes[i] as string,
      'Private Limited Company',
      accounts[i] as string,
    ),
  );
  for (const [i, s] of next.entries())
    facts.set(s.supplierId, {
      postcode: postcodes[i] as string,
      ...(accounts[i] === 'FULL' ? {} : { sme: true }),
    });
  const load = await admin<{ id: string; uploadUrl: string }>('POST', '/v1/supplier-registers', {
    kind: 'companies-house',
  });
  if (load.status !== 201) throw new Error(`register load: ${load.status} ${JSON.stringify(load.body)}`);
  await fetch(load.body.uploadUrl, { method: 'PUT', body: [companiesHeader, ...companies].join('\r\n') });
  let loaded: { status: string; suppliersMatched: number };
  for (;;) {
    loaded = (
      await admin<{ status: string; suppliersMatched: number }>(
        'GET',
        `/v1/supplier-registers/${load.body.id}`,
      )
    ).body;
    if (loaded.status !== 'waiting' && loaded.status !== 'running') break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  check(
    loaded.status === 'completed' && loaded.suppliersMatched === next.length,
    `a Companies House-layout file of ${next.length} companies: ${loaded.status}, ${loaded.suppliersMatched} suppliers matched`,
  );

  // 5. The independent sums: the file's rows, by exact name (each record's names as seen).
  const byName = new Map<string, Facts>();
  for (const [supplierId, f] of facts) {
    const record = await rep<{ names: { name: string }[] }>('GET', `/v1/suppliers/${supplierId}`);
    for (const { name } of record.body.names) byName.set(name.trim(), f);
  }
  const want = {
    spendPence: 0,
    interPartnerPence: 0,
    local: { classifiedPence: 0, yesPence: 0 },
    sme: { classifiedPence: 0, yesPence: 0 },
    vcse: { classifiedPence: 0, yesPence: 0 },
  };
  for (const row of rows) {
    const amount = pence(row.Amount ?? '');
    want.spendPence += amount;
    const f = byName.get((row['Supplier Name'] ?? '').trim());
    if (!f) continue;
    if (f.organisationId) {
      want.interPartnerPence += amount;
      continue;
    }
    if (f.postcode !== undefined) {
      want.local.classifiedPence += amount;
      if (/^B\d/.test(f.postcode)) want.local.yesPence += amount;
    }
    for (const dim of ['sme', 'vcse'] as const) {
      if (f[dim] === undefined) continue;
      want[dim].classifiedPence += amount;
      if (f[dim]) want[dim].yesPence += amount;
    }
  }

  // 6. The tracker's figures: the organisation's shares for the partnership, then the report.
  const shares = (await list()).shares.find((s) => s.partnershipId === partnershipId);
  const zero = { classifiedPence: 0, yesPence: 0 };
  const base = before ?? { spendPence: 0, interPartnerPence: 0, local: zero, sme: zero, vcse: zero };
  const moved = (
    a: { classifiedPence: number; yesPence: number },
    b: { classifiedPence: number; yesPence: number },
  ) => ({
    classifiedPence: a.classifiedPence - b.classifiedPence,
    yesPence: a.yesPence - b.yesPence,
  });
  const got = shares
    ? {
        spendPence: shares.spendPence - base.spendPence,
        interPartnerPence: shares.interPartnerPence - base.interPartnerPence,
        local: moved(shares.local, base.local),
        sme: moved(shares.sme, base.sme),
        vcse: moved(shares.vcse, base.vcse),
      }
    : want;
  const lines: [string, number, number][] = [
    ['spend', got.spendPence, want.spendPence],
    ['spend between partners', got.interPartnerPence, want.interPartnerPence],
    ['local: classified', got.local.classifiedPence, want.local.classifiedPence],
    ['local: yes', got.local.yesPence, want.local.yesPence],
    ['SME: classified', got.sme.classifiedPence, want.sme.classifiedPence],
    ['SME: yes', got.sme.yesPence, want.sme.yesPence],
    ['VCSE: classified', got.vcse.classifiedPence, want.vcse.classifiedPence],
    ['VCSE: yes', got.vcse.yesPence, want.vcse.yesPence],
  ];
  check(shares !== undefined, 'the organisation shows shares for the partnership');
  for (const [what, tracked, independent] of lines)
    check(tracked === independent, `${what}: ${tracked} = ${independent}`);

  const run = await admin<{ id?: string }>('POST', '/v1/admin/aggregations');
  if (run.status === 202 && run.body.id) {
    for (;;) {
      const status = await admin<{ status: string }>('GET', `/v1/admin/aggregations/${run.body.id}`);
      if (status.body.status !== 'running' && status.body.status !== 'waiting') break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  // A compact's reports cover its years (from its first signature): the demo compact's start a few
  // years back, so an older file's year has no report (test/integration/supplier-import.test.ts
  // checks a report's spend between partners, shares and coverage on a year it covers).
  const year = Object.keys(imported.totalsByQuarter)[0]?.slice(0, 7) as string;
  const reports = await coordinator<{ items: { financialYear: string }[] }>(
    'GET',
    `/v1/compacts/${compactId}/reports`,
  );
  const years = reports.body.items.map((r) => r.financialYear);
  if (years.includes(year)) {
    const report = await coordinator<{ interPartnerPence: number }>(
      'GET',
      `/v1/compacts/${compactId}/reports/${year}`,
    );
    check(
      report.body.interPartnerPence - (before?.interPartnerPence ?? 0) === want.interPartnerPence,
      `the ${year} report's spend between partners moved by ${want.interPartnerPence}`,
    );
  } else console.error(`      no report for ${year}: the compact's reports cover ${years.join(', ')}`);

  const pct = (part: number, whole: number) => (whole === 0 ? '–' : `${((100 * part) / whole).toFixed(1)}%`);
  console.log('| figure | tracker: moved by the file (pence) | independent (pence) | difference |');
  console.log('|---|---:|---:|---:|');
  for (const [what, tracked, independent] of lines)
    console.log(`| ${what} | ${tracked} | ${independent} | ${tracked - independent} |`);
  const third = want.spendPence - want.interPartnerPence;
  for (const dim of ['local', 'sme', 'vcse'] as const)
    console.log(
      `\n${dim}: ${pct(want[dim].yesPence, want[dim].classifiedPence)} of the ${pct(want[dim].classifiedPence, third)} classified`,
    );
} finally {
  await tracker.stop();
}
if (failures.length > 0) {
  console.error(`\n${failures.length} check(s) failed:\n${failures.map((f) => `  ${f}`).join('\n')}`);
  process.exit(1);
}
console.error('\nevery check passed');
