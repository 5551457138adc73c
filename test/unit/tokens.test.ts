import { bearerToken, identityFromClaims } from '@compact-tracker/api/tokens';
import { describe, expect, it } from 'vitest';

describe('identity from token claims', () => {
  it('reads Cognito groups as jose and as API Gateway give them', () => {
    expect(identityFromClaims({ sub: 's', email: 'A@X.org', 'cognito:groups': ['admin'] })).toMatchObject({
      email: 'a@x.org',
      admin: true,
    });
    expect(identityFromClaims({ sub: 's', email: 'a@x.org', 'cognito:groups': '[board admin]' })?.admin).toBe(
      true,
    );
    expect(identityFromClaims({ sub: 's', email: 'a@x.org', 'cognito:groups': '[admins]' })?.admin).toBe(
      false,
    );
  });

  it('refuses an unverified email, which could otherwise inherit memberships granted to it', () => {
    expect(identityFromClaims({ sub: 's', email: 'a@x.org', email_verified: false })).toBeNull();
    expect(identityFromClaims({ sub: 's', email: 'a@x.org', email_verified: 'false' })).toBeNull();
    expect(identityFromClaims({ sub: 's', email: 'a@x.org', email_verified: 'true' })).not.toBeNull();
    expect(identityFromClaims({ sub: 's' })).toBeNull();
  });

  it('takes only a well-formed bearer token', () => {
    expect(bearerToken('Bearer a.b.c')).toBe('a.b.c');
    // RFC 9110: the scheme name is case-insensitive.
    expect(bearerToken('bearer a.b.c')).toBe('a.b.c');
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken('Bearer not-a-jwt')).toBeNull();
  });
});

describe("npm run token's key", () => {
  it('is the same whatever DATA_DIR, in the user config directory unless TOKEN_KEY_FILE names one', async () => {
    const { localSettings, localTokenKeyFile } = await import('@compact-tracker/local/settings');
    const a = localSettings({ DATA_DIR: '/tmp/a', XDG_CONFIG_HOME: '/home/x/.config' });
    const b = localSettings({ DATA_DIR: '/tmp/b', XDG_CONFIG_HOME: '/home/x/.config' });
    expect(a.tokenKeyFile).toBe(b.tokenKeyFile);
    expect(a.tokenKeyFile).toBe('/home/x/.config/compact-tracker/local-token-key.json');
    expect(localTokenKeyFile({ TOKEN_KEY_FILE: '/keys/k.json' })).toBe('/keys/k.json');
  });
});
