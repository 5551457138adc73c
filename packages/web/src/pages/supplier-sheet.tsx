import { MAX_SHEET_ROWS } from '@compact-tracker/domain/supplier-facts-sheet';
import { CsrfField } from '../components/fields.tsx';

// The "Classify many from a CSV" form of an organisation's suppliers page: a plain multipart upload
// (no script needed), a template of the largest unclassified suppliers to fill in, and what was
// wrong with the last sheet, row by row.

export type SheetRefusal = { message: string; rows: { path: string; message: string }[] };

export function SupplierSheetForm(props: {
  organisationId: string;
  csrfToken: string;
  refusal?: SheetRefusal;
}) {
  const base = `/organisations/${encodeURIComponent(props.organisationId)}`;
  const refusal = props.refusal;
  return (
    <div class="card no-print" id="classify-many">
      <form
        method="post"
        action={`${base}/supplier-facts`}
        enctype="multipart/form-data"
        class="stack"
        novalidate
      >
        <h2>Classify many from a CSV</h2>
        <p class="hint">
          A sheet with a <code>supplier</code> column (the name as your spend files write it, or the
          supplier's id) and any of <code>postcode</code>, <code>company number</code>,{' '}
          <code>charity number</code>, <code>sme</code>, <code>vcse</code>, <code>public body</code> (Y or N)
          and <code>organisation</code> (the id of an organisation of this tracker). A blank cell leaves the
          fact as it is. Up to {MAX_SHEET_ROWS} rows; if any row is wrong nothing is saved.{' '}
          <a href={`${base}/suppliers/template.csv`} download>
            Download a template of your largest unclassified suppliers
          </a>
          .
        </p>
        {refusal ? (
          <div class="notice error" role="alert">
            <p>{refusal.message}</p>
            {refusal.rows.length > 0 ? (
              <ul>
                {refusal.rows.map((r) => (
                  <li>{r.message}</li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
        <CsrfField token={props.csrfToken} />
        <div class={`field${refusal ? ' has-error' : ''}`}>
          <label for="sheet-file">CSV of supplier facts</label>
          <input
            type="file"
            id="sheet-file"
            name="file"
            accept=".csv,text/csv"
            required
            aria-invalid={refusal ? 'true' : undefined}
          />
        </div>
        <div class="actions">
          <button type="submit">Classify the suppliers</button>
        </div>
      </form>
    </div>
  );
}
