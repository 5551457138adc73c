import { beforeAll, describe, expect, it } from 'vitest';
import { functionNames } from '../../functions/routes.ts';
import { type BundledFunctionName, jobFunctionNames } from '../../infra/bundling.ts';
import { leadingKeyPattern, tableGrants } from '../../infra/constructs/table-access.ts';
import { allowedActions, buildStack, type Resource } from './build-stack.ts';
import { type BundleUsage, bundleUsage, partitionKeyPrefix } from './bundle-usage.ts';

// Least privilege, both ways: the DynamoDB and S3 actions each function's role is granted in the
// synthesised template are exactly those its bundled code uses (test/infra/bundle-usage.ts reads
// them from the bundle), and its writes are limited with dynamodb:LeadingKeys to exactly the
// partition-key prefixes its code writes.

const { stack, template, logicalId } = buildStack();
const resources = template.toJSON().Resources as Record<string, Resource>;
const tableId = logicalId(stack.table.table);
const names: BundledFunctionName[] = [...functionNames, ...jobFunctionNames];

function functionOf(name: BundledFunctionName) {
  if (name === 'spend-import') return stack.spendImport.function;
  if (name === 'supplier-register') return stack.supplierRegisters.function;
  if (name === 'supplier-fanout') return stack.supplierFanOut.function;
  if (name === 'aggregate-buying-power' || name === 'compute-scores')
    return stack.scheduledJobs.functions[name];
  return stack.functions.byName[name];
}
const withSesStack = buildStack({ sesFromAddress: 'tracker@example.org' });
const withSes = {
  resources: withSesStack.template.toJSON().Resources as Record<string, Resource>,
  logicalId: withSesStack.logicalId,
};
function withSesFunction(name: BundledFunctionName) {
  const s = withSesStack.stack;
  if (name === 'spend-import') return s.spendImport.function;
  if (name === 'supplier-register') return s.supplierRegisters.function;
  if (name === 'supplier-fanout') return s.supplierFanOut.function;
  if (name === 'aggregate-buying-power' || name === 'compute-scores') return s.scheduledJobs.functions[name];
  return s.functions.byName[name];
}
const streamArn = { 'Fn::GetAtt': [tableId, 'StreamArn'] };
const onStream = (a: { resource: unknown }) => JSON.stringify(a.resource) === JSON.stringify(streamArn);
/** The role's actions but the stream reads its event source mapping needs (checked apart, below). */
const granted = (name: BundledFunctionName) =>
  allowedActions(resources, logicalId(functionOf(name))).filter((a) => !onStream(a));

const usage = {} as Record<BundledFunctionName, BundleUsage>;
beforeAll(async () => {
  const all = await Promise.all(names.map((name) => bundleUsage(name)));
  names.forEach((name, i) => {
    usage[name] = all[i] as BundleUsage;
  });
}, 180_000);

const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

describe.each(names)('the %s function', (name) => {
  it('is granted exactly the DynamoDB actions its bundle sends', () => {
    expect(usage[name].unknown).toEqual([]);
    const actions = granted(name)
      .filter((a) => a.action.startsWith('dynamodb:'))
      .map((a) => a.action);
    expect(sorted(actions)).toEqual(sorted(usage[name].dynamodb));
  });

  it('is granted exactly the S3 actions its bundle sends or presigns', () => {
    const actions = granted(name)
      .filter((a) => a.action.startsWith('s3:'))
      .map((a) => a.action);
    expect(sorted(actions)).toEqual(sorted(usage[name].s3));
  });

  it('is granted exactly the Lambda actions its bundle sends (starting report runs)', () => {
    const actions = granted(name)
      .filter((a) => a.action.startsWith('lambda:'))
      .map((a) => a.action);
    expect(sorted(actions)).toEqual(sorted(usage[name].lambda));
  });

  it('is granted exactly the SES actions its bundle sends, when a sender is configured (none without)', () => {
    const actions = (stackResources: Record<string, Resource>, id: string) =>
      allowedActions(stackResources, id)
        .filter((a) => a.action.startsWith('ses:'))
        .map((a) => a.action);
    expect(actions(resources, logicalId(functionOf(name)))).toEqual([]);
    expect(sorted(actions(withSes.resources, withSes.logicalId(withSesFunction(name))))).toEqual(
      sorted(usage[name].ses),
    );
  });

  it('writes only to the table, under exactly the partition-key prefixes its code writes', () => {
    const writes = granted(name).filter((a) =>
      /^dynamodb:(PutItem|UpdateItem|DeleteItem|BatchWriteItem|ConditionCheckItem)$/.test(a.action),
    );
    expect(sorted(tableGrants[name].writeKeys)).toEqual(sorted(usage[name].writtenKeyPrefixes));
    for (const write of writes) {
      expect(write.resource, write.action).toEqual({ 'Fn::GetAtt': [tableId, 'Arn'] });
      expect(write.condition, write.action).toEqual({
        'ForAllValues:StringLike': {
          'dynamodb:LeadingKeys': tableGrants[name].writeKeys.map(leadingKeyPattern),
        },
      });
    }
  });

  it('reads the table (and its indexes, only to query them) with no condition to get round', () => {
    const reads = granted(name).filter((a) => /^dynamodb:(GetItem|Query|BatchGetItem)$/.test(a.action));
    for (const read of reads) {
      expect(JSON.stringify(read.resource), read.action).toContain(`"${tableId}"`);
      if (JSON.stringify(read.resource).includes('/index/')) expect(read.action).toBe('dynamodb:Query');
    }
  });
});

describe('the table’s stream', () => {
  it('is read by the supplier fan-out alone, with the four actions its event source mapping needs', () => {
    const readers = names.filter((name) =>
      allowedActions(resources, logicalId(functionOf(name))).some((a) => onStream(a)),
    );
    expect(readers).toEqual(['supplier-fanout']);
    const actions = allowedActions(resources, logicalId(functionOf('supplier-fanout')))
      .filter((a) => a.action.startsWith('dynamodb:') && !/Item$|Query$/.test(a.action))
      .map((a) => ({ action: a.action, onStream: onStream(a) }));
    expect(sorted(actions.map((a) => a.action))).toEqual([
      'dynamodb:DescribeStream',
      'dynamodb:GetRecords',
      'dynamodb:GetShardIterator',
      'dynamodb:ListStreams',
    ]);
    expect(actions.every((a) => a.onStream)).toBe(true);
  });
});

describe('the grants as a whole', () => {
  it('never allow a Scan, or any action on `*` but X-Ray’s', () => {
    for (const name of names) {
      const all = granted(name);
      expect(all.map((a) => a.action)).not.toContain('dynamodb:Scan');
      expect(sorted(all.filter((a) => a.resource === '*').map((a) => a.action))).toEqual([
        'xray:PutTelemetryRecords',
        'xray:PutTraceSegments',
      ]);
    }
  });

  it('keep the pages and report functions from writing import rows, snapshots or an organisation’s items', () => {
    expect(tableGrants.web.writeKeys).not.toContain('IMPORT#');
    expect(tableGrants.web.writeKeys).not.toContain('REPORT#');
    expect(tableGrants.reports.writeKeys).not.toContain('ORG#');
    expect(tableGrants.reports.writeKeys).not.toContain('USER#');
    expect(tableGrants.reports.writeKeys).not.toContain('REPORT#');
    expect(tableGrants.identity.write).toEqual([]);
  });

  it('read keys from packages/store/src/keys.ts as the analysis expects (the check is not vacuous)', () => {
    expect(partitionKeyPrefix('spendTransaction')).toBe('ORG#');
    expect(partitionKeyPrefix('carbonFactors')).toBe('CARBON_FACTORS');
    expect(partitionKeyPrefix('membershipsOfUser')).toBe('USER#');
    expect(partitionKeyPrefix('partnershipsIndex')).toBeNull();
    expect(partitionKeyPrefix('budgetPrefix')).toBeNull();
    expect(sorted(usage['spend-import'].dynamodb)).toContain('dynamodb:BatchWriteItem');
    expect(sorted(usage.identity.dynamodb)).toEqual(['dynamodb:Query']);
  });
});
