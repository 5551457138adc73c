import { sectors } from '@compact-tracker/domain/schemas';
import { sectorLabel } from '../components/badges.tsx';
import { CsrfField, ErrorSummary, SelectField, TextField } from '../components/fields.tsx';
import { Layout, type Shell } from '../components/layout.tsx';
import type { FieldErrors, FormValues } from '../forms.ts';

export const organisationLabels = {
  name: 'Name',
  sector: 'Sector',
  postcode: 'Postcode',
  companyNumber: 'Company number',
  charityNumber: 'Charity number',
  website: 'Website',
};

/** A registration refused as a lookalike: the organisation already registered, and why. */
export type Lookalike = { organisationId: string; message: string };

export function NewOrganisationPage(props: {
  shell: Shell;
  values?: FormValues;
  errors?: FieldErrors;
  lookalike?: Lookalike;
}) {
  const common = { form: 'organisation', values: props.values, errors: props.errors };
  const existing = props.lookalike
    ? `/organisations/${encodeURIComponent(props.lookalike.organisationId)}`
    : '';
  return (
    <Layout shell={props.shell} title="Register an organisation">
      <h1>Register an organisation</h1>
      {props.lookalike ? (
        <div class="notice error" role="alert">
          <p>{props.lookalike.message}</p>
          <p>
            <a href={existing}>See the organisation already registered</a>. If it is yours, ask its
            representative to invite you:
          </p>
          <form method="post" action={`${existing}/join`} class="stack">
            <CsrfField token={props.shell.csrfToken} />
            <TextField
              form="join"
              name="message"
              label="A note to its representative"
              hint="Who you are there, so they know whom they invite."
            />
            <div class="actions">
              <button type="submit">Ask to be invited</button>
            </div>
          </form>
        </div>
      ) : null}
      <p class="lede">
        Register the organisation you represent. You become its representative: you can sign compacts for it,
        declare its procurement budget and invite colleagues.
      </p>
      <div class="card">
        <form method="post" action="/organisations" class="stack" novalidate>
          <ErrorSummary form="organisation" errors={props.errors} labels={organisationLabels} />
          <CsrfField token={props.shell.csrfToken} />
          <TextField {...common} name="name" label="Name" autocomplete="organization" required />
          <SelectField
            {...common}
            name="sector"
            label="Sector"
            options={sectors.map((s) => ({ value: s, label: capitalised(sectorLabel(s)) }))}
            required
          />
          <TextField
            {...common}
            name="postcode"
            label="Postcode"
            hint="Of the main office, such as B1 1BB."
            autocomplete="postal-code"
            required
          />
          <TextField
            {...common}
            name="companyNumber"
            label="Company number"
            hint="8 characters, as Companies House gives it."
          />
          <TextField {...common} name="charityNumber" label="Charity number" hint="Such as 1234567." />
          <TextField
            {...common}
            name="website"
            type="url"
            label="Website"
            hint="Starting https://"
            autocomplete="url"
          />
          <div class="actions">
            <button type="submit">Register the organisation</button>
          </div>
        </form>
      </div>
    </Layout>
  );
}

function capitalised(text: string) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
