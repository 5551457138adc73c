// Lambda functions as deployed: bundled with the stack's esbuild settings, then imported with the
// environment the stack sets, pointed at a benchmark's table. The same bundle can be imported more
// than once, each copy with its own endpoint (one through a recorder, say): a query string in the
// URL makes it a separate module, and the apps read their environment when imported.

import { pathToFileURL } from 'node:url';
import { bundleFunction } from '../../infra/bundle-function.ts';
import type { BundledFunctionName } from '../../infra/bundling.ts';

export type LambdaResult = { statusCode: number; body?: string; headers?: Record<string, string> };
export type LambdaHandler = (event: unknown, context: unknown) => Promise<LambdaResult>;

export async function bundleFunctions<N extends BundledFunctionName>(
  names: readonly N[],
  outRoot: string,
): Promise<Record<N, string>> {
  const outfiles = {} as Record<N, string>;
  for (const name of names) outfiles[name] = (await bundleFunction(name, outRoot)).outfile;
  return outfiles;
}

export async function importHandler(
  outfile: string,
  environment: { table: string; endpoint: string },
  copy: string,
): Promise<LambdaHandler> {
  const settings: Record<string, string> = {
    TABLE_NAME: environment.table,
    DYNAMODB_ENDPOINT: environment.endpoint,
    AWS_REGION: 'eu-west-2',
    POWERTOOLS_SERVICE_NAME: 'compact-tracker-bench',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  };
  const previous = Object.fromEntries(Object.keys(settings).map((name) => [name, process.env[name]]));
  Object.assign(process.env, settings);
  try {
    const url = `${pathToFileURL(outfile).href}?copy=${encodeURIComponent(copy)}`;
    return (await import(url)).handler as LambdaHandler;
  } finally {
    for (const [name, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}
