// The single table's shape, read by the CDK stack (infra/) and by the local runtime and tests,
// so that DynamoDB Local and AWS always hold the same keys and indexes.

export const tableDefinition = {
  partitionKey: 'PK',
  sortKey: 'SK',
  /** "All X of a parent" listings: partnerships, compacts, an organisation's memberships. */
  indexes: [{ name: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' }],
  /**
   * Epoch seconds: idempotency records, sign-ins under way, browser sessions, report runs and
   * superseded report snapshots expire; nothing else does. DynamoDB deletes expired items within
   * days: reads leave them out.
   */
  timeToLiveAttribute: 'expiresAt',
} as const;

export type TableDefinition = typeof tableDefinition;

/** CreateTable input for the same definition (DynamoDB Local and tests). */
export function createTableInput(tableName: string) {
  const keys = [
    tableDefinition.partitionKey,
    tableDefinition.sortKey,
    ...tableDefinition.indexes.flatMap((index) => [index.partitionKey, index.sortKey]),
  ];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: keys.map((name) => ({ AttributeName: name, AttributeType: 'S' as const })),
    KeySchema: [
      { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: tableDefinition.indexes.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
        { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    })),
  };
}
