import { factFields } from '@compact-tracker/domain/supplier-facts';
import { CsrfField, ErrorSummary, FormError, SelectField, TextField } from '../components/fields.tsx';
import { Layout, type Shell } from '../components/layout.tsx';
import type { FieldErrors, FormValues } from '../forms.ts';
import { yesNo } from './suppliers.tsx';

// A supplier's public page: its facts with their sources, the names it was seen under and the
// history of its facts. Those who may also get the forms: classify it (facts, "this is partner X"),
// put a fact back to an earlier value, and point a name of their organisation's rows elsewhere.

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
    /** Who, in words: an organisation's or partnership's name, an admin, a register file. */
    setByName?: string;
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
    setByName?: string;
  }[];
};

/** What the caller may do here (from the service), and the choices its forms offer. */
export type SupplierPageActions = {
  classify: boolean;
  restore: boolean;
  pointFor: { id: string; name: string }[];
  partners: { id: string; name: string }[];
};

/** Which form a submission came from, with what was entered and what was wrong. */
export type SupplierFormState = {
  form: 'classify' | 'point';
  values: FormValues;
  errors?: FieldErrors;
  formError?: string;
};

export const fieldLabels: Record<string, string> = {
  postcode: 'Postcode',
  companyNumber: 'Company number',
  charityNumber: 'Charity number',
  sme: 'SME',
  vcse: 'VCSE',
  publicBody: 'Public body',
  organisationId: 'Partner of this tracker',
  name: 'Name in your rows',
  target: 'The right supplier',
  organisation: 'Organisation',
};
const ruleLabels: Record<string, string> = {
  name: 'normalised name',
  'company-number': 'company number',
  'charity-number': 'charity number',
  officer: 'pointed here by an officer',
  undisclosed: 'undisclosed',
};
const triState = [
  { value: '', label: 'Keep as it is' },
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
  { value: 'unknown', label: 'Unknown (clear)' },
];

export function SupplierPage(props: {
  shell: Shell;
  supplier: SupplierView;
  actions: SupplierPageActions;
  state?: SupplierFormState;
}) {
  const s = props.supplier;
  const partnerName = (id: string | null) =>
    id ? (props.actions.partners.find((p) => p.id === id)?.name ?? id) : null;
  const shown = (field: string, value: string | boolean | null) =>
    typeof value === 'boolean'
      ? yesNo(value)
      : field === 'organisationId'
        ? (partnerName(value) ?? '–')
        : (value ?? '–');
  return (
    <Layout shell={props.shell} title={s.name}>
      <h1>{s.name}</h1>
      {s.undisclosed ? (
        <p class="lede">Blank and redacted supplier names of one organisation: never classified.</p>
      ) : null}
      <section aria-labelledby="facts">
        <h2 id="facts">Facts</h2>
        <dl class="facts">
          {factFields.map((field) => (
            <>
              <dt>{fieldLabels[field]}</dt>
              <dd>{shown(field, s[field])}</dd>
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
                      {shown(f.field, f.value)}
                      {f.inForce ? '' : ' (overridden)'}
                    </td>
                    <td>{f.source}</td>
                    <td>{f.setByName ?? f.setBy}</td>
                    <td>{f.setAt.slice(0, 10)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
      {props.actions.classify && !s.undisclosed ? (
        <ClassifyForm
          supplierId={s.id}
          csrfToken={props.shell.csrfToken}
          partners={props.actions.partners}
          state={props.state?.form === 'classify' ? props.state : undefined}
        />
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
      {props.actions.pointFor.length > 0 && !s.undisclosed && s.names.length > 0 ? (
        <PointNameForm
          supplier={s}
          csrfToken={props.shell.csrfToken}
          organisations={props.actions.pointFor}
          state={props.state?.form === 'point' ? props.state : undefined}
        />
      ) : null}
      <History supplier={s} restore={props.actions.restore} csrfToken={props.shell.csrfToken} shown={shown} />
    </Layout>
  );
}

function ClassifyForm(props: {
  supplierId: string;
  csrfToken: string;
  partners: { id: string; name: string }[];
  state?: SupplierFormState;
}) {
  const common = { form: 'classify', values: props.state?.values, errors: props.state?.errors };
  return (
    <section aria-labelledby="classify" class="card no-print">
      <h2 id="classify">Classify</h2>
      <FormError message={props.state?.formError} />
      <ErrorSummary form="classify" errors={props.state?.errors} labels={fieldLabels} />
      <form method="post" action={`/suppliers/${encodeURIComponent(props.supplierId)}`}>
        <CsrfField token={props.csrfToken} />
        <TextField {...common} name="postcode" label="Postcode" hint="Leave blank to keep it" />
        <TextField {...common} name="companyNumber" label="Company number" />
        <TextField {...common} name="charityNumber" label="Charity number" />
        <SelectField {...common} name="sme" label="SME" options={triState} />
        <SelectField {...common} name="vcse" label="VCSE" options={triState} />
        <SelectField {...common} name="publicBody" label="Public body" options={triState} />
        {props.partners.length > 0 ? (
          <SelectField
            {...common}
            name="organisationId"
            label="Partner of this tracker"
            hint="When this supplier is one of the partners: payments to it are spend between partners"
            options={[
              { value: '', label: 'Keep as it is' },
              ...props.partners.map((p) => ({ value: p.id, label: p.name })),
              { value: 'none', label: 'Not a partner (clear)' },
            ]}
          />
        ) : null}
        <button type="submit" class="button">
          Save facts
        </button>
      </form>
    </section>
  );
}

function PointNameForm(props: {
  supplier: SupplierView;
  csrfToken: string;
  organisations: { id: string; name: string }[];
  state?: SupplierFormState;
}) {
  const common = { form: 'point', values: props.state?.values, errors: props.state?.errors };
  const [only] = props.organisations;
  return (
    <section aria-labelledby="point" class="card no-print">
      <h2 id="point">A wrong match?</h2>
      <p>
        Point a name of {props.organisations.length === 1 && only ? `${only.name}'s` : 'your organisation’s'}{' '}
        rows at the supplier it really is. The rows already imported under that name move there now, with
        their spend, and so do the rows imported from now on; your local, SME and VCSE totals then follow that
        supplier's facts (a row's own columns saying so still win).
      </p>
      <FormError message={props.state?.formError} />
      <ErrorSummary form="point" errors={props.state?.errors} labels={fieldLabels} />
      <form method="post" action={`/suppliers/${encodeURIComponent(props.supplier.id)}/names`}>
        <CsrfField token={props.csrfToken} />
        {props.organisations.length === 1 && only ? (
          <input type="hidden" name="organisation" value={only.id} />
        ) : (
          <SelectField
            {...common}
            name="organisation"
            label="Organisation"
            options={props.organisations.map((o) => ({ value: o.id, label: o.name }))}
          />
        )}
        <SelectField
          {...common}
          name="name"
          label="Name in your rows"
          options={props.supplier.names.map((n) => ({ value: n.name, label: n.name }))}
        />
        <TextField
          {...common}
          name="target"
          label="The right supplier"
          hint="The address of its page here (such as /suppliers/01J…) or its id"
          required
        />
        <button type="submit" class="button secondary">
          Point the name there
        </button>
      </form>
    </section>
  );
}

function History(props: {
  supplier: SupplierView;
  restore: boolean;
  csrfToken: string;
  shown: (field: string, value: string | boolean | null) => string;
}) {
  const s = props.supplier;
  return (
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
                {props.restore ? (
                  <th scope="col" class="no-print">
                    <span class="visually-hidden">Put back</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {s.history.map((h) => (
                <tr>
                  <td>{h.setAt.slice(0, 16).replace('T', ' ')}</td>
                  <td>{fieldLabels[h.field] ?? h.field}</td>
                  <td>{props.shown(h.field, h.previous)}</td>
                  <td>{props.shown(h.field, h.value)}</td>
                  <td>{h.source}</td>
                  <td>{h.setByName ?? h.setBy}</td>
                  {props.restore ? (
                    <td class="no-print">
                      <form
                        method="post"
                        action={`/suppliers/${encodeURIComponent(s.id)}/history/${encodeURIComponent(h.id)}/restore`}
                      >
                        <CsrfField token={props.csrfToken} />
                        <button type="submit" class="button secondary">
                          Put this value back
                        </button>
                      </form>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
