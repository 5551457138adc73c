import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './env.ts';

const documents = new WeakMap<OpenAPIHono<AppEnv>, ReturnType<typeof generate>>();

/**
 * The OpenAPI 3.1 document of an app whose routes are registered, generated from the zod schemas
 * on first use, then kept.
 */
export function openApiDocument(app: OpenAPIHono<AppEnv>) {
  let document = documents.get(app);
  if (!document) {
    document = generate(app);
    documents.set(app, document);
  }
  return document;
}

function generate(app: OpenAPIHono<AppEnv>) {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'An ID token of the user pool (locally: `npm run --silent token -- --email EMAIL`)',
  });
  return app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'Compact Tracker API',
      version: '1.0.0',
      description:
        'Sustainable procurement compacts: partnerships, compacts and their versions, organisations, budgets, signatures and the public register. Money in integer pence; errors as application/problem+json, each `type` a page (/problems/{name}) explaining the problem and its fix. An operation that needs a bearer token answers 401 to a request without one, whatever else it sent. HEAD works wherever GET does; a known path with a method it does not take answers 405 with Allow.',
    },
  });
}
