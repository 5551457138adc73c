import type { getSpendImport } from '@compact-tracker/api/services/spend-imports';
import { categoryLabels } from '@compact-tracker/domain/categories';
import { formatPence } from '@compact-tracker/domain/money';
import { DateText } from '../components/badges.tsx';
import { CsrfField, FormError } from '../components/fields.tsx';

// The parts of an import's page about the ledger as a source of truth: why an import waits for
// review and what the officer can do (run again with the format the file reads as, or import the
// valid rows), the file's fingerprint and earlier imports of it, the rows it restated with before
// and after, and reverting it.

type ImportView = Awaited<ReturnType<typeof getSpendImport>>;

const n = (x: number) => x.toLocaleString('en-GB');

/** A needs-review import: the reasons, grouped and counted, and the ways on. */
export function ReviewNotice(props: {
  imp: ImportView;
  action: string;
  csrfToken: string;
  canWrite: boolean;
}) {
  const { imp } = props;
  const reasons = imp.reviewReasons ?? [];
  const valid = Math.max(0, imp.rowsProcessed - imp.rowsRejected);
  const formats = [
    ...new Set(reasons.flatMap((r) => (r.suggestedDateFormat ? [r.suggestedDateFormat] : []))),
  ];
  return (
    <div class="notice warning review" role="alert" aria-labelledby="review-title">
      <h2 id="review-title">Nothing was imported yet: check the reading</h2>
      <p>
        {imp.rowsRejected > imp.rowsProcessed * 0.05
          ? `${n(imp.rowsRejected)} of ${n(imp.rowsProcessed)} rows would be rejected, more than 5%, so nothing was written to the ledger:`
          : 'Rows of this file look imported before under another reading, so nothing was written to the ledger:'}
      </p>
      <ul class="review-reasons">
        {reasons.map((r) => (
          <li>{r.reason}</li>
        ))}
      </ul>
      {props.canWrite ? (
        <div class="actions">
          {formats.map((format) => (
            <form method="post" action={`${props.action}/retry`} class="inline-form">
              <CsrfField token={props.csrfToken} />
              <input type="hidden" name="dateFormat" value={format} />
              <button type="submit">Run again with {format}</button>
            </form>
          ))}
          <form method="post" action={`${props.action}/confirm`} class="inline-form">
            <CsrfField token={props.csrfToken} />
            <button type="submit" class={formats.length > 0 ? 'secondary' : undefined}>
              Import the {n(valid)} valid {valid === 1 ? 'row' : 'rows'}
            </button>
          </form>
        </div>
      ) : null}
    </div>
  );
}

/** The file's SHA-256 and the organisation's earlier imports of the same file. */
export function FileFacts(props: { imp: ImportView; base: string }) {
  const { imp } = props;
  if (!imp.fileSha256) return null;
  return (
    <dl class="facts file-facts">
      <dt>File SHA-256</dt>
      <dd>
        <code class="hash">{imp.fileSha256}</code>
      </dd>
      <dt>Same file imported before</dt>
      <dd>
        {imp.sameFileAs.length === 0 ? (
          'no'
        ) : (
          <ul class="plain">
            {imp.sameFileAs.map((id) => (
              <li>
                <a href={`${props.base}/imports/${encodeURIComponent(id)}`}>import {id}</a>
              </li>
            ))}
          </ul>
        )}
      </dd>
    </dl>
  );
}

type Values = Record<string, unknown>;

/** What changed in a restated line, as "field: before → after". */
function changes(before: Values, after: Values): string[] {
  const label = (field: string, value: unknown) =>
    field === 'category'
      ? (categoryLabels[value as keyof typeof categoryLabels] ?? String(value))
      : String(value);
  return Object.keys(after)
    .filter((field) => before[field] !== after[field])
    .map(
      (field) =>
        `${field}: ${label(field, before[field]) || '(blank)'} → ${label(field, after[field]) || '(blank)'}`,
    );
}

/** Rows already in the ledger that this import read otherwise, with before and after. */
export function RestatedRows(props: { imp: ImportView }) {
  const { imp } = props;
  if (imp.restated.length === 0) return null;
  return (
    <section aria-labelledby="restated">
      <h2 id="restated">Restated rows</h2>
      <p class="hint">
        These rows were already in the ledger; this import reads them otherwise, so their lines took the new
        values of the columns it reads and the totals moved by the difference.
        {imp.rowsRestated > imp.restated.length
          ? ` The first ${n(imp.restated.length)} of ${n(imp.rowsRestated)}.`
          : ''}
      </p>
      <div class="table-wrap">
        <table class="restated-rows">
          <thead>
            <tr>
              <th scope="col" class="num">
                Line
              </th>
              <th scope="col">Transaction</th>
              <th scope="col">Date</th>
              <th scope="col" class="num">
                Amount
              </th>
              <th scope="col">Change</th>
            </tr>
          </thead>
          <tbody>
            {imp.restated.map((r) => (
              <tr>
                <td class="num">{r.row}</td>
                <td>{r.transactionId || '–'}</td>
                <td>
                  <DateText at={r.date} />
                </td>
                <td class="num">{formatPence(r.amountPence)}</td>
                <td>
                  {changes(r.before, r.after).map((c) => (
                    <div>{c}</div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Revert: a form that asks for the confirmation, or what a revert did. */
export function RevertSection(props: {
  imp: ImportView;
  action: string;
  csrfToken: string;
  canWrite: boolean;
  error?: string;
}) {
  const { imp } = props;
  if (imp.status === 'reverted') {
    return (
      <div class="notice info" role="status">
        <p>
          Reverted <DateText at={imp.revertedAt} withTime /> by {imp.revertedBy ?? 'someone'}: the rows it
          wrote left the ledger and the rows it restated took their values back.
        </p>
      </div>
    );
  }
  const refused = imp.revertRefused ? (
    <div class="notice error" role="alert">
      <p>The revert stopped: {imp.revertRefused}.</p>
    </div>
  ) : null;
  // Reverting in the background: nothing to ask until it ends, or stops part-way (asked again).
  if (imp.status === 'reverting' && !imp.revertRefused) return null;
  if (!props.canWrite || !['completed', 'failed', 'reverting'].includes(imp.status)) return refused;
  return (
    <section aria-labelledby="revert" class="no-print">
      <h2 id="revert">Revert this import</h2>
      {refused}
      <FormError message={props.error} />
      <form method="post" action={`${props.action}/revert`} class="revert-form">
        <CsrfField token={props.csrfToken} />
        <div class="checkbox">
          <input type="checkbox" id="revert-confirm" name="confirm" value="yes" required />
          <label for="revert-confirm">
            Yes, revert it: its {n(imp.rowsImported)} imported rows leave the ledger
            {imp.rowsRestated > 0 ? ` and its ${n(imp.rowsRestated)} restated rows go back` : ''}. It stays
            listed as reverted.
          </label>
        </div>
        <div class="actions">
          <button type="submit" class="danger">
            Revert the import
          </button>
        </div>
      </form>
    </section>
  );
}
