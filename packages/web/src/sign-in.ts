import * as client from 'openid-client';

// Signing in to the pages: the OAuth 2.0 authorization-code flow with PKCE (openid-client), against
// the Cognito user pool's managed login on AWS and the local OpenID Connect issuer under
// `npm start`. The same code runs in both; only these settings differ.

export type SignInSettings = {
  /** The OpenID Connect issuer (its discovery document is at `/.well-known/openid-configuration`). */
  issuer: string;
  /** The public app client (no secret: PKCE binds the code to this server's sign-in). */
  clientId: string;
  /**
   * Where the browser goes after signing out of the pages, to end the provider's session too
   * (Cognito's `/logout`, given `client_id` and `logout_uri`); absent: the provider's
   * `end_session_endpoint` if it has one, else nowhere.
   */
  logoutUrl?: string;
  /** Extra authorization parameters, such as `prompt=login` for the local issuer's picker. */
  authorizationParams?: Record<string, string>;
};

export const SIGN_IN_SCOPES = 'openid email profile';

export type Tokens = { idToken: string; refreshToken?: string };

export type SignInClient = {
  /** Where to send the browser to sign in, and the PKCE verifier and state to keep for the callback. */
  start: (redirectUri: string) => Promise<{ url: URL; state: string; codeVerifier: string }>;
  /** Exchanges the callback's code (checked against state and verifier) for tokens. */
  finish: (callbackUrl: URL, checks: { state: string; codeVerifier: string }) => Promise<Tokens>;
  refresh: (refreshToken: string) => Promise<Tokens>;
  /** Where to send the browser after signing out, to end the provider's session too (or null). */
  logoutUrl: (returnTo: string) => Promise<URL | null>;
};

/** Thrown for any failure of the provider's answers: the callback page explains it. */
export class SignInFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SignInFailed';
  }
}

function tokensOf(response: client.TokenEndpointResponse): Tokens {
  if (!response.id_token) throw new SignInFailed('the identity provider sent no ID token');
  return { idToken: response.id_token, refreshToken: response.refresh_token };
}

/** A client for one issuer; its discovery document is fetched on first use and kept. */
export function signInClient(settings: SignInSettings): SignInClient {
  let configuration: Promise<client.Configuration> | undefined;
  const config = () => {
    const issuer = new URL(settings.issuer);
    configuration ??= client
      .discovery(issuer, settings.clientId, undefined, client.None(), {
        // The local issuer is plain http on localhost; AWS is https only.
        execute: issuer.protocol === 'http:' ? [client.allowInsecureRequests] : [],
      })
      .catch((error: Error) => {
        configuration = undefined; // try again on the next sign-in
        throw new SignInFailed(`the identity provider could not be reached (${error.message})`);
      });
    return configuration;
  };

  return {
    start: async (redirectUri) => {
      const codeVerifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const url = client.buildAuthorizationUrl(await config(), {
        ...settings.authorizationParams,
        redirect_uri: redirectUri,
        response_type: 'code',
        scope: SIGN_IN_SCOPES,
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
      });
      return { url, state, codeVerifier };
    },
    finish: async (callbackUrl, checks) => {
      try {
        const response = await client.authorizationCodeGrant(await config(), callbackUrl, {
          pkceCodeVerifier: checks.codeVerifier,
          expectedState: checks.state,
          idTokenExpected: true,
        });
        return tokensOf(response);
      } catch (error) {
        if (error instanceof SignInFailed) throw error;
        throw new SignInFailed(`the identity provider refused the sign-in (${(error as Error).message})`);
      }
    },
    refresh: async (refreshToken) => {
      try {
        return tokensOf(await client.refreshTokenGrant(await config(), refreshToken));
      } catch (error) {
        throw new SignInFailed(`the session could not be renewed (${(error as Error).message})`);
      }
    },
    logoutUrl: async (returnTo) => {
      if (settings.logoutUrl) {
        const url = new URL(settings.logoutUrl);
        url.searchParams.set('client_id', settings.clientId);
        url.searchParams.set('logout_uri', returnTo);
        return url;
      }
      const configured = await config().catch(() => null);
      if (!configured?.serverMetadata().end_session_endpoint) return null;
      return client.buildEndSessionUrl(configured, {
        client_id: settings.clientId,
        post_logout_redirect_uri: returnTo,
      });
    },
  };
}

/** In Lambda: the user pool as the stack describes it in the environment; absent: no sign-in. */
export function signInSettingsFromEnvironment(
  env: NodeJS.ProcessEnv = process.env,
): SignInSettings | undefined {
  if (!env.JWT_ISSUER || !env.JWT_AUDIENCE) return undefined;
  return {
    issuer: env.JWT_ISSUER,
    clientId: env.JWT_AUDIENCE,
    logoutUrl: env.SIGN_IN_LOGOUT_URL || undefined,
  };
}
