// Bundles one Lambda function with the stack's esbuild settings into <outRoot>/<name>/index.mjs,
// with a source map and an esbuild metafile (what each dependency weighs). Used by `npm run build`,
// by the stack's code assets (infra/esbuild-asset.ts) and by the lambda tests and the bench, so
// that they all run exactly what would be deployed.

import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build, type Metafile } from 'esbuild';
import {
  type BundledFunctionName,
  bundling,
  functionEntry,
  openApiRoute,
  servesOpenApi,
} from './bundling.ts';
import { lambdaPlugins } from './esbuild-plugins.ts';

export type BundleResult = {
  name: BundledFunctionName;
  outfile: string;
  /** The minified bundle's size, as Lambda loads it (the source map aside). */
  bytes: number;
  inputs: number;
  metafile: Metafile;
};

/** Writes index.mjs and its source map into `outdir` (which must exist), and nothing else. */
export async function buildFunction(name: BundledFunctionName, outdir: string): Promise<BundleResult> {
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
    legalComments: bundling.legalComments,
    sourcemap: bundling.sourcemap,
    sourcesContent: bundling.sourcesContent,
    banner: { js: bundling.banner },
    external: [...bundling.external],
    plugins: lambdaPlugins({ servesOpenApi: servesOpenApi(name), openApiRoute }),
    metafile: true,
    logLevel: 'warning',
  });
  const { metafile } = result;
  const output = Object.entries(metafile.outputs).find(
    ([file]) => path.resolve(file) === path.resolve(outfile),
  )?.[1];
  return { name, outfile, bytes: output?.bytes ?? 0, inputs: Object.keys(metafile.inputs).length, metafile };
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
