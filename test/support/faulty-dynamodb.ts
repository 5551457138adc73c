import {
  DynamoDBServiceException,
  InternalServerError,
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { createDb, type Db } from '@compact-tracker/store/db';

// A DynamoDB client for tests that fails on cue. It is the application's own client (createDb: same
// maxAttempts, same retry strategy) over the same DynamoDB Local table, with one middleware inside
// the SDK's retry loop: each attempt of a chosen call fails with the scenario's fault, either before
// the request reaches the table or after the table applied it (the reply lost on the way back).

export type Fault =
  | 'provisioned-throughput'
  | 'throttling'
  | 'internal-server-error'
  | 'timeout'
  | 'request-timeout'
  | 'transaction-conflict'
  | 'connection-reset';

export type FaultScenario = {
  name: string;
  /** The SDK command that fails: 'TransactWriteItemsCommand', 'PutItemCommand', ... or '*' for any write. */
  command: string;
  /** Which call of that command in the run fails (1: the first); every call from then on when 'every'. */
  call: number | 'every';
  /** How many consecutive attempts of that call fail: fewer than maxAttempts lets the SDK's retries win. */
  attempts: number;
  fault: Fault;
  /** 'after': the table applied the request and the reply was lost. */
  when: 'before' | 'after';
};

/** The SDK's attempts per call, as createDb configures them. */
export const SDK_MAX_ATTEMPTS = 5;
const EXHAUST = SDK_MAX_ATTEMPTS;
const RECOVER = 2;

const WRITE_COMMANDS = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
]);

/**
 * Every fault, on the first write of a run: a few attempts (the SDK's retries get through) or all
 * of them (the error reaches the application). Connection resets also on the second write, both
 * before and after the table applied it.
 */
export const faultScenarios: FaultScenario[] = [
  ...(
    ['provisioned-throughput', 'throttling', 'internal-server-error', 'timeout', 'request-timeout'] as const
  )
    .flatMap((fault) => [
      { name: `${fault}, retried through`, command: '*', call: 1, attempts: RECOVER, fault, when: 'before' },
      {
        name: `${fault}, retries exhausted`,
        command: '*',
        call: 1,
        attempts: EXHAUST,
        fault,
        when: 'before',
      },
    ])
    .map((s) => s as FaultScenario),
  {
    name: 'transaction conflict on the first transaction',
    command: 'TransactWriteItemsCommand',
    call: 1,
    attempts: 1,
    fault: 'transaction-conflict',
    when: 'before',
  },
  ...(['before', 'after'] as const).flatMap((when) =>
    [1, 2].flatMap((call) => [
      {
        name: `connection reset ${when} applying write ${call}, retried through`,
        command: '*',
        call,
        attempts: RECOVER,
        fault: 'connection-reset' as const,
        when,
      },
      {
        name: `connection reset ${when} applying write ${call}, retries exhausted`,
        command: '*',
        call,
        attempts: EXHAUST,
        fault: 'connection-reset' as const,
        when,
      },
    ]),
  ),
];

/**
 * For batch jobs: the same faults aimed mid-run, at the second transaction of ledger entries and
 * at the first batch of rejected rows, before and after the table applied them.
 */
export const batchFaultScenarios: FaultScenario[] = (
  [
    ['TransactWriteItemsCommand', 2],
    ['BatchWriteItemCommand', 1],
  ] as const
).flatMap(([command, call]) =>
  (['connection-reset', 'throttling', 'timeout'] as const).flatMap((fault) =>
    (['before', 'after'] as const).flatMap((when) =>
      [RECOVER, EXHAUST].map((attempts) => ({
        name: `${fault} ${when} applying ${command} ${call}, ${attempts === EXHAUST ? 'retries exhausted' : 'retried through'}`,
        command,
        call,
        attempts,
        fault,
        when,
      })),
    ),
  ),
);

export type FaultyDb = Db & {
  /** Faults injected so far, one per failed attempt. */
  injected: () => { command: string; call: number; attempt: number; fault: Fault; when: string }[];
  /** Calls made so far per command. */
  calls: () => Record<string, number>;
  destroy: () => void;
};

export function faultError(fault: Fault, command: string): Error {
  const $metadata = { httpStatusCode: 400, requestId: 'fault-injected', attempts: 1 };
  switch (fault) {
    case 'provisioned-throughput':
      return new ProvisionedThroughputExceededException({
        message: 'The level of configured provisioned throughput for the table was exceeded.',
        $metadata,
      });
    case 'throttling':
      return new DynamoDBServiceException({
        name: 'ThrottlingException',
        $fault: 'client',
        message: 'Rate of requests exceeds the allowed throughput.',
        $metadata,
      });
    case 'internal-server-error':
      return new InternalServerError({
        message: 'Internal server error',
        $metadata: { ...$metadata, httpStatusCode: 500 },
      });
    case 'timeout':
      // What @smithy/node-http-handler throws when a socket or request timeout fires.
      return Object.assign(new Error('Connection timed out after 1000 ms'), {
        name: 'TimeoutError',
        code: 'ETIMEDOUT',
      });
    case 'request-timeout':
      return new DynamoDBServiceException({
        name: 'RequestTimeout',
        $fault: 'server',
        message: 'The request timed out',
        $metadata: { ...$metadata, httpStatusCode: 408 },
      });
    case 'transaction-conflict':
      return new TransactionCanceledException({
        message: `Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict] (${command})`,
        CancellationReasons: [
          { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' },
        ],
        $metadata,
      });
    case 'connection-reset':
      return Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
  }
}

/**
 * A Db over the same table as `endpoint`/`table`, failing as the scenario says. The client is the
 * application's (createDb), so the SDK's retry strategy and attempts are the real ones.
 */
export function faultyDb(
  options: { endpoint: string; table: string },
  scenario: FaultScenario | null,
): FaultyDb {
  const db = createDb({ endpoint: options.endpoint, table: options.table });
  const calls: Record<string, number> = {};
  const injected: ReturnType<FaultyDb['injected']> = [];
  const matches = (command: string) =>
    scenario !== null &&
    (scenario.command === '*' ? WRITE_COMMANDS.has(command) : scenario.command === command);
  const counterKey = (command: string) => (scenario?.command === '*' ? '*' : command);

  // Once per call (outside the retry loop): which call of its command this is.
  db.doc.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? '';
      if (matches(command)) {
        const key = counterKey(command);
        calls[key] = (calls[key] ?? 0) + 1;
        (context as Record<string, unknown>).faultCall = calls[key];
        (context as Record<string, unknown>).faultAttempt = 0;
      }
      return next(args);
    },
    { step: 'initialize', name: 'faultCallCounter', priority: 'high' },
  );
  // Once per attempt (inside the retry loop, around the HTTP exchange).
  db.doc.middlewareStack.add(
    (next, context) => async (args) => {
      const ctx = context as Record<string, unknown>;
      const call = ctx.faultCall as number | undefined;
      if (scenario === null || call === undefined) return next(args);
      const attempt = (ctx.faultAttempt as number) + 1;
      ctx.faultAttempt = attempt;
      const chosen = scenario.call === 'every' || scenario.call === call;
      if (!chosen || attempt > scenario.attempts) return next(args);
      const command = context.commandName ?? '';
      if (scenario.when === 'after') await next(args);
      injected.push({ command, call, attempt, fault: scenario.fault, when: scenario.when });
      throw faultError(scenario.fault, command);
    },
    { step: 'deserialize', name: 'faultInjector', priority: 'high' },
  );
  return {
    ...db,
    injected: () => [...injected],
    calls: () => ({ ...calls }),
    destroy: () => db.doc.destroy(),
  };
}
