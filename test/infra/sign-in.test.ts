import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { domainPrefix } from '../../infra/constructs/sign-in.ts';
import { allowedActions, buildStack } from './build-stack.ts';

// Signing in to the deployed pages: managed login on a Cognito domain, the app client's
// authorization-code flow with PKCE (a public client) and the site's URLs, the first admin from
// `-c adminEmail`, and the pool's email through SES when `-c sesFromAddress` is given.

const { stack, template, logicalId } = buildStack();
const poolId = logicalId(stack.users.userPool);
const distributionHost = { 'Fn::GetAtt': [logicalId(stack.cdn.distribution), 'DomainName'] };

describe('managed login', () => {
  it('has a Cognito domain with the newer managed login, named with the stage and the account', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      UserPoolId: { Ref: poolId },
      ManagedLoginVersion: 2,
      Domain: { 'Fn::Join': ['-', ['compact-tracker-dev', { Ref: 'AWS::AccountId' }]] },
    });
    template.hasResourceProperties('AWS::Cognito::ManagedLoginBranding', {
      UserPoolId: { Ref: poolId },
      ClientId: { Ref: logicalId(stack.users.client) },
      UseCognitoProvidedValues: true,
    });
  });

  it('a known account gives a hashed suffix: unique per account and stage, never the id itself', () => {
    const prefix = domainPrefix('Dev', '123456789012');
    expect(prefix).toMatch(/^compact-tracker-dev-[0-9a-f]{10}$/);
    expect(prefix).not.toContain('123456789012');
    expect(domainPrefix('dev', '210987654321')).not.toBe(prefix);
    expect(domainPrefix('prod', '123456789012')).not.toBe(prefix);
    const staged = buildStack({ stage: 'staging' }).template;
    staged.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: { 'Fn::Join': ['-', ['compact-tracker-staging', { Ref: 'AWS::AccountId' }]] },
    });
  });
});

describe('the app client', () => {
  it('uses the authorization-code flow only, no secret (so PKCE binds the code), scopes openid email profile', () => {
    const clients = template.findResources('AWS::Cognito::UserPoolClient');
    expect(Object.keys(clients)).toHaveLength(1);
    const props = Object.values(clients)[0]?.Properties as Record<string, unknown>;
    expect(props.GenerateSecret).toBe(false);
    expect(props.AllowedOAuthFlows).toEqual(['code']);
    expect(props.AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect(props.AllowedOAuthScopes).toEqual(['openid', 'email', 'profile']);
    expect(props.SupportedIdentityProviders).toEqual(['COGNITO']);
  });

  it("calls back to the site's public addresses (CloudFront's, the custom domain's) only, never the API's own", () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      CallbackURLs: [{ 'Fn::Join': ['', ['https://', distributionHost, '/auth/callback']] }],
      LogoutURLs: [{ 'Fn::Join': ['', ['https://', distributionHost, '/']] }],
    });
    const custom = buildStack({
      domainName: 'tracker.example.org',
      certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc',
    }).template;
    custom.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      CallbackURLs: Match.arrayWith(['https://tracker.example.org/auth/callback']),
      LogoutURLs: Match.arrayWith(['https://tracker.example.org/']),
    });
  });

  it('the web function knows the issuer, the client and where to sign out', () => {
    const web = logicalId(stack.functions.byName.web);
    const env = (template.toJSON().Resources[web].Properties.Environment.Variables ?? {}) as Record<
      string,
      unknown
    >;
    expect(env.JWT_AUDIENCE).toEqual({ Ref: logicalId(stack.users.client) });
    expect(JSON.stringify(env.JWT_ISSUER)).toContain(poolId);
    expect(JSON.stringify(env.SIGN_IN_LOGOUT_URL)).toContain('/logout');
  });
});

describe('the first admin and email', () => {
  it('without adminEmail, no user is created', () => {
    template.resourceCountIs('AWS::Cognito::UserPoolUser', 0);
    template.resourceCountIs('AWS::Cognito::UserPoolUserToGroupAttachment', 0);
  });

  it('-c adminEmail makes a verified user in the admin group, emailed a temporary password', () => {
    const built = buildStack({ adminEmail: 'Chief@Example.org', adminName: 'Chief Admin' });
    const admin = built.template.findResources('AWS::Cognito::UserPoolUser');
    const [adminId] = Object.keys(admin);
    built.template.hasResourceProperties('AWS::Cognito::UserPoolUser', {
      Username: 'chief@example.org',
      DesiredDeliveryMediums: ['EMAIL'],
      UserAttributes: Match.arrayWith([
        { Name: 'email', Value: 'chief@example.org' },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'name', Value: 'Chief Admin' },
      ]),
    });
    built.template.hasResourceProperties('AWS::Cognito::UserPoolUserToGroupAttachment', {
      GroupName: { Ref: built.logicalId(built.stack.users.adminGroup) },
      Username: { Ref: adminId },
    });
  });

  it("sends the pool's email through SES when sesFromAddress is given, else Cognito's own", () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      EmailConfiguration: { EmailSendingAccount: 'COGNITO_DEFAULT' },
    });
    const ses = buildStack({ sesFromAddress: 'tracker@example.org' }).template;
    ses.hasResourceProperties('AWS::Cognito::UserPool', {
      EmailConfiguration: Match.objectLike({
        EmailSendingAccount: 'DEVELOPER',
        From: 'Compact Tracker <tracker@example.org>',
        SourceArn: Match.anyValue(),
      }),
    });
  });

  it('with SES, the pages send invitations from that sender only: SES_FROM_ADDRESS and ses:SendEmail on its identity', () => {
    const built = buildStack({ sesFromAddress: 'tracker@example.org' });
    const web = built.logicalId(built.stack.functions.byName.web);
    const resources = built.template.toJSON().Resources;
    expect(resources[web].Properties.Environment.Variables.SES_FROM_ADDRESS).toBe('tracker@example.org');
    const ses = allowedActions(resources, web).filter((a) => a.action.startsWith('ses:'));
    expect(ses.map((a) => a.action)).toEqual(['ses:SendEmail', 'ses:SendEmail']);
    expect(JSON.stringify(ses.map((a) => a.resource))).toContain('identity/tracker@example.org');
    expect(JSON.stringify(ses.map((a) => a.resource))).toContain('identity/example.org');
    // Without SES no function may send email.
    const plain = template.toJSON().Resources;
    expect(
      allowedActions(plain, logicalId(stack.functions.byName.web)).some((a) => a.action.startsWith('ses:')),
    ).toBe(false);
  });
});
