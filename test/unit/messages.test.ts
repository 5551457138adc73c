import * as apiSchemas from '@compact-tracker/api/schemas';
import * as carbon from '@compact-tracker/domain/carbon';
import { csvReadProblem } from '@compact-tracker/domain/csv-errors';
import * as framework from '@compact-tracker/domain/flexible-framework';
import { humanMessage } from '@compact-tracker/domain/messages';
import * as schemas from '@compact-tracker/domain/schemas';
import * as spend from '@compact-tracker/domain/spend';
import * as spendImport from '@compact-tracker/domain/spend-import';
import { fieldErrors } from '@compact-tracker/web/forms';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { LIBRARY_PHRASING } from '../support/library-phrasing.ts';

// Every message a person reads about a refused value is written for them: the API's errors[] and
// detail, the pages' form errors. Here every input schema gets arbitrary values, and each message
// must read as ours, never zod's defaults.

const modules = { schemas, spend, spendImport, framework, carbon, apiSchemas };
const inputSchemas = Object.entries(modules).flatMap(([module, exports]) =>
  Object.entries(exports)
    .filter(([, value]) => value instanceof z.ZodType)
    .map(([name, schema]) => [`${module}.${name}`, schema as z.ZodType] as const),
);

/** Objects with each field of the schema (when it has fields) given arbitrary values, or anything. */
function arbitraryFor(schema: z.ZodType): fc.Arbitrary<unknown> {
  const shape = (schema as { shape?: Record<string, unknown> }).shape;
  const value = fc.oneof(
    fc.anything(),
    fc.constantFrom('', ' ', 'NaN', 'abc', '1.5', '-1', 'ftp://x', 'not a url', 'x@', '2026-02-31'),
    fc.constantFrom(Number.NaN, 1.5, -1, 0, 1e20, Number.POSITIVE_INFINITY, true, null, [], {}),
  );
  if (!shape) return fc.oneof(fc.anything(), fc.dictionary(fc.string(), value));
  return fc.record(Object.fromEntries(Object.keys(shape).map((key) => [key, value])), {
    requiredKeys: [],
  });
}

describe('validation messages', () => {
  it('finds the input schemas', () => {
    expect(inputSchemas.length).toBeGreaterThan(10);
  });

  it.each(inputSchemas)('%s: every message is written for people', (_name, schema) => {
    fc.assert(
      fc.property(arbitraryFor(schema), (input) => {
        const result = schema.safeParse(input);
        if (result.success) return;
        for (const issue of result.error.issues) expect(issue.message).not.toMatch(LIBRARY_PHRASING);
        for (const message of Object.values(fieldErrors(result.error)))
          expect(message).not.toMatch(LIBRARY_PHRASING);
      }),
      { numRuns: 200, seed: 16 },
    );
  });

  it('says what money, choices, addresses and required fields must be', () => {
    const messages = (schema: z.ZodType, input: unknown) =>
      schema.safeParse(input).error?.issues.map((i) => `${i.path.join('.')} ${i.message}`);
    const line = {
      category: 'ict',
      totalPence: 100,
      localPence: 0,
      smePence: 0,
      vcsePence: 0,
      criteriaPence: 0,
    };
    expect(messages(spend.spendLineInput, { ...line, totalPence: 1.5 })).toEqual([
      'totalPence must be a whole number of pence',
    ]);
    expect(messages(spend.spendLineInput, { ...line, totalPence: Number.NaN })).toEqual([
      'totalPence must be a whole number of pence',
    ]);
    expect(messages(spend.spendLineInput, { ...line, category: 'x' })).toEqual([
      `category must be one of: ${spend.spendLineInput.shape.category.options.join(', ')}`,
    ]);
    expect(messages(schemas.budgetInput, { annualProcurementBudgetPence: -1 })).toEqual([
      'annualProcurementBudgetPence must not be negative',
    ]);
    expect(
      messages(schemas.organisationInput, {
        name: 'A',
        sector: 'public',
        postcode: 'B1 1BB',
        website: 'nope',
      }),
    ).toEqual(['website must be a web address starting with https://']);
    expect(messages(schemas.organisationInput, { name: 'A', postcode: 'B1 1BB' })).toEqual([
      'sector is required',
    ]);
    expect(messages(schemas.partnershipInput, { name: 'A', area: 'B', extra: 1 })).toEqual([
      ' has a field this does not take (extra): remove it',
    ]);
    expect(messages(apiSchemas.listQuery, { limit: 'abc' })).toEqual(['limit must be a number']);
  });

  it('words every kind of issue zod raises', () => {
    const codes = [
      { code: 'invalid_type', expected: 'number', input: 'x' },
      { code: 'invalid_type', expected: 'nan', input: 1 },
      { code: 'too_small', origin: 'number', minimum: 1, input: 0 },
      { code: 'too_big', origin: 'string', maximum: 5, input: 'xxxxxx' },
      { code: 'invalid_format', format: 'ipv4', input: 'x' },
      { code: 'not_multiple_of', divisor: 5, input: 3 },
      { code: 'unrecognized_keys', keys: ['a', 'b'], input: {} },
      { code: 'invalid_union', errors: [], input: 1 },
      { code: 'invalid_key', origin: 'record', issues: [], input: 1 },
      { code: 'invalid_element', origin: 'map', key: 'k', issues: [], input: 1 },
      { code: 'invalid_value', values: ['a', 'b'], input: 'c' },
      { code: 'custom', input: 1 },
    ];
    for (const issue of codes) {
      const message = humanMessage(issue as unknown as z.core.$ZodRawIssue);
      expect(message, issue.code).not.toMatch(LIBRARY_PHRASING);
      expect(message.length, issue.code).toBeGreaterThan(5);
    }
  });

  it('words every CSV reader error, with its line', async () => {
    const { parse } = await import('csv-parse/sync');
    for (const text of ['a,"b\n1,2', 'a,"b"x\n', 'a,b"c"\n']) {
      let thrown: unknown;
      try {
        parse(text);
      } catch (error) {
        thrown = error;
      }
      const message = csvReadProblem(thrown);
      expect(message, text).not.toMatch(LIBRARY_PHRASING);
      expect(message, text).toMatch(/\(line \d+\)/);
    }
  });
});
