// `npm run build`: bundles every Lambda function (the API's and the jobs') with the same esbuild settings as the stack, into
// dist/functions/<name>/index.mjs (plus a source map and an esbuild metafile), and prints the sizes.
// `tsx infra/bundle.ts --asset <name> <dir>` writes one function's code into <dir>: the stack's assets.

import path from 'node:path';
import { functionNames } from '../functions/routes.ts';
import { buildFunction, bundleFunction } from './bundle-function.ts';
import { type BundledFunctionName, jobFunctionNames, projectRoot } from './bundling.ts';

const names: BundledFunctionName[] = [...functionNames, ...jobFunctionNames];

const assetAt = process.argv.indexOf('--asset');
if (assetAt >= 0) {
  const [name, dir] = process.argv.slice(assetAt + 1);
  if (!names.includes(name as BundledFunctionName) || !dir) {
    console.error(`usage: infra/bundle.ts --asset <${names.join('|')}> <dir>`);
    process.exit(2);
  }
  await buildFunction(name as BundledFunctionName, path.resolve(dir));
  process.exit(0);
}

const outRoot = path.join(projectRoot, 'dist', 'functions');

function kilobytes(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

const settled = await Promise.allSettled(names.map((name) => bundleFunction(name, outRoot)));
const width = Math.max(...names.map((name) => name.length));
let failed = 0;
settled.forEach((result, i) => {
  const name = (names[i] ?? '').padEnd(width);
  if (result.status === 'fulfilled') {
    const { bytes, tracedBytes, lazyBytes, inputs } = result.value;
    const traced = tracedBytes > bytes ? `, ${kilobytes(tracedBytes)} in Lambda with the tracer` : '';
    const lazy = lazyBytes > 0 ? `, plus ${kilobytes(lazyBytes)} loaded on demand` : '';
    console.log(`${name}  ${kilobytes(bytes).padStart(10)}  (${inputs} input files${traced}${lazy})`);
  } else {
    failed += 1;
    console.log(`${name}  FAILED (esbuild's errors above)`);
  }
});
if (failed > 0) {
  console.error(`${failed} of ${names.length} functions failed to bundle`);
  process.exitCode = 1;
} else {
  console.log(`bundled ${names.length} functions into ${path.relative(process.cwd(), outRoot)}/`);
}
