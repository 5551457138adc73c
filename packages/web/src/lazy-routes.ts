import { Hono, type MiddlewareHandler } from 'hono';
import type { WebEnv } from './env.ts';
import { notFoundPage, onWebError } from './errors.tsx';

// Groups of pages loaded on their first request: a cold start loads the code of the pages it
// serves (the home page, a compact, its report) and not the rest (spend, progress, organisations,
// partnerships, invitations, problem pages), which esbuild keeps in chunks beside the bundle.
// The group runs as its own small app over the same request, given this request's variables
// (deps, caller, form token, flash), and its answer is this request's, headers set so far kept.

type Variables = WebEnv['Variables'];
type LazyEnv = { Bindings: WebEnv['Bindings'] & { outer: Variables }; Variables: Variables };

export type LazyRoutes = MiddlewareHandler<WebEnv> & {
  /** The group's routes (loading it): for the tests that walk every route of the app. */
  routes: () => Promise<{ method: string; path: string }[]>;
};

export function lazyRoutes(load: () => Promise<Hono<WebEnv>>): LazyRoutes {
  let app: Promise<Hono<LazyEnv>> | undefined;
  const build = async () => {
    const routes = await load();
    const group = new Hono<LazyEnv>();
    group.onError((error, c) => onWebError(error, c as never));
    group.notFound((c) => notFoundPage(c as never));
    group.use('*', async (c, next) => {
      for (const [name, value] of Object.entries(c.env.outer)) c.set(name as keyof Variables, value as never);
      await next();
    });
    group.route('/', routes as unknown as Hono<LazyEnv>);
    return group;
  };
  const loaded = () => {
    app ??= build().catch((error: Error) => {
      app = undefined;
      throw error;
    });
    return app;
  };
  const handler: MiddlewareHandler<WebEnv> = async (c) => {
    const response = await (await loaded()).fetch(c.req.raw, { ...c.env, outer: c.var });
    // Through the context, so that headers this request set before (a flash cookie cleared) stay.
    return c.newResponse(response.body, response);
  };
  return Object.assign(handler, {
    routes: async () =>
      (await loaded()).routes
        .filter((route) => route.method !== 'ALL')
        .map(({ method, path }) => ({ method, path })),
  });
}

const groupsOf = new WeakMap<object, LazyRoutes[]>();

/** Remembers an app's lazy groups, for webRouteTable. */
export function rememberLazyGroups(app: Hono<WebEnv>, groups: LazyRoutes[]) {
  groupsOf.set(app, groups);
}

/** Every GET and POST route of the web app, its lazy groups' included (they are loaded). */
export async function webRouteTable(app: Hono<WebEnv>): Promise<{ method: string; path: string }[]> {
  const own = app.routes.map(({ method, path }) => ({ method, path }));
  const lazy = await Promise.all((groupsOf.get(app) ?? []).map((group) => group.routes()));
  return [...own, ...lazy.flat()];
}
