import { fullApiApp } from './app.ts';
import type { Deps } from './deps.ts';
import { openApiDocument } from './openapi.ts';

// The API's OpenAPI 3.1 document, generated from every route's zod schemas. The Lambda bundles
// replace this module with the document itself, written at bundle time (infra/esbuild-plugins.ts,
// staticOpenApiDocument): the function serving /v1/openapi.json carries JSON, not the generator
// and every route's schemas. Here (tests, `npm start`) it is generated on first use, then kept.

export type ApiDocument = ReturnType<typeof openApiDocument>;

/** The routes are only registered, never called: nothing asks these dependencies for anything. */
const noDeps = new Proxy({} as Deps, {
  get(_target, name) {
    throw new Error(`the OpenAPI document is written without dependencies (asked for ${String(name)})`);
  },
});

let document: ApiDocument | undefined;

export function apiDocument(): ApiDocument {
  document ??= openApiDocument(fullApiApp(noDeps));
  return document;
}
