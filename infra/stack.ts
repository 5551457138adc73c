// The whole service in one stack: table, user pool, functions and the HTTP API in front of them.

import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ApiFunctions } from './constructs/functions.ts';
import { CompactHttpApi } from './constructs/http-api.ts';
import { CompactTable } from './constructs/table.ts';
import { CompactUserPool } from './constructs/user-pool.ts';

export class CompactTrackerStack extends Stack {
  readonly table: CompactTable;
  readonly users: CompactUserPool;
  readonly functions: ApiFunctions;
  readonly httpApi: CompactHttpApi;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, {
      description: 'Compact Tracker: sustainable procurement compacts, signatories, spend and reports',
      ...props,
    });

    this.table = new CompactTable(this, 'Data');
    this.users = new CompactUserPool(this, 'Users');
    this.functions = new ApiFunctions(this, 'Functions', {
      table: this.table.table,
      jwtIssuer: this.users.issuerUrl,
      jwtAudience: this.users.client.userPoolClientId,
    });
    this.httpApi = new CompactHttpApi(this, 'Http', {
      functions: this.functions.byName,
      jwtIssuer: this.users.issuerUrl,
      jwtAudience: this.users.client.userPoolClientId,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.stage.url, description: 'The API and site URL' });
    new CfnOutput(this, 'UserPoolId', { value: this.users.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.users.client.userPoolClientId });
    new CfnOutput(this, 'TableName', { value: this.table.table.tableName });
  }
}
