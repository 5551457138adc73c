// The esbuild settings every Lambda bundle shares, in one place: infra/bundle-function.ts builds with
// them for the stack's functions (infra/esbuild-asset.ts), `npm run build`, the tests and the bench.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FunctionName } from '../functions/routes.ts';

/** The repository root: infra/ sits directly under it. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Functions that no API route invokes: started by events (an upload to S3, the table's stream) or by schedules. */
export const jobFunctionNames = [
  'spend-import',
  'supplier-register',
  'supplier-fanout',
  'aggregate-buying-power',
  'compute-scores',
] as const;
export type JobFunctionName = (typeof jobFunctionNames)[number];

/** Every function the stack deploys and `npm run build` bundles. */
export type BundledFunctionName = FunctionName | JobFunctionName;

/** `functions/<name>.ts`, each exporting `handler`. */
export function functionEntry(name: BundledFunctionName): string {
  return path.join(projectRoot, 'functions', `${name}.ts`);
}

/**
 * ESM bundles need `require` for the CommonJS parts of the AWS SDK (node:https and friends),
 * or they die at import with "Dynamic require of node:https is not supported".
 */
export const requireBanner =
  "import{createRequire}from'module';const require=createRequire(import.meta.url);";

export const bundling = {
  platform: 'node',
  format: 'esm',
  target: 'node24',
  /** Prefer packages' ESM builds: smaller bundles, better tree shaking. */
  mainFields: ['module', 'main'],
  minify: true,
  /** Licence comments stay in node_modules and the lock file, not in every cold start's parse. */
  legalComments: 'none',
  /**
   * Stack traces point at our TypeScript: every bundle's entry loads `sourceMapsModule` first (the
   * sourceMapsFirst plugin), which reads the maps when a stack is first written
   * (NODE_OPTIONS=--enable-source-maps would read them at every cold start). No sources inside.
   */
  sourcemap: true,
  sourcesContent: false,
  sourceMapsModule: path.join(projectRoot, 'functions', 'source-maps.ts'),
  banner: requireBanner,
  /** Nothing is external: the AWS SDK is bundled too, pinned by our lock file, not the runtime's copy. */
  external: [] as string[],
  /** The file name Lambda loads (handler `index.handler`); `.mjs` makes Node treat it as ESM. */
  outfileName: 'index.mjs',
} as const;
