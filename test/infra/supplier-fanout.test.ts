import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { iteratorAgeThresholdMs } from '../../infra/constructs/supplier-fanout.ts';
import { allowedActions, buildStack, type Resource } from './build-stack.ts';

// The fan-out of changes of supplier facts in AWS: the table's stream (keys only) starts the
// fan-out function through an event source mapping filtered to supplier records' changes, which
// splits failing batches, retries from the failed record, and sends what fails every attempt to a
// queue with an alarm; the iterator age is alarmed too. The functions that change facts leave the
// fan-out to the stream.

const { stack, template, logicalId } = buildStack();
const resources = template.toJSON().Resources as Record<string, Resource>;
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

const tableId = logicalId(stack.table.table);
const fanOutId = logicalId(stack.supplierFanOut.function);
const queueId = logicalId(stack.supplierFanOut.failures);
const mappings = ofType('AWS::Lambda::EventSourceMapping').map(([, r]) => r.Properties);
const alarmNamed = (what: string) =>
  ofType('AWS::CloudWatch::Alarm')
    .map(([, r]) => r.Properties)
    .find((a) => a.AlarmName === `CompactTracker-dev-${what}`);

describe('the table’s stream', () => {
  it('carries keys only: which supplier record changed, nothing of its contents', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      StreamSpecification: { StreamViewType: 'KEYS_ONLY' },
    });
  });
});

describe('the fan-out’s trigger', () => {
  it('is the only event source mapping, from the table’s stream to the fan-out function', () => {
    expect(mappings).toHaveLength(1);
    expect(mappings[0]).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': [tableId, 'StreamArn'] },
      FunctionName: { Ref: fanOutId },
      StartingPosition: 'TRIM_HORIZON',
    });
  });

  it('is filtered to changes of supplier records (MODIFY of SUPPLIER#… / SUPPLIER) and to moves of pointed names handed to it', () => {
    const criteria = mappings[0]?.FilterCriteria as { Filters: { Pattern: string }[] } | undefined;
    const filters = criteria?.Filters ?? [];
    expect(filters.map((f) => JSON.parse(f.Pattern))).toEqual([
      {
        eventName: ['MODIFY'],
        dynamodb: { Keys: { PK: { S: [{ prefix: 'SUPPLIER#' }] }, SK: { S: ['SUPPLIER'] } } },
      },
      {
        eventName: ['INSERT', 'MODIFY'],
        dynamodb: { Keys: { PK: { S: [{ prefix: 'ORG#' }] }, SK: { S: [{ prefix: 'SUPPLIER_MOVE#' }] } } },
      },
    ]);
  });

  it('splits a failing batch, retries from the failed record, and ends in the failures queue', () => {
    expect(mappings[0]).toMatchObject({
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: 10,
      MaximumRecordAgeInSeconds: 24 * 60 * 60,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
    });
    expect(resources[queueId]?.Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 60 * 60,
    });
  });
});

describe('the fan-out function', () => {
  it('may send to its failures queue, and reads the stream with nothing but the mapping’s actions', () => {
    const granted = allowedActions(resources, fanOutId);
    const toQueue = granted.filter(
      (a) => JSON.stringify(a.resource) === JSON.stringify({ 'Fn::GetAtt': [queueId, 'Arn'] }),
    );
    expect(toQueue.map((a) => a.action)).toContain('sqs:SendMessage');
    expect(toQueue.every((a) => a.action.startsWith('sqs:'))).toBe(true);
    const reads = new Set(['dynamodb:GetItem', 'dynamodb:BatchGetItem']);
    const writes = granted.filter((a) => /Item$/.test(a.action) && !reads.has(a.action));
    // Quarter items, ledger lines and a move's record under ORG#; a name's move also adds the
    // organisation to those paying the supplier (SUPPLIER#…/PAID_BY#).
    expect(writes.map((a) => a.action)).toEqual(['dynamodb:UpdateItem']);
    expect(writes[0]?.condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['ORG#*', 'SUPPLIER#*'] },
    });
  });

  it('is the stream’s: the functions that change facts are told to leave the fan-out to it', () => {
    const fanOutMode = (fn: IConstruct) =>
      (resources[logicalId(fn)]?.Properties.Environment as { Variables: Record<string, unknown> } | undefined)
        ?.Variables.SUPPLIER_FANOUT;
    expect(fanOutMode(stack.functions.byName.suppliers)).toBe('stream');
    expect(fanOutMode(stack.functions.byName.web)).toBe('stream');
    expect(fanOutMode(stack.supplierRegisters.function)).toBe('stream');
    expect(fanOutMode(stack.supplierFanOut.function)).toBeUndefined();
    expect(fanOutMode(stack.spendImport.function)).toBeUndefined();
  });
});

describe('the fan-out’s alarms', () => {
  it('fire on one batch in the failures queue', () => {
    expect(alarmNamed('supplier-fanout-failures')).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it('fire when the function falls 15 minutes behind the stream', () => {
    expect(iteratorAgeThresholdMs).toBe(15 * 60 * 1000);
    expect(alarmNamed('supplier-fanout-iterator-age')).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'IteratorAge',
      Statistic: 'Maximum',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: fanOutId } }],
      Threshold: iteratorAgeThresholdMs,
    });
  });
});
