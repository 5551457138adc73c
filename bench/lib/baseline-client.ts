import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** The plain SDK client the baselines make their raw calls with, retrying as the app's client does. */
export function baselineClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 5,
  });
}
