import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Metafile } from 'esbuild';
import { beforeAll, describe, expect, test } from 'vitest';
import { functionNames } from '../../functions/routes.ts';
import { type BundleResult, bundleFunction } from '../../infra/bundle-function.ts';
import { type BundledFunctionName, jobFunctionNames } from '../../infra/bundling.ts';

// Every function's bundle as deployed: what a cold start loads (index.mjs and the chunks it imports
// statically) is at most 600 KB, and the web function's cold start leaves out what only some
// requests need (sign-in, email, CSV reading, the API's routes), which load with their first use.
// No cold start loads the X-Ray SDK statically: Powertools' Tracer is loaded where it traces, in Lambda;
// the web function loads at most 600 KB there too, tracer included.

const LIMIT_BYTES = 600 * 1024;
const names: BundledFunctionName[] = [...functionNames, ...jobFunctionNames];
const bundles = new Map<BundledFunctionName, BundleResult>();

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'ct-bundle-size-'));
  for (const name of names) bundles.set(name, await bundleFunction(name, root));
}, 300_000);

/** The input files a cold start loads: those of index.mjs and the chunks it imports statically. */
function coldStartInputs(result: BundleResult): string[] {
  const outputs: Metafile['outputs'] = result.metafile.outputs;
  const entry = Object.keys(outputs).find((file) => file.endsWith('index.mjs')) ?? '';
  const loaded = new Set<string>();
  const visit = (file: string) => {
    if (loaded.has(file) || !outputs[file]) return;
    loaded.add(file);
    for (const imported of outputs[file].imports)
      if (imported.kind === 'import-statement') visit(imported.path);
  };
  visit(entry);
  return [...loaded].flatMap((file) => Object.keys(outputs[file]?.inputs ?? {}));
}

describe('bundle sizes', () => {
  test.each(names)('%s: a cold start loads at most 600 KB', (name) => {
    const result = bundles.get(name) as BundleResult;
    expect(result.bytes, `${name}: ${(result.bytes / 1024).toFixed(1)} KB`).toBeLessThanOrEqual(LIMIT_BYTES);
  });

  test('web: a cold start in Lambda, where it loads the tracer as it starts, loads at most 600 KB', () => {
    const result = bundles.get('web') as BundleResult;
    expect(result.tracedBytes, `${(result.tracedBytes / 1024).toFixed(1)} KB`).toBeLessThanOrEqual(
      LIMIT_BYTES,
    );
    // The tracer's chunk is counted: it is more than the cold start outside Lambda.
    expect(result.tracedBytes).toBeGreaterThan(result.bytes + 40 * 1024);
  });

  test.each(names)('%s: the tracer and the X-Ray SDK load only where they trace', (name) => {
    const inputs = coldStartInputs(bundles.get(name) as BundleResult);
    for (const lazy of [
      'node_modules/@aws-lambda-powertools/tracer/lib/esm/Tracer.js',
      'node_modules/aws-xray-sdk-core/',
      'node_modules/cls-hooked/',
    ]) {
      expect(
        inputs.filter((file) => file.includes(lazy)),
        lazy,
      ).toEqual([]);
    }
  });

  test.each(names)('%s: loads built-in modules with require, never a facade of node:http', (name) => {
    const result = bundles.get(name) as BundleResult;
    const imported = Object.values(result.metafile.outputs).flatMap((output) =>
      output.imports.filter((i) => i.external && /^(node:)?http$/.test(i.path) && i.kind !== 'require-call'),
    );
    expect(imported).toEqual([]);
  });

  test('the web function loads sign-in, email, CSV reading, jose and the API routes on demand only', () => {
    const inputs = coldStartInputs(bundles.get('web') as BundleResult);
    for (const lazy of [
      'node_modules/openid-client/',
      'node_modules/@aws-sdk/client-sesv2/',
      'node_modules/csv-parse/',
      'node_modules/jose/',
      'packages/api/src/apps/',
      'packages/web/src/routes/spend.tsx',
    ]) {
      expect(
        inputs.filter((file) => file.includes(lazy)),
        lazy,
      ).toEqual([]);
    }
  });
});
