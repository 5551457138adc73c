import * as z from 'zod';

// What people read when a value is refused: every validation message of the API's `errors[]` and
// `detail`, and of the pages' form errors, comes from here or from a schema's own words, never
// from zod's defaults ("Invalid input: expected number, received NaN"). Each is a predicate that
// reads after the field's name: "totalPence must be a whole number of pence".
//
// Installed for the whole process when this module is first imported, which every module that
// declares an input schema does, and the API and web apps do.

type Issue = z.core.$ZodRawIssue;

const list = (values: readonly unknown[]) => values.map((v) => String(v)).join(', ');

const article = (noun: string) => (/^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`);

/** Names of what a value must be, for a type zod expected and did not get. */
const kinds: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object of named fields',
  record: 'an object of named fields',
  date: 'a date such as 2026-03-31',
  null: 'null',
};

const formats: Record<string, string> = {
  email: 'must be an email address such as name@example.org',
  url: 'must be a web address starting with https://',
  date: 'must be a date such as 2026-03-31',
  datetime: 'must be a date and time such as 2026-03-31T09:30:00Z',
  uuid: 'must be an identifier as the API gave it',
  ulid: 'must be an identifier as the API gave it',
  regex: 'is not in the right form',
};

const countOf = (n: number | bigint, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The message for an issue no schema worded itself. */
export function humanMessage(issue: Issue): string {
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_value') && issue.input === undefined) {
    return 'is required';
  }
  switch (issue.code) {
    case 'invalid_type': {
      return `must be ${kinds[issue.expected] ?? article(String(issue.expected))}`;
    }
    case 'too_small': {
      const { minimum, origin } = issue;
      if (origin === 'string') {
        return Number(minimum) <= 1
          ? 'must not be empty'
          : `must be at least ${countOf(minimum, 'character', 'characters')} long`;
      }
      if (origin === 'array' || origin === 'set') {
        return Number(minimum) <= 1
          ? 'must list at least one'
          : `must list at least ${countOf(minimum, 'item', 'items')}`;
      }
      if (origin === 'date') return 'is too early';
      return issue.inclusive === false ? `must be more than ${minimum}` : `must be at least ${minimum}`;
    }
    case 'too_big': {
      const { maximum, origin } = issue;
      if (origin === 'string') return `must be at most ${countOf(maximum, 'character', 'characters')} long`;
      if (origin === 'array' || origin === 'set')
        return `must list at most ${countOf(maximum, 'item', 'items')}`;
      if (origin === 'date') return 'is too late';
      return issue.inclusive === false ? `must be less than ${maximum}` : `must be at most ${maximum}`;
    }
    case 'invalid_format':
      return formats[issue.format] ?? 'is not in the right form';
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    case 'unrecognized_keys':
      return `has ${issue.keys.length === 1 ? 'a field' : 'fields'} this does not take (${list(issue.keys)}): remove ${issue.keys.length === 1 ? 'it' : 'them'}`;
    case 'invalid_union':
      return 'is not one of the accepted forms';
    case 'invalid_key':
      return 'has a name that is not accepted';
    case 'invalid_element':
      return 'has a value that is not accepted';
    case 'invalid_value': {
      const values = issue.values;
      if (values.length === 1) return `must be ${JSON.stringify(values[0])}`;
      return `must be one of: ${list(values)}`;
    }
    default:
      return 'is not valid';
  }
}

z.config({ customError: humanMessage });

/**
 * An amount in integer pence between `min` and `max`, refused in the words of money: "must be a
 * whole number of pence", "must be at most 1000000000000 pence (£10,000,000,000)".
 */
export function penceAmount(min: number, max: number) {
  return z
    .number({
      // The schema's own words for its checks' issues too (zod passes them here), not just its type's.
      error: (issue) => {
        const code = issue.code as string;
        if (code === 'invalid_type' && issue.input === undefined) return 'is required';
        if (code === 'too_small') {
          return min === 0 ? 'must not be negative' : `must be at least ${min} pence (${pounds(min)})`;
        }
        if (code === 'too_big') return `must be at most ${max} pence (${pounds(max)})`;
        return 'must be a whole number of pence';
      },
    })
    .int()
    .min(min)
    .max(max);
}

const pounds = (pence: number) =>
  (pence / 100).toLocaleString('en-GB', { style: 'currency', currency: 'GBP', maximumFractionDigits: 0 });
