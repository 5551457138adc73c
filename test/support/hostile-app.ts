import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fullApiApp } from '@compact-tracker/api/app';
import { problem, problemResponse } from '@compact-tracker/api/problem';
import { problemTypes, problemTypeUri } from '@compact-tracker/api/problem-types';
import { parseImportUploadKey } from '@compact-tracker/domain/spend-import';
import { runSpendImport } from '@compact-tracker/jobs/import/run-import';
import { localUploads } from '@compact-tracker/local/local-uploads';
import { createSpendImport } from '@compact-tracker/store/spend-imports';
import { webApp } from '@compact-tracker/web/app';
import { Hono } from 'hono';
import { ulid } from 'ulid';
import { expect } from 'vitest';
import { compactText, tableItems, world } from './fixtures.ts';
import type { Harness } from './harness.ts';
import { LIBRARY_PHRASING } from './library-phrasing.ts';
import { waitingImport } from './spend-import-record.ts';
import { paidSupplier } from './supplier-fixtures.ts';

// The tracker composed as `npm start` serves it (uploads, the API, the pages beside it), a raw
// client that sends exactly the bytes and headers given, and the checks every hostile request's
// answer must pass.

export type Sent = { status: number; text: string; body: any; headers: Headers };

export type Send = (
  method: string,
  path: string,
  options?: { token?: string | null; body?: string; headers?: Record<string, string> },
) => Promise<Sent>;

export function hostileApp(h: Harness) {
  const imports: Promise<unknown>[] = [];
  const files = localUploads({
    dir: mkdtempSync(join(tmpdir(), 'ct-hostile-uploads-')),
    baseUrl: () => 'http://tracker.test',
    maxBytes: 8 * 1024 * 1024,
    onUploaded: (key) => {
      const target = parseImportUploadKey(key);
      if (!target) return;
      imports.push(
        runSpendImport(h.deps.db, target.organisationId, target.importId, {
          open: () => files.uploads.open(key),
        }),
      );
    },
  });
  const deps = { ...h.deps, uploads: files.uploads };
  const app = new Hono();
  app.route('/', files.app);
  app.route('/', fullApiApp(deps));
  app.route('/', webApp({ deps }));
  app.notFound((c) => problemResponse(c, problem(404, `no route for ${c.req.method} ${c.req.path}`)));

  const send: Send = async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] ??= 'application/json';
    const response = await app.request(path, { method, headers, body: options.body });
    const text = await response.text();
    // A report run started goes on after the answer: the table settles before anything compares it.
    await h.reportRuns.idle();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, text, body, headers: response.headers };
  };
  return { app, send, imports };
}

/** The world of most tests, plus the ids the remaining routes need: a draft, an assessment, an import. */
export async function hostileWorld(h: Harness, send: Send) {
  const w = await world(h);
  const ok = async (method: string, path: string, token: string, body?: unknown) => {
    const response = await send(method, path, {
      token,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(response.status, `${method} ${path}: ${response.text}`).toBeLessThan(300);
    return response.body;
  };
  await ok('POST', `/v1/compacts/${w.compact.id}/signatures`, w.tokens.rep, w.signature(w.org1.id));
  const draft = await ok('POST', `/v1/partnerships/${w.partnership.id}/compacts`, w.tokens.coordinator, {
    ...compactText,
    title: 'A draft to publish',
  });
  const assessment = await ok('POST', `/v1/organisations/${w.org1.id}/assessments`, w.tokens.officer, {
    assessedOn: '2025-06-30',
    criteriaMet: ['people.1.a'],
    evidence: { 'people.1.a': 'A champion named' },
  });
  const importId = ulid();
  await createSpendImport(h.deps.db, waitingImport(w.org1.id, importId));
  const supplierId = await paidSupplier(h.deps.db, w.org1.id, 'ACME WIDGETS LTD');
  const otherSupplierId = await paidSupplier(h.deps.db, w.org1.id, 'ACME TRADING GROUP LTD');
  const classified = await ok('PUT', `/v1/suppliers/${supplierId}`, w.tokens.officer, { sme: false });
  const supplierChangeId: string = classified.history[0].id;
  const registerLoad = await ok('POST', '/v1/supplier-registers', w.tokens.admin, {
    kind: 'companies-house',
  });
  const run = await ok('POST', '/v1/admin/aggregations', w.tokens.admin);
  return {
    ...w,
    draft,
    assessment,
    importId,
    supplierId,
    otherSupplierId,
    supplierChangeId,
    registerLoadId: registerLoad.id as string,
    runId: run.id as string,
  };
}

export type HostileWorld = Awaited<ReturnType<typeof hostileWorld>>;

// What may never reach a client: stack frames, source paths, runtime or AWS error names, parser
// internals. (Problem details are written for people; none of these belong in one.)
const LEAKS =
  /\n\s+at |node_modules|\.tsx?:\d|\bat position \d|Unexpected token|SyntaxError|TypeError|RangeError|ReferenceError|ValidationException|ResourceNotFound|ConditionalCheckFailed|TransactionCanceled|DynamoDB|"stack"\s*:/i;

/** A refusal as the contract promises: problem+json, its status echoed, with nothing internal in it. */
export function expectCleanProblem(response: Sent, context: string) {
  expect(response.status, `${context}: ${response.text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(response.status, `${context}: ${response.text.slice(0, 300)}`).toBeLessThan(500);
  expect(response.headers.get('content-type'), context).toMatch(/^application\/problem\+json/);
  const body = response.body;
  expect(body, context).toMatchObject({
    status: response.status,
    type: expect.stringMatching(/^\/problems\//),
    title: expect.any(String),
    detail: expect.any(String),
  });
  // Written for people: no library's words in the detail or any field's message.
  expect(body.detail, context).not.toMatch(LIBRARY_PHRASING);
  for (const error of body.errors ?? []) expect(error.message, context).not.toMatch(LIBRARY_PHRASING);
  // Each type is a page explaining it (test/web/public-pages.test.ts resolves every one).
  expect(problemTypes.map(problemTypeUri), context).toContain(body.type);
  if (body.errors !== undefined) {
    expect(Array.isArray(body.errors), context).toBe(true);
    for (const error of body.errors) {
      expect(error, context).toEqual({ path: expect.any(String), message: expect.any(String) });
    }
  }
  // Validation refusals name the fields at fault.
  if (response.status === 400 && /^the (body|param|query) is invalid/.test(body.detail)) {
    expect(body.errors?.length, context).toBeGreaterThan(0);
  }
  expect(response.text, context).not.toMatch(LEAKS);
  // A refusal names what is wrong; it does not echo megabytes of what was sent.
  expect(response.text.length, context).toBeLessThan(16 * 1024);
}

/** Any answer to hostile input: a clean problem, or (if the input happened to be valid) a success. */
export function expectNoServerError(response: Sent, context: string) {
  if (response.status < 400) {
    expect(response.status, context).toBeGreaterThanOrEqual(200);
    return;
  }
  expectCleanProblem(response, context);
}

/** Runs a write and, when it is refused, proves the table is byte-for-byte as it was. */
export async function refusedWritesNothing(h: Harness, write: () => Promise<Sent>): Promise<Sent> {
  // After a refusal the table is as it was, so that scan serves as the next write's "before".
  const before = lastScan.get(h) ?? (await tableItems(h));
  lastScan.delete(h);
  const response = await write();
  if (response.status >= 400) {
    const after = await tableItems(h);
    expect(after).toEqual(before);
    lastScan.set(h, after);
  }
  return response;
}

const lastScan = new WeakMap<Harness, Awaited<ReturnType<typeof tableItems>>>();

/** To be called after anything else writes to the table. */
export const forgetScan = (h: Harness) => lastScan.delete(h);
