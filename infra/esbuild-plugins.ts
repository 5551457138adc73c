// esbuild plugins for the Lambda bundles: each drops code that a function in Lambda never runs but
// that esbuild cannot shake out by itself, because it is reached through a namespace object or a
// provider chain decided at run time.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Plugin } from 'esbuild';

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
 * OpenAPIHono's document methods keep zod-to-openapi's generator (~25 KB) in every API bundle,
 * though only the function that serves /v1/openapi.json ever writes the document. The others get
 * the `.openapi()` extension and the registry, and a generator that says where the document is.
 */
export function openApiGeneratorOnlyIn(servesDocument: boolean, documentRoute: string): Plugin {
  return {
    name: 'openapi-generator-only-where-served',
    setup(build) {
      if (servesDocument) return;
      build.onResolve({ filter: /^@asteasolutions\/zod-to-openapi$/ }, (args) => {
        if (!/[\\/]@hono[\\/]zod-openapi[\\/]/.test(args.importer)) return undefined;
        return { path: args.path, namespace: 'openapi-without-generator', pluginData: args.resolveDir };
      });
      build.onLoad({ filter: /.*/, namespace: 'openapi-without-generator' }, (args) => ({
        contents: [
          "export { OpenAPIRegistry, extendZodWithOpenApi, getOpenApiMetadata } from '@asteasolutions/zod-to-openapi';",
          'class OpenApiGeneratorNotBundled {',
          '  constructor() {',
          `    throw new Error(${JSON.stringify(`this function does not write the OpenAPI document: ${documentRoute} does`)});`,
          '  }',
          '}',
          'export { OpenApiGeneratorNotBundled as OpenApiGeneratorV3, OpenApiGeneratorNotBundled as OpenApiGeneratorV31 };',
        ].join('\n'),
        resolveDir: args.pluginData as string,
        loader: 'js',
      }));
    },
  };
}

/**
 * The X-Ray SDK (under Powertools Tracer) requires `semver` (about 28 KB minified) for one check in
 * its AWS SDK v2 patcher, which our functions never use (Tracer patches SDK v3 clients through
 * captureAWSv3Client). That patcher's semver is a stub that says "new enough".
 */
export const xrayWithoutSemver: Plugin = {
  name: 'xray-without-semver',
  setup(build) {
    build.onResolve({ filter: /^semver$/ }, (args) => {
      if (!/[\\/]aws-xray-sdk-core[\\/]dist[\\/]lib[\\/]patchers[\\/]aws_p\.js$/.test(args.importer))
        return undefined;
      return { path: 'semver', namespace: 'xray-without-semver' };
    });
    build.onLoad({ filter: /.*/, namespace: 'xray-without-semver' }, () => ({
      contents: 'module.exports = { gte: () => true };',
      loader: 'js',
    }));
  },
};

/** Every plugin a Lambda bundle is built with; `servesOpenApi` for the one function that serves the document. */
export function lambdaPlugins(options: { servesOpenApi: boolean; openApiRoute: string }): Plugin[] {
  return [
    zodEnglishOnly,
    lambdaCredentialsFromEnv,
    honoZodOpenApiReadsMembers,
    openApiGeneratorOnlyIn(options.servesOpenApi, options.openApiRoute),
    xrayWithoutSemver,
  ];
}
