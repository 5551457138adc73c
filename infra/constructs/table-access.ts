// Least privilege on the table: each function's role lists only the DynamoDB actions its code sends
// (test/infra/least-privilege.test.ts reads them from its bundle and fails both ways), and its writes
// are limited with `dynamodb:LeadingKeys` to the partition-key prefixes it writes
// (packages/store/src/keys.ts). Nothing scans, nothing writes to an index.

import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { acknowledge } from '../acknowledge.ts';
import type { BundledFunctionName } from '../bundling.ts';
import { logicalIdOf } from './node-function.ts';

export type ReadAction = 'GetItem' | 'Query' | 'BatchGetItem';
export type WriteAction = 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'BatchWriteItem' | 'ConditionCheckItem';

export type TableGrant = {
  /** On the table and its indexes. */
  read: ReadAction[];
  /** On the table only, for items whose partition key starts with one of `writeKeys`. */
  write: WriteAction[];
  /** Partition-key prefixes (`ORG#`) or whole keys (`CARBON_FACTORS`) the function writes. */
  writeKeys: string[];
};

/** Idempotency records: Put to claim a key, Update to keep the response, Delete to release it on failure. */
const idempotent: WriteAction[] = ['PutItem', 'UpdateItem', 'DeleteItem'];

/** Every function's grant: typed over every function, so a new one cannot be added without deciding. */
export const tableGrants: Record<BundledFunctionName, TableGrant> = {
  // Who is calling: their memberships, nothing else; creates nothing.
  identity: { read: ['Query'], write: [], writeKeys: [] },
  // Partnerships and their members (memberships live under the member: USER#), and the
  // invitations written with them.
  partnerships: {
    read: ['GetItem', 'Query'],
    write: [...idempotent, 'ConditionCheckItem'],
    writeKeys: ['PARTNERSHIP#', 'USER#', 'INVITATION#', 'IDEMPOTENCY#'],
  },
  // Compacts, versions, signatures and events share the compact's partition; a new compact checks
  // its partnership exists.
  compacts: {
    read: ['GetItem', 'Query'],
    write: [...idempotent, 'ConditionCheckItem'],
    writeKeys: ['COMPACT#', 'PARTNERSHIP#', 'IDEMPOTENCY#'],
  },
  // Organisations, the identity items that refuse lookalikes (ORGIDENTITY#), members and invitations.
  organisations: {
    read: ['GetItem', 'Query'],
    write: [...idempotent, 'ConditionCheckItem'],
    writeKeys: ['ORG#', 'ORGIDENTITY#', 'USER#', 'INVITATION#', 'IDEMPOTENCY#'],
  },
  // Returns, their totals and history, import records (ORG#...), and the carbon factors; a revert
  // runs here for up to its time budget (lines read by key in batches and changed, ORG#...#TX#),
  // then the import function finishes it. A return also marks its quarter reported on the
  // organisation's register rows (COMPACT#).
  spend: {
    read: ['GetItem', 'Query', 'BatchGetItem'],
    write: idempotent,
    // SUPPLIER# and SUPPLIER_NAME#: the revert's supplier book is bundled with the resolution of
    // names it never calls (a revert only moves spend by supplier, under ORG#).
    writeKeys: ['ORG#', 'COMPACT#', 'CARBON_FACTORS', 'IDEMPOTENCY#', 'SUPPLIER#', 'SUPPLIER_NAME#'],
  },
  // Supplier facts and their history, names pointed by officers, a partnership's area, the fan-out
  // of spend by supplier (ORG#...), and register loads started by admins (SUPPLIER_REGISTER#); the
  // names of who set a supplier's facts are read in batches.
  suppliers: {
    read: ['GetItem', 'Query', 'BatchGetItem'],
    write: [...idempotent, 'ConditionCheckItem'],
    writeKeys: [
      'SUPPLIER#',
      'SUPPLIER_NUMBER#',
      'ORG#',
      'PARTNERSHIP#',
      'SUPPLIER_REGISTER#',
      'IDEMPOTENCY#',
    ],
  },
  // Assessments and targets, under the organisation.
  progress: { read: ['GetItem', 'Query'], write: idempotent, writeKeys: ['ORG#', 'IDEMPOTENCY#'] },
  // Report reads, and POST /v1/admin/aggregations, which records a run (AGGREGATION_RUN#) and
  // starts the job functions: no snapshot, nothing of an organisation's.
  reports: {
    read: ['GetItem', 'Query'],
    write: idempotent,
    writeKeys: ['AGGREGATION_RUN#', 'IDEMPOTENCY#'],
  },
  // The pages' forms call the same services as the API: every area's writes (reverting an import
  // as the spend function does), but never an import's rejected rows (IMPORT#), which only the
  // import job writes, nor a report snapshot (REPORT#).
  web: {
    read: ['GetItem', 'Query', 'BatchGetItem'],
    write: [...idempotent, 'ConditionCheckItem'],
    writeKeys: [
      'PARTNERSHIP#',
      'COMPACT#',
      'ORG#',
      'ORGIDENTITY#',
      'USER#',
      'INVITATION#',
      'AGGREGATION_RUN#',
      'CARBON_FACTORS',
      'IDEMPOTENCY#',
      // The suppliers pages' forms (classify, point a name, an area) and the API's register loads.
      'SUPPLIER#',
      'SUPPLIER_NAME#',
      'SUPPLIER_NUMBER#',
      'SUPPLIER_REGISTER#',
      // Sign-ins under way (state, PKCE verifier) and sessions (the refresh token, encrypted at rest).
      'SIGNIN#',
      'WEBSESSION#',
    ],
  },
  // The ledger (ORG#...#TX#, totals, the import item, spend by supplier and its classified totals)
  // and rejected rows, the lines each batch wrote and restated (IMPORT#); the supplier records its
  // rows name first (SUPPLIER#, with their name identity items and the organisations paying them);
  // reads by key (lines a hundred at a time), and the lines of an identity or a quarter (Query).
  // Reverts too large to finish within their request go on here: lines leave the ledger (DeleteItem).
  'spend-import': {
    read: ['GetItem', 'Query', 'BatchGetItem'],
    write: ['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem'],
    writeKeys: ['ORG#', 'IMPORT#', 'SUPPLIER#', 'SUPPLIER_NAME#'],
  },
  // Register files: supplier facts and their history (SUPPLIER#, number identity items), the
  // fan-out of spend by supplier (ORG#...), the load's progress (SUPPLIER_REGISTER#).
  'supplier-register': {
    read: ['GetItem', 'Query'],
    write: ['PutItem', 'UpdateItem', 'DeleteItem'],
    writeKeys: ['SUPPLIER#', 'SUPPLIER_NUMBER#', 'ORG#', 'SUPPLIER_REGISTER#'],
  },
  // The fan-out of a change of supplier facts (the table's stream starts it): reads the supplier and
  // who pays it (a name's move reads the records it moves between in one BatchGetItem), moves spend
  // by supplier between classified totals (ORG#...).
  // The fan-out moves quarter items under ORG#; finishing a name's move also changes ledger lines and
  // the move's record (ORG#) and adds the organisation to those paying the new supplier (SUPPLIER#).
  'supplier-fanout': {
    read: ['GetItem', 'Query', 'BatchGetItem'],
    write: ['UpdateItem'],
    writeKeys: ['ORG#', 'SUPPLIER#'],
  },
  // Read quarterly totals and budgets, write snapshots (and the progress of a run started on demand);
  // the hourly job also brings the register rows' reported quarters into line (COMPACT#).
  'aggregate-buying-power': {
    read: ['GetItem', 'Query'],
    write: ['PutItem', 'UpdateItem'],
    writeKeys: ['REPORT#', 'COMPACT#', 'AGGREGATION_RUN#'],
  },
  'compute-scores': {
    read: ['GetItem', 'Query'],
    write: ['PutItem', 'UpdateItem'],
    writeKeys: ['REPORT#', 'COMPACT#', 'AGGREGATION_RUN#'],
  },
};

/** `ORG#` -> `ORG#*`; a whole key stays as it is. */
export function leadingKeyPattern(key: string): string {
  return key.endsWith('#') ? `${key}*` : key;
}

/** Adds the function's grant to its role: reads on the table and its indexes, conditioned writes on the table. */
export function grantTableAccess(fn: NodejsFunction, table: ITableV2, name: BundledFunctionName): void {
  const grant = tableGrants[name];
  const queriesIndexes = grant.read.includes('Query');
  const byKey = grant.read.filter((action) => action !== 'Query');
  if (byKey.length > 0) {
    fn.addToRolePolicy(
      new PolicyStatement({
        sid: 'ReadByKey',
        actions: byKey.map((action) => `dynamodb:${action}`),
        resources: [table.tableArn],
      }),
    );
  }
  if (queriesIndexes) {
    fn.addToRolePolicy(
      new PolicyStatement({
        sid: 'Query',
        actions: ['dynamodb:Query'],
        resources: [table.tableArn, `${table.tableArn}/index/*`],
      }),
    );
  }
  if (grant.write.length > 0) {
    fn.addToRolePolicy(
      new PolicyStatement({
        sid: 'WriteOwnKeys',
        actions: grant.write.map((action) => `dynamodb:${action}`),
        resources: [table.tableArn],
        conditions: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': grant.writeKeys.map(leadingKeyPattern) },
        },
      }),
    );
  }
  if (queriesIndexes) {
    acknowledge(
      fn.role as IRole,
      `AwsSolutions-IAM5[Resource::<${logicalIdOf(table)}.Arn>/index/*]`,
      'Queries reach the table’s own indexes (`<table arn>/index/*`, GSI1) with dynamodb:Query only; ' +
        'no other table is reachable, and writes go to the table alone, limited by dynamodb:LeadingKeys.',
    );
  }
}
