// Bundles one Lambda function with the stack's esbuild settings into <outRoot>/<name>/index.mjs,
// with a source map and an esbuild metafile (what each dependency weighs). Used by `npm run build`,
// by the stack's code assets (infra/esbuild-asset.ts) and by the lambda tests and the bench, so
// that they all run exactly what would be deployed.

import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build, type Metafile } from 'esbuild';
import { type BundledFunctionName, bundling, functionEntry } from './bundling.ts';
import { lambdaPlugins } from './esbuild-plugins.ts';

export type BundleResult = {
  name: BundledFunctionName;
  outfile: string;
  /** What a cold start loads: index.mjs and the chunks it imports statically (source maps aside). */
  bytes: number;
  /** Chunks beside it that the function imports only when it needs them (starting report runs). */
  lazyBytes: number;
  inputs: number;
  metafile: Metafile;
};

/**
 * Writes index.mjs, the chunks it imports on demand (`import()`: code that few requests need, kept
 * out of the cold start) and their source maps into `outdir` (which must exist), and nothing else.
 */
export async function buildFunction(name: BundledFunctionName, outdir: string): Promise<BundleResult> {
  const outfile = path.join(outdir, bundling.outfileName);
  const result = await build({
    entryPoints: [{ in: functionEntry(name), out: path.parse(bundling.outfileName).name }],
    outdir,
    outExtension: { '.js': path.extname(bundling.outfileName) },
    splitting: true,
    chunkNames: 'chunk-[hash]',
    bundle: true,
    platform: bundling.platform,
    format: bundling.format,
    target: bundling.target,
    mainFields: [...bundling.mainFields],
    minify: bundling.minify,
    legalComments: bundling.legalComments,
    sourcemap: bundling.sourcemap,
    sourcesContent: bundling.sourcesContent,
    inject: [...bundling.inject],
    banner: { js: bundling.banner },
    external: [...bundling.external],
    plugins: lambdaPlugins(),
    metafile: true,
    logLevel: 'warning',
  });
  const { metafile } = result;
  // What a cold start loads: index.mjs and the chunks it imports statically, transitively.
  const outputs = metafile.outputs;
  const key = Object.keys(outputs).find((file) => path.resolve(file) === path.resolve(outfile)) ?? '';
  const loaded = new Set<string>();
  const visit = (file: string) => {
    if (loaded.has(file) || !outputs[file]) return;
    loaded.add(file);
    for (const imported of outputs[file].imports)
      if (imported.kind === 'import-statement') visit(imported.path);
  };
  visit(key);
  const code = Object.entries(outputs).filter(([file]) => !file.endsWith('.map'));
  const bytes = code.reduce((sum, [file, output]) => (loaded.has(file) ? sum + output.bytes : sum), 0);
  const lazyBytes = code.reduce((sum, [file, output]) => (loaded.has(file) ? sum : sum + output.bytes), 0);
  return {
    name,
    outfile,
    bytes,
    lazyBytes,
    inputs: Object.keys(metafile.inputs).length,
    metafile,
  };
}

/** A fresh <outRoot>/<name>/ with the bundle, its source map and meta.json (esbuild's metafile). */
export async function bundleFunction(name: BundledFunctionName, outRoot: string): Promise<BundleResult> {
  const outdir = path.join(outRoot, name);
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  const result = await buildFunction(name, outdir);
  await writeFile(path.join(outdir, 'meta.json'), JSON.stringify(result.metafile));
  return result;
}
