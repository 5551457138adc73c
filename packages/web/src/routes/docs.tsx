import { fullApiApp } from '@compact-tracker/api/app';
import type { Deps } from '@compact-tracker/api/deps';
import { openApiDocument } from '@compact-tracker/api/openapi';
import { Hono } from 'hono';
import { shellOf } from '../components/layout.tsx';
import type { WebEnv } from '../env.ts';
import { DocsPage, type OpenApiDocumentLike } from '../pages/docs.tsx';

/** The OpenAPI document, built on first use from the same routes the API serves, then kept. */
export function docsRoutes(deps: () => Deps) {
  const app = new Hono<WebEnv>();
  let document: ReturnType<typeof openApiDocument> | undefined;
  const documentOnce = () => {
    document ??= openApiDocument(fullApiApp(deps()));
    return document;
  };

  app.get('/v1/openapi.json', (c) => {
    c.header('cache-control', 'public, max-age=300');
    return c.json(documentOnce());
  });
  app.get('/docs', (c) =>
    c.html(<DocsPage shell={shellOf(c)} document={documentOnce() as OpenApiDocumentLike} />),
  );
  return app;
}
