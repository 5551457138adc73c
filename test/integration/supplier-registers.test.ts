import { Readable } from 'node:stream';
import { sumClassified } from '@compact-tracker/domain/supplier-classification';
import { runRegisterLoad } from '@compact-tracker/jobs/registers/run-register-load';
import type { Db } from '@compact-tracker/store/db';
import { createRegisterLoad, getRegisterLoad } from '@compact-tracker/store/supplier-registers';
import { resolveSupplier } from '@compact-tracker/store/supplier-resolution';
import { classifiedTotals } from '@compact-tracker/store/supplier-spend';
import { factsInForce, getSupplier } from '@compact-tracker/store/suppliers';
import { strToU8, zipSync } from 'fflate';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Harness, harness } from '../support/harness.ts';
import { companiesHeader, companyLine } from '../support/register-files.ts';
import { paidSupplier } from '../support/supplier-fixtures.ts';

// Register loaders on small files in the official layouts: Companies House "basic company data"
// (its header line as published, leading spaces and all) and the Charity Commission's `charity`
// table (tab-delimited), zipped and not.

const companiesFile = [
  companiesHeader,
  companyLine(
    'REED SPECIALIST RECRUITMENT LIMITED',
    '00663464',
    'OX1 1AA',
    'Private Limited Company',
    'FULL',
  ),
  companyLine(
    'ARTSWORK COMMUNITY INTEREST COMPANY',
    '07100001',
    'ox4 1aa',
    'Community Interest Company',
    'MICRO ENTITY',
  ),
  companyLine('SMALL PRINTERS LTD', '07100002', 'B1 1BB', 'Private Limited Company', 'TOTAL EXEMPTION FULL'),
  companyLine('NOBODY PAYS US LIMITED', '07100003', 'B2 2BB', 'Private Limited Company', 'SMALL'),
  '',
].join('\r\n');

const charityHeader = [
  'date_of_extract',
  'organisation_number',
  'registered_charity_number',
  'linked_charity_number',
  'charity_name',
  'charity_type',
  'charity_registration_status',
  'date_of_registration',
  'date_of_removal',
  'charity_reporting_status',
  'latest_acc_fin_period_start_date',
  'latest_acc_fin_period_end_date',
  'latest_income',
  'latest_expenditure',
  'charity_contact_address1',
  'charity_contact_postcode',
  'charity_contact_phone',
].join('\t');
const charityLine = (number: string, linked: string, name: string, status: string, postcode: string) =>
  [
    '2026-11-01',
    '1',
    number,
    linked,
    name,
    'Trust',
    status,
    '1990-01-01',
    '',
    'Submission Received',
    '',
    '',
    '1000',
    '900',
    '1 Road',
    postcode,
    '',
  ].join('\t');
const charityFile = [
  charityHeader,
  charityLine('1089464', '0', 'OXFORD ROUND TABLE CHARITABLE TRUST', 'Registered', 'OX2 6AA'),
  charityLine('1089464', '1', 'A LINKED SUBSIDIARY "FUND"', 'Registered', 'OX2 6AB'),
  charityLine('1000001', '0', 'A REMOVED CHARITY', 'Removed', 'OX3 3AA'),
  '',
].join('\n');

let h: Harness;
let db: Db;
const org = 'org-registers';
const ids = {} as Record<'reed' | 'artswork' | 'artsworkCic' | 'printers' | 'roundTable', string>;

beforeAll(async () => {
  h = await harness();
  db = h.deps.db;
  ids.reed = await paidSupplier(db, org, 'Reed Specialist Recruitment Ltd', '2025-26-Q1', 600_00);
  ids.artswork = await paidSupplier(db, org, 'ARTSWORK COMMUNITY INTEREST CO', '2025-26-Q1', 100_00);
  ids.artsworkCic = await paidSupplier(db, org, 'Artswork Community Interest Company', '2025-26-Q1', 200_00);
  ids.printers = await paidSupplier(db, org, 'Small Printers Limited', '2025-26-Q2', 300_00);
  ids.roundTable = await paidSupplier(db, org, 'OXFORD ROUND TABLE CHARITABLE TRUST', '2025-26-Q1', 1_500_00);
});

async function load(kind: 'companies-house' | 'charity-commission', bytes: Uint8Array, chunk = 1000) {
  const id = ulid();
  await createRegisterLoad(db, {
    id,
    kind,
    status: 'waiting',
    uploadKey: `registers/${id}.data`,
    rowsProcessed: 0,
    suppliersMatched: 0,
    factsSet: 0,
    numbersRefused: 0,
    createdAt: new Date().toISOString(),
    createdBy: 'admin@example.org',
  });
  const chunks = Array.from({ length: Math.ceil(bytes.length / chunk) }, (_, i) =>
    Buffer.from(bytes.subarray(i * chunk, (i + 1) * chunk)),
  );
  const result = await runRegisterLoad(db, id, { open: async () => Readable.from(chunks) });
  return { id, result, item: await getRegisterLoad(db, id) };
}

describe('Companies House basic company data', () => {
  it('matches by normalised name, sets register facts, and moves the classified totals', async () => {
    const { result, item } = await load('companies-house', strToU8(companiesFile));
    expect(result).toMatchObject({ status: 'completed', rowsProcessed: 4, suppliersMatched: 3 });
    expect(item).toMatchObject({ status: 'completed', rowsProcessed: 4, suppliersMatched: 3 });
    const reed = factsInForce((await getSupplier(db, ids.reed))!);
    expect(reed).toMatchObject({ companyNumber: '00663464', postcode: 'OX1 1AA', sme: null, vcse: null });
    const cic = factsInForce((await getSupplier(db, ids.artsworkCic))!);
    expect(cic).toMatchObject({ companyNumber: '07100001', postcode: 'OX4 1AA', sme: true, vcse: true });
    // "CO" is not "COMPANY": no guesswork.
    expect(factsInForce((await getSupplier(db, ids.artswork))!).companyNumber).toBeNull();
    expect(factsInForce((await getSupplier(db, ids.printers))!)).toMatchObject({
      sme: true,
      postcode: 'B1 1BB',
    });
    const history = (await getSupplier(db, ids.reed))!.facts.postcode;
    expect(history?.register?.setBy).toMatch(/^register:/);

    const shares = sumClassified(await classifiedTotals(db, org), ['OX'], new Set());
    // Reed 600 + CIC 200 in OX; printers 300 in B; artswork (unmatched) 100 and the round table 1,500 unknown.
    expect(shares.local).toEqual({ classifiedPence: 1_100_00, yesPence: 800_00 });
    expect(shares.sme).toEqual({ classifiedPence: 500_00, yesPence: 500_00 });
  });

  it('reads the same file zipped, and a second load sets nothing twice', async () => {
    const zipped = zipSync({ 'BasicCompanyData-2026-11-01-part1_1.csv': strToU8(companiesFile) });
    const before = await getSupplier(db, ids.reed);
    const { result } = await load('companies-house', zipped, 97);
    expect(result).toMatchObject({ status: 'completed', rowsProcessed: 4, suppliersMatched: 3, factsSet: 0 });
    expect((await getSupplier(db, ids.reed))?.version).toBe(before?.version);
  });

  it('an officer fact wins over the register', async () => {
    const current = (await getSupplier(db, ids.printers))!;
    const { setSupplierFacts } = await import('@compact-tracker/store/suppliers');
    await setSupplierFacts(
      db,
      current,
      { sme: false },
      { source: 'officer', setBy: org, at: new Date().toISOString(), newId: ulid },
    );
    await load('companies-house', strToU8(companiesFile));
    expect(factsInForce((await getSupplier(db, ids.printers))!).sme).toBe(false);
  });

  it('fails a file that is not a readable ZIP, saying so', async () => {
    const broken = zipSync({ 'data.csv': strToU8(companiesFile) }).subarray(0, 60);
    const { result, item } = await load('companies-house', broken);
    expect(result?.status).toBe('failed');
    expect(item?.failure).toMatch(/ZIP/);
  });

  it('fails a file in another layout, or empty, naming what is missing, and sets nothing', async () => {
    const spendFile =
      'Supplier,Transaction Number,Transaction Date,Net\r\nREED SPECIALIST RECRUITMENT LTD,1,2025-05-01,10\r\n';
    const other = await load('companies-house', strToU8(spendFile));
    expect(other.result).toMatchObject({ status: 'failed', rowsProcessed: 0, factsSet: 0 });
    expect(other.item?.failure).toBe(
      'the file is not Companies House basic company data: its first line has no CompanyName, CompanyNumber columns',
    );
    // The Companies House file chosen as the charity register, and JSON records without its fields.
    const swapped = await load('charity-commission', strToU8(companiesFile));
    expect(swapped.item?.failure).toMatch(
      /^the file is not the Charity Commission's charity table: its first line has no registered_charity_number, charity_name, charity_registration_status columns$/,
    );
    const json = await load(
      'charity-commission',
      strToU8(JSON.stringify([{ name: 'A CHARITY', number: 1 }])),
    );
    expect(json.item?.failure).toMatch(/its first record has no registered_charity_number/);
    const empty = await load('companies-house', new Uint8Array(0));
    expect(empty.item).toMatchObject({ status: 'failed', failure: 'the file is empty' });
  });
});

describe('Charity Commission register extract', () => {
  it('reads the charity table as tab-delimited text: registered main charities are VCSEs', async () => {
    const { result } = await load('charity-commission', strToU8(charityFile));
    expect(result).toMatchObject({ status: 'completed', rowsProcessed: 1, suppliersMatched: 1 });
    expect(factsInForce((await getSupplier(db, ids.roundTable))!)).toMatchObject({
      charityNumber: '1089464',
      vcse: true,
      postcode: 'OX2 6AA',
    });
  });

  it('reads it zipped as published', async () => {
    const zipped = zipSync({ 'publicextract.charity.txt': strToU8(charityFile) });
    const { result } = await load('charity-commission', zipped, 50);
    expect(result).toMatchObject({ status: 'completed', rowsProcessed: 1, suppliersMatched: 1, factsSet: 0 });
  });

  it('reads the charity table as JSON (with a byte-order mark), zipped or not', async () => {
    const json = `\uFEFF${JSON.stringify([
      {
        date_of_extract: '2026-11-01T00:00:00',
        organisation_number: 1,
        registered_charity_number: 1089464,
        linked_charity_number: 0,
        charity_name: 'OXFORD ROUND TABLE CHARITABLE TRUST',
        charity_registration_status: 'Registered',
        charity_contact_postcode: 'OX2 6AA',
      },
      {
        registered_charity_number: 1000002,
        linked_charity_number: 0,
        charity_name: 'Nobody Pays This Charity',
        charity_registration_status: 'Registered',
        charity_contact_postcode: null,
      },
    ])}`;
    const plain = await load('charity-commission', strToU8(json), 40);
    expect(plain.result).toMatchObject({ status: 'completed', rowsProcessed: 2, suppliersMatched: 1 });
    const zipped = await load(
      'charity-commission',
      zipSync({ 'publicextract.charity.json': strToU8(json) }),
      40,
    );
    expect(zipped.result).toMatchObject({ status: 'completed', rowsProcessed: 2, suppliersMatched: 1 });
  });

  it('matches a later name by the number the register gave', async () => {
    const again = await resolveSupplier(db, {
      organisationId: org,
      name: 'Oxford Round Table Trust',
      charityNumber: '1089464',
      at: new Date().toISOString(),
      newId: ulid,
    });
    expect(again).toMatchObject({ supplierId: ids.roundTable, rule: 'charity-number' });
  });
});
