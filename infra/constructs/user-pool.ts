// Who signs in: a Cognito user pool (email as the user name), an `admin` group whose members the API
// treats as administrators (`cognito:groups`), and the app client whose id is the tokens' audience.

import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  UserPool,
  type UserPoolClient,
  UserPoolGroup,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { acknowledge } from '../acknowledge.ts';

export const adminGroupName = 'admin';

export class CompactUserPool extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly adminGroup: UserPoolGroup;
  /** The `iss` of the pool's tokens, and where its keys live (`/.well-known/jwks.json`). */
  readonly issuerUrl: string;

  constructor(scope: Construct, id: string) {
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

    // A public client (browser and scripts): no secret, SRP sign-in; ID tokens carry email and name,
    // which the API reads, and their `aud` is this client's id.
    this.client = this.userPool.addClient('WebClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });

    this.issuerUrl = this.userPool.userPoolProviderUrl;
  }
}
