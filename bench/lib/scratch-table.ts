// A fresh table of the stack's shape for one benchmark case, dropped afterwards so that DynamoDB
// Local (shared by every benchmark of a run, in memory) does not carry one case's items into the next.

import { DeleteTableCommand, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { ensureTable, localClient } from '@compact-tracker/local/dynamodb-local';

export async function withScratchTable<T>(
  endpoint: string,
  name: string,
  use: (table: string) => Promise<T>,
): Promise<T> {
  await dropTable(endpoint, name);
  await ensureTable(endpoint, name);
  try {
    return await use(name);
  } finally {
    await dropTable(endpoint, name);
  }
}

async function dropTable(endpoint: string, name: string): Promise<void> {
  const client = localClient(endpoint);
  try {
    await client.send(new DeleteTableCommand({ TableName: name }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  } finally {
    client.destroy();
  }
}
