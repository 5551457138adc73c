// The fan-out of a change of supplier facts: the table's stream (keys only) starts the fan-out
// function for changes of supplier records, and for the moves of a pointed name's imported lines
// that the API hands to the background, filtered by the event source mapping so that no other write
// invokes it. It moves the supplier's spend to its new classification in every organisation
// paying it (store/supplier-spend reclassifySupplier, idempotent). A failing batch is split in two
// and retried from the first record not done; what still fails lands, described, in a failures
// queue with an alarm, and a second alarm watches how far behind the stream the function runs.

import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { fanOutModeVariable } from '../../packages/store/src/supplier-fanout-mode.ts';
import { supplierKeys } from '../../packages/store/src/supplier-keys.ts';
import { acknowledge } from '../acknowledge.ts';
import { alarmName } from './alarms.ts';
import { failuresAlarm, failuresQueue } from './failures.ts';
import { createNodeFunction } from './node-function.ts';
import { grantTableAccess } from './table-access.ts';

/** How far behind the stream the fan-out may fall before the alarm (its records' age, in ms). */
export const iteratorAgeThresholdMs = 15 * 60 * 1000;

/** The functions whose changes of facts the stream fans out: they set SUPPLIER_FANOUT=stream. */
export const fanOutByStream = { variable: fanOutModeVariable, value: 'stream' } as const;

export type SupplierFanOutProps = {
  table: ITableV2;
  logRetention?: RetentionDays;
};

export class SupplierFanOut extends Construct {
  readonly function: NodejsFunction;
  /** Batches that failed every attempt: the stream position and the error (not the records). */
  readonly failures: Queue;
  readonly failuresAlarm: Alarm;
  readonly iteratorAgeAlarm: Alarm;

  constructor(scope: Construct, id: string, props: SupplierFanOutProps) {
    super(scope, id);
    if (!props.table.tableStreamArn) throw new Error('the table has no stream for the supplier fan-out');

    this.failures = failuresQueue(
      this,
      'the supplier fan-out (its stream event source’s on-failure destination)',
    );

    this.function = createNodeFunction(this, {
      name: 'supplier-fanout',
      // Requests to DynamoDB, little computing (a supplier paid by 100 organisations over 8 quarters
      // is a few hundred small transactions): the house's least, for its share of CPU and network.
      memorySize: 1024,
      timeout: Duration.minutes(5),
      logRetention: props.logRetention,
      environment: { TABLE_NAME: props.table.tableName },
    });
    grantTableAccess(this.function, props.table, 'supplier-fanout');
    acknowledge(
      this.function,
      'Serverless-LambdaDLQ',
      'The supplier fan-out is invoked by its stream event source mapping only, never asynchronously: ' +
        'the mapping’s on-failure destination (the failures queue, alarmed) receives what fails every attempt.',
    );

    this.function.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(1),
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: 10,
        // The stream keeps records for 24 hours.
        maxRecordAge: Duration.hours(24),
        onFailure: new SqsDlq(this.failures),
        filters: [
          FilterCriteria.filter({
            eventName: FilterRule.isEqual('MODIFY'),
            dynamodb: {
              Keys: {
                PK: { S: FilterRule.beginsWith(supplierKeys.supplierPk('')) },
                SK: { S: FilterRule.isEqual(supplierKeys.supplierSk) },
              },
            },
          }),
          // A move of a pointed name's imported lines that the API handed to the background.
          FilterCriteria.filter({
            eventName: FilterRule.or('INSERT', 'MODIFY'),
            dynamodb: {
              Keys: {
                PK: { S: FilterRule.beginsWith('ORG#') },
                SK: { S: FilterRule.beginsWith(supplierKeys.nameMovePrefix) },
              },
            },
          }),
        ],
      }),
    );

    this.failuresAlarm = failuresAlarm(this, this.failures, {
      name: 'supplier-fanout-failures',
      description:
        'A batch of changes of supplier facts failed every attempt to fan out: the failures queue names the ' +
        'stream position; the suppliers named there need their fan-out run again (it is idempotent).',
    });
    this.iteratorAgeAlarm = new Alarm(this, 'IteratorAgeAlarm', {
      alarmName: alarmName(this, 'supplier-fanout-iterator-age'),
      alarmDescription:
        'The supplier fan-out is more than 15 minutes behind the table’s stream: changed facts are not yet ' +
        'in the classified totals (see the function’s errors, throttles and logs).',
      metric: this.function.metric('IteratorAge', { period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: iteratorAgeThresholdMs,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }
}
