import { type Category, categories, categoryLabels } from '@compact-tracker/domain/categories';
import { formatPence } from '@compact-tracker/domain/money';
import type { SpendLine } from '@compact-tracker/domain/spend';
import { DateText } from '../components/badges.tsx';
import { CsrfField, FormError } from '../components/fields.tsx';
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
};

export type SpendReturnPageProps = {
  shell: Shell;
  organisation: { id: string; name: string };
  quarter: string;
  canWrite: boolean;
  recentQuarters: string[];
  /** Field `{category}.{part}` -> pounds text. */
  values: FormValues;
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
          {errorCount > 0 ? (
            <div class="notice error" role="alert" aria-labelledby="return-error-title">
              <h2 id="return-error-title">There is a problem</h2>
              <ul>
                {Object.entries(props.errors ?? {}).map(([name, message]) => {
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
            <div class="actions">
              <button type="submit">Save the return</button>
              <a href={base}>Cancel</a>
            </div>
          </form>
        </>
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
                    <td class="num">{r.lines.length}</td>
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
