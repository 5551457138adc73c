import { problem, problemResponse } from '@compact-tracker/api/problem';
import { Hono } from 'hono';
import { shellOf } from '../components/layout.tsx';
import type { WebEnv } from '../env.ts';

// The OpenAPI document of the routes the API serves (written at bundle time in Lambda) and the page
// that lists its operations. Few requests ask for them: both are imported on first use, so the
// bundle keeps them in a chunk that cold starts do not load.

const documentModule = () => import('@compact-tracker/api/openapi-document');

export function docsRoutes() {
  const app = new Hono<WebEnv>();
  app.get('/v1/openapi.json', async (c) => {
    const { apiDocument } = await documentModule();
    c.header('cache-control', 'public, max-age=300');
    return c.json(apiDocument());
  });
  // The document is read-only: any other method is told so, as the API's own routes do.
  app.all('/v1/openapi.json', (c) => {
    if (c.req.method === 'OPTIONS') return c.body(null, 204, { allow: 'GET, HEAD' });
    return problemResponse(
      c,
      problem(405, `/v1/openapi.json does not take ${c.req.method}; it takes GET, HEAD`),
      {
        allow: 'GET, HEAD',
      },
    );
  });
  app.get('/docs', async (c) => {
    const [{ apiDocument }, { DocsPage }] = await Promise.all([
      documentModule(),
      import('../pages/docs.tsx'),
    ]);
    return c.html(
      <DocsPage shell={shellOf(c)} document={apiDocument() as Parameters<typeof DocsPage>[0]['document']} />,
    );
  });
  return app;
}
