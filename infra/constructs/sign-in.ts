// Signing in to the deployed pages: the user pool's managed login on a Cognito domain, the app
// client's callback and sign-out URLs (the deployed site's), and the first administrator from a
// deploy-time value (`-c adminEmail=...`), so nobody has to type AWS CLI commands to get one.

import { createHash } from 'node:crypto';
import { Fn, Stack, Token } from 'aws-cdk-lib';
import {
  CfnManagedLoginBranding,
  type CfnUserPoolClient,
  CfnUserPoolUser,
  CfnUserPoolUserToGroupAttachment,
  ManagedLoginVersion,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { CompactUserPool } from './user-pool.ts';

export type SignInProps = {
  users: CompactUserPool;
  /** `dev`, `prod`, ...: part of the names that must be unique. */
  stage: string;
  /** The sites people sign in from, such as the HTTP API's URL (no trailing slash). */
  siteUrls: string[];
  /** The first administrator's email: created in the pool (Cognito emails a temporary password) and put in the admin group. */
  adminEmail?: string;
  adminName?: string;
};

/**
 * The Cognito domain prefix: unique across AWS in a region, so it carries the stage and a suffix
 * derived from the account (a hash of its id when known at synth; else the id, resolved at deploy).
 * Lowercase letters, digits and hyphens; never "aws", "amazon" or "cognito".
 */
export function domainPrefix(stage: string, account: string): string {
  const safeStage = stage
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, 20);
  if (Token.isUnresolved(account)) return Fn.join('-', ['compact-tracker', safeStage, account]);
  const suffix = createHash('sha256').update(account).digest('hex').slice(0, 10);
  return `compact-tracker-${safeStage}-${suffix}`;
}

export class SignIn extends Construct {
  readonly domain: UserPoolDomain;
  /** Where the pages send the browser to end the managed login's session too. */
  readonly logoutUrl: string;

  constructor(scope: Construct, id: string, props: SignInProps) {
    super(scope, id);
    const { userPool, client, adminGroup } = props.users;

    this.domain = userPool.addDomain('Domain', {
      cognitoDomain: { domainPrefix: domainPrefix(props.stage, Stack.of(this).account) },
      managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    // The newer managed login shows a page only for a client with a style: Cognito's own.
    new CfnManagedLoginBranding(this, 'Branding', {
      userPoolId: userPool.userPoolId,
      clientId: client.userPoolClientId,
      useCognitoProvidedValues: true,
    });
    this.logoutUrl = `${this.domain.baseUrl()}/logout`;

    // The callback and sign-out URLs: the site's, known only once the API exists (the client's id
    // is what the API's authorizer and functions check, so the client is made first).
    const cfnClient = client.node.defaultChild as CfnUserPoolClient;
    cfnClient.callbackUrLs = props.siteUrls.map((url) => `${url}/auth/callback`);
    cfnClient.logoutUrLs = props.siteUrls.map((url) => `${url}/`);

    if (props.adminEmail) {
      const admin = new CfnUserPoolUser(this, 'FirstAdmin', {
        userPoolId: userPool.userPoolId,
        username: props.adminEmail.toLowerCase(),
        desiredDeliveryMediums: ['EMAIL'],
        userAttributes: [
          { name: 'email', value: props.adminEmail.toLowerCase() },
          { name: 'email_verified', value: 'true' },
          { name: 'name', value: props.adminName ?? 'Administrator' },
        ],
      });
      new CfnUserPoolUserToGroupAttachment(this, 'FirstAdminInGroup', {
        userPoolId: userPool.userPoolId,
        groupName: adminGroup.groupName,
        username: admin.ref,
      });
    }
  }
}

/**
 * The pages' function sends invitations through SES from the verified sender: SES_FROM_ADDRESS,
 * and ses:SendEmail on that address's identity and its domain's (whichever was verified) only.
 */
export function allowSesSending(fn: LambdaFunction, fromAddress: string, sesRegion?: string): void {
  const stack = Stack.of(fn);
  const region = sesRegion ?? stack.region;
  const identity = (name: string) => `arn:${stack.partition}:ses:${region}:${stack.account}:identity/${name}`;
  const domain = fromAddress.split('@')[1] ?? fromAddress;
  fn.addEnvironment('SES_FROM_ADDRESS', fromAddress);
  if (sesRegion) fn.addEnvironment('SES_REGION', sesRegion);
  fn.addToRolePolicy(
    new PolicyStatement({ actions: ['ses:SendEmail'], resources: [identity(fromAddress), identity(domain)] }),
  );
}
