import type { Db } from './db.ts';

// Counts the DynamoDB requests made through a Db: every attempt (the SDK's retries included, from
// each answer's $metadata), by command. The jobs report it in their run summaries.

export type RequestCount = { total: number; byCommand: Record<string, number> };

export function countingDb(db: Db): { db: Db; requests: () => RequestCount } {
  const count: RequestCount = { total: 0, byCommand: {} };
  const record = (name: string, attempts: number | undefined) => {
    const n = attempts && attempts > 0 ? attempts : 1;
    count.total += n;
    count.byCommand[name] = (count.byCommand[name] ?? 0) + n;
  };
  const doc = new Proxy(db.doc, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver);
      return async (command: { constructor: { name: string } }, ...rest: unknown[]) => {
        const name = command.constructor.name.replace(/Command$/, '');
        try {
          // biome-ignore lint/suspicious/noExplicitAny: forwards whatever command the caller sends
          const output = await (target.send as any)(command, ...rest);
          record(name, output?.$metadata?.attempts);
          return output;
        } catch (error) {
          record(name, (error as { $metadata?: { attempts?: number } }).$metadata?.attempts);
          throw error;
        }
      };
    },
  });
  return {
    db: { ...db, doc },
    requests: () => ({ total: count.total, byCommand: { ...count.byCommand } }),
  };
}
