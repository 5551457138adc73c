import { pipeline, Readable, Transform } from 'node:stream';
import { parsePostcode } from '@compact-tracker/domain/postcodes';
import {
  normaliseCharityNumber,
  normaliseCompanyNumber,
  type RegisterKind,
  smeFromAccountsCategory,
  vcseFromCompanyCategory,
} from '@compact-tracker/domain/supplier-facts';
import { parse } from 'csv-parse';
import { Unzip, UnzipInflate } from 'fflate';
import streamArray from 'stream-json/streamers/stream-array.js';

// Reads official register files as published, streamed end to end so memory stays flat whatever
// the file's size (a 5-million-row Companies House file included):
//  - zipped or not: a ZIP (its first .csv/.txt/.json entry) is inflated as it streams, with fflate;
//  - Companies House "basic company data": CSV, headers trimmed (the published header line has
//    leading spaces), columns CompanyName, CompanyNumber, RegAddress.PostCode, CompanyCategory,
//    Accounts.AccountCategory;
//  - Charity Commission register extract, its `charity` table as tab-delimited text: columns
//    registered_charity_number, linked_charity_number, charity_name, charity_contact_postcode,
//    charity_registration_status (only registered main charities are read); or the same table as
//    JSON (an array of objects with those fields), streamed an object at a time with stream-json.
// Each row becomes the facts it gives, normalised. A file without the columns its register names
// (another file chosen by mistake, or the other register's) fails, naming what is missing, rather
// than completing with nothing read; so does an empty one.

export type RegisterRow = {
  name: string;
  companyNumber?: string;
  charityNumber?: string;
  postcode?: string;
  /** Only ever true: other accounts categories leave SME unknown. */
  sme?: true;
  /** Community interest companies and registered charities. */
  vcse?: true;
};

/** The columns each register's rows are read from, without which the file is not that register's. */
const REQUIRED_COLUMNS: Record<RegisterKind, { file: string; columns: string[] }> = {
  'companies-house': {
    file: 'Companies House basic company data',
    columns: ['CompanyName', 'CompanyNumber'],
  },
  'charity-commission': {
    file: "the Charity Commission's charity table",
    columns: ['registered_charity_number', 'charity_name', 'charity_registration_status'],
  },
};

/** The names of the file's columns, or an error naming those its register needs and it lacks. */
function checkedColumns(kind: RegisterKind, names: string[], where: string): string[] {
  const { file, columns } = REQUIRED_COLUMNS[kind];
  const missing = columns.filter((column) => !names.includes(column));
  if (missing.length > 0) {
    throw new Error(
      `the file is not ${file}: ${where} has no ${missing.join(', ')} ${missing.length === 1 ? 'column' : 'columns'}`,
    );
  }
  return names;
}

/** The file's rows as register facts; rows without a usable number are skipped. */
export async function* registerRows(source: Readable, kind: RegisterKind): AsyncGenerator<RegisterRow> {
  const { head, stream: text } = await peek(await unzippedIfZip(source));
  if (head.length === 0) throw new Error('the file is empty');
  const toRow = kind === 'companies-house' ? companyRow : charityRow;
  if (startsAsJsonArray(head)) {
    let first = true;
    for await (const record of jsonRecords(text)) {
      if (first) checkedColumns(kind, Object.keys(record), 'its first record');
      first = false;
      const row = toRow(record);
      if (row) yield row;
    }
    return;
  }
  const parser = parse({
    columns: (header: string[]) =>
      checkedColumns(
        kind,
        header.map((h) => h.trim()),
        'its first line',
      ),
    delimiter: kind === 'companies-house' ? ',' : '\t',
    quote: kind === 'companies-house' ? '"' : false,
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    trim: false,
  });
  // pipeline, not pipe: a broken ZIP or an unreadable source fails the parser, so the loop throws.
  pipeline(text, parser, () => {});
  for await (const record of parser as AsyncIterable<Record<string, string | undefined>>) {
    const row = toRow(record);
    if (row) yield row;
  }
}

/** The register extract as JSON: a top-level array of objects, streamed one object at a time. */
async function* jsonRecords(text: Readable): AsyncGenerator<Record<string, string | undefined>> {
  let first = true;
  const withoutBom = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const bytes =
        first && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf ? chunk.subarray(3) : chunk;
      first = false;
      done(null, bytes);
    },
  });
  const items = streamArray.withParserAsStream();
  pipeline(text, withoutBom, items, () => {});
  for await (const item of items as AsyncIterable<{ value: unknown }>) {
    if (!item.value || typeof item.value !== 'object' || Array.isArray(item.value)) continue;
    yield Object.fromEntries(
      Object.entries(item.value as Record<string, unknown>).map(([k, v]) => [
        k,
        v === null || v === undefined ? undefined : String(v),
      ]),
    );
  }
}

/** Whether the text starts (after a byte-order mark and spaces) with "[": a JSON array. */
function startsAsJsonArray(head: Buffer): boolean {
  const text = head
    .subarray(0, 64)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  return /^\s*\[/.test(text);
}

/** The stream's first chunk, and the whole stream again. */
async function peek(source: Readable): Promise<{ head: Buffer; stream: Readable }> {
  const iterator = source[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return { head: Buffer.alloc(0), stream: Readable.from([]) };
  const head = Buffer.from(first.value as Buffer);
  const stream = Readable.from(
    (async function* () {
      yield head;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    })(),
    { objectMode: false },
  );
  return { head, stream };
}

function companyRow(r: Record<string, string | undefined>): RegisterRow | null {
  const companyNumber = normaliseCompanyNumber(r.CompanyNumber ?? '');
  const name = (r.CompanyName ?? '').trim();
  if (!companyNumber || !name) return null;
  const postcode = parsePostcode(r['RegAddress.PostCode'] ?? '')?.postcode;
  const sme = smeFromAccountsCategory(r['Accounts.AccountCategory']);
  const vcse = vcseFromCompanyCategory(r.CompanyCategory);
  return {
    name,
    companyNumber,
    ...(postcode ? { postcode } : {}),
    ...(sme ? { sme } : {}),
    ...(vcse ? { vcse } : {}),
  };
}

function charityRow(r: Record<string, string | undefined>): RegisterRow | null {
  if ((r.charity_registration_status ?? '').trim().toLowerCase() !== 'registered') return null;
  const linked = (r.linked_charity_number ?? '').trim();
  if (linked !== '' && linked !== '0') return null;
  const charityNumber = normaliseCharityNumber(r.registered_charity_number ?? '');
  const name = (r.charity_name ?? '').trim();
  if (!charityNumber || !name) return null;
  const postcode = parsePostcode(r.charity_contact_postcode ?? '')?.postcode;
  return { name, charityNumber, ...(postcode ? { postcode } : {}), vcse: true };
}

/** The stream itself, or, when it starts as a ZIP, its first .csv/.txt/.json entry inflated as it streams. */
async function unzippedIfZip(source: Readable): Promise<Readable> {
  const { head, stream: rest } = await peek(source);
  const isZip = head.length >= 4 && head.readUInt32LE(0) === 0x04034b50;
  if (!isZip) return rest;
  const unzip = unzipFirstEntry();
  pipeline(rest, unzip, () => {});
  return unzip;
}

/**
 * A Transform from ZIP bytes to the bytes of the archive's first .csv, .txt or .json entry. fflate inflates
 * synchronously inside each push, and Node holds the next chunk back while the output is unread,
 * so only a chunk's worth of inflated text is ever in memory.
 */
function unzipFirstEntry(): Transform {
  let chosen = false;
  let output: Transform;
  const unzip = new Unzip((file) => {
    if (chosen || !/\.(csv|txt|tsv|json)$/i.test(file.name)) return;
    chosen = true;
    file.ondata = (error, data) => {
      if (error) {
        output.destroy(new Error(`the ZIP entry ${file.name} could not be inflated`));
        return;
      }
      if (data.length > 0) output.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  output = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      try {
        unzip.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        done();
      } catch {
        done(new Error('the file is not a ZIP archive that can be read'));
      }
    },
    flush(done) {
      try {
        unzip.push(new Uint8Array(0), true);
      } catch {
        done(new Error('the ZIP archive ends early'));
        return;
      }
      done(chosen ? null : new Error('the ZIP archive holds no .csv or .txt file'));
    },
  });
  return output;
}
