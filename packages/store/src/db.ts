import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** A table and the client that reaches it: what every repository function takes. */
export type Db = { doc: DynamoDBDocumentClient; table: string };

export type DbOptions = {
  table: string;
  /** DynamoDB Local's URL; in Lambda the SDK's defaults apply (AWS_ENDPOINT_URL_DYNAMODB also works). */
  endpoint?: string;
  region?: string;
  /** Wraps the low-level client once made (Lambda: X-Ray subsegments for every call). */
  instrument?: (client: DynamoDBClient) => DynamoDBClient;
};

export function createDb(options: DbOptions): Db {
  const made = new DynamoDBClient({
    ...(options.endpoint
      ? {
          endpoint: options.endpoint,
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : {}),
    region: options.region ?? process.env.AWS_REGION ?? 'eu-west-2',
    maxAttempts: 5,
  });
  const client = options.instrument ? options.instrument(made) : made;
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  return { doc, table: options.table };
}

/** In Lambda (and the bundled-handler tests) the table comes from the environment. */
export function dbFromEnvironment(instrument?: DbOptions['instrument']): Db {
  const table = process.env.TABLE_NAME;
  if (!table) throw new Error('TABLE_NAME is not set');
  return createDb({ table, endpoint: process.env.DYNAMODB_ENDPOINT, ...(instrument ? { instrument } : {}) });
}
