// Who signs in: a Cognito user pool (email as the user name), an `admin` group whose members the API
// treats as administrators (`cognito:groups`), and the app client whose id is the tokens' audience:
// the pages sign people in through it with the authorization-code flow and PKCE (sign-in.ts adds
// the managed login domain, the site's callback URLs and the first admin). Email goes through SES
// when a verified sender is given, else through Cognito's own (a small daily limit).

import { Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  OAuthScope,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  UserPoolEmail,
  UserPoolGroup,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { acknowledge } from '../acknowledge.ts';

export const adminGroupName = 'admin';

export type CompactUserPoolProps = {
  /** A sender verified in SES (`-c sesFromAddress=...`): the pool's email goes through SES. */
  sesFromAddress?: string;
  /** SES's region for it (`-c sesRegion=...`); default: the stack's, or eu-west-2 when not known at synth. */
  sesRegion?: string;
};

/** The scopes the pages ask for: the ID token then carries email and name. */
export const signInScopes = ['openid', 'email', 'profile'];

export class CompactUserPool extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly adminGroup: UserPoolGroup;
  /** The `iss` of the pool's tokens, and where its keys live (`/.well-known/jwks.json`). */
  readonly issuerUrl: string;

  constructor(scope: Construct, id: string, props: CompactUserPoolProps = {}) {
    super(scope, id);

    this.userPool = new UserPool(this, 'UserPool', {
      // Organisations register themselves: any signed-in person may create one (API.md).
      selfSignUpEnabled: true,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      keepOriginal: { email: true },
      standardAttributes: {
        email: { required: true, mutable: true },
        // The `name` claim: shown on signatures and in the audit trail.
        fullname: { required: true, mutable: true },
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      email: props.sesFromAddress
        ? UserPoolEmail.withSES({
            fromEmail: props.sesFromAddress,
            fromName: 'Compact Tracker',
            sesRegion:
              props.sesRegion ??
              (Token.isUnresolved(Stack.of(this).region) ? 'eu-west-2' : Stack.of(this).region),
          })
        : UserPoolEmail.withCognito(),
      featurePlan: FeaturePlan.ESSENTIALS,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.userPool,
      'AwsSolutions-COG2',
      'MFA is optional (TOTP, no SMS) by choice: the pool is open to self sign-up by small voluntary and ' +
        'community organisations, and requiring an authenticator app would shut many out. Users can ' +
        'enable TOTP themselves; the strong password policy applies to everyone.',
    );
    acknowledge(
      this.userPool,
      'AwsSolutions-COG8',
      'Essentials feature plan by choice: the Plus tier (threat protection) is priced per monthly ' +
        'active user, out of proportion for a low-traffic public-sector tracker; revisit if sign-in ' +
        'abuse is observed. API Gateway throttling and the password policy still apply.',
    );

    this.adminGroup = new UserPoolGroup(this, 'AdminGroup', {
      userPool: this.userPool,
      groupName: adminGroupName,
      description: 'Administrators: create partnerships and appoint their first coordinators.',
      precedence: 0,
    });

    // A public client: no secret, so an authorization code is good only with its PKCE verifier. The
    // pages use the code flow alone (no implicit flow); scripts may still sign in with SRP. ID
    // tokens carry email and name, which the API reads, and their `aud` is this client's id. The
    // callback and sign-out URLs are the deployed site's (SignIn sets them once the API exists).
    this.client = this.userPool.addClient('WebClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: ['https://localhost/auth/callback'],
        logoutUrls: ['https://localhost/'],
      },
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });

    this.issuerUrl = this.userPool.userPoolProviderUrl;
  }
}
