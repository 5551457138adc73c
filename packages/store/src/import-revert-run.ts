import type { Db } from './db.ts';
import { RevertBlockedError, revertImportLines } from './import-revert.ts';
import { changeSpendImport, ImportStatusChanged, type SpendImportRecord } from './spend-imports.ts';

// The revert of an import once the API has marked it `reverting`: its lines leave the ledger, the
// lines it restated go back, with progress on the import item, and it ends `reverted`. The API runs
// it first within the request for up to a time budget (most imports finish there); what is left
// runs where imports run (the import function, invoked asynchronously; the local server, in the
// background). Killed half-way and run again (a redelivered invocation, or the revert asked for
// again), it finishes what is left: each transaction leaves the totals exact.

/** Thrown from the progress callback when the time budget is spent: the rest runs elsewhere. */
class RevertPaused extends Error {}

/** Progress is written to the import item every this many lines undone. */
const PROGRESS_EVERY = 2000;

/**
 * Reverts a `reverting` import. With `deadline` (epoch ms) it stops after the first transaction
 * past it, leaving the import `reverting` with its progress, and answers `paused: true`.
 */
export async function runImportRevert(
  db: Db,
  record: SpendImportRecord,
  options: { deadline?: number } = {},
): Promise<SpendImportRecord & { paused?: boolean }> {
  const { organisationId, id } = record;
  let written = 0;
  let undone = 0;
  try {
    await revertImportLines(
      db,
      organisationId,
      id,
      async () => {},
      async (done, total) => {
        undone = done;
        const late = options.deadline !== undefined && Date.now() > options.deadline && done < total;
        if (!late && done - written < PROGRESS_EVERY && done < total) return;
        written = done;
        await changeSpendImport(db, organisationId, id, ['reverting'], {
          revertDone: done,
          revertTotal: total,
        });
        if (late) throw new RevertPaused();
      },
    );
    const finished = { status: 'reverted' as const };
    await changeSpendImport(db, organisationId, id, ['reverting'], finished, [
      'revertFrom',
      'revertTotal',
      'revertDone',
    ]);
    return { ...record, ...finished };
  } catch (error) {
    if (error instanceof RevertPaused) return { ...record, revertDone: undone, paused: true };
    if (error instanceof ImportStatusChanged) return record;
    if (!(error instanceof RevertBlockedError)) throw error;
    // A later import restated rows of this one after the revert was asked for. Untouched, the
    // import goes back to what it was; part undone (each transaction exactly, by this run or an
    // earlier one that paused), it stays reverting until asked again once the later one is reverted.
    const untouched = undone === 0 && (record.revertDone ?? 0) === 0;
    const refused = {
      status: untouched ? (record.revertFrom ?? ('completed' as const)) : ('reverting' as const),
      revertRefused: `later imports restated rows of this one meanwhile: revert ${error.laterImports.join(', ')} first, then this one`,
    };
    await changeSpendImport(db, organisationId, id, ['reverting'], refused);
    return { ...record, ...refused };
  }
}
