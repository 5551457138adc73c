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
      description: [
        'Sustainable procurement compacts: partnerships, compacts and their versions, organisations, budgets, signatures and the public register, spend, Flexible Framework assessments and targets, and reports.',
        'Conventions: money is integer pence in every field ending `Pence`; dates are ISO 8601, times UTC; financial years `2025-26`, quarters `2025-26-Q3`.',
        'Auth: `Authorization: Bearer <JWT>`; what a caller may do follows from their memberships (401 without a valid token, 403 when not allowed).',
        'Errors are RFC 9457 `application/problem+json` (`type`, `title`, `status`, `detail`, and `errors[]` with `path` and `message` for invalid input); a refused request changes nothing.',
        'Lists take `limit` (default 50, at most 500) and `cursor`, and answer `{ items, nextCursor }` (null on the last page).',
        'Creating POSTs accept an `Idempotency-Key` header: the same key and body replay the first answer; the same key with another body is a 422.',
        'How reported figures (reporting statuses, scores, buying power, carbon) are worked out: the /methodology page.',
      ].join('\n\n'),
    },
  });
}
