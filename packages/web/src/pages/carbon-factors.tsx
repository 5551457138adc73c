import type { getCarbonFactors } from '@compact-tracker/api/services/carbon-factors';
import { categoryLabels } from '@compact-tracker/domain/categories';
import { DateText } from '../components/badges.tsx';
import { CsrfField, ErrorSummary, FormError, TextField } from '../components/fields.tsx';
import { Layout, type Shell } from '../components/layout.tsx';
import type { FieldErrors, FormValues } from '../forms.ts';

export type CarbonFactorsView = Awaited<ReturnType<typeof getCarbonFactors>>;

export type UploadOutcome = { rowsRead: number; rejected: { row: number; reason: string }[] };

export type CarbonFactorsPageProps = {
  shell: Shell;
  table: CarbonFactorsView;
  canReplace: boolean;
  values?: FormValues;
  errors?: FieldErrors;
  message?: string;
  outcome?: UploadOutcome;
};

const factorFormat = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 3, maximumFractionDigits: 6 });

export function CarbonFactorsPage(props: CarbonFactorsPageProps) {
  const { table } = props;
  return (
    <Layout shell={props.shell} title="Carbon factors">
      <h1>Carbon factors</h1>
      <p class="lede">
        Emissions of what is bought are estimated by the spend-based method (GHG Protocol Scope 3, category
        1): spend in pounds times the category's factor in kilograms of CO<sub>2</sub>e per pound. The factors
        come from the UK government's SIC multipliers; a category without its own uses the mean of all of
        them.
      </p>
      {props.outcome ? (
        <div class="notice success" role="status">
          <p>
            The factors are replaced: {props.outcome.rowsRead} rows read
            {props.outcome.rejected.length > 0 ? `, ${props.outcome.rejected.length} rows not readable` : ''}.
          </p>
          {props.outcome.rejected.length > 0 ? (
            <ul class="rejected-list">
              {props.outcome.rejected.slice(0, 200).map((r) => (
                <li>
                  Line {r.row}: {r.reason}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <p class="meta">
        {table.description ?? 'The built-in table.'}
        {table.replacedAt ? (
          <>
            {' '}
            Replaced <DateText at={table.replacedAt} withTime />
            {table.replacedBy ? ` by ${table.replacedBy}` : ''}.
          </>
        ) : null}
      </p>
      <div class="table-wrap">
        <table class="carbon-factors">
          <thead>
            <tr>
              <th scope="col">Category</th>
              <th scope="col" class="num">
                kgCO<sub>2</sub>e per £
              </th>
              <th scope="col">Source</th>
              <th scope="col" class="num">
                Year
              </th>
            </tr>
          </thead>
          <tbody>
            {table.factors.map((f) => (
              <tr>
                <th scope="row">{categoryLabels[f.category]}</th>
                <td class="num">{factorFormat.format(f.kgCo2ePerPound)}</td>
                <td>
                  {f.source}
                  {f.isDefault ? (
                    <>
                      {' '}
                      <span class="badge default">default</span>
                    </>
                  ) : null}
                </td>
                <td class="num">{f.year}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="hint">
        <span class="badge default">default</span> marks a category with no factor of its own: it takes the
        default, {factorFormat.format(table.defaultFactor.kgCo2ePerPound)} kgCO<sub>2</sub>e per £ (
        {table.defaultFactor.source}, {table.defaultFactor.year}).
      </p>

      {props.canReplace ? <UploadForm {...props} /> : null}
    </Layout>
  );
}

function UploadForm(props: CarbonFactorsPageProps) {
  const common = { form: 'factors', values: props.values, errors: props.errors };
  return (
    <div class="card no-print">
      <form method="post" action="/carbon-factors" enctype="multipart/form-data" class="stack" novalidate>
        <h2>Replace the factors</h2>
        <p class="hint">
          Upload the GHG SIC multipliers sheet of "UK and England's carbon footprint", saved as CSV (a column
          of SIC codes and a column of kgCO<sub>2</sub>e per £). It replaces the table for every partnership.
        </p>
        <FormError message={props.message} />
        <ErrorSummary
          form="factors"
          errors={props.errors}
          labels={{ file: 'File', source: 'Source', year: 'Year' }}
        />
        <CsrfField token={props.shell.csrfToken} />
        <div class={`field${props.errors?.file ? ' has-error' : ''}`}>
          <label for="factors-file">SIC multipliers CSV</label>
          {props.errors?.file ? (
            <p class="error-message" id="factors-file-error">
              <span class="visually-hidden">Error: </span>
              {props.errors.file}
            </p>
          ) : null}
          <input
            type="file"
            id="factors-file"
            name="file"
            accept=".csv,text/csv"
            required
            aria-invalid={props.errors?.file ? 'true' : undefined}
            aria-describedby={props.errors?.file ? 'factors-file-error' : undefined}
          />
        </div>
        <TextField
          {...common}
          name="source"
          label="Source"
          hint="Such as: DESNZ, UK and England's carbon footprint to 2021, GHG SIC multipliers"
          required
        />
        <TextField
          {...common}
          name="year"
          label="Year of the figures"
          hint="Such as 2021"
          inputmode="numeric"
          required
        />
        <div class="actions">
          <button type="submit">Replace the factors</button>
        </div>
      </form>
    </div>
  );
}
