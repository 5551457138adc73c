import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SPEND_IMPORT_FUNCTION } from './rerun-variables.ts';

// Runs an import again in AWS: the import function is invoked asynchronously (InvocationType
// Event) with the S3 notification its upload sent, for the same bucket and key; the import item's
// status (waiting again, confirmed or with a corrected reading) says what the run does.

let client: LambdaClient | undefined;

export async function invokeImportRerun(bucket: string, key: string): Promise<void> {
  const functionName = process.env[SPEND_IMPORT_FUNCTION];
  if (!functionName) throw new Error(`${SPEND_IMPORT_FUNCTION} is not set: an import cannot run again`);
  client ??= new LambdaClient({});
  const event = {
    Records: [
      {
        eventSource: 'aws:s3',
        eventName: 'ObjectCreated:Put',
        s3: { bucket: { name: bucket }, object: { key: encodeURIComponent(key).replace(/%2F/g, '/') } },
      },
    ],
  };
  await client.send(
    new InvokeCommand({
      FunctionName: functionName,
      InvocationType: 'Event',
      Payload: new TextEncoder().encode(JSON.stringify(event)),
    }),
  );
}
