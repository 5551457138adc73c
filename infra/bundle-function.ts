// Bundles one Lambda function with the stack's esbuild settings into <outRoot>/<name>/index.mjs,
// with a source map and an esbuild metafile (what each dependency weighs). Used by `npm run build`
// and by the lambda tests, so that the tests run exactly what would be deployed.

import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { type BundledFunctionName, bundling, functionEntry } from './bundling.ts';

export type BundleResult = { name: BundledFunctionName; outfile: string; bytes: number; inputs: number };

export async function bundleFunction(name: BundledFunctionName, outRoot: string): Promise<BundleResult> {
  const outdir = path.join(outRoot, name);
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  const outfile = path.join(outdir, bundling.outfileName);
  const result = await build({
    entryPoints: [functionEntry(name)],
    outfile,
    bundle: true,
    platform: bundling.platform,
    format: bundling.format,
    target: bundling.target,
    mainFields: [...bundling.mainFields],
    minify: bundling.minify,
    sourcemap: bundling.sourcemap,
    sourcesContent: bundling.sourcesContent,
    banner: { js: bundling.banner },
    external: [...bundling.external],
    metafile: true,
    logLevel: 'warning',
  });
  await writeFile(path.join(outdir, 'meta.json'), JSON.stringify(result.metafile));
  const output = result.metafile.outputs[path.relative(process.cwd(), outfile)];
  return { name, outfile, bytes: output?.bytes ?? 0, inputs: Object.keys(result.metafile.inputs).length };
}
