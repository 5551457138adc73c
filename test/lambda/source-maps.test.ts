import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { bundling } from '../../infra/bundling.ts';
import { entryWithSourceMaps, sourceMapsFirst } from '../../infra/esbuild-plugins.ts';

// Stack traces of a bundle built with the stack's settings point at the TypeScript, in a Node
// started as Lambda starts it (no NODE_OPTIONS): functions/source-maps.ts reads the map when a stack
// is first written.

const source = [
  'export function parseAmount(text: string): number {',
  '  const pence = Number(text);',
  '  if (Number.isNaN(pence)) {',
  "    throw new Error('not an amount: ' + text);",
  '  }',
  '  return pence;',
  '}',
  '',
  'export function run(): string {',
  '  try {',
  "    parseAmount('twelve');",
  "    return 'no error';",
  '  } catch (error) {',
  '    return (error as Error).stack ?? String(error);',
  '  }',
  '}',
  '',
].join('\n');

async function bundled(dir: string): Promise<string> {
  const entry = path.join(dir, 'amounts.ts');
  writeFileSync(entry, source);
  const outfile = path.join(dir, 'out', bundling.outfileName);
  await build({
    entryPoints: [entryWithSourceMaps(entry)],
    outfile,
    bundle: true,
    platform: bundling.platform,
    format: bundling.format,
    target: bundling.target,
    minify: bundling.minify,
    sourcemap: bundling.sourcemap,
    sourcesContent: bundling.sourcesContent,
    banner: { js: bundling.banner },
    plugins: [sourceMapsFirst],
    logLevel: 'warning',
  });
  return outfile;
}

function stackFrom(outfile: string): string {
  const script = `const { run } = await import(${JSON.stringify(outfile)}); process.stdout.write(run());`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '' },
  });
  expect(result.stderr).toBe('');
  return result.stdout;
}

describe('stack traces of the bundles', () => {
  it('point at the TypeScript: file, line, column and the function', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ct-source-maps-'));
    const stack = stackFrom(await bundled(dir)).split('\n');
    expect(stack[0]).toBe('Error: not an amount: twelve');
    expect(stack[1]).toBe(`    at parseAmount (${path.join(dir, 'amounts.ts')}:4:11)`);
    // Called from outside the bundle: named as V8 names it, as Node's --enable-source-maps does.
    expect(stack[2]).toMatch(/^ {4}at [\w$]+ \(.*amounts\.ts:11:5\)$/);
  });

  it('keep the bundle positions where a bundle has no source map', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ct-source-maps-'));
    const outfile = await bundled(dir);
    rmSync(`${outfile}.map`);
    const stack = stackFrom(outfile).split('\n');
    expect(stack[0]).toBe('Error: not an amount: twelve');
    expect(stack[1]).toMatch(/^ {4}at [\w$]+ \(file:\/\/.*index\.mjs:\d+:\d+\)$/);
  });
});
