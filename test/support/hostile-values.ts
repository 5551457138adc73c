import fc from 'fast-check';

// Hostile request parts for property tests: JSON values that bend types and limits, mutations of a
// valid body one part at a time, path and query values a client should never send. Each case
// prints as a short label, so a failing run names what was sent without pasting 100 KB of it.

/** Runs per property and route: one constant, so the count is easy to quote and to change. */
export const NUM_RUNS = 25;
/** A fixed seed: a failure reproduces exactly. */
export const SEED = 20_260_622;

/** JSON text put into a body as is: numbers JSON.stringify cannot write, deep nesting, bad escapes. */
class Raw {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

/** A request part with a short printable label (what fast-check shows for a counterexample). */
export class Sample<T> {
  readonly label: string;
  readonly value: T;
  constructor(label: string, value: T) {
    this.label = label;
    this.value = value;
  }
  [fc.toStringMethod]() {
    return this.label;
  }
}

export function toJsonText(value: unknown): string {
  if (value instanceof Raw) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .map((k) => `${JSON.stringify(k)}:${toJsonText((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function describe(value: unknown): string {
  const text = toJsonText(value);
  return text.length > 60 ? `${text.slice(0, 40)}...(${text.length} chars)` : text;
}

/** An own property even for `__proto__`, as JSON.parse would make it. */
function withKey(target: Record<string, unknown>, key: string, value: unknown) {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return target;
}

const deepArray = (levels: number) => new Raw(`${'['.repeat(levels)}${']'.repeat(levels)}`);
const deepObject = (levels: number) => new Raw(`${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`);

/** Text that is well-formed for a person and troublesome for software. */
export const nastyStrings = [
  '',
  ' ',
  '\t\r\n',
  'NaN',
  'Infinity',
  '-Infinity',
  '-0',
  '1e308',
  '0x10',
  'null',
  'undefined',
  'true',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\u202egnp.exe',
  'مرحبا بالعالم',
  '\u200b',
  '\u200d\u200c\ufeff',
  'e\u0301\u0301\u0301',
  '😀👩‍👩‍👧',
  '=HYPERLINK("http://evil","x")',
  "+cmd|'/C calc'!A0",
  '@SUM(1+1)',
  '../../etc/passwd',
  '%00',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, sent as text
  '${7*7}{{7*7}}',
  '__proto__',
  'constructor',
  'toString',
  'x'.repeat(5000),
  'x'.repeat(60_000),
  'x'.repeat(100_000),
];

const hostileConstant = fc.constantFrom<unknown>(
  null,
  true,
  false,
  0,
  -1,
  1.5,
  2 ** 53 + 2,
  1e308,
  -1e308,
  Number.MIN_VALUE,
  [],
  {},
  [null],
  [[[]]],
  new Raw('-0'),
  new Raw('1e400'),
  new Raw('-1e400'),
  new Raw('1e-400'),
  new Raw('123456789012345678901234567890'),
  new Raw('"\\ud800"'),
  new Raw('"\\u0000"'),
  deepArray(5000),
  deepObject(3000),
  deepArray(30_000),
  withKey({}, '__proto__', { admin: true, status: 'open' }),
  { constructor: { prototype: { admin: true } } },
  withKey({ prototype: { polluted: true } }, '__proto__', null),
  ...nastyStrings,
);

/** One hostile JSON value: a crafted one, or anything fast-check makes up. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileConstant },
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.double(),
  fc.integer(),
);

export const hostileKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', '', ' ', '\u0000', '\ud800', 'a.b'),
  fc.string({ unit: 'binary', maxLength: 20 }),
);

/** A whole body: a hostile value, or a small object of hostile keys and values. */
export const hostileBody: fc.Arbitrary<Sample<string>> = fc
  .oneof(
    hostileValue,
    fc
      .array(fc.tuple(hostileKey, hostileValue), { maxLength: 4 })
      .map((pairs) => pairs.reduce((o, [k, v]) => withKey(o, k, v), {} as Record<string, unknown>)),
  )
  .map((value) => new Sample(describe(value), toJsonText(value)));

type Path = (string | number)[];

function pathsOf(value: unknown, at: Path = []): Path[] {
  const here = [at];
  if (Array.isArray(value)) return here.concat(value.flatMap((v, i) => pathsOf(v, [...at, i])));
  if (value !== null && typeof value === 'object') {
    return here.concat(Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...at, k])));
  }
  return here;
}

const clone = (value: unknown): any => structuredClone(value);

function parentOf(root: any, path: Path): [any, string | number] {
  let node = root;
  for (const part of path.slice(0, -1)) node = node[part];
  return [node, path[path.length - 1] as string | number];
}

function replaced(valid: unknown, path: Path, value: unknown) {
  if (path.length === 0) return value;
  const root = clone(valid);
  const [parent, key] = parentOf(root, path);
  if (Array.isArray(parent)) parent[key as number] = value;
  else withKey(parent, String(key), value);
  return root;
}

function removed(valid: unknown, path: Path) {
  const root = clone(valid);
  const [parent, key] = parentOf(root, path);
  if (Array.isArray(parent)) parent.splice(key as number, 1);
  else delete parent[key];
  return root;
}

function at(root: unknown, path: Path): unknown {
  return path.reduce<any>((node, part) => node?.[part], root);
}

/**
 * A valid body bent in one place: a field of the wrong type or out of range, a field dropped, an
 * extra or prototype-named key, hostile text inside a string, a duplicate key, cut-off JSON.
 */
export function mutatedBody(valid: unknown): fc.Arbitrary<Sample<string>> {
  const paths = pathsOf(valid);
  const inner = paths.filter((p) => p.length > 0);
  const objects = paths.filter((p) => {
    const node = at(valid, p);
    return node !== null && typeof node === 'object' && !Array.isArray(node);
  });
  const strings = paths.filter((p) => typeof at(valid, p) === 'string');
  const validText = toJsonText(valid);
  const name = (p: Path) => p.join('.') || '(body)';
  const options: fc.Arbitrary<Sample<string>>[] = [
    fc
      .tuple(fc.constantFrom(...paths), hostileValue)
      .map(([p, v]) => new Sample(`${name(p)} = ${describe(v)}`, toJsonText(replaced(valid, p, v)))),
    fc
      .integer({ min: 0, max: Math.max(0, validText.length - 1) })
      .map((n) => new Sample(`cut after ${n} chars`, validText.slice(0, n))),
  ];
  if (inner.length > 0) {
    options.push(
      fc.constantFrom(...inner).map((p) => new Sample(`without ${name(p)}`, toJsonText(removed(valid, p)))),
    );
  }
  if (objects.length > 0) {
    options.push(
      fc.tuple(fc.constantFrom(...objects), hostileKey, hostileValue).map(([p, k, v]) => {
        const root = clone(valid);
        const node = p.length === 0 ? root : at(root, p);
        withKey(node as Record<string, unknown>, k, v);
        return new Sample(`${name(p)}[${JSON.stringify(k)}] = ${describe(v)}`, toJsonText(root));
      }),
    );
    const first = Object.keys(valid as object)[0];
    if (first !== undefined && validText.endsWith('}')) {
      options.push(
        hostileValue.map(
          (v) =>
            new Sample(
              `duplicate ${first} = ${describe(v)}`,
              `${validText.slice(0, -1)},${JSON.stringify(first)}:${toJsonText(v)}}`,
            ),
        ),
      );
    }
  }
  if (strings.length > 0) {
    options.push(
      fc
        .tuple(fc.constantFrom(...strings), fc.constantFrom(...nastyStrings), fc.boolean())
        .map(([p, nasty, before]) => {
          const text = at(valid, p) as string;
          const value = before ? `${nasty}${text}` : `${text}${nasty}`;
          return new Sample(`${name(p)} += ${describe(nasty)}`, toJsonText(replaced(valid, p, value)));
        }),
    );
  }
  return fc.oneof(...options);
}

/** Content types that are not JSON (writes must refuse them with 415 before reading). */
export const notJsonContentType = fc.oneof(
  fc.constantFrom(
    'text/plain',
    'text/csv',
    'text/json',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/xml',
    'application/jsonx',
    'application/json-seq',
    'application/octet-stream',
    'json',
    '',
    ' ',
    '*/*',
    'application/*',
    'application/json, text/plain',
    'application/problem+xml',
    'application/ json',
  ),
  fc
    .string({ maxLength: 40 })
    .filter((t) => !/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(t) && /^[\x20-\x7e]*$/.test(t)),
);

/** encodeURIComponent throws on a lone surrogate: send the replacement character a browser would. */
const encodeSegment = (value: string) => encodeURIComponent(value.replace(/\p{Cs}/gu, '\ufffd'));

/** Path segment values, already URL-encoded (or deliberately raw percent sequences). */
export const hostilePathValue: fc.Arbitrary<Sample<string>> = fc
  .oneof(
    fc.constantFrom(
      '..%2F..%2Fadmin',
      '%2e%2e%2f',
      '%00',
      'abc%00',
      '%',
      '%zz',
      '%E0%A4%A',
      '%c0%ae%c0%ae',
      '%F0%9F%98',
      '%ED%A0%80',
      'a%2Fb',
      'a%5Cb',
      '%20',
      '%0d%0aSet-Cookie:%20x=1',
      '-',
      '_',
      'x'.repeat(65),
      'x'.repeat(10_000),
      '9'.repeat(400),
      '2025-26-Q5',
      '2025-27',
      '1999-01',
      '2025-26-Q1%00',
    ),
    fc.constantFrom(...nastyStrings.filter((s) => s !== '' && s.length < 6000)).map(encodeSegment),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 80 }).map(encodeSegment),
  )
  .map((value) => new Sample(value.length > 60 ? `${value.slice(0, 40)}...(${value.length})` : value, value));

const b64 = (value: unknown) => Buffer.from(toJsonText(value), 'utf8').toString('base64url');

/** Query values each kind must refuse (raw, URL-encoded by the caller). */
export const badQueryValue: Record<string, fc.Arbitrary<string>> = {
  limit: fc.oneof(
    fc.constantFrom(
      '-1',
      '0',
      '-0',
      '501',
      '1e9',
      '1e308',
      'abc',
      '',
      '1.5',
      'NaN',
      'Infinity',
      '١٠',
      '5abc',
    ),
    fc.string({ maxLength: 12 }).filter((s) => {
      const n = Number(s);
      return !(Number.isInteger(n) && n >= 1 && n <= 500);
    }),
  ),
  cursor: fc.oneof(
    fc.constantFrom(
      '',
      'garbage',
      '!!!',
      'x'.repeat(3000),
      b64('not an object'),
      b64(null),
      b64([1, 2]),
      b64({ PK: 1 }),
      b64({ PK: 'ORG#someone-else', SK: 'ASSESSMENT#x' }),
      b64({ PK: 'x'.repeat(100), SK: 'y' }),
      b64({ a: 'b', c: 'd', e: 'f', g: 'h', i: 'j' }),
      b64(withKey({}, '__proto__', { PK: 'x' })),
      b64({ GSI1PK: 'nothing', GSI1SK: 'nothing', PK: 'p', SK: 's' }),
    ),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }),
    fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }).map(b64),
  ),
  quarter: fc.oneof(
    fc.constantFrom(
      '',
      '2025-26-Q0',
      '2025-26-Q5',
      '2025-27-Q1',
      '2025-26',
      'Q1',
      '9999-01-Q1',
      '2025-26-Q1\u0000',
    ),
    fc.string({ unit: 'binary', maxLength: 20 }),
  ),
  id: fc.oneof(
    fc.constantFrom('', 'x'.repeat(65), '../x', 'a b', 'a/b', '\u0000', '\ud800'),
    fc
      .string({ unit: 'binary', minLength: 1, maxLength: 20 })
      .filter((s) => !/^[0-9A-Za-z_-]{1,64}$/.test(s)),
  ),
  format: fc.oneof(
    fc.constantFrom('', 'CSV', 'xml', 'csv ', 'json\u0000', 'text/csv'),
    fc.string({ maxLength: 10 }).filter((s) => s !== 'csv' && s !== 'json'),
  ),
  shortText: fc.string({ minLength: 65, maxLength: 200 }),
  boolean: fc.oneof(
    fc.constantFrom('', 'TRUE', 'yes', '1', 'true ', 'false\u0000'),
    fc.string({ maxLength: 10 }).filter((s) => s !== 'true' && s !== 'false'),
  ),
};
