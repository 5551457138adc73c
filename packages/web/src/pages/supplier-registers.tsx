import { Badge, DateText } from '../components/badges.tsx';
import { CsrfField } from '../components/fields.tsx';
import { Layout, type Shell } from '../components/layout.tsx';
import { importJsPath } from '../import-asset.ts';

// Loading an official register file (admins): choose the register, choose the file as published
// (zipped or not); the page's script creates the load, PUTs the file to its upload URL and opens
// the load's page, which follows its progress as an import's page does.

export type RegisterLoadView = {
  id: string;
  kind: 'companies-house' | 'charity-commission';
  status: 'waiting' | 'running' | 'completed' | 'failed';
  rowsProcessed: number;
  suppliersMatched: number;
  factsSet: number;
  numbersRefused: number;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  failure?: string;
};

export const registerNames: Record<RegisterLoadView['kind'], string> = {
  'companies-house': 'Companies House basic company data',
  'charity-commission': 'Charity Commission register extract (charity table)',
};

const n = (value: number) => value.toLocaleString('en-GB');

/** What a load has done so far, in words (the page and its status route). */
export function registerProgressText(load: RegisterLoadView): string {
  if (load.status === 'waiting') return 'Waiting for the file…';
  return `${n(load.rowsProcessed)} rows read, ${n(load.suppliersMatched)} suppliers matched so far.`;
}

export function NewRegisterLoadPage(props: { shell: Shell }) {
  return (
    <Layout shell={props.shell} title="Load a register file">
      <h1>Load a register file</h1>
      <p class="lede">
        Official register files, as published, give suppliers their facts: Companies House "basic company
        data" (the registered office's postcode; SME from the accounts category; community interest companies
        are VCSEs) and the Charity Commission's register extract (charities are VCSEs, with their contact
        postcode). Suppliers are matched by company number, charity number or normalised name. A fact an
        officer set wins over the register's.
      </p>
      <form
        id="import-form"
        class="card"
        method="post"
        action="/supplier-registers"
        data-create-url="/supplier-registers"
        data-noun="load"
      >
        <CsrfField token={props.shell.csrfToken} />
        <div class="field">
          <label for="register-kind">Register</label>
          <select id="register-kind" name="kind" required>
            {Object.entries(registerNames).map(([value, label]) => (
              <option value={value}>{label}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="register-file">Register file</label>
          <p class="hint" id="register-file-hint">
            CSV, tab-delimited text or JSON, zipped or not; a file of a few million rows is read as it streams
          </p>
          <input id="register-file" name="file" type="file" required aria-describedby="register-file-hint" />
        </div>
        <div id="upload-progress-wrap" hidden>
          <label for="upload-progress">Upload</label>
          <progress id="upload-progress" />
        </div>
        <div id="import-status" role="status" aria-live="polite" />
        <button type="submit" class="button">
          Load the file
        </button>
      </form>
      <script src={importJsPath} defer />
    </Layout>
  );
}

export function RegisterLoadPage(props: { shell: Shell; load: RegisterLoadView }) {
  const { load } = props;
  const finished = load.status === 'completed' || load.status === 'failed';
  return (
    <Layout shell={props.shell} title={`Register load – ${registerNames[load.kind]}`}>
      <p class="meta">
        <a href="/supplier-registers">Load another register file</a>
      </p>
      <h1>{registerNames[load.kind]}</h1>
      <p class="meta">
        Started <DateText at={load.createdAt} withTime />
      </p>
      <div
        class="card import-progress"
        data-import-status-url={
          finished ? undefined : `/supplier-registers/${encodeURIComponent(load.id)}/status`
        }
      >
        <p>
          Status: <Badge value={load.status} />
        </p>
        {finished ? null : (
          <>
            <progress id="import-progress" aria-labelledby="import-progress-text" />
            <p id="import-progress-text" data-progress-text role="status" aria-live="polite">
              {registerProgressText(load)}
            </p>
          </>
        )}
        {load.status === 'failed' ? (
          <div class="notice error" role="alert">
            <p>The load failed: {load.failure ?? 'no reason was given'}.</p>
          </div>
        ) : null}
        {load.rowsProcessed > 0 || load.status === 'completed' ? (
          <dl class="facts register-counts">
            <dt>Rows read</dt>
            <dd>{n(load.rowsProcessed)}</dd>
            <dt>Suppliers matched</dt>
            <dd>{n(load.suppliersMatched)}</dd>
            <dt>Facts set</dt>
            <dd>{n(load.factsSet)}</dd>
            <dt>Numbers refused (held by another supplier)</dt>
            <dd>{n(load.numbersRefused)}</dd>
          </dl>
        ) : null}
      </div>
      {finished ? null : <script src={importJsPath} defer />}
    </Layout>
  );
}
