import { Hono } from 'hono';
import { shellOf } from '../components/layout.tsx';
import type { WebEnv } from '../env.ts';
import { METHODOLOGY_PATH, MethodologyPage } from '../pages/methodology.tsx';

/** The methodology page: public, the same for everyone. */
export function methodologyRoutes() {
  const app = new Hono<WebEnv>();
  app.get(METHODOLOGY_PATH, (c) => c.html(<MethodologyPage shell={shellOf(c)} />));
  return app;
}
