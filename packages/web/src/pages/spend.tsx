import { categoryLabels } from '@compact-tracker/domain/categories';
import { formatPence } from '@compact-tracker/domain/money';
import { Layout, type Shell } from '../components/layout.tsx';
import { ShareLegend, ShareLineChart, SpendBarChart } from '../components/spend-chart.tsx';
import {
  categoriesUsed,
  formatShare,
  formatTonnes,
  type QuarterSummary,
  quarterLabel,
  share,
  type TimelinePoint,
  timeline,
} from '../spend-view.ts';

export type SpendPageProps = {
  shell: Shell;
  organisation: { id: string; name: string };
  /** Oldest first. */
  quarters: QuarterSummary[];
  canWrite: boolean;
  /** Quarters offered for a return, newest first. */
  recentQuarters: string[];
};

export const spendBase = (organisationId: string) =>
  `/organisations/${encodeURIComponent(organisationId)}/spend`;

/** How many quarters (the latest) the table by category keeps when printed on A4. */
const PRINTED_QUARTERS = 4;

/**
 * Said under the charts when they cannot show every quarter with spend: which quarters they show
 * and which are left out (the table below has them all).
 */
function LeftOutNote(props: { points: TimelinePoint[]; quarters: QuarterSummary[] }) {
  const first = props.points[0];
  const last = props.points[props.points.length - 1];
  if (!first || !last) return null;
  const leftOut = props.quarters.filter((q) => q.quarter < first.quarter);
  const earliest = leftOut[0];
  if (!earliest) return null;
  const n = leftOut.length;
  return (
    <p class="notice info chart-window">
      The charts show the latest {props.points.length} quarters, {quarterLabel(first.quarter)} to{' '}
      {quarterLabel(last.quarter)}. {n} earlier quarter{n === 1 ? '' : 's'} with spend (from{' '}
      {quarterLabel(earliest.quarter)}, {formatPence(leftOut.reduce((sum, q) => sum + q.totalPence, 0))} in
      all) {n === 1 ? 'is' : 'are'} not drawn; the table below lists every quarter.
    </p>
  );
}

export function SpendPage(props: SpendPageProps) {
  const { organisation: org, quarters } = props;
  const base = spendBase(org.id);
  const points = timeline(quarters);
  const newestFirst = [...quarters].reverse();
  const used = categoriesUsed(quarters);
  return (
    <Layout shell={props.shell} title={`Spend – ${org.name}`}>
      <p class="meta">
        <a href={`/organisations/${encodeURIComponent(org.id)}`}>{org.name}</a>
      </p>
      <h1>Spend</h1>
      <p class="lede">
        Quarterly spend from returns and imports together, with the shares that went to local suppliers, SMEs,
        VCSEs and contracts with sustainability criteria, and the estimated emissions of what was bought (
        <a href="/carbon-factors">carbon factors</a>).
      </p>
      {props.canWrite ? (
        <div class="card no-print">
          <div class="actions">
            <QuarterPicker base={base} quarters={props.recentQuarters} />
            <a class="button secondary" href={`${base}/imports/new`}>
              Import a spend CSV
            </a>
            <a href={`${base}/imports`}>Earlier imports</a>
          </div>
        </div>
      ) : (
        <p class="meta">You can read this organisation's spend; its officers and representatives log it.</p>
      )}

      {quarters.length === 0 ? (
        <div class="notice info">
          <p>No spend has been logged yet.</p>
        </div>
      ) : (
        <>
          <section aria-labelledby="charts">
            <h2 id="charts">Over time</h2>
            <div class="grid-2 charts">
              <figure class="card chart-card">
                <figcaption>Total spend per quarter</figcaption>
                <SpendBarChart id="chart-total" points={points} />
              </figure>
              <figure class="card chart-card">
                <figcaption>Shares of spend per quarter</figcaption>
                <ShareLineChart id="chart-shares" points={points} />
                <ShareLegend />
              </figure>
            </div>
            <LeftOutNote points={points} quarters={quarters} />
          </section>

          <section aria-labelledby="quarters">
            <h2 id="quarters">Quarters</h2>
            <div class="table-wrap">
              <table class="spend-quarters">
                <thead>
                  <tr>
                    <th scope="col">Quarter</th>
                    <th scope="col" class="num">
                      Total
                    </th>
                    <th scope="col" class="num">
                      Imported
                    </th>
                    <th scope="col" class="num">
                      Returned
                    </th>
                    <th scope="col" class="num">
                      Local
                    </th>
                    <th scope="col" class="num">
                      SME
                    </th>
                    <th scope="col" class="num">
                      VCSE
                    </th>
                    <th scope="col" class="num">
                      Criteria
                    </th>
                    <th scope="col" class="num">
                      Est. CO<sub>2</sub>e
                    </th>
                    {props.canWrite ? (
                      <th scope="col" class="no-print">
                        <span class="visually-hidden">Return</span>
                      </th>
                    ) : null}
                  </tr>
                </thead>
                <tbody>
                  {newestFirst.map((q) => (
                    <tr>
                      <th scope="row">{quarterLabel(q.quarter)}</th>
                      <td class="num">{formatPence(q.totalPence)}</td>
                      <td class="num">{formatPence(q.importedPence)}</td>
                      <td class="num">{formatPence(q.returnedPence)}</td>
                      <td class="num">{formatShare(share(q.localPence, q.totalPence))}</td>
                      <td class="num">{formatShare(share(q.smePence, q.totalPence))}</td>
                      <td class="num">{formatShare(share(q.vcsePence, q.totalPence))}</td>
                      <td class="num">{formatShare(share(q.criteriaPence, q.totalPence))}</td>
                      <td class="num">{formatTonnes(q.estimatedKgCo2e)}</td>
                      {props.canWrite ? (
                        <td class="no-print">
                          <a href={`${base}/${q.quarter}/return`}>
                            Return<span class="visually-hidden"> for {quarterLabel(q.quarter)}</span>
                          </a>
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p class="hint">
              The total is the imported files' transactions plus the quarter's return (for spend the files do
              not carry). Shares are of each quarter's total spend. Estimated emissions are spend times each
              category's factor (GHG Protocol Scope 3, spend-based).
            </p>
          </section>

          <section aria-labelledby="categories">
            <h2 id="categories">By category</h2>
            {newestFirst.length > PRINTED_QUARTERS ? (
              <p class="print-only meta">
                Printed: the latest {PRINTED_QUARTERS} quarters; the page on screen has all{' '}
                {newestFirst.length}.
              </p>
            ) : null}
            <div class="table-wrap">
              <table class="spend-categories">
                <thead>
                  <tr>
                    <th scope="col">Category</th>
                    {newestFirst.map((q, i) => (
                      <th scope="col" class={i < PRINTED_QUARTERS ? 'num' : 'num older'}>
                        {q.quarter}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {used.map((category) => (
                    <tr>
                      <th scope="row">{categoryLabels[category]}</th>
                      {newestFirst.map((q, i) => (
                        <td class={i < PRINTED_QUARTERS ? 'num' : 'num older'}>
                          {q.byCategory[category] === undefined ? (
                            <span class="meta">–</span>
                          ) : (
                            formatPence(q.byCategory[category])
                          )}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </>
      )}
    </Layout>
  );
}

/** Opens the return of a recent quarter: a plain GET form, so it works without script. */
export function QuarterPicker(props: { base: string; quarters: string[]; selected?: string }) {
  return (
    <form method="get" action={`${props.base}/return`} class="inline-form">
      <label for="quarter-picker">Return for</label>
      <select id="quarter-picker" name="quarter">
        {props.quarters.map((q) => (
          <option value={q} selected={q === props.selected}>
            {quarterLabel(q)}
          </option>
        ))}
      </select>
      <button type="submit">Open the return</button>
    </form>
  );
}
