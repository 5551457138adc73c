import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './db.ts';
import { supplierKeys as keys } from './supplier-keys.ts';
import { moveNameLines, type NameMove, type NameMoveProgress } from './supplier-name-move.ts';

// The move of a pointed name's imported lines when it does not finish within the request: the API
// writes its record (`moving`, with what the request moved), which in AWS starts the fan-out
// function through the table's stream; the function finishes the move, adding to the counts as it
// goes, and marks it `done` (the counts say what was moved; a run killed between a transaction and
// the write of its progress leaves them short of that transaction, never the totals). The move itself is exactly once (store/supplier-name-move), so a
// delivery run again, or two runs at once, end with exact totals.

export type NameMoveRecord = NameMove & {
  status: 'moving' | 'done';
  rows: number;
  pence: number;
  startedAt: string;
  finishedAt?: string;
};

/** Progress is added to the record every this many rows moved (each write is a stream record). */
const PROGRESS_EVERY = 500;

/** Hands the rest of a move to the background: its record, `moving`, with the counts so far. */
export async function continueNameMove(db: Db, move: NameMove, sofar: NameMoveProgress, at: string) {
  const record: NameMoveRecord = {
    ...move,
    status: 'moving',
    rows: sofar.rows,
    pence: sofar.pence,
    startedAt: at,
  };
  await db.doc.send(
    new PutCommand({
      TableName: db.table,
      Item: {
        ...keys.nameMove(move.organisationId, move.normalisedName),
        type: 'supplier-name-move',
        ...record,
      },
    }),
  );
}

export async function getNameMove(db: Db, organisationId: string, normalisedName: string) {
  const result = await db.doc.send(
    new GetCommand({
      TableName: db.table,
      Key: keys.nameMove(organisationId, normalisedName),
      ConsistentRead: true,
    }),
  );
  if (!result.Item) return null;
  const { PK: _pk, SK: _sk, type: _type, ...record } = result.Item;
  return record as NameMoveRecord;
}

/**
 * Runs a move handed to the background to its end (nothing when it is done already): to the
 * supplier the name points at now, should it have been pointed again since.
 */
export async function finishNameMove(
  db: Db,
  organisationId: string,
  normalisedName: string,
  now: () => Date = () => new Date(),
): Promise<NameMoveRecord | null> {
  const record = await getNameMove(db, organisationId, normalisedName);
  if (record?.status !== 'moving') return record;
  const pointer = await db.doc.send(
    new GetCommand({
      TableName: db.table,
      Key: keys.organisationName(organisationId, normalisedName),
      ConsistentRead: true,
    }),
  );
  const supplierId = (pointer.Item?.supplierId as string | undefined) ?? record.supplierId;
  let pending = { rows: 0, pence: 0 };
  const add = async (fields: { rows: number; pence: number }, finished?: string) => {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: keys.nameMove(organisationId, normalisedName),
        UpdateExpression: finished
          ? 'SET #status = :done, finishedAt = :at ADD #rows :r, pence :p'
          : 'ADD #rows :r, pence :p',
        ExpressionAttributeNames: { '#rows': 'rows', ...(finished ? { '#status': 'status' } : {}) },
        ExpressionAttributeValues: {
          ':r': fields.rows,
          ':p': fields.pence,
          ...(finished ? { ':done': 'done', ':at': finished } : {}),
        },
      }),
    );
  };
  const total = await moveNameLines(
    db,
    { organisationId, normalisedName, supplierId },
    {
      onProgress: async (moved) => {
        pending = { rows: pending.rows + moved.rows, pence: pending.pence + moved.pence };
        if (pending.rows < PROGRESS_EVERY) return;
        await add(pending);
        pending = { rows: 0, pence: 0 };
      },
    },
  );
  const finishedAt = now().toISOString();
  await add(pending, finishedAt);
  return {
    ...record,
    supplierId,
    status: 'done',
    rows: record.rows + total.rows,
    pence: record.pence + total.pence,
    finishedAt,
  };
}
