// The scheduled jobs: EventBridge Scheduler invokes aggregate-buying-power every hour and
// compute-scores every night. Each run gets its scheduled time, which the job uses as its
// idempotency key, so a retried or repeated invocation writes the same snapshot again.
//
// Two kinds of failure, one queue: Scheduler invokes Lambda asynchronously, so its retry policy and
// dead-letter queue cover delivery (throttled, function missing, permission denied); an invocation
// that Lambda accepted and that then fails is retried by Lambda and, after its attempts, sent to the
// same queue through the function's on-failure destination. An alarm watches the queue's depth.

import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { ArnPrincipal, type IRole, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  ContextAttribute,
  type IScheduleTarget,
  Schedule,
  ScheduleExpression,
  ScheduleGroup,
  ScheduleTargetInput,
  TimeWindow,
} from 'aws-cdk-lib/aws-scheduler';
import { ScheduleTargetBase, type ScheduleTargetBaseProps } from 'aws-cdk-lib/aws-scheduler-targets';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { JobFunctionName } from '../bundling.ts';
import { failuresAlarm, failuresQueue } from './failures.ts';
import { createNodeFunction, pascal } from './node-function.ts';
import { grantTableAccess } from './table-access.ts';

export type ScheduledJobName = Extract<JobFunctionName, 'aggregate-buying-power' | 'compute-scores'>;

export type ScheduledJobSpec = {
  /** EventBridge Scheduler expression, in UTC. */
  schedule: ScheduleExpression;
  description: string;
  /**
   * How long an undelivered run stays worth delivering (Scheduler's and Lambda's retries alike):
   * no longer than the interval, after which the next run supersedes it.
   */
  maxEventAge: Duration;
};

/** Scheduler retries a failed delivery this many times (with backoff) within maxEventAge. */
export const schedulerRetryAttempts = 3;
/** Lambda retries a failed asynchronous invocation this many times (its default, said out loud). */
export const functionRetryAttempts = 2;

export const scheduledJobs: Record<ScheduledJobName, ScheduledJobSpec> = {
  'aggregate-buying-power': {
    // At a fixed minute (rate(1 hour) would count from whenever the schedule was created), so that a
    // run's scheduled time is predictable: hh:05 UTC.
    schedule: ScheduleExpression.cron({ minute: '5' }),
    description: 'Compact Tracker: aggregate buying power, every hour at hh:05 UTC',
    maxEventAge: Duration.hours(1),
  },
  'compute-scores': {
    schedule: ScheduleExpression.cron({ minute: '30', hour: '2' }),
    description: 'Compact Tracker: compute scores, every day at 02:30 UTC',
    maxEventAge: Duration.hours(6),
  },
};

/** What each scheduled run receives as its event (packages/jobs reads it). */
export function scheduledInput(name: ScheduledJobName): ScheduleTargetInput {
  return ScheduleTargetInput.fromObject({ scheduledTime: ContextAttribute.scheduledTime, job: name });
}

export type ScheduledJobsProps = {
  table: ITableV2;
  logRetention?: RetentionDays;
};

export class ScheduledJobs extends Construct {
  readonly functions: Record<ScheduledJobName, NodejsFunction>;
  readonly schedules: Record<ScheduledJobName, Schedule>;
  readonly group: ScheduleGroup;
  /** The role Scheduler assumes: it may invoke the two job functions and send to the queue. */
  readonly schedulerRole: Role;
  /** Runs Scheduler could not deliver, and invocations that failed every Lambda attempt. */
  readonly deadLetters: Queue;
  readonly deadLettersAlarm: Alarm;

  constructor(scope: Construct, id: string, props: ScheduledJobsProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.deadLetters = failuresQueue(
      this,
      'the scheduled jobs (Scheduler’s dead-letter config and the functions’ on-failure destination)',
      'DeadLetters',
    );

    // Configuration only, nothing to keep: it goes with the stack (the L2's default is to retain it).
    this.group = new ScheduleGroup(this, 'Group', { removalPolicy: RemovalPolicy.DESTROY });

    // One role for both schedules, which only schedules of this group may assume (confused deputy).
    this.schedulerRole = new Role(this, 'SchedulerRole', {
      description: 'Compact Tracker scheduled jobs: EventBridge Scheduler invokes the job functions',
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnEquals: { 'aws:SourceArn': this.group.scheduleGroupArn },
        },
      }),
    });
    // The identity policy is what Scheduler uses (same account); the queue says so as well.
    this.deadLetters.addToResourcePolicy(
      new PolicyStatement({
        actions: ['sqs:SendMessage'],
        principals: [new ArnPrincipal(this.schedulerRole.roleArn)],
        resources: [this.deadLetters.queueArn],
      }),
    );

    const functions: Partial<Record<ScheduledJobName, NodejsFunction>> = {};
    const schedules: Partial<Record<ScheduledJobName, Schedule>> = {};
    for (const [name, spec] of Object.entries(scheduledJobs) as [ScheduledJobName, ScheduledJobSpec][]) {
      const fn = createNodeFunction(this, {
        name,
        // 1 GB: a run reads O(signatories x quarters) quarterly-total items (never the raw ledger)
        // and writes snapshots. Lambda gives CPU in proportion to memory, and 1 GB (about 0.6 vCPU)
        // keeps paged queries and JSON work quick while holding thousands of items easily. Five
        // minutes leaves ample room for that read, and fails a stuck run well before the next hourly one.
        memorySize: 1024,
        timeout: Duration.minutes(5),
        logRetention: props.logRetention,
        environment: { TABLE_NAME: props.table.tableName },
        retryAttempts: functionRetryAttempts,
        maxEventAge: spec.maxEventAge,
        onFailure: new SqsDestination(this.deadLetters),
      });
      // Reads the quarterly totals, writes snapshots.
      grantTableAccess(fn, props.table, name);
      functions[name] = fn;

      schedules[name] = new Schedule(this, `${pascal(name)}Schedule`, {
        schedule: spec.schedule,
        description: spec.description,
        scheduleGroup: this.group,
        // Runs at the scheduled minute: the scheduled time is the run's key, and nothing is gained
        // by spreading two invocations a day over a window.
        timeWindow: TimeWindow.off(),
        target: new InvokeFunction(fn, {
          role: this.schedulerRole,
          input: scheduledInput(name),
          retryAttempts: schedulerRetryAttempts,
          maxEventAge: spec.maxEventAge,
          deadLetterQueue: this.deadLetters,
        }),
      });
    }
    this.functions = functions as Record<ScheduledJobName, NodejsFunction>;
    this.schedules = schedules as Record<ScheduledJobName, Schedule>;

    this.deadLettersAlarm = failuresAlarm(
      this,
      this.deadLetters,
      {
        name: 'scheduled-jobs-dead-letters',
        description:
          'A scheduled job run was not delivered, or failed every attempt: the event (with its ' +
          'scheduledTime) and the error are in the scheduled jobs’ dead letter queue.',
      },
      'DeadLettersAlarm',
    );
  }
}

/**
 * Scheduler's Lambda target, granting lambda:InvokeFunction on the function itself only.
 * aws-scheduler-targets' LambdaInvoke uses grantInvoke, which adds `<function arn>:*` (every
 * version and alias): a wildcard cdk-nag flags and a schedule never needs, as it invokes $LATEST.
 */
class InvokeFunction extends ScheduleTargetBase implements IScheduleTarget {
  private readonly fn: IFunction;

  constructor(fn: IFunction, props: ScheduleTargetBaseProps) {
    super(props, fn.functionArn);
    this.fn = fn;
  }

  protected addTargetActionToRole(role: IRole): void {
    role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.fn.functionArn] }),
    );
  }
}
