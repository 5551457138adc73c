// `npm run verify:oxford -- <folder> [--expect <file>]`: the ledger checked against real council files,
// as a new user would use it through the HTTP API (not part of `npm test`: 61,529 rows take minutes).
//
// On a fresh tracker (its own DynamoDB Local, in memory) one officer's organisation imports every CSV
// of <folder> (the Oxford City Council "expenditure over £500" files) with the natural mapping, then:
// re-imports one with fewer columns, one with the wrong date format first (needs-review, then run
// again with the format the review suggests), and one re-published in another layout (columns
// moved and mapped by position, ISO dates, "£1,234.56" amounts, a byte-order mark) with a category
// map that restates its rows; reverts one import and imports its file again. After each step every
// quarter's total is compared with the independent sums in --expect (default
// bench/data/oxford-sums.json); the table is printed and any difference exits 1.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { startTracker } from '@compact-tracker/local/server';
import { parse } from 'csv-parse/sync';
import { type Import, oxfordMapping as natural, spendImports, trackerApi } from './lib/tracker-api.ts';

const args = process.argv.slice(2);
const expectAt = args.indexOf('--expect');
const expectFile =
  expectAt >= 0 ? args[expectAt + 1] : path.join(import.meta.dirname, 'data/oxford-sums.json');
const folder = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--expect');
if (!folder || !expectFile) {
  console.error('usage: npm run verify:oxford -- <folder of CSV files> [--expect <sums.json>]');
  process.exit(2);
}
const expected = (JSON.parse(readFileSync(expectFile, 'utf8')) as { quarters: Record<string, number> })
  .quarters;
const files = readdirSync(folder)
  .filter((name) => name.endsWith('.csv'))
  .sort();
const failures: string[] = [];
const check = (ok: boolean, what: string) => {
  console.error(`  ${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
};

const tracker = await startTracker({ demoData: false });
try {
  const token = await tracker.issuer.issue({ email: 'finance@oxford.example', name: 'Finance Officer' });
  const api = trackerApi(tracker.url, token);
  const organisation = await api<{ id: string }>('POST', '/v1/organisations', {
    name: 'Oxford City Council',
    sector: 'public',
    postcode: 'OX1 1BX',
  });
  if (organisation.status !== 201) throw new Error(`organisation: ${JSON.stringify(organisation.body)}`);
  const imports = `/v1/organisations/${organisation.body.id}/spend-imports`;

  const { settled, upload } = spendImports(api, imports);
  const quarterTotals = async () => {
    const spend = await api<{ items: { quarter: string; totalPence: number }[] }>(
      'GET',
      `/v1/organisations/${organisation.body.id}/spend`,
    );
    const totals: Record<string, number> = {};
    for (const item of spend.body.items) totals[item.quarter] = (totals[item.quarter] ?? 0) + item.totalPence;
    return totals;
  };
  const compare = async (step: string, adjust: Record<string, number> = {}) => {
    const ledger = await quarterTotals();
    const quarters = [...new Set([...Object.keys(expected), ...Object.keys(ledger)])].sort();
    const differing = quarters.filter((q) => (ledger[q] ?? 0) !== (expected[q] ?? 0) + (adjust[q] ?? 0));
    check(
      differing.length === 0,
      `${step}: every quarter equals the independent sum${differing.length ? ` (differ: ${differing.join(', ')})` : ''}`,
    );
    return { ledger, quarters };
  };

  const read = (name: string) => readFileSync(path.join(folder, name));

  // 1. Every file with the natural mapping.
  const first: Record<string, Import> = {};
  const started = performance.now();
  for (const name of files) {
    const result = await upload(read(name), natural(read(name)));
    first[name] = result;
    console.error(
      `  ${name}: ${result.status}, ${result.rowsImported} imported, ${result.rowsDuplicate} duplicate, ${result.rowsRejected} rejected`,
    );
    for (const reason of result.reviewReasons ?? []) console.error(`      ${reason.reason}`);
  }
  const rows = Object.values(first).reduce((n, r) => n + r.rowsImported, 0);
  console.error(`  ${rows} rows in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  check(
    files.every(
      (name) => first[name]?.status === (name.includes('apr-jun-2014') ? 'needs-review' : 'completed'),
    ),
    'every file completes but apr-jun-2014, which waits for review',
  );
  const firstTable = await compare('all files with the natural mapping');

  // 2a. The same rows with fewer columns: nothing counted twice.
  const fewerName = files.find((n) => n.includes('oct-dec-2016'));
  if (fewerName) {
    const { category: _c, supplierName: _s, ...fewer } = natural(read(fewerName));
    const again = await upload(read(fewerName), fewer);
    check(
      again.status === 'completed' && again.rowsImported === 0 && again.rowsRestated === 0,
      `${fewerName} again without category and supplier: ${again.rowsDuplicate} duplicates, nothing imported or restated`,
    );
    await compare(`after ${fewerName} again`);
  }

  // 2b. The wrong date format first: review, then the suggested format.
  const wrongName = files.find((n) => n.includes('jan-mar-2016'));
  if (wrongName) {
    const wrong = await upload(read(wrongName), natural(read(wrongName)), 'mm/dd/yyyy');
    const suggested = wrong.reviewReasons?.find((r) => r.suggestedDateFormat)?.suggestedDateFormat;
    for (const reason of wrong.reviewReasons ?? []) console.error(`      ${reason.reason}`);
    check(
      wrong.status === 'needs-review' && suggested === 'dd/mm/yyyy' && wrong.rowsImported === 0,
      `${wrongName} as mm/dd/yyyy waits for review suggesting ${suggested}, nothing written`,
    );
    await compare(`while ${wrongName} waits for review`);
    const retried = await api('POST', `${imports}/${wrong.id}/retry`, { dateFormat: suggested });
    const after = await settled(wrong.id);
    check(
      retried.status === 202 && after.status === 'completed' && after.rowsImported === 0,
      `run again as ${suggested}: ${after.status}, ${after.rowsDuplicate} duplicates, ${after.rowsImported} imported`,
    );
    await compare(`after ${wrongName} ran again`);
  }

  // 2c. A re-published file: columns moved, mapped by position, ISO dates, "£" amounts, a BOM, and a
  // category map: the categories are restated, the quarters' totals stay.
  const movedName = files.find((n) => n.includes('jul-sep-2015'));
  if (movedName) {
    const rowsOf = parse(read(movedName), { bom: true, relax_column_count: true }) as string[][];
    const headers = rowsOf[0] ?? [];
    const column = (mapped: string | Record<string, string> | undefined) => headers.indexOf(mapped as string);
    const map = natural(read(movedName));
    const [date, amount, number, supplier, category] = [
      column(map.date),
      column(map.amount),
      column(map.transactionId),
      column(map.supplierName),
      column(map.category),
    ];
    const iso = (d = '') => d.replace(/^(\d\d)\/(\d\d)\/(\d{4})$/, '$3-$2-$1');
    const pounds = (a = '') =>
      a.startsWith('-')
        ? `-£${Number(a.slice(1)).toLocaleString('en-GB', { minimumFractionDigits: 2 })}`
        : `£${Number(a).toLocaleString('en-GB', { minimumFractionDigits: 2 })}`;
    const quote = (cell = '') => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
    const lines = rowsOf.map((row, i) =>
      [
        '',
        row[category],
        i === 0 ? 'Value' : pounds(row[amount]),
        row[supplier],
        i === 0 ? 'Date paid' : iso(row[date]),
        row[number],
      ]
        .map(quote)
        .join(','),
    );
    const republished = Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
    const restated = await upload(
      republished,
      {
        date: '#5',
        amount: '#3',
        transactionId: '#6',
        supplierName: '#4',
        category: '#2',
        categoryMap: { Grants: 'social-care', 'General Contracted Services': 'professional-services' },
      },
      'yyyy-mm-dd',
    );
    check(
      restated.status === 'completed' && restated.rowsImported === 0 && restated.rowsRestated > 0,
      `${movedName} re-published with a category map: ${restated.status}, ${restated.rowsRestated} restated, ${restated.rowsDuplicate} duplicates, ${restated.rowsImported} imported`,
    );
    for (const reason of restated.reviewReasons ?? []) console.error(`      ${reason.reason}`);
    await compare(`after ${movedName} restated`);
    // Only once restated (a revert that is not blocked would take the rows out).
    if (restated.rowsRestated > 0) {
      const blocked = await api<{ detail: string }>('POST', `${imports}/${first[movedName]?.id}/revert`);
      check(
        blocked.status === 409 && blocked.body.detail.includes(restated.id),
        `reverting ${movedName}'s first import before the restatement: 409 naming it`,
      );
    }
  }

  // 3. Revert an import and import its file again.
  const revertName = files.find((n) => n.includes('oct-dec-2015'));
  const reverting = revertName ? first[revertName] : undefined;
  if (revertName && reverting) {
    const before = await settled(reverting.id);
    // A file of this size is reverted within the request (200 reverted); a larger one answers 202
    // reverting and the import job finishes it in the background.
    const started = await api<{ status: string }>('POST', `${imports}/${reverting.id}/revert`);
    const reverted = await settled(reverting.id);
    const less = Object.fromEntries(Object.entries(before.totalsByQuarter).map(([q, p]) => [q, -p]));
    const answered =
      (started.status === 200 && started.body.status === 'reverted') ||
      (started.status === 202 && started.body.status === 'reverting');
    check(
      answered && reverted.status === 'reverted',
      `${revertName} reverted (answered ${started.status} ${started.body.status})`,
    );
    await compare(`after reverting ${revertName} (less its totals)`, less);
    const again = await upload(read(revertName), natural(read(revertName)));
    check(
      again.status === 'completed' && again.rowsImported === reverting.rowsImported,
      `${revertName} imported again: ${again.rowsImported} rows`,
    );
  }
  const last = await compare('at the end');

  console.log('| quarter | ledger (pence) | independent (pence) | difference |');
  console.log('|---|---:|---:|---:|');
  for (const q of last.quarters) {
    const ledger = last.ledger[q] ?? 0;
    console.log(`| ${q} | ${ledger} | ${expected[q] ?? 0} | ${ledger - (expected[q] ?? 0)} |`);
  }
  const differsFirst = firstTable.quarters.filter((q) => (firstTable.ledger[q] ?? 0) !== (expected[q] ?? 0));
  console.log(`\nafter the first imports: ${differsFirst.length} quarter(s) differ; at the end: see above`);
} finally {
  await tracker.stop();
}
if (failures.length > 0) {
  console.error(`\n${failures.length} check(s) failed:\n${failures.map((f) => `  ${f}`).join('\n')}`);
  process.exit(1);
}
console.error('\nevery check passed');
