// Where what failed every attempt ends: a queue nothing consumes (Lambda's on-failure destination,
// an event source mapping's, Scheduler's dead-letter queue), encrypted, kept 14 days, and an alarm
// on one message in it. The spend import, the register loader, the supplier fan-out and the
// scheduled jobs each have one.

import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { acknowledge } from '../acknowledge.ts';
import { alarmName } from './alarms.ts';

/**
 * Creates `id` (by default `Failures`) in `scope`: the end of `what`'s failures ("the spend import
 * function"). The id is part of the queue's logical id: changing it replaces the queue.
 */
export function failuresQueue(scope: Construct, what: string, id = 'Failures'): Queue {
  const queue = new Queue(scope, id, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  acknowledge(
    queue,
    'AwsSolutions-SQS3',
    `This queue is itself the dead letter destination of ${what}; a dead letter queue of its own ` +
      'would only move the same records one step further.',
  );
  acknowledge(
    queue,
    'Serverless-SQSRedrivePolicy',
    `This queue is where ${what}’s failures end (nothing consumes it; an alarm watches its depth): ` +
      'a redrive policy would move its messages to yet another queue after some receives.',
  );
  return queue;
}

/** `id` (by default `FailuresAlarm`) in `scope`: one message in the queue, named `<stack>-<name>`. */
export function failuresAlarm(
  scope: Construct,
  queue: Queue,
  alarm: { name: string; description: string },
  id = 'FailuresAlarm',
): Alarm {
  return new Alarm(scope, id, {
    alarmName: alarmName(scope, alarm.name),
    alarmDescription: alarm.description,
    metric: queue.metricApproximateNumberOfMessagesVisible({
      period: Duration.minutes(5),
      statistic: 'Maximum',
    }),
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
}
