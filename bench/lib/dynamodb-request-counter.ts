// Counts what a DynamoDB client sends, with SDK middleware on its stack, so that it sees every call
// whoever makes it (the app's own code, a document client sharing the stack): requests (each
// attempt, the SDK's retries included), items read and written, and failures by name.

import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export type RequestCounts = {
  requests: number;
  byCommand: Record<string, number>;
  itemsRead: number;
  itemsWritten: number;
  itemsWrittenByCommand: Record<string, number>;
  /** Failed calls by error name, with a transaction's cancellation reasons: 'TransactionCanceled:TransactionConflict'. */
  failures: Record<string, number>;
};

type Io = {
  $metadata?: { attempts?: number };
  Items?: unknown[];
  Item?: unknown;
  Responses?: Record<string, unknown[]>;
  TransactItems?: unknown[];
  RequestItems?: Record<string, unknown[]>;
  CancellationReasons?: { Code?: string }[];
};

const singleWrites = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand']);

export function countRequests(client: DynamoDBClient | DynamoDBDocumentClient) {
  let counts = empty();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String(context.commandName ?? 'unknown');
      const input = args.input as Io;
      const name = command.replace(/Command$/, '');
      const add = (attempts: number | undefined) => {
        const n = attempts && attempts > 0 ? attempts : 1;
        counts.requests += n;
        counts.byCommand[name] = (counts.byCommand[name] ?? 0) + n;
      };
      try {
        const result = await next(args);
        const output = result.output as Io;
        add(output.$metadata?.attempts);
        counts.itemsRead +=
          (output.Items?.length ?? 0) +
          (output.Item ? 1 : 0) +
          Object.values(output.Responses ?? {}).reduce((sum, list) => sum + list.length, 0);
        const written =
          (input.TransactItems?.length ?? 0) +
          Object.values(input.RequestItems ?? {}).reduce((sum, list) => sum + list.length, 0) +
          (singleWrites.has(command) ? 1 : 0);
        if (written > 0) {
          counts.itemsWritten += written;
          counts.itemsWrittenByCommand[name] = (counts.itemsWrittenByCommand[name] ?? 0) + written;
        }
        return result;
      } catch (error) {
        const e = error as Io & { name?: string };
        add(e.$metadata?.attempts);
        const reasons = [
          ...new Set((e.CancellationReasons ?? []).map((r) => r.Code).filter((c) => c !== 'None')),
        ];
        const failure = `${e.name ?? 'Error'}${reasons.length ? `:${reasons.join('+')}` : ''}`;
        counts.failures[failure] = (counts.failures[failure] ?? 0) + 1;
        throw error;
      }
    },
    { step: 'initialize', name: 'benchRequestCounter', override: true },
  );
  return {
    counts: (): RequestCounts => structuredClone(counts),
    reset: () => {
      counts = empty();
    },
  };
}

function empty(): RequestCounts {
  return {
    requests: 0,
    byCommand: {},
    itemsRead: 0,
    itemsWritten: 0,
    itemsWrittenByCommand: {},
    failures: {},
  };
}
