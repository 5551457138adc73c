import type { fullApiApp } from '@compact-tracker/api/app';
import { caching } from '@compact-tracker/api/caching';
import { type Deps, depsFromEnvironment } from '@compact-tracker/api/deps';
import { mailerFromEnvironment, type OutboxMessage } from '@compact-tracker/api/mailer';
import type { StartReportRun } from '@compact-tracker/store/aggregation-runs';
import {
  s3UploadOriginFromEnvironment,
  s3UploadsFromEnvironment,
} from '@compact-tracker/store/s3-upload-urls';
import { Hono, type MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';
import { secureHeaders } from 'hono/secure-headers';
import { assetRoutes } from './assets.ts';
import type { LocalLogin, WebEnv } from './env.ts';
import { notFoundPage, onWebError } from './errors.tsx';
import { type LazyRoutes, lazyRoutes, rememberLazyGroups } from './lazy-routes.ts';
import { compactRoutes } from './routes/compacts.tsx';
import { docsRoutes } from './routes/docs.tsx';
import { reportRoutes } from './routes/reports.tsx';
import { session } from './session.ts';
import '@compact-tracker/domain/messages';
import { type SignInSettings, signInClient, signInSettingsFromEnvironment } from './sign-in.ts';

export type { LocalLogin } from './env.ts';

/**
 * No inline script or style anywhere: the CSP allows this origin's files only. The import script
 * PUTs spend CSVs to their upload URL: this origin on the laptop, a presigned URL of the upload
 * bucket in AWS, so connect-src names that bucket's origin and no other.
 */
function pageHeaders(uploadOrigin: string | undefined): MiddlewareHandler<WebEnv> {
  return secureHeaders({
    xFrameOptions: 'DENY',
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      connectSrc: ["'self'", ...(uploadOrigin ? [uploadOrigin] : [])],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      objectSrc: ["'none'"],
    },
  });
}

/**
 * Mounted beside the API at `/` (on the laptop), page middleware must leave API requests alone:
 * they have their own identity (bearer tokens) and error rules.
 */
function pagesOnly(middleware: MiddlewareHandler<WebEnv>): MiddlewareHandler<WebEnv> {
  return (c, next) => (c.req.path.startsWith('/v1/') ? next() : middleware(c, next));
}

export type WebAppOptions = {
  deps?: Deps;
  /** Page tests only: a direct POST /login (see LocalLogin). */
  login?: LocalLogin;
  /** The OpenID Connect provider to sign in with; in Lambda, the user pool from the environment. */
  signIn?: SignInSettings;
  /** The laptop's outbox of emails, shown at /outbox (its mailer is in deps). */
  outbox?: OutboxMessage[];
  /** Where the browser PUTs uploads, if not this origin; in Lambda, the upload bucket's (from the environment). */
  uploadOrigin?: string;
  /** In Lambda: how "Run aggregation now" starts the report jobs (given `deps`, theirs is used). */
  startReportRun?: StartReportRun;
  /** In Lambda: gives the upload URLs the means to run an import again (given `deps`, theirs is used). */
  rerunImports?: (uploads: Deps['uploads']) => Deps['uploads'];
};

/**
 * The server-rendered pages. They call the same service functions as the JSON API, with a caller
 * from the session cookie. People sign in through `signIn` (the user pool on AWS, the local
 * OpenID Connect issuer under `npm start`).
 */
export function webApp(options: WebAppOptions = {}): Hono<WebEnv> {
  // In Lambda the environment is read on the first request, not at import: tests can import freely.
  let deps = options.deps;
  const depsNow = () => {
    // In Lambda the pages hand out upload URLs for spend imports too, as the spend API does.
    deps ??= {
      ...depsFromEnvironment(),
      uploads: (options.rerunImports ?? ((u) => u))(s3UploadsFromEnvironment()),
      ...(options.startReportRun ? { startReportRun: options.startReportRun } : {}),
      mailer: mailerFromEnvironment(),
    };
    return deps;
  };

  let signIn: ReturnType<typeof signInClient> | null | undefined;
  const signInNow = () => {
    if (signIn === undefined) {
      const settings = options.signIn ?? (options.deps ? undefined : signInSettingsFromEnvironment());
      signIn = settings ? signInClient(settings) : null;
    }
    return signIn;
  };

  const app = new Hono<WebEnv>();
  app.onError(onWebError);
  app.notFound(notFoundPage);

  let headers: MiddlewareHandler<WebEnv> | undefined;
  app.use('*', (c, next) => {
    headers ??= pageHeaders(
      options.uploadOrigin ?? (options.deps ? undefined : s3UploadOriginFromEnvironment()),
    );
    return headers(c, next);
  });
  // Public pages are cached (with ETag and 304), personal ones private; the API sets its own.
  app.use('*', caching());
  app.use('*', async (c, next) => {
    c.set('deps', depsNow());
    c.set('login', options.login);
    c.set('signIn', signInNow());
    await next();
  });
  app.route('/', assetRoutes());
  // The API's document and /docs first: the document is written at bundle time, not generated here.
  app.route('/', docsRoutes());
  // The API as one app (every function's routes). On Lambda, API Gateway sends here every /v1
  // request no route of its own matches (unknown paths, known paths with another method): they get
  // the API's answers, 405 with Allow or a problem+json 404.
  // Few requests come this way, so the API's routes load on the first one: cold starts skip them.
  let api: ReturnType<typeof fullApiApp> | undefined;
  const apiNow = async () => {
    if (!api) {
      const { fullApiApp: build } = await import('@compact-tracker/api/app');
      api ??= build(depsNow());
    }
    return api;
  };
  app.all('/v1/*', async (c) => (await apiNow()).fetch(c.req.raw, c.env));
  // Origin check on every form post, then the session (whose token each signed-in form also carries).
  app.use('*', pagesOnly(csrf()));
  app.use('*', pagesOnly(session()));
  app.route('/', compactRoutes());
  app.route('/', reportRoutes());
  // The other pages load with their group's first request (see lazy-routes.ts).
  const groups: LazyRoutes[] = [];
  const lazily = (paths: string[], group: LazyRoutes) => {
    groups.push(group);
    for (const path of paths) app.all(path, group);
  };
  rememberLazyGroups(app, groups);
  // Before the partnerships' group: a partnership's suppliers and area are supplier pages.
  lazily(
    ['/supplier-registers', '/supplier-registers/*'],
    lazyRoutes(async () => (await import('./routes/supplier-registers.tsx')).supplierRegisterRoutes()),
  );
  lazily(
    [
      '/organisations/:id/suppliers',
      '/organisations/:id/suppliers/template.csv',
      '/organisations/:id/supplier-facts',
      '/suppliers/:id',
      '/suppliers/:id/*',
      '/partnerships/:id/suppliers',
      '/partnerships/:id/area',
    ],
    lazyRoutes(async () => (await import('./routes/suppliers.tsx')).supplierRoutes()),
  );
  lazily(
    [
      '/partnerships',
      '/partnerships/*',
      '/compacts/:id/edit',
      '/compacts/:id/versions',
      '/compacts/:id/publish',
      '/compacts/:id/close',
    ],
    lazyRoutes(async () => (await import('./routes/partnerships.tsx')).partnershipRoutes()),
  );
  lazily(
    ['/invitations/*', '/outbox'],
    lazyRoutes(async () => (await import('./routes/invitations.tsx')).invitationRoutes(options.outbox)),
  );
  lazily(
    [
      '/me',
      '/organisations',
      '/organisations/new',
      '/organisations/:id',
      '/organisations/:id/members',
      '/organisations/:id/join',
      '/organisations/:id/budgets',
    ],
    lazyRoutes(async () => (await import('./routes/organisations.tsx')).organisationRoutes()),
  );
  lazily(
    ['/organisations/:id/spend', '/organisations/:id/spend/*', '/carbon-factors'],
    lazyRoutes(async () => (await import('./routes/spend.tsx')).spendRoutes()),
  );
  lazily(
    ['/organisations/:id/assessments', '/organisations/:id/assessments/*', '/organisations/:id/targets'],
    lazyRoutes(async () => (await import('./routes/assessments.tsx')).assessmentRoutes()),
  );
  lazily(
    ['/methodology'],
    lazyRoutes(async () => (await import('./routes/methodology.tsx')).methodologyRoutes()),
  );
  lazily(
    ['/login', '/logout', '/auth/callback'],
    lazyRoutes(async () => (await import('./routes/session.tsx')).sessionRoutes()),
  );
  lazily(
    ['/problems', '/problems/*'],
    lazyRoutes(async () => (await import('./routes/problems.tsx')).problemRoutes()),
  );
  // When mounted beside the API, the outer app's not-found handler would answer pages with JSON:
  // this catch-all keeps the friendly page for pages and hands unknown API paths back.
  app.all('*', (c) => (c.req.path.startsWith('/v1/') ? c.notFound() : notFoundPage(c)));
  return app;
}
