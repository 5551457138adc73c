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
      description: [
        'Sustainable procurement compacts: partnerships, compacts and their versions, organisations, budgets, signatures and the public register, spend, Flexible Framework assessments and targets, and reports.',
        'Conventions: money is integer pence in every field ending `Pence`; dates are ISO 8601, times UTC; financial years `2025-26`, quarters `2025-26-Q3`.',
        'Auth: `Authorization: Bearer <JWT>`; what a caller may do follows from their memberships (401 without a valid token, 403 when not allowed).',
        'Errors are RFC 9457 `application/problem+json` (`type`, `title`, `status`, `detail`, and `errors[]` with `path` and `message` for invalid input); each `type` is a page (/problems/{name}) explaining the problem and its fix; a refused request changes nothing.',
        'An operation that needs a bearer token answers 401 to a request without one, whatever else it sent. HEAD works wherever GET does; a known path with a method it does not take answers 405 with Allow.',
        'Lists take `limit` (default 50, at most 500) and `cursor`, and answer `{ items, nextCursor }` (null on the last page).',
        'Creating POSTs accept an `Idempotency-Key` header: the same key and body replay the first answer; the same key with another body is a 422.',
        'How reported figures (reporting statuses, scores, buying power, carbon) are worked out: the /methodology page.',
      ].join('\n\n'),
    },
  });
}
