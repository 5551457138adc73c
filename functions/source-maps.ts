// Stack traces of the Lambda bundles point at our TypeScript, with the source maps esbuild writes
// beside each bundle file (`index.mjs.map`, `chunk-….mjs.map`). NODE_OPTIONS=--enable-source-maps
// would do the same at a price every cold start pays (Node reads and decodes the map of every module
// as it loads, 20-30 ms): here a map is read only when a stack is first written (an error logged),
// with Node's own decoder (node:module's SourceMap). Every bundle's entry loads this module first
// (sourceMapsFirst in infra/esbuild-plugins.ts), so that it runs before any other.

import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

type BundleMap = { map: SourceMap; url: URL };

/** The source map beside a bundle file, read and decoded once; null where there is none. */
const maps = new Map<string, BundleMap | null>();

function sourceMapOf(file: string): BundleMap | null {
  let found = maps.get(file);
  if (found === undefined) {
    try {
      const url = new URL(`${file.startsWith('file:') ? file : pathToFileURL(file).href}.map`);
      found = { map: new SourceMap(JSON.parse(readFileSync(url, 'utf8'))), url };
    } catch {
      found = null;
    }
    maps.set(file, found);
  }
  return found;
}

/** The original name of the symbol at a position of a bundle file, where its map names one. */
function nameAt(map: SourceMap, line: number | null, column: number | null): string | undefined {
  if (line === null || column === null) return undefined;
  const origin = map.findOrigin(line, column);
  return 'name' in origin ? origin.name : undefined;
}

/**
 * One frame as V8 writes it, at its place in the TypeScript where the bundle's map knows it, named
 * as Node names it with --enable-source-maps: the enclosing function's original name, else the name
 * its caller (the next frame, in the same file) called it by.
 */
export function mappedFrame(site: NodeJS.CallSite, caller?: NodeJS.CallSite): string {
  const file = site.getFileName();
  const line = site.getLineNumber();
  const column = site.getColumnNumber();
  const found = file && line !== null && column !== null ? sourceMapOf(file) : null;
  const origin = found?.map.findOrigin(line as number, column as number);
  if (!found || !origin || !('fileName' in origin)) return `    at ${site}`;
  const { map } = found;
  const name =
    nameAt(map, site.getEnclosingLineNumber(), site.getEnclosingColumnNumber()) ??
    (caller && caller.getFileName() === file
      ? nameAt(map, caller.getLineNumber(), caller.getColumnNumber())
      : undefined) ??
    site.getFunctionName();
  // Sources are relative to the map, as esbuild writes them; the path as Node would write it.
  const source = fileURLToPath(new URL(origin.fileName, found.url));
  const where = `${source}:${origin.lineNumber}:${origin.columnNumber}`;
  return name ? `    at ${name} (${where})` : `    at ${where}`;
}

/** `Error: message` and its frames, as V8 writes them, mapped. */
export function prepareStackTrace(error: Error, sites: NodeJS.CallSite[]): string {
  let header: string;
  try {
    header = Error.prototype.toString.call(error);
  } catch {
    header = '<error>';
  }
  return [header, ...sites.map((site, i) => mappedFrame(site, sites[i + 1]))].join('\n');
}

Error.prepareStackTrace = prepareStackTrace;
