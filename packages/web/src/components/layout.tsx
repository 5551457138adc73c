import type { Caller } from '@compact-tracker/domain/authorisation';
import type { Child } from 'hono/jsx';
import { raw } from 'hono/utils/html';
import { siteCssPath } from '../assets.ts';
import type { Flash, WebContext } from '../env.ts';
import { CsrfField } from './fields.tsx';

/** What every page's frame needs to know about the request. */
export type Shell = {
  caller: Caller | null;
  csrfToken: string;
  flash: Flash | null;
  path: string;
  loginAvailable: boolean;
};

export function shellOf(c: WebContext): Shell {
  return {
    caller: c.var.caller,
    csrfToken: c.var.csrfToken,
    flash: c.var.flash,
    path: new URL(c.req.url).pathname,
    loginAvailable: c.var.signIn !== null || c.var.login !== undefined,
  };
}

const navItems = (caller: Caller | null) => [
  { href: '/', label: 'Compacts' },
  ...(caller ? [{ href: '/me', label: 'My organisations' }] : []),
  { href: '/carbon-factors', label: 'Carbon factors' },
  ...(caller?.admin ? [{ href: '/supplier-registers', label: 'Register files' }] : []),
  { href: '/methodology', label: 'Methodology' },
  { href: '/docs', label: 'API' },
];

export function Layout(props: {
  shell: Shell;
  title: string;
  /** Reloads the page every so many seconds (a run's progress; no script needed). */
  refreshSeconds?: number;
  children?: Child;
}) {
  const { shell } = props;
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="en-GB">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${props.title} – Compact Tracker`}</title>
          <link rel="stylesheet" href={siteCssPath} />
          {props.refreshSeconds ? <meta http-equiv="refresh" content={String(props.refreshSeconds)} /> : null}
        </head>
        <body>
          <a class="skip-link" href="#content">
            Skip to content
          </a>
          <header class="site-header">
            <div class="inner">
              <a class="brand" href="/">
                Compact Tracker
              </a>
              <nav class="site-nav" aria-label="Main">
                <ul>
                  {navItems(shell.caller).map((item) => (
                    <li>
                      <a href={item.href} aria-current={shell.path === item.href ? 'page' : undefined}>
                        {item.label}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
              <div class="who">
                {shell.caller ? (
                  <>
                    <span>
                      Signed in as <strong>{shell.caller.name}</strong>
                      {shell.caller.name !== shell.caller.email ? (
                        <span class="visually-hidden"> ({shell.caller.email})</span>
                      ) : null}
                    </span>
                    <form method="post" action="/logout">
                      <CsrfField token={shell.csrfToken} />
                      <button type="submit" class="button">
                        Sign out
                      </button>
                    </form>
                  </>
                ) : (
                  <a href={`/login?next=${encodeURIComponent(shell.path)}`}>Sign in</a>
                )}
              </div>
            </div>
          </header>
          <main id="content" tabindex={-1}>
            {shell.flash ? (
              <div
                class={`notice ${shell.flash.kind}`}
                role={shell.flash.kind === 'error' ? 'alert' : 'status'}
              >
                <p>{shell.flash.text}</p>
              </div>
            ) : null}
            {props.children}
          </main>
          <footer class="site-footer">
            <div class="inner">
              Compact Tracker: the public register of sustainable procurement compacts.{' '}
              <a href="/methodology">How the figures are worked out</a> ·{' '}
              <a href="/docs">API documentation</a>
            </div>
          </footer>
        </body>
      </html>
    </>
  );
}
