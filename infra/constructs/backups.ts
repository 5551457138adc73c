// Backups beyond point-in-time recovery (which covers the last 35 days, on the table): an AWS Backup
// plan takes a full backup of the table on the 1st of every month, keeps it a year, and moves it to
// cold storage after 90 days. DynamoDB backups are full copies, so daily ones kept a year would cost
// more than the rest of the stack; a monthly one adds a year of history for little. Optionally each
// backup is copied to a vault in another account (context `backupCopyVaultArn`), so that losing this
// account (or its credentials) does not lose the history.

import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { BackupPlan, BackupPlanRule, BackupResource, BackupVault } from 'aws-cdk-lib/aws-backup';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';
import { acknowledge } from '../acknowledge.ts';

export const backupRetention = Duration.days(365);
export const coldStorageAfter = Duration.days(90);

export type BackupsProps = {
  table: ITableV2;
  stage: string;
  /** Another account's vault that receives a copy of every backup (it must allow this account to copy in). */
  copyVaultArn?: string | undefined;
};

export class Backups extends Construct {
  readonly vault: BackupVault;
  readonly plan: BackupPlan;

  constructor(scope: Construct, id: string, props: BackupsProps) {
    super(scope, id);
    this.vault = new BackupVault(this, 'Vault', {
      backupVaultName: `compact-tracker-${props.stage}`,
      // The backups outlive the stack: deleting the stack must not delete a year of history.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const copyTo = props.copyVaultArn
      ? BackupVault.fromBackupVaultArn(this, 'CopyVault', props.copyVaultArn)
      : undefined;
    this.plan = new BackupPlan(this, 'Plan', {
      backupPlanName: `compact-tracker-${props.stage}-monthly`,
      backupVault: this.vault,
      backupPlanRules: [
        new BackupPlanRule({
          ruleName: 'monthly-kept-a-year',
          // 03:00 UTC on the 1st: after the night's compute-scores run, before the working day.
          scheduleExpression: Schedule.cron({ day: '1', hour: '3', minute: '0' }),
          startWindow: Duration.hours(1),
          completionWindow: Duration.hours(8),
          deleteAfter: backupRetention,
          moveToColdStorageAfter: coldStorageAfter,
          ...(copyTo
            ? {
                copyActions: [
                  {
                    destinationBackupVault: copyTo,
                    deleteAfter: backupRetention,
                    moveToColdStorageAfter: coldStorageAfter,
                  },
                ],
              }
            : {}),
        }),
      ],
    });
    const selection = this.plan.addSelection('Table', {
      resources: [BackupResource.fromArn(props.table.tableArn)],
    });
    acknowledge(
      selection,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      'The role AWS Backup assumes to back up the table: AWS’s own service policy for Backup, which ' +
        'tracks the actions each resource type needs (DynamoDB backups, cold storage, copies).',
    );
  }
}
