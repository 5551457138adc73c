import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { carriesCredentials, forwardedHost, setsCookies } from '../../packages/api/src/edge.ts';

const event = (headers: Record<string, string>, cookies?: string[]) =>
  ({ headers, ...(cookies ? { cookies } : {}) }) as unknown as APIGatewayProxyEventV2;

describe('the public host behind CloudFront', () => {
  it('is X-Forwarded-Host when it is a host name (with an optional port)', () => {
    expect(forwardedHost(event({ 'x-forwarded-host': 'd111.cloudfront.net' }))).toBe('d111.cloudfront.net');
    expect(forwardedHost(event({ 'x-forwarded-host': 'Tracker.Example.ORG:8443' }))).toBe(
      'tracker.example.org:8443',
    );
    expect(forwardedHost(event({ 'x-forwarded-host': 'a.example, b.example' }))).toBe('a.example');
  });

  it('is nothing when the header is absent or not a host name', () => {
    for (const value of [
      '',
      'a/b',
      'evil.example/path',
      'a b',
      '-a.example',
      'a..example',
      'x'.repeat(300),
    ]) {
      expect(forwardedHost(event({ 'x-forwarded-host': value })), value).toBeNull();
    }
    expect(forwardedHost(event({}))).toBeNull();
  });
});

describe('credentials on a request', () => {
  it('are any cookie or an Authorization header', () => {
    expect(carriesCredentials(event({}))).toBe(false);
    expect(carriesCredentials(event({ authorization: 'Bearer x' }))).toBe(true);
    expect(carriesCredentials(event({ cookie: 'ct_session=x' }))).toBe(true);
    expect(carriesCredentials(event({}, ['ct_flash=x']))).toBe(true);
    expect(carriesCredentials(event({}, []))).toBe(false);
  });
});

describe('a response that sets a cookie', () => {
  it('is one that has cookies or a Set-Cookie header', () => {
    expect(setsCookies({ statusCode: 200 })).toBe(false);
    expect(setsCookies({ statusCode: 200, cookies: [] })).toBe(false);
    expect(setsCookies({ statusCode: 303, cookies: ['ct_session=x; HttpOnly'] })).toBe(true);
    expect(setsCookies({ statusCode: 200, headers: { 'Set-Cookie': 'a=b' } })).toBe(true);
  });
});
