// The stack's function code: the bundle infra/bundle-function.ts builds (with the esbuild plugins
// that NodejsFunction's own esbuild run cannot take), as a CDK asset. `cdk synth` runs the bundler
// in a child process, since CDK's local bundling is synchronous; with SKIP_BUNDLING=1 (the
// aws:cdk:bundling-stacks context empty) CDK skips it, as it did for NodejsFunction.

import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { AssetHashType, DockerImage } from 'aws-cdk-lib';
import { Code } from 'aws-cdk-lib/aws-lambda';
import { type BundledFunctionName, projectRoot } from './bundling.ts';

const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
const bundleScript = path.join(projectRoot, 'infra', 'bundle.ts');

/** `index.mjs` (handler `index.handler`) and its source map, hashed by content. */
export function functionCode(name: BundledFunctionName): Code {
  return Code.fromAsset(projectRoot, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never pulled: esbuild runs here, without a container.
      image: DockerImage.fromRegistry('scratch'),
      // Also what tells the functions' assets apart in CDK's cache of bundled assets.
      command: ['bundle', name],
      local: {
        tryBundle(outputDir) {
          execFileSync(process.execPath, [tsxCli, bundleScript, '--asset', name, outputDir], {
            cwd: projectRoot,
            stdio: 'inherit',
          });
          return true;
        },
      },
    },
  });
}
