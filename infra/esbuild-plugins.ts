// esbuild plugins for the Lambda bundles: each drops code that a function in Lambda never runs but
// that esbuild cannot shake out by itself, because it is reached through a namespace object or a
// provider chain decided at run time.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliCompressSync } from 'node:zlib';
import type { Plugin } from 'esbuild';
import { bundling } from './bundling.ts';
import { builtinsThroughRequire } from './esbuild-builtins.ts';

const sourceMapsEntry = 'with-source-maps:';

/** A bundle entry that is `file` with functions/source-maps.ts loaded before it (sourceMapsFirst). */
export function entryWithSourceMaps(file: string): string {
  return `${sourceMapsEntry}${file}`;
}

/**
 * The entry `with-source-maps:<file>` loads bundling.sourceMapsModule, then exports what `file`
 * exports: the stack traces of every module of the bundle, chunks included, point at the TypeScript.
 * (esbuild's `inject` would add an import of it to every module, and to every chunk, ~5 KB.)
 */
export const sourceMapsFirst: Plugin = {
  name: 'source-maps-first',
  setup(build) {
    build.onResolve({ filter: /^with-source-maps:/ }, (args) => ({
      path: args.path.slice(sourceMapsEntry.length),
      namespace: 'with-source-maps',
    }));
    build.onLoad({ filter: /.*/, namespace: 'with-source-maps' }, (args) => ({
      contents: [
        `import ${JSON.stringify(bundling.sourceMapsModule)};`,
        `export * from ${JSON.stringify(args.path)};`,
      ].join('\n'),
      resolveDir: path.dirname(args.path),
      loader: 'js',
    }));
  },
};

/**
 * Zod's classic API exports `locales`, a namespace of ~40 languages' error messages (about 260 KB
 * minified), and the `z` namespace object everyone imports keeps all of it. Our problem details are in
 * English only: `locales` here holds `en` alone, which is also the one zod configures by default.
 */
export const zodEnglishOnly: Plugin = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => {
      if (!/[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)) return undefined;
      return { path: path.join(args.resolveDir, '../locales/en.js'), namespace: 'zod-english-only' };
    });
    build.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: path.dirname(args.path),
      loader: 'js',
    }));
  },
};

/**
 * The SDK clients' default credential chain tries env vars, SSO, ini files, web identity, ECS and
 * EC2 metadata; SSO and web identity carry their own STS/SSO clients (@aws-sdk/nested-clients). In
 * Lambda the execution role's credentials are always in AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
 * AWS_SESSION_TOKEN, so the bundles' chain is those variables alone (clients given explicit
 * `credentials`, such as DynamoDB Local's, never ask it).
 */
export const lambdaCredentialsFromEnv: Plugin = {
  name: 'lambda-credentials-from-env',
  setup(build) {
    build.onResolve({ filter: /^@aws-sdk\/credential-provider-node$/ }, (args) => ({
      path: args.path,
      namespace: 'lambda-credentials-from-env',
      pluginData: { resolveDir: args.resolveDir },
    }));
    build.onLoad({ filter: /.*/, namespace: 'lambda-credentials-from-env' }, (args) => ({
      contents: [
        "import { fromEnv } from '@aws-sdk/credential-provider-env';",
        'export const defaultProvider = (init = {}) => fromEnv(init);',
      ].join('\n'),
      resolveDir: (args.pluginData as { resolveDir: string }).resolveDir,
      loader: 'js',
    }));
  },
};

const honoZodOpenApiEntry = /[\\/]node_modules[\\/]@hono[\\/]zod-openapi[\\/]dist[\\/]index\.mjs$/;
const extendsTheNamespace = 'import { z } from "zod";';
const extendCall = 'extendZodWithOpenApi(z);';

/**
 * esbuild keeps only the parts of zod a bundle uses when zod is imported as a namespace and only its
 * members are read (`import * as z from 'zod'; z.object(...)`); a `z` handed around as a value
 * keeps all of zod (~100 KB more). @hono/zod-openapi hands `z` to extendZodWithOpenApi, which reads
 * `z.ZodType` alone: it is handed just that. Should a new version word it differently, the bundle
 * is only bigger, and esbuild says so.
 */
export const honoZodOpenApiReadsMembers: Plugin = {
  name: 'hono-zod-openapi-reads-members',
  setup(build) {
    build.onLoad({ filter: honoZodOpenApiEntry }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes(extendsTheNamespace) || !source.includes(extendCall)) {
        return {
          contents: source,
          loader: 'js',
          warnings: [{ text: '@hono/zod-openapi changed: its bundle keeps every part of zod' }],
        };
      }
      return {
        contents: source
          .replace(extendsTheNamespace, 'import * as z from "zod";')
          .replace(extendCall, 'extendZodWithOpenApi({ ZodType: z.ZodType });'),
        loader: 'js',
      };
    });
  },
};

/**
 * The OpenAPI document is written here, at bundle time, from the same routes the API serves: the
 * function that serves /v1/openapi.json and /docs carries the document instead of the generator and
 * every route's schemas with their `.openapi()` metadata. It is carried brotli-compressed (about 9 KB
 * of base64 instead of 80 KB of JSON that every cold start would parse) and unpacked on first use.
 */
export const staticOpenApiDocument: Plugin = {
  name: 'static-openapi-document',
  setup(build) {
    build.onLoad({ filter: /[\\/]packages[\\/]api[\\/]src[\\/]openapi-document\.ts$/ }, async (args) => {
      const module = (await import(pathToFileURL(args.path).href)) as { apiDocument: () => unknown };
      const packed = brotliCompressSync(JSON.stringify(module.apiDocument())).toString('base64');
      return {
        contents: [
          "import { brotliDecompressSync } from 'node:zlib';",
          'let document;',
          'export function apiDocument() {',
          `  document ??= JSON.parse(brotliDecompressSync(Buffer.from(${JSON.stringify(packed)}, 'base64')).toString('utf8'));`,
          '  return document;',
          '}',
        ].join('\n'),
        loader: 'js',
      };
    });
  },
};

/**
 * The pages' stylesheet and script are modules exporting their text (packages/web/src/assets/):
 * the bundles carry that text brotli-compressed and unpack it once, at load.
 */
export const packedWebAssets: Plugin = {
  name: 'packed-web-assets',
  setup(build) {
    build.onLoad({ filter: /[\\/]packages[\\/]web[\\/]src[\\/]assets[\\/][\w-]+\.ts$/ }, async (args) => {
      const module = (await import(pathToFileURL(args.path).href)) as Record<string, unknown>;
      const exports = Object.entries(module);
      if (!exports.every(([, value]) => typeof value === 'string')) return undefined;
      return {
        contents: [
          "import { brotliDecompressSync } from 'node:zlib';",
          "const unpack = (packed) => brotliDecompressSync(Buffer.from(packed, 'base64')).toString('utf8');",
          ...exports.map(
            ([name, value]) =>
              `export const ${name} = unpack(${JSON.stringify(brotliCompressSync(value as string).toString('base64'))});`,
          ),
        ].join('\n'),
        loader: 'js',
      };
    });
  },
};

/**
 * Every zod schema carries the code that turns it into JSON Schema (`toJSONSchema()`, ~17 KB),
 * reached through a namespace object esbuild cannot shake. No function writes JSON Schema at run
 * time (the OpenAPI document is written at bundle time, with zod-to-openapi's own code): the bundles
 * keep `aggregateChecks` (schemas' `minLength` and the like read it) and get stubs for the rest.
 */
export const zodWithoutJsonSchema: Plugin = {
  name: 'zod-without-json-schema',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/core\/(json-schema-processors|to-json-schema)\.js$/ }, (args) => {
      if (!/[\\/]node_modules[\\/]zod[\\/]v4[\\/]classic[\\/]/.test(args.importer)) return undefined;
      return {
        path: path.join(args.resolveDir, args.path),
        namespace: 'zod-without-json-schema',
      };
    });
    build.onLoad({ filter: /.*/, namespace: 'zod-without-json-schema' }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const names = [...source.matchAll(/^export (?:function|const) (\w+)/gm)].map((m) => m[1] as string);
      const kept: string[] = names.filter((name) => name === 'aggregateChecks');
      return {
        contents: [
          ...(kept.length ? [`export { ${kept.join(', ')} } from ${JSON.stringify(args.path)};`] : []),
          'const notBundled = () => {',
          "  throw new Error('JSON Schema is not written at run time: zod\\'s generator is not bundled');",
          '};',
          // The `create…Method` factories run as schemas are built: the methods they make throw.
          ...names
            .filter((name) => !kept.includes(name))
            .map((name) =>
              name.startsWith('create')
                ? `export const ${name} = () => notBundled;`
                : `export const ${name} = notBundled;`,
            ),
        ].join('\n'),
        resolveDir: path.dirname(args.path),
        loader: 'js',
      };
    });
  },
};

/**
 * The SDK's HTTP protocols load event-stream support on demand, but esbuild inlines the dynamic
 * import (~15 KB). None of our clients' operations (DynamoDB, S3 presigning, Lambda Invoke) streams
 * events: the bundles get a module that says so should one ever try.
 */
export const smithyWithoutEventStreams: Plugin = {
  name: 'smithy-without-event-streams',
  setup(build) {
    build.onResolve({ filter: /^@smithy\/core\/event-streams$/ }, (args) => {
      if (!/[\\/]@smithy[\\/]core[\\/]dist-es[\\/]submodules[\\/]protocols[\\/]/.test(args.importer))
        return undefined;
      return { path: args.path, namespace: 'smithy-without-event-streams' };
    });
    build.onLoad({ filter: /.*/, namespace: 'smithy-without-event-streams' }, () => ({
      contents: [
        'const notBundled = () => {',
        "  throw new Error('event streams are not bundled: no operation of these clients uses them');",
        '};',
        'export { notBundled as EventStreamSerde, notBundled as eventStreamSerdeProvider };',
      ].join('\n'),
      loader: 'js',
    }));
  },
};

/**
 * OpenAPIHono's document methods keep zod-to-openapi's generator (~25 KB) in every API bundle,
 * though no function writes the document at run time (staticOpenApiDocument writes it at bundle
 * time). The bundles get the `.openapi()` extension and the registry, and a generator that says so.
 */
export const openApiGeneratorNotBundled: Plugin = {
  name: 'openapi-generator-not-bundled',
  setup(build) {
    build.onResolve({ filter: /^@asteasolutions\/zod-to-openapi$/ }, (args) => {
      if (!/[\\/]@hono[\\/]zod-openapi[\\/]/.test(args.importer)) return undefined;
      return { path: args.path, namespace: 'openapi-without-generator', pluginData: args.resolveDir };
    });
    build.onLoad({ filter: /.*/, namespace: 'openapi-without-generator' }, (args) => ({
      contents: [
        "export { OpenAPIRegistry, extendZodWithOpenApi, getOpenApiMetadata } from '@asteasolutions/zod-to-openapi';",
        'class OpenApiGeneratorNotBundled {',
        '  constructor() {',
        "    throw new Error('the OpenAPI document is written at bundle time (packages/api/src/openapi-document.ts)');",
        '  }',
        '}',
        'export { OpenApiGeneratorNotBundled as OpenApiGeneratorV3, OpenApiGeneratorNotBundled as OpenApiGeneratorV31 };',
      ].join('\n'),
      resolveDir: args.pluginData as string,
      loader: 'js',
    }));
  },
};

const xrayLib = /[\\/]aws-xray-sdk-core[\\/]dist[\\/]lib[\\/]/;

/**
 * The X-Ray SDK is loaded only in Lambda (packages/store/src/tracing.ts), where parts of it never run:
 * - the centralized sampler (rule and target pollers, their service connector and cache, ~9 KB): the
 *   SDK replaces it with the local sampler as it starts in Lambda (env/aws_lambda.js, "Disabling
 *   centralized sampling"), so the bundles have the local one from the start;
 * - the EC2 and Elastic Beanstalk plugins (instance metadata), which only `AWSXRay.config()` would use,
 *   and the AWS SDK v2 patcher (which requires `semver`), as our clients are SDK v3 ones traced with
 *   captureAWSv3Client: stubs that say so;
 * - its whole package.json, for the name and version it reports: those two alone.
 */
export const xrayLambdaOnly: Plugin = {
  name: 'xray-lambda-only',
  setup(build) {
    build.onResolve({ filter: /^\.\/sampling\/default_sampler$/ }, (args) => {
      if (!/[\\/]middleware[\\/]mw_utils\.js$/.test(args.importer) || !xrayLib.test(args.importer))
        return undefined;
      return { path: path.join(args.resolveDir, 'sampling', 'local_sampler.js') };
    });
    build.onResolve({ filter: /^\.\/segments\/plugins\/(ec2|elastic_beanstalk)_plugin$/ }, (args) => {
      if (!xrayLib.test(args.importer)) return undefined;
      return { path: args.path, namespace: 'xray-lambda-only' };
    });
    build.onResolve({ filter: /^\.\/patchers\/aws_p$/ }, (args) => {
      if (!xrayLib.test(args.importer)) return undefined;
      return { path: args.path, namespace: 'xray-lambda-only' };
    });
    build.onLoad({ filter: /aws_p$/, namespace: 'xray-lambda-only' }, () => ({
      contents: [
        'const notBundled = () => {',
        "  throw new Error('the X-Ray SDK patcher of AWS SDK v2 is not bundled: use captureAWSv3Client');",
        '};',
        'module.exports = { captureAWS: notBundled, captureAWSClient: notBundled };',
      ].join('\n'),
      loader: 'js',
    }));
    build.onLoad({ filter: /plugins/, namespace: 'xray-lambda-only' }, (args) => ({
      contents: [
        'module.exports = {',
        `  originName: ${JSON.stringify(args.path.includes('ec2') ? 'AWS::EC2::Instance' : 'AWS::ElasticBeanstalk::Environment')},`,
        "  getData() { throw new Error('the X-Ray SDK plugins for EC2 and Elastic Beanstalk are not bundled'); },",
        '};',
      ].join('\n'),
      loader: 'js',
    }));
    build.onLoad({ filter: /[\\/]aws-xray-sdk-core[\\/]package\.json$/ }, async (args) => {
      const { name, version } = JSON.parse(await readFile(args.path, 'utf8')) as Record<string, string>;
      return { contents: JSON.stringify({ name, version }), loader: 'json' };
    });
  },
};

/**
 * The X-Ray SDK records chosen parameters of each AWS call it traces from a table of every
 * service's operations (about 11 KB). Our functions call DynamoDB, S3, Lambda and SES only: the
 * table keeps those services, and of S3 the object operations they use.
 */
export const xrayOwnServicesOnly: Plugin = {
  name: 'xray-own-services-only',
  setup(build) {
    build.onLoad(
      { filter: /[\\/]aws-xray-sdk-core[\\/]dist[\\/]lib[\\/]resources[\\/]aws_whitelist\.json$/ },
      async (args) => {
        const table = JSON.parse(await readFile(args.path, 'utf8')) as {
          services: Record<string, { operations?: Record<string, unknown> }>;
        };
        const keep = ['dynamodb', 's3', 'lambda'];
        const s3Operations = ['GetObject', 'PutObject', 'HeadObject', 'DeleteObject'];
        const services = Object.fromEntries(
          Object.entries(table.services)
            .filter(([name]) => keep.includes(name))
            .map(([name, service]) =>
              name === 's3' && service.operations
                ? [
                    name,
                    {
                      ...service,
                      operations: Object.fromEntries(
                        Object.entries(service.operations).filter(([op]) => s3Operations.includes(op)),
                      ),
                    },
                  ]
                : [name, service],
            ),
        );
        return { contents: JSON.stringify({ services }), loader: 'json' };
      },
    );
  },
};

/**
 * DynamoDB's client carries endpoint discovery (off unless asked for, as here), whose cache is an
 * LRU from `mnemonist` (with `obliterator`, about 7 KB). The cache keeps a handful of entries: a
 * Map kept in use order does the same (get, peek, has, set with eviction, clear).
 */
export const endpointCacheWithMap: Plugin = {
  name: 'endpoint-cache-with-map',
  setup(build) {
    build.onResolve({ filter: /^mnemonist\/lru-cache$/ }, (args) => {
      if (!/[\\/]@aws-sdk[\\/]endpoint-cache[\\/]/.test(args.importer)) return undefined;
      return { path: 'lru-cache', namespace: 'endpoint-cache-with-map' };
    });
    build.onLoad({ filter: /.*/, namespace: 'endpoint-cache-with-map' }, () => ({
      contents: [
        'export default class LRUCache {',
        '  constructor(capacity) { this.capacity = capacity; this.map = new Map(); }',
        '  get(key) { if (!this.map.has(key)) return undefined; const value = this.map.get(key); this.map.delete(key); this.map.set(key, value); return value; }',
        '  peek(key) { return this.map.get(key); }',
        '  has(key) { return this.map.has(key); }',
        '  set(key, value) { this.map.delete(key); this.map.set(key, value); if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value); return this; }',
        '  clear() { this.map.clear(); }',
        '}',
      ].join('\n'),
      loader: 'js',
    }));
  },
};

/** Every plugin a Lambda bundle is built with. */
export function lambdaPlugins(): Plugin[] {
  return [
    sourceMapsFirst,
    builtinsThroughRequire,
    zodEnglishOnly,
    lambdaCredentialsFromEnv,
    honoZodOpenApiReadsMembers,
    staticOpenApiDocument,
    packedWebAssets,
    openApiGeneratorNotBundled,
    zodWithoutJsonSchema,
    smithyWithoutEventStreams,
    xrayOwnServicesOnly,
    xrayLambdaOnly,
    endpointCacheWithMap,
  ];
}
