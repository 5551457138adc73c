import type { Db } from '@compact-tracker/store/db';
import { RevertBlockedError, revertImportLines } from '@compact-tracker/store/import-revert';
import {
  changeSpendImport,
  ImportStatusChanged,
  type SpendImportRecord,
} from '@compact-tracker/store/spend-imports';

// The revert of an import, run where imports run (the import function, invoked asynchronously; the
// local server, in the background) once the API has marked it `reverting`: its lines leave the
// ledger, the lines it restated go back, with progress on the import item, and it ends `reverted`.
// Killed half-way and run again (a redelivered invocation, or the revert asked for again), it
// finishes what is left: each transaction leaves the totals exact.

/** Progress is written to the import item every this many lines undone. */
const PROGRESS_EVERY = 2000;

export async function runImportRevert(db: Db, record: SpendImportRecord): Promise<SpendImportRecord> {
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
        if (done - written < PROGRESS_EVERY && done < total) return;
        written = done;
        await changeSpendImport(db, organisationId, id, ['reverting'], {
          revertDone: done,
          revertTotal: total,
        });
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
    if (error instanceof ImportStatusChanged) return record;
    if (!(error instanceof RevertBlockedError)) throw error;
    // A later import restated rows of this one after the revert was asked for. Untouched, the
    // import goes back to what it was; part undone (each transaction exactly), it stays reverting
    // until asked again once the later one is reverted.
    const refused = {
      status: undone === 0 ? (record.revertFrom ?? ('completed' as const)) : ('reverting' as const),
      revertRefused: `later imports restated rows of this one meanwhile: revert ${error.laterImports.join(', ')} first, then this one`,
    };
    await changeSpendImport(db, organisationId, id, ['reverting'], refused);
    return { ...record, ...refused };
  }
}
