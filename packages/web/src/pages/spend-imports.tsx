import type { getSpendImport, listSpendImports } from '@compact-tracker/api/services/spend-imports';
import { categories, categoryLabels } from '@compact-tracker/domain/categories';
import { formatPence } from '@compact-tracker/domain/money';
import { dateFormats, type ImportMapping } from '@compact-tracker/domain/spend-import';
import { Badge, DateText } from '../components/badges.tsx';
import { CsrfField, FormError } from '../components/fields.tsx';
import { Layout, type Shell } from '../components/layout.tsx';
import { importJsPath } from '../import-asset.ts';
import { quarterLabel } from '../spend-view.ts';
import { ImportSuppliersNotice } from './import-suppliers.tsx';
import { spendBase } from './spend.tsx';
import { FileFacts, RestatedRows, RevertSection, ReviewNotice } from './spend-import-review.tsx';

export type ImportView = Awaited<ReturnType<typeof getSpendImport>>;
export type ImportListItem = Awaited<ReturnType<typeof listSpendImports>>['items'][number];
type Org = { id: string; name: string };

/** The file's columns a mapping names, in the order the form asks for them. */
export const mappingFields = [
  { key: 'date', label: 'Date', hint: 'when it was paid', required: true },
  { key: 'amount', label: 'Amount', hint: 'net of VAT, in pounds', required: true },
  { key: 'transactionId', label: 'Transaction number', hint: 'so that a file imported twice counts once' },
  { key: 'supplierName', label: 'Supplier name' },
  { key: 'category', label: 'Category', hint: 'expense type or category text' },
  { key: 'local', label: 'Local supplier', hint: 'Y/N column' },
  { key: 'sme', label: 'SME', hint: 'Y/N column' },
  { key: 'vcse', label: 'VCSE', hint: 'Y/N column' },
  { key: 'criteria', label: 'Sustainability criteria', hint: 'Y/N column' },
] as const satisfies readonly {
  key: Exclude<keyof ImportMapping, 'categoryMap'>;
  label: string;
  hint?: string;
  required?: boolean;
}[];

function Breadcrumbs(props: { org: Org }) {
  const base = spendBase(props.org.id);
  return (
    <p class="meta">
      <a href={`/organisations/${encodeURIComponent(props.org.id)}`}>{props.org.name}</a> ›{' '}
      <a href={base}>Spend</a> › <a href={`${base}/imports`}>Imports</a>
    </p>
  );
}

export function NewImportPage(props: { shell: Shell; organisation: Org }) {
  const base = spendBase(props.organisation.id);
  return (
    <Layout shell={props.shell} title={`Import spend – ${props.organisation.name}`}>
      <Breadcrumbs org={props.organisation} />
      <h1>Import a spend CSV</h1>
      <p class="lede">
        Transaction-level spend, such as the "spending over £500" file your organisation publishes. Choose the
        file: its first rows are read here in the browser to suggest which column holds what. Importing the
        same transactions twice never counts them twice.
      </p>
      <noscript>
        <div class="notice error">
          <p>
            Importing a file needs JavaScript, which reads the file and sends it straight to storage. Without
            it, use the API (<a href="/docs">documentation</a>) or enter a quarterly return instead.
          </p>
        </div>
      </noscript>
      <form
        id="import-form"
        class="import-form"
        method="post"
        action={`${base}/imports`}
        data-preview-url={`${base}/imports/preview`}
        data-create-url={`${base}/imports`}
        novalidate
      >
        <CsrfField token={props.shell.csrfToken} />
        <div class="card">
          <div class="field">
            <label for="import-file">CSV file</label>
            <p class="hint" id="import-file-hint">
              Comma-separated, with a header row. Up to 200 MB.
            </p>
            <input
              type="file"
              id="import-file"
              name="file"
              accept=".csv,text/csv"
              aria-describedby="import-file-hint"
              required
            />
          </div>
        </div>
        <div id="import-status" role="status" aria-live="polite" />
        <div id="import-mapping" />
      </form>
      <script src={importJsPath} defer />
    </Layout>
  );
}

export type PreviewView = {
  headers: string[];
  /** Each column with the value a mapping gives it (its header, or #N) and a label for people. */
  columns: { position: number; label: string; value: string }[];
  rows: string[][];
  suggestedMapping: Partial<ImportMapping>;
  categoriesSeen: string[];
};

/** Guesses the date format from the first rows' dates; dd/mm/yyyy when nothing else fits. */
export function guessDateFormat(preview: PreviewView): (typeof dateFormats)[number] {
  const column = preview.columns.find((c) => c.value === preview.suggestedMapping.date);
  const index = column ? column.position - 1 : -1;
  const dates = index < 0 ? [] : preview.rows.map((r) => (r[index] ?? '').trim()).filter(Boolean);
  const all = (pattern: RegExp) => dates.length > 0 && dates.every((d) => pattern.test(d));
  if (all(/^\d{4}-\d{2}-\d{2}/)) return 'yyyy-mm-dd';
  if (all(/^\d{1,2}-[A-Za-z]{3}-\d{4}$/)) return 'dd-mmm-yyyy';
  if (all(/^\d{1,2}\.\d{1,2}\.\d{4}$/)) return 'dd.mm.yyyy';
  if (all(/^\d{1,2}\/\d{1,2}\/\d{2}$/)) return 'dd/mm/yy';
  return 'dd/mm/yyyy';
}

/** Our category whose label or id matches the file's text exactly; else `other`. */
function likelyCategory(text: string): string {
  const t = text.trim().toLowerCase();
  return categories.find((c) => c === t || categoryLabels[c].toLowerCase() === t) ?? 'other';
}

/** The mapping form, rendered into the new-import page once the file's start has been read. */
export function ImportMappingFragment(props: { preview: PreviewView; fileName: string }) {
  const { preview } = props;
  const dateFormat = guessDateFormat(preview);
  return (
    <>
      <section class="card" aria-labelledby="mapping-title">
        <h2 id="mapping-title">Columns of {props.fileName || 'the file'}</h2>
        <p class="hint">
          {preview.columns.length} columns found. Check which column holds each field: the usual names are
          chosen for you.
        </p>
        <div class="mapping-grid">
          {mappingFields.map((f) => {
            const suggested = preview.suggestedMapping[f.key];
            const required = 'required' in f && f.required;
            return (
              <div class="field">
                <label for={`map-${f.key}`}>
                  {f.label}
                  {required ? null : <span class="hint"> (optional)</span>}
                </label>
                {'hint' in f ? (
                  <p class="hint" id={`map-${f.key}-hint`}>
                    {f.hint}
                  </p>
                ) : null}
                <select
                  id={`map-${f.key}`}
                  name={`map.${f.key}`}
                  required={required}
                  aria-describedby={'hint' in f ? `map-${f.key}-hint` : undefined}
                >
                  <option value="" selected={!suggested}>
                    {required ? 'Choose a column' : 'Not in the file'}
                  </option>
                  {preview.columns.map((column) => (
                    <option value={column.value} selected={column.value === suggested}>
                      {column.value.startsWith('#')
                        ? `${column.label} (column ${column.position})`
                        : column.label}
                    </option>
                  ))}
                </select>
              </div>
            );
          })}
          <div class="field">
            <label for="map-dateFormat">Date format</label>
            <p class="hint" id="map-dateFormat-hint">
              as the dates are written
            </p>
            <select id="map-dateFormat" name="dateFormat" aria-describedby="map-dateFormat-hint">
              {dateFormats.map((d) => (
                <option value={d} selected={d === dateFormat}>
                  {d}
                </option>
              ))}
            </select>
          </div>
        </div>
      </section>

      <CategoriesPanel preview={preview} />

      <section class="card" aria-labelledby="rows-title">
        <h2 id="rows-title">First rows</h2>
        <div class="table-wrap">
          <table class="preview-rows">
            <thead>
              <tr>
                {preview.columns.map((column) => (
                  <th scope="col">{column.label}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((row) => (
                <tr>
                  {preview.columns.map((_, i) => (
                    <td>{row[i] ?? ''}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <div class="actions">
        <button type="submit">Import the file</button>
      </div>
      <div id="upload-progress-wrap" class="field" hidden>
        <label for="upload-progress">Upload</label>
        <progress id="upload-progress" />
      </div>
    </>
  );
}

/**
 * The category texts of the chosen (or suggested) category column, each with the category it
 * counts as; fetched again on its own when the category column is chosen by hand.
 */
export function CategoriesPanel(props: { preview: Pick<PreviewView, 'categoriesSeen'> }) {
  const { preview } = props;
  return (
    <section class="card" id="import-categories" aria-labelledby="categories-title">
      <h2 id="categories-title">Categories</h2>
      {preview.categoriesSeen.length === 0 ? (
        <p class="hint">
          No category column was recognised, so every row counts as Other. Choose the category column above to
          import by category; texts not mapped count as Other.
        </p>
      ) : (
        <>
          <p class="hint">
            Each text seen in the category column of the file's first part, and the category it counts as.
            Texts further down the file that are not listed count as Other.
          </p>
          <div class="table-wrap">
            <table class="category-map">
              <thead>
                <tr>
                  <th scope="col">In the file</th>
                  <th scope="col">Counts as</th>
                </tr>
              </thead>
              <tbody>
                {preview.categoriesSeen.map((text, i) => (
                  <tr>
                    <th scope="row" id={`cat-${i}-text`}>
                      {text}
                      <input type="hidden" name={`cat.${i}.text`} value={text} />
                    </th>
                    <td>
                      <select name={`cat.${i}.value`} aria-labelledby={`cat-${i}-text`}>
                        {categories.map((c) => (
                          <option value={c} selected={c === likelyCategory(text)}>
                            {categoryLabels[c]}
                          </option>
                        ))}
                      </select>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

export function PreviewError(props: { message: string }) {
  return (
    <div class="notice error" role="alert">
      <h2>The file could not be read</h2>
      <p>{props.message}</p>
    </div>
  );
}

const statusWords: Record<string, string> = {
  waiting: 'waiting for the file',
  running: 'importing',
  'needs-review': 'waiting for review: nothing written',
  completed: 'completed',
  failed: 'failed',
  reverting: 'reverting: its rows are leaving the ledger',
  reverted: 'reverted',
};

export function progressText(imp: {
  status: string;
  rowsTotal: number | null;
  rowsProcessed: number;
  revertTotal?: number;
  revertDone?: number;
}): string {
  const n = (x: number) => x.toLocaleString('en-GB');
  if (imp.status === 'waiting') return 'Waiting for the file to arrive.';
  if (imp.status === 'reverting')
    return imp.revertTotal === undefined
      ? 'Reverting: finding the rows it wrote and restated…'
      : `Reverting: ${n(imp.revertDone ?? 0)} of ${n(imp.revertTotal)} rows taken back.`;
  if (imp.rowsTotal === null) return `Counting the rows… ${n(imp.rowsProcessed)} read so far.`;
  return `${n(imp.rowsProcessed)} of ${n(imp.rowsTotal)} rows processed.`;
}

/** The progress bar's value and maximum: rows read of the file's, or rows taken back while reverting. */
export function progressOf(imp: {
  status: string;
  rowsTotal: number | null;
  rowsProcessed: number;
  revertTotal?: number;
  revertDone?: number;
}): [number, number | null] {
  if (imp.status === 'reverting') return [imp.revertDone ?? 0, imp.revertTotal ?? null];
  return [imp.rowsProcessed, imp.rowsTotal];
}

export function ImportPage(props: {
  shell: Shell;
  organisation: Org;
  imp: ImportView;
  canWrite: boolean;
  /** A refusal of the last action on the page (confirm, retry, revert). */
  message?: string;
}) {
  const { imp } = props;
  const base = spendBase(props.organisation.id);
  const action = `${base}/imports/${encodeURIComponent(imp.id)}`;
  const finished =
    imp.status !== 'waiting' &&
    imp.status !== 'running' &&
    !(imp.status === 'reverting' && imp.revertRefused === undefined);
  const [progressValue, progressMax] = progressOf(imp);
  const quarters = Object.entries(imp.totalsByQuarter).sort(([a], [b]) => a.localeCompare(b));
  const n = (x: number) => x.toLocaleString('en-GB');
  return (
    <Layout shell={props.shell} title={`Import ${imp.fileName ?? imp.id} – ${props.organisation.name}`}>
      <Breadcrumbs org={props.organisation} />
      <h1>Import of {imp.fileName ?? 'a spend file'}</h1>
      <p class="meta">
        Started <DateText at={imp.createdAt} withTime /> by {imp.createdBy}
      </p>
      <div
        class="card import-progress"
        data-import-status-url={finished ? undefined : `${base}/imports/${encodeURIComponent(imp.id)}/status`}
      >
        <p>
          Status: <Badge value={imp.status} />{' '}
          <span class="visually-hidden">({statusWords[imp.status] ?? imp.status})</span>
        </p>
        {finished ? null : (
          <>
            <progress
              id="import-progress"
              max={progressMax ?? undefined}
              value={progressMax ? progressValue : undefined}
              aria-labelledby="import-progress-text"
            />
            <p id="import-progress-text" data-progress-text role="status" aria-live="polite">
              {progressText(imp)}
            </p>
          </>
        )}
        <FormError message={props.message} />
        {imp.status === 'failed' ? (
          <div class="notice error" role="alert">
            <p>The import failed: {imp.error ?? 'no reason was given'}.</p>
            {props.canWrite ? (
              <form method="post" action={`${action}/retry`} class="inline-form">
                <CsrfField token={props.shell.csrfToken} />
                <button type="submit" class="secondary">
                  Run it again on the same file
                </button>
              </form>
            ) : null}
          </div>
        ) : null}
        {imp.status === 'needs-review' ? (
          <ReviewNotice
            imp={imp}
            action={action}
            csrfToken={props.shell.csrfToken}
            canWrite={props.canWrite}
          />
        ) : null}
        {imp.status !== 'needs-review' && (imp.status === 'completed' || imp.rowsProcessed > 0) ? (
          <dl class="facts import-counts">
            <dt>Rows read</dt>
            <dd>{n(imp.rowsProcessed)}</dd>
            <dt>Imported</dt>
            <dd>{n(imp.rowsImported)}</dd>
            <dt>Already imported before</dt>
            <dd>{n(imp.rowsDuplicate)}</dd>
            <dt>Restated</dt>
            <dd>{n(imp.rowsRestated)}</dd>
            <dt>Rejected</dt>
            <dd>{n(imp.rowsRejected)}</dd>
          </dl>
        ) : null}
        {imp.status === 'completed' ? (
          <ImportSuppliersNotice
            organisationId={imp.organisationId}
            newSuppliers={imp.newSuppliers}
            unclassifiedPence={imp.unclassifiedPence}
          />
        ) : null}
        <FileFacts imp={imp} base={base} />
      </div>

      {quarters.length > 0 ? (
        <section aria-labelledby="by-quarter">
          <h2 id="by-quarter">Imported per quarter</h2>
          <div class="table-wrap">
            <table class="import-quarters">
              <thead>
                <tr>
                  <th scope="col">Quarter</th>
                  <th scope="col" class="num">
                    Amount imported
                  </th>
                </tr>
              </thead>
              <tbody>
                {quarters.map(([quarter, pence]) => (
                  <tr>
                    <th scope="row">{quarterLabel(quarter)}</th>
                    <td class="num">{formatPence(pence)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {imp.status === 'completed' ? (
            <p>
              <a href={base}>See the organisation's spend</a>
            </p>
          ) : null}
        </section>
      ) : null}

      {imp.rejected.length > 0 ? (
        <section aria-labelledby="rejected">
          <h2 id="rejected">Rejected rows</h2>
          <p class="hint">
            {imp.rowsRejected > imp.rejected.length
              ? `The first ${n(imp.rejected.length)} of ${n(imp.rowsRejected)} rejected rows.`
              : `${n(imp.rejected.length)} rows were not imported.`}{' '}
            Line numbers count the header as line 1, as a spreadsheet shows them.
          </p>
          <div class="table-wrap">
            <table class="rejected-rows">
              <thead>
                <tr>
                  <th scope="col" class="num">
                    Line
                  </th>
                  <th scope="col">Reason</th>
                </tr>
              </thead>
              <tbody>
                {imp.rejected.map((r) => (
                  <tr>
                    <td class="num">{r.row}</td>
                    <td>{r.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
      <RestatedRows imp={imp} />
      {imp.possibleDuplicates.length > 0 ? (
        <section aria-labelledby="possible-duplicates">
          <h2 id="possible-duplicates">Possible duplicates</h2>
          <p class="hint">
            These rows repeat another row of the file cell for cell and have no transaction number: two equal
            payments on one day may be real, so they were counted.
          </p>
          <ul>
            {imp.possibleDuplicates.map((p) => (
              <li>
                Line {p.row} repeats line {p.of}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <RevertSection imp={imp} action={action} csrfToken={props.shell.csrfToken} canWrite={props.canWrite} />
      {finished ? null : <script src={importJsPath} defer />}
    </Layout>
  );
}

export function ImportsPage(props: {
  shell: Shell;
  organisation: Org;
  imports: ImportListItem[];
  canWrite: boolean;
}) {
  const base = spendBase(props.organisation.id);
  return (
    <Layout shell={props.shell} title={`Imports – ${props.organisation.name}`}>
      <p class="meta">
        <a href={`/organisations/${encodeURIComponent(props.organisation.id)}`}>{props.organisation.name}</a>{' '}
        › <a href={base}>Spend</a>
      </p>
      <h1>Imports</h1>
      {props.canWrite ? (
        <p>
          <a class="button" href={`${base}/imports/new`}>
            Import a spend CSV
          </a>
        </p>
      ) : null}
      {props.imports.length === 0 ? (
        <p>No file has been imported yet.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Started</th>
                <th scope="col">By</th>
                <th scope="col">Status</th>
                <th scope="col" class="num">
                  Imported
                </th>
                <th scope="col" class="num">
                  Duplicates
                </th>
                <th scope="col" class="num">
                  Rejected
                </th>
              </tr>
            </thead>
            <tbody>
              {props.imports.map((imp) => (
                <tr>
                  <td>
                    <a href={`${base}/imports/${encodeURIComponent(imp.id)}`}>{imp.fileName ?? imp.id}</a>
                  </td>
                  <td>
                    <DateText at={imp.createdAt} withTime />
                  </td>
                  <td>{imp.createdBy}</td>
                  <td>
                    <Badge value={imp.status} />
                  </td>
                  <td class="num">{imp.rowsImported.toLocaleString('en-GB')}</td>
                  <td class="num">{imp.rowsDuplicate.toLocaleString('en-GB')}</td>
                  <td class="num">{imp.rowsRejected.toLocaleString('en-GB')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}
