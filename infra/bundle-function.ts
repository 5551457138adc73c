// Bundles one Lambda function with the stack's esbuild settings into <outRoot>/<name>/index.mjs,
// with a source map and an esbuild metafile (what each dependency weighs). Used by `npm run build`,
// by the stack's code assets (infra/esbuild-asset.ts) and by the lambda tests and the bench, so
// that they all run exactly what would be deployed.

import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build, type Metafile } from 'esbuild';
import { type BundledFunctionName, bundling, functionEntry } from './bundling.ts';
import { entryWithSourceMaps, lambdaPlugins } from './esbuild-plugins.ts';

/** Powertools' Tracer: its chunk loads as a function starts in Lambda. */
const tracerModule = 'node_modules/@aws-lambda-powertools/tracer/lib/esm/Tracer.js';

export type BundleResult = {
  name: BundledFunctionName;
  outfile: string;
  /** What a cold start loads: index.mjs and the chunks it imports statically (source maps aside). */
  bytes: number;
  /**
   * What a cold start loads in Lambda, where tracing is on: `bytes` and the chunks of Powertools'
   * Tracer (with the X-Ray SDK), which the function imports as it starts (packages/store/src/tracing.ts).
   */
  tracedBytes: number;
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
    entryPoints: [
      { in: entryWithSourceMaps(functionEntry(name)), out: path.parse(bundling.outfileName).name },
    ],
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
  const closure = (starts: string[]) => {
    const loaded = new Set<string>();
    const visit = (file: string) => {
      if (loaded.has(file) || !outputs[file]) return;
      loaded.add(file);
      for (const imported of outputs[file].imports)
        if (imported.kind === 'import-statement') visit(imported.path);
    };
    for (const start of starts) visit(start);
    return loaded;
  };
  const loaded = closure([key]);
  const tracerChunks = Object.keys(outputs).filter((file) =>
    Object.keys(outputs[file]?.inputs ?? {}).some((input) => input.endsWith(tracerModule)),
  );
  const tracedLoaded = closure([key, ...tracerChunks]);
  const code = Object.entries(outputs).filter(([file]) => !file.endsWith('.map'));
  const sizeOf = (files: Set<string>) =>
    code.reduce((sum, [file, output]) => (files.has(file) ? sum + output.bytes : sum), 0);
  const bytes = sizeOf(loaded);
  const lazyBytes = code.reduce((sum, [file, output]) => (loaded.has(file) ? sum : sum + output.bytes), 0);
  return {
    name,
    outfile,
    bytes,
    tracedBytes: sizeOf(tracedLoaded),
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
