// Records the DynamoDB requests of code we cannot instrument from outside (a bundled handler with its
// own copy of the SDK): an HTTP proxy in front of DynamoDB Local keeps each request's operation,
// body and timing. The recording replays as the same raw calls with the plain SDK client, in the
// same waves (calls that overlapped run concurrently), as the baseline a handler is held against.

import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  TransactGetItemsCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';

export type RecordedCall = {
  operation: string;
  input: Record<string, unknown>;
  /** DynamoDB's answer as sent (attribute values and all); `{}` when it was not JSON. */
  output: Record<string, unknown>;
  /** The HTTP status of the answer (400 for a failed condition, say). */
  status: number;
  start: number;
  end: number;
};

export type Recorder = {
  endpoint: string;
  /** The calls recorded since the last take, in the order they started; clears the recording. */
  take: () => RecordedCall[];
  stop: () => Promise<void>;
};

export async function startRecorder(target: string): Promise<Recorder> {
  const upstream = new URL(target);
  let calls: RecordedCall[] = [];
  const server = createServer((req, res) => {
    const start = performance.now();
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const forward = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: upstream.host },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          const answered: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => answered.push(chunk));
          answer.pipe(res);
          answer.on('end', () => {
            const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? 'unknown';
            let output: Record<string, unknown> = {};
            try {
              output = JSON.parse(Buffer.concat(answered).toString() || '{}');
            } catch {
              // not JSON: kept empty
            }
            calls.push({
              operation,
              input: JSON.parse(body.toString() || '{}'),
              output,
              status: answer.statusCode ?? 0,
              start,
              end: performance.now(),
            });
          });
        },
      );
      forward.on('error', (error) => res.destroy(error));
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    take: () => {
      const taken = calls.sort((a, b) => a.start - b.start);
      calls = [];
      return taken;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Groups calls into waves: a call that started before every call of the current wave had ended ran
 * beside them (a Promise.all), one that started after waited for them.
 */
export function waves(calls: RecordedCall[]): RecordedCall[][] {
  const result: RecordedCall[][] = [];
  let waveEnd = Number.NEGATIVE_INFINITY;
  for (const call of [...calls].sort((a, b) => a.start - b.start)) {
    const wave = result.at(-1);
    if (wave && call.start < waveEnd) {
      wave.push(call);
      waveEnd = Math.max(waveEnd, call.end);
    } else {
      result.push([call]);
      waveEnd = call.end;
    }
  }
  return result;
}

// The JSON on the wire is the low-level client's input, attribute values and all.
const commands: Record<string, new (input: never) => unknown> = {
  GetItem: GetItemCommand,
  Query: QueryCommand,
  Scan: ScanCommand,
  BatchGetItem: BatchGetItemCommand,
  TransactGetItems: TransactGetItemsCommand,
  PutItem: PutItemCommand,
  UpdateItem: UpdateItemCommand,
  DeleteItem: DeleteItemCommand,
  BatchWriteItem: BatchWriteItemCommand,
  TransactWriteItems: TransactWriteItemsCommand,
};

type Expressions = {
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
  [other: string]: unknown;
};

/**
 * A write's condition (attribute_not_exists on a new id, a revision still current) holds once, not
 * on every replay: the replay writes the same items without it, so each one is the same round trip.
 * Condition checks on other items (still true) stay.
 */
function withoutCondition(write: Expressions): Expressions {
  const { ConditionExpression: _dropped, ...rest } = write;
  const used = Object.entries(rest)
    .filter(([name, value]) => name.endsWith('Expression') && typeof value === 'string')
    .map(([, value]) => value as string)
    .join(' ');
  const keep = <T>(map: Record<string, T> | undefined) => {
    if (!map) return undefined;
    const kept = Object.fromEntries(Object.entries(map).filter(([token]) => used.includes(token)));
    return Object.keys(kept).length > 0 ? kept : undefined;
  };
  const names = keep(rest.ExpressionAttributeNames);
  const values = keep(rest.ExpressionAttributeValues);
  delete rest.ExpressionAttributeNames;
  delete rest.ExpressionAttributeValues;
  return {
    ...rest,
    ...(names ? { ExpressionAttributeNames: names } : {}),
    ...(values ? { ExpressionAttributeValues: values } : {}),
  };
}

/** A fresh command each time: a sent command keeps the middleware its send added. */
function replayable(call: RecordedCall): () => unknown {
  const Command = commands[call.operation];
  if (!Command) throw new Error(`cannot replay DynamoDB ${call.operation}`);
  let input = call.input as Expressions;
  if (['PutItem', 'UpdateItem', 'DeleteItem'].includes(call.operation)) input = withoutCondition(input);
  if (call.operation === 'TransactWriteItems') {
    const items = input.TransactItems as Record<string, Expressions>[];
    input = {
      ...input,
      ClientRequestToken: undefined,
      TransactItems: items.map((item) =>
        Object.fromEntries(
          Object.entries(item).map(([kind, write]) => [
            kind,
            kind === 'ConditionCheck' ? write : withoutCondition(write),
          ]),
        ),
      ),
    };
  }
  return () => new Command(input as never);
}

export type Replay = { calls: number; run: () => Promise<void> };

/** The recorded calls as a function that makes them again, wave after wave. */
export function replay(client: DynamoDBClient, recorded: RecordedCall[]): Replay {
  const plan = waves(recorded).map((wave) => wave.map(replayable));
  return {
    calls: recorded.length,
    run: async () => {
      for (const wave of plan) {
        // biome-ignore lint/suspicious/noExplicitAny: any of the commands above
        await Promise.all(wave.map((command) => client.send(command() as any)));
      }
    },
  };
}
