import { type Category, categories, categoryLabels } from '@compact-tracker/domain/categories';
import { formatPence } from '@compact-tracker/domain/money';
import type { SpendLine } from '@compact-tracker/domain/spend';
import { DateText } from '../components/badges.tsx';
import { CheckboxField, CsrfField, FormError } from '../components/fields.tsx';
import { Layout, type Shell } from '../components/layout.tsx';
import type { FieldErrors, FormValues } from '../forms.ts';
import { quarterLabel } from '../spend-view.ts';
import { QuarterPicker, spendBase } from './spend.tsx';

export const returnParts = [
  { key: 'total', field: 'totalPence', label: 'Total' },
  { key: 'local', field: 'localPence', label: 'Local' },
  { key: 'sme', field: 'smePence', label: 'SME' },
  { key: 'vcse', field: 'vcsePence', label: 'VCSE' },
  { key: 'criteria', field: 'criteriaPence', label: 'Criteria' },
] as const;

export type ReturnRevision = {
  revision: number;
  submittedAt: string;
  submittedBy: string;
  lines: SpendLine[];
  nil?: boolean;
};

export type SpendReturnPageProps = {
  shell: Shell;
  organisation: { id: string; name: string };
  quarter: string;
  canWrite: boolean;
  recentQuarters: string[];
  /** Field `{category}.{part}` -> pounds text; `nil` and `confirmImported` -> "yes" when ticked. */
  values: FormValues;
  /** The quarter's imported total per category (pence), non-zero ones only. */
  importedByCategory: Partial<Record<Category, number>>;
  /** Ask the officer to confirm lines equal to their category's imported total. */
  askConfirmImported?: boolean;
  errors?: FieldErrors;
  message?: string;
  current: ReturnRevision | null;
  /** Every revision, newest first (the current one among them). */
  history: ReturnRevision[];
};

export const fieldName = (category: Category, part: string) => `${category}.${part}`;

const lineTotal = (lines: SpendLine[]) => lines.reduce((sum, l) => sum + l.totalPence, 0);

export function SpendReturnPage(props: SpendReturnPageProps) {
  const { organisation: org, quarter } = props;
  const base = spendBase(org.id);
  const errorCount = Object.keys(props.errors ?? {}).length;
  const imported = props.importedByCategory;
  const anyImported = Object.keys(imported).length > 0;
  return (
    <Layout shell={props.shell} title={`Return for ${quarter} – ${org.name}`}>
      <p class="meta">
        <a href={`/organisations/${encodeURIComponent(org.id)}`}>{org.name}</a> › <a href={base}>Spend</a>
      </p>
      <h1>Spend return: {quarterLabel(quarter)}</h1>
      <FormError message={props.message} />
      {props.canWrite ? (
        <>
          <div class="no-print">
            <QuarterPicker base={base} quarters={props.recentQuarters} selected={quarter} />
          </div>
          <p class="lede">
            One amount per category, in pounds, for everything bought in the quarter. Saving replaces the
            quarter's previous return (which stays in the history below). Leave a category blank for none; a
            negative total is a credit, its parts then between the total and zero.
          </p>
          <p class="hint">
            The return is for spend that the imported files do not carry: payments under the publishing
            threshold, purchase cards, bodies that publish no file. The quarter's total is the imported
            transactions plus this return, so do not type imported spend again.
            {anyImported ? ' What is already imported in each category is shown beside it.' : ''}
          </p>
          {errorCount > 0 ? (
            <div class="notice error" role="alert" aria-labelledby="return-error-title">
              <h2 id="return-error-title">There is a problem</h2>
              <ul>
                {Object.entries(props.errors ?? {}).map(([name, message]) => {
                  if (!name.includes('.')) {
                    return (
                      <li>
                        <a href={`#return-${name}`}>{message}</a>
                      </li>
                    );
                  }
                  const [category, part] = name.split('.') as [Category, string];
                  const label = returnParts.find((p) => p.key === part)?.label ?? part;
                  return (
                    <li>
                      <a href={`#return-${category}-${part}`}>
                        {categoryLabels[category] ?? category}, {label}: {message}
                      </a>
                    </li>
                  );
                })}
              </ul>
            </div>
          ) : null}
          <form method="post" action={`${base}/${quarter}/return`} novalidate class="return-form">
            <CsrfField token={props.shell.csrfToken} />
            <div class="table-wrap">
              <table class="return-table">
                <caption>Amounts in pounds (£)</caption>
                <thead>
                  <tr>
                    <th scope="col">Category</th>
                    <th scope="col" class="num" id="col-imported">
                      Imported
                    </th>
                    {returnParts.map((p) => (
                      <th scope="col" class="num" id={`col-${p.key}`}>
                        {p.label}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {categories.map((category) => (
                    <tr>
                      <th scope="row" id={`row-${category}`}>
                        {categoryLabels[category]}
                      </th>
                      <td class="num imported" id={`imported-${category}`}>
                        {imported[category] === undefined ? (
                          <span class="meta">–</span>
                        ) : (
                          formatPence(imported[category])
                        )}
                      </td>
                      {returnParts.map((p) => {
                        const name = fieldName(category, p.key);
                        const id = `return-${category}-${p.key}`;
                        const error = props.errors?.[name];
                        return (
                          <td class={`num${error ? ' has-error' : ''}`}>
                            <input
                              type="text"
                              inputmode="decimal"
                              id={id}
                              name={name}
                              value={props.values[name] ?? ''}
                              aria-labelledby={`row-${category} col-${p.key}`}
                              aria-invalid={error ? 'true' : undefined}
                              aria-describedby={error ? `${id}-error` : undefined}
                              autocomplete="off"
                            />
                            {error ? (
                              <p class="error-message" id={`${id}-error`}>
                                <span class="visually-hidden">Error: </span>
                                {error}
                              </p>
                            ) : null}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <CheckboxField
              form="return"
              name="nil"
              label="This is a nil return: nothing to return for this quarter"
              hint="A return of zeros counts as reporting the quarter only when it is marked as a nil return."
              values={props.values}
              errors={props.errors}
            />
            {props.askConfirmImported ? (
              <CheckboxField
                form="return"
                name="confirmImported"
                label="The lines marked above are other money than the imported spend"
                hint="Each equals its category's imported total for the quarter: tick this only if it is spend the files do not carry."
                values={props.values}
                errors={props.errors}
              />
            ) : null}
            <div class="actions">
              <button type="submit">Save the return</button>
              <a href={base}>Cancel</a>
            </div>
          </form>
        </>
      ) : props.current?.nil ? (
        <p>A nil return: nothing to return for this quarter.</p>
      ) : props.current ? (
        <ReturnTable lines={props.current.lines} />
      ) : (
        <p>No return has been logged for this quarter.</p>
      )}

      <section aria-labelledby="history">
        <h2 id="history">History</h2>
        {props.history.length === 0 ? (
          <p>No return has been saved for this quarter yet.</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Revision</th>
                  <th scope="col">Saved</th>
                  <th scope="col">By</th>
                  <th scope="col" class="num">
                    Categories
                  </th>
                  <th scope="col" class="num">
                    Total
                  </th>
                </tr>
              </thead>
              <tbody>
                {props.history.map((r) => (
                  <tr>
                    <th scope="row">
                      {r.revision}
                      {r.revision === props.current?.revision ? (
                        <span class="badge open">current</span>
                      ) : null}
                    </th>
                    <td>
                      <DateText at={r.submittedAt} withTime />
                    </td>
                    <td>{r.submittedBy}</td>
                    <td class="num">{r.nil ? 'nil return' : r.lines.length}</td>
                    <td class="num">{formatPence(lineTotal(r.lines))}</td>
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

function ReturnTable(props: { lines: SpendLine[] }) {
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Category</th>
            {returnParts.map((p) => (
              <th scope="col" class="num">
                {p.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.lines.map((line) => (
            <tr>
              <th scope="row">{categoryLabels[line.category]}</th>
              {returnParts.map((p) => (
                <td class="num">{formatPence(line[p.field])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
