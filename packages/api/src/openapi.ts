import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './env.ts';

/** The OpenAPI 3.1 document of an app whose routes are registered, generated from the zod schemas. */
export function openApiDocument(app: OpenAPIHono<AppEnv>) {
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
        'Sustainable procurement compacts: partnerships, compacts and their versions, organisations, budgets, signatures and the public register. Money in integer pence; errors as application/problem+json.',
    },
  });
}
