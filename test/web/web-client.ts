import type { Harness } from '../support/harness.ts';
import { signInAtIssuer } from '../support/oidc.ts';

// A minimal browser for page tests: keeps cookies, sends the Origin a browser would, and reads the
// per-session form token from the last page, so tests can post forms as a person would.

export const ORIGIN = 'http://localhost';

export type WebResponse = { status: number; html: string; headers: Headers; location: string | null };

type App = { request: (path: string, init?: RequestInit) => Response | Promise<Response> };

export class WebClient {
  readonly cookies = new Map<string, string>();
  csrf = '';

  private readonly app: App;

  constructor(app: App) {
    this.app = app;
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private async send(path: string, init: RequestInit): Promise<WebResponse> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('cookie', this.cookieHeader());
    const response = await this.app.request(path, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const [name = '', ...rest] = pair.split('=');
      const value = rest.join('=');
      if (/max-age=0/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const html = await response.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html);
    if (token?.[1]) this.csrf = token[1];
    return {
      status: response.status,
      html,
      headers: response.headers,
      location: response.headers.get('location'),
    };
  }

  get(path: string): Promise<WebResponse> {
    return this.send(path, { method: 'GET' });
  }

  /** Posts a form as the browser would: urlencoded, same Origin, this session's token included. */
  post(
    path: string,
    fields: Record<string, string>,
    options: { origin?: string | null; csrf?: string } = {},
  ) {
    const body = new URLSearchParams({ ...fields, _csrf: options.csrf ?? this.csrf });
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    const origin = options.origin === undefined ? ORIGIN : options.origin;
    if (origin !== null) headers.origin = origin;
    return this.send(path, { method: 'POST', headers, body: body.toString() });
  }

  /**
   * Signs in as the pages do everywhere: GET /login, the local OpenID Connect issuer's sign-in
   * page, then the callback. Returns the callback's answer.
   */
  async signIn(user: { email: string; name?: string; admin?: boolean }, next = '/'): Promise<WebResponse> {
    const start = await this.get(`/login?next=${encodeURIComponent(next)}`);
    if (start.status !== 303 || !start.location) throw new Error(`GET /login answered ${start.status}`);
    const callback = await signInAtIssuer(start.location, user);
    return this.get(`${callback.pathname}${callback.search}`);
  }

  /** Signs in through the direct POST /login of page tests (the local token issuer), then loads a page to pick up the form token. */
  async login(user: { email: string; name?: string; admin?: boolean }): Promise<void> {
    const response = await this.post('/login', {
      email: user.email,
      name: user.name ?? '',
      ...(user.admin ? { admin: 'yes' } : {}),
      next: '/',
    });
    if (response.status !== 303) throw new Error(`login answered ${response.status}`);
    await this.get('/me');
  }
}

/** A partnership with an open compact, made through the JSON API as its users would. */
export async function openCompact(h: Harness) {
  const admin = await h.token('admin@example.org', { admin: true });
  const coordinatorEmail = 'coordinator@example.org';
  const partnership = await h.call('POST', '/v1/partnerships', {
    token: admin,
    body: { name: 'Be Birmingham', area: 'Birmingham' },
  });
  await h.call('POST', `/v1/partnerships/${partnership.body.id}/members`, {
    token: admin,
    body: { email: coordinatorEmail, role: 'coordinator' },
  });
  const coordinator = await h.token(coordinatorEmail);
  const compact = await h.call('POST', `/v1/partnerships/${partnership.body.id}/compacts`, {
    token: coordinator,
    body: {
      title: 'Test Compact',
      summary: 'We buy better <together>.',
      commitments: ['Train staff.', 'Publish a policy.'],
    },
  });
  await h.call('POST', `/v1/compacts/${compact.body.id}/publish`, { token: coordinator });
  return {
    partnershipId: partnership.body.id as string,
    compactId: compact.body.id as string,
    coordinator,
    coordinatorEmail,
    textSha256: compact.body.textSha256 as string,
  };
}

/** An organisation registered through the API by its representative. */
export async function organisation(h: Harness, email: string, name: string) {
  const token = await h.token(email);
  const created = await h.call('POST', '/v1/organisations', {
    token,
    body: { name, sector: 'voluntary-community', postcode: 'B11 1AA' },
  });
  return { id: created.body.id as string, token };
}
