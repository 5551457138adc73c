import { formatPence } from '@compact-tracker/domain/money';
import { CsrfField, ErrorSummary, FormError, SelectField, TextField } from '../components/fields.tsx';
import { Layout, type Shell } from '../components/layout.tsx';
import type { FieldErrors, FormValues } from '../forms.ts';
import { type SharesView, SupplierShares } from './supplier-shares.tsx';

// Supplier pages: an organisation's suppliers (spend, rows, largest first, search, unclassified
// filter, running coverage), a supplier's public page (facts, names, history) with the classify
// form, and a partnership's shared suppliers with its area form.

const yesNo = (value: boolean | null) => (value === true ? 'Yes' : value === false ? 'No' : '–');
const percent = (fraction: number) => `${Math.round(fraction * 100)}%`;

export type SupplierListItem = {
  supplierId: string;
  name: string;
  spendPence: number;
  rows: number;
  postcode: string | null;
  sme: boolean | null;
  vcse: boolean | null;
  cumulativeShare: number;
  local?: boolean | null;
  partners?: number;
  interPartner?: boolean;
  undisclosed?: boolean;
};

export type SupplierListSummary = {
  suppliers: number;
  spendPence: number;
  unclassifiedSuppliers: number;
  unclassifiedPence: number;
  interPartnerPence?: number;
};

function Coverage(props: { items: SupplierListItem[]; summary: SupplierListSummary }) {
  const largest = props.items.slice(0, 50);
  const last = largest.at(-1);
  return (
    <p class="meta">
      {props.summary.suppliers} suppliers, {formatPence(props.summary.spendPence)} in all;{' '}
      <strong>{formatPence(props.summary.unclassifiedPence)}</strong> with{' '}
      {props.summary.unclassifiedSuppliers} suppliers not yet classified.
      {last ? ` The ${largest.length} largest cover ${percent(last.cumulativeShare)} of spend.` : ''}
    </p>
  );
}

/** A supplier table's row header: the supplier's name, linking to its page. */
function SupplierCell(props: { item: SupplierListItem }) {
  return (
    <th scope="row">
      <a href={`/suppliers/${encodeURIComponent(props.item.supplierId)}`}>{props.item.name}</a>
    </th>
  );
}

function Filters(props: { action: string; q: string; unclassified: boolean }) {
  return (
    <form class="card no-print" method="get" action={props.action}>
      <div class="actions">
        <div class="field">
          <label for="suppliers-q">Search suppliers</label>
          <input id="suppliers-q" name="q" type="search" value={props.q} maxlength={64} />
        </div>
        <div class="field">
          <label>
            <input type="checkbox" name="unclassified" value="true" checked={props.unclassified} /> Only
            unclassified
          </label>
        </div>
        <button type="submit" class="button secondary">
          Show
        </button>
      </div>
    </form>
  );
}

export function OrganisationSuppliersPage(props: {
  shell: Shell;
  organisation: { id: string; name: string };
  items: SupplierListItem[];
  summary: SupplierListSummary;
  q: string;
  unclassified: boolean;
  partnerships: { id: string; name: string }[];
  localTo: Record<string, Record<string, boolean | null>>;
  shares: SharesView[];
}) {
  const org = props.organisation;
  return (
    <Layout shell={props.shell} title={`Suppliers – ${org.name}`}>
      <p class="meta">
        <a href={`/organisations/${encodeURIComponent(org.id)}`}>{org.name}</a>
      </p>
      <h1>Suppliers</h1>
      <p class="lede">
        Who the imported spend went to, largest first. Classify a supplier once (postcode, SME, VCSE) and
        every row that pays it counts.
      </p>
      <Coverage items={props.items} summary={props.summary} />
      <SupplierShares shares={props.shares} />
      <Filters
        action={`/organisations/${encodeURIComponent(org.id)}/suppliers`}
        q={props.q}
        unclassified={props.unclassified}
      />
      {props.items.length === 0 ? (
        <div class="notice info">
          <p>No suppliers to show.</p>
        </div>
      ) : (
        <div class="table-wrap">
          <table class="supplier-table">
            <thead>
              <tr>
                <th scope="col">Supplier</th>
                <th scope="col" class="num">
                  Spend
                </th>
                <th scope="col" class="num">
                  Rows
                </th>
                <th scope="col">Postcode</th>
                {props.partnerships.map((p) => (
                  <th scope="col">Local to {p.name}</th>
                ))}
                <th scope="col">SME</th>
                <th scope="col">VCSE</th>
                <th scope="col" class="num">
                  Running coverage
                </th>
              </tr>
            </thead>
            <tbody>
              {props.items.map((s) => (
                <tr>
                  <SupplierCell item={s} />
                  <td class="num">{formatPence(s.spendPence)}</td>
                  <td class="num">{s.rows}</td>
                  <td>{s.postcode ?? '–'}</td>
                  {props.partnerships.map((p) => (
                    <td>{yesNo(props.localTo[s.supplierId]?.[p.id] ?? null)}</td>
                  ))}
                  <td>{yesNo(s.sme)}</td>
                  <td>{yesNo(s.vcse)}</td>
                  <td class="num">{percent(s.cumulativeShare)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

export type SupplierView = {
  id: string;
  name: string;
  undisclosed: boolean;
  names: { name: string; normalisedName: string; rule: string }[];
  postcode: string | null;
  companyNumber: string | null;
  charityNumber: string | null;
  sme: boolean | null;
  vcse: boolean | null;
  publicBody: boolean | null;
  organisationId: string | null;
  facts: {
    field: string;
    value: string | boolean;
    source: string;
    setAt: string;
    setBy: string;
    inForce: boolean;
  }[];
  history: {
    id: string;
    field: string;
    source: string;
    value: string | boolean | null;
    previous: string | boolean | null;
    setAt: string;
    setBy: string;
  }[];
};

const fieldLabels: Record<string, string> = {
  postcode: 'Postcode',
  companyNumber: 'Company number',
  charityNumber: 'Charity number',
  sme: 'SME',
  vcse: 'VCSE',
  publicBody: 'Public body',
  organisationId: 'Organisation of this tracker',
};
const shown = (value: string | boolean | null) =>
  typeof value === 'boolean' ? yesNo(value) : (value ?? '–');
const ruleLabels: Record<string, string> = {
  name: 'normalised name',
  'company-number': 'company number',
  'charity-number': 'charity number',
  officer: 'pointed here by an officer',
  undisclosed: 'undisclosed',
};
/** The classify form's fields: text facts, then yes / no / unknown facts. */
const textFacts = ['postcode', 'companyNumber', 'charityNumber'] as const;
const yesNoFacts = ['sme', 'vcse', 'publicBody'] as const;
const triState = [
  { value: '', label: 'Keep as it is' },
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
  { value: 'unknown', label: 'Unknown (clear)' },
];

export function SupplierPage(props: {
  shell: Shell;
  supplier: SupplierView;
  canClassify: boolean;
  values?: FormValues;
  errors?: FieldErrors;
  formError?: string | null;
}) {
  const s = props.supplier;
  return (
    <Layout shell={props.shell} title={s.name}>
      <h1>{s.name}</h1>
      {s.undisclosed ? (
        <p class="lede">Blank and redacted supplier names of one organisation: never classified.</p>
      ) : null}
      <section aria-labelledby="facts">
        <h2 id="facts">Facts</h2>
        <dl class="facts">
          {(
            [
              'postcode',
              'companyNumber',
              'charityNumber',
              'sme',
              'vcse',
              'publicBody',
              'organisationId',
            ] as const
          ).map((field) => (
            <>
              <dt>{fieldLabels[field]}</dt>
              <dd>{shown(s[field])}</dd>
            </>
          ))}
        </dl>
        {s.facts.length > 0 ? (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Fact</th>
                  <th scope="col">Value</th>
                  <th scope="col">Source</th>
                  <th scope="col">Set by</th>
                  <th scope="col">When</th>
                </tr>
              </thead>
              <tbody>
                {s.facts.map((f) => (
                  <tr>
                    <td>{fieldLabels[f.field] ?? f.field}</td>
                    <td>
                      {shown(f.value)}
                      {f.inForce ? '' : ' (overridden)'}
                    </td>
                    <td>{f.source}</td>
                    <td>{f.setBy}</td>
                    <td>{f.setAt.slice(0, 10)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
      {props.canClassify && !s.undisclosed ? (
        <section aria-labelledby="classify" class="card no-print">
          <h2 id="classify">Classify</h2>
          <FormError message={props.formError} />
          <ErrorSummary form="classify" errors={props.errors} labels={fieldLabels} />
          <form method="post" action={`/suppliers/${encodeURIComponent(s.id)}`}>
            <CsrfField token={props.shell.csrfToken} />
            {textFacts.map((name) => (
              <TextField
                form="classify"
                name={name}
                label={fieldLabels[name] ?? name}
                {...(name === 'postcode' ? { hint: 'Leave blank to keep it' } : {})}
                values={props.values}
                errors={props.errors}
              />
            ))}
            {yesNoFacts.map((name) => (
              <SelectField
                form="classify"
                name={name}
                label={fieldLabels[name] ?? name}
                options={triState}
                values={props.values}
                errors={props.errors}
              />
            ))}
            <button type="submit" class="button">
              Save facts
            </button>
          </form>
        </section>
      ) : null}
      <section aria-labelledby="names">
        <h2 id="names">Names seen</h2>
        <ul>
          {s.names.map((n) => (
            <li>
              {n.name} <span class="meta">({ruleLabels[n.rule] ?? n.rule})</span>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="history">
        <h2 id="history">History</h2>
        {s.history.length === 0 ? (
          <p class="meta">No fact has been set yet.</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Fact</th>
                  <th scope="col">From</th>
                  <th scope="col">To</th>
                  <th scope="col">Source</th>
                  <th scope="col">Set by</th>
                </tr>
              </thead>
              <tbody>
                {s.history.map((h) => (
                  <tr>
                    <td>{h.setAt.slice(0, 16).replace('T', ' ')}</td>
                    <td>{fieldLabels[h.field] ?? h.field}</td>
                    <td>{shown(h.previous)}</td>
                    <td>{shown(h.value)}</td>
                    <td>{h.source}</td>
                    <td>{h.setBy}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </Layout>
  );
}

export function PartnershipSuppliersPage(props: {
  shell: Shell;
  partnership: { id: string; name: string; areaPostcodes: string[] };
  items: SupplierListItem[];
  summary: SupplierListSummary;
  q: string;
  unclassified: boolean;
  canSetArea: boolean;
  areaValue?: string;
  areaError?: string;
}) {
  const p = props.partnership;
  const base = `/partnerships/${encodeURIComponent(p.id)}`;
  return (
    <Layout shell={props.shell} title={`Shared suppliers – ${p.name}`}>
      <p class="meta">{p.name}</p>
      <h1>Shared suppliers</h1>
      <p class="lede">
        The signatories' suppliers by combined spend: the firms to engage together. Local means inside the
        partnership's area ({p.areaPostcodes.length > 0 ? p.areaPostcodes.join(', ') : 'not defined yet'}).
      </p>
      {props.canSetArea ? (
        <section aria-labelledby="area" class="card no-print">
          <h2 id="area">Area</h2>
          <form method="post" action={`${base}/area`}>
            <CsrfField token={props.shell.csrfToken} />
            <TextField
              form="area"
              name="postcodes"
              label="Postcode areas or districts"
              hint='Separated by commas or spaces, such as "B, WS1, DY4"'
              values={{ postcodes: props.areaValue ?? p.areaPostcodes.join(', ') }}
              errors={props.areaError ? { postcodes: props.areaError } : undefined}
              required
            />
            <button type="submit" class="button">
              Save area
            </button>
          </form>
        </section>
      ) : null}
      <Coverage items={props.items} summary={props.summary} />
      {props.summary.interPartnerPence ? (
        <p class="meta">{formatPence(props.summary.interPartnerPence)} was paid between partners.</p>
      ) : null}
      <Filters action={`${base}/suppliers`} q={props.q} unclassified={props.unclassified} />
      <div class="table-wrap">
        <table class="supplier-table">
          <thead>
            <tr>
              <th scope="col">Supplier</th>
              <th scope="col" class="num">
                Combined spend
              </th>
              <th scope="col" class="num">
                Partners paying
              </th>
              <th scope="col">Local</th>
              <th scope="col">SME</th>
              <th scope="col">VCSE</th>
              <th scope="col">Between partners</th>
            </tr>
          </thead>
          <tbody>
            {props.items.map((s) => (
              <tr>
                <SupplierCell item={s} />
                <td class="num">{formatPence(s.spendPence)}</td>
                <td class="num">{s.partners ?? 1}</td>
                <td>{yesNo(s.local ?? null)}</td>
                <td>{yesNo(s.sme)}</td>
                <td>{yesNo(s.vcse)}</td>
                <td>{s.interPartner ? 'Yes' : 'No'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}
