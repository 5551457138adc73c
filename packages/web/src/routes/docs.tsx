import type { fullApiApp } from '@compact-tracker/api/app';
import { openApiDocument } from '@compact-tracker/api/openapi';
import { Hono } from 'hono';
import { shellOf } from '../components/layout.tsx';
import type { WebEnv } from '../env.ts';
import { DocsPage, type OpenApiDocumentLike } from '../pages/docs.tsx';

/** /docs: the API reference, rendered from the OpenAPI document of the API the web function answers /v1 with. */
export function docsRoutes(api: () => ReturnType<typeof fullApiApp>) {
  const app = new Hono<WebEnv>();
  app.get('/docs', (c) =>
    c.html(<DocsPage shell={shellOf(c)} document={openApiDocument(api()) as OpenApiDocumentLike} />),
  );
  return app;
}
