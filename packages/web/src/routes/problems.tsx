import { problemTypes } from '@compact-tracker/api/problem-types';
import { Hono } from 'hono';
import { shellOf } from '../components/layout.tsx';
import type { WebEnv } from '../env.ts';
import { notFoundPage } from '../errors.tsx';
import { ProblemTypePage, ProblemTypesPage } from '../pages/problem-types.tsx';

/** /problems/{name}: the page each problem `type` URI of the API resolves to, and their list. */
export function problemRoutes() {
  const app = new Hono<WebEnv>();
  app.get('/problems', (c) => {
    return c.html(<ProblemTypesPage shell={shellOf(c)} types={problemTypes} />);
  });
  app.get('/problems/:name', (c) => {
    const type = problemTypes.find((t) => t.name === c.req.param('name'));
    if (!type) return notFoundPage(c);
    return c.html(<ProblemTypePage shell={shellOf(c)} type={type} />);
  });
  return app;
}
