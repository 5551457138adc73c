import { THEMES } from '@compact-tracker/domain/flexible-framework';
import type { AssessmentRecord } from '@compact-tracker/store/assessments';
import { DateText } from '../components/badges.tsx';
import {
  type Changes,
  ChangesTable,
  LevelBadge,
  LevelChart,
  shortThemeName,
  themeName,
} from '../components/framework.tsx';
import { Layout, type Shell } from '../components/layout.tsx';

export type AssessmentsPageProps = {
  shell: Shell;
  organisation: { id: string; name: string };
  /** Newest first. */
  assessments: AssessmentRecord[];
  canWrite: boolean;
  compare: { from: string; to: string; changes: Changes | null; message?: string };
};

/** The organisation's assessments: a chart of the theme levels over time, the list, and a comparison. */
export function AssessmentsPage(props: AssessmentsPageProps) {
  const { organisation, assessments } = props;
  const base = `/organisations/${encodeURIComponent(organisation.id)}`;
  return (
    <Layout shell={props.shell} title={`Flexible Framework assessments: ${organisation.name}`}>
      <p class="meta">
        <a href={base}>{organisation.name}</a> › Flexible Framework assessments
      </p>
      <h1>Flexible Framework assessments</h1>
      <p class="lede">
        {organisation.name}'s self-assessments against the five themes of the Flexible Framework, each at a
        level from 1 Foundation to 5 Lead.
      </p>
      <div class="actions no-print">
        {props.canWrite ? (
          <a class="button" href={`${base}/assessments/new`}>
            New assessment
          </a>
        ) : null}
        <a class="button secondary" href={`${base}/targets`}>
          Targets
        </a>
      </div>

      {assessments.length === 0 ? (
        <p class="card">
          No assessment yet.
          {props.canWrite ? ' Start with a new assessment: tick what is met today.' : null}
        </p>
      ) : (
        <>
          <section aria-labelledby="over-time">
            <h2 id="over-time">Levels over time</h2>
            <div class="card">
              <LevelChart points={assessments} titleId="levels-chart" />
            </div>
          </section>

          <section aria-labelledby="all-assessments">
            <h2 id="all-assessments">Assessments</h2>
            <div class="table-wrap">
              <table class="history">
                <caption>
                  {assessments.length === 1 ? '1 assessment' : `${assessments.length} assessments`}, newest
                  first
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Date assessed</th>
                    {THEMES.map((theme) => (
                      <th scope="col" class="num">
                        <span aria-hidden="true">{shortThemeName(theme)}</span>
                        <span class="visually-hidden">{themeName(theme)}</span>
                      </th>
                    ))}
                    <th scope="col">Overall</th>
                    <th scope="col">Saved by</th>
                  </tr>
                </thead>
                <tbody>
                  {assessments.map((a) => (
                    <tr>
                      <th scope="row">
                        <a href={`${base}/assessments/${encodeURIComponent(a.id)}`}>
                          <DateText at={a.assessedOn} />
                        </a>
                      </th>
                      {THEMES.map((theme) => (
                        <td class="num">{a.themeLevels[theme]}</td>
                      ))}
                      <td>
                        <LevelBadge level={a.overallLevel} />
                      </td>
                      <td>{a.createdBy}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>

          {assessments.length > 1 ? <CompareForm {...props} base={base} /> : null}
        </>
      )}
    </Layout>
  );
}

function CompareForm(props: AssessmentsPageProps & { base: string }) {
  const { compare, assessments } = props;
  const option = (a: AssessmentRecord, selected: string) => (
    <option value={a.id} selected={a.id === selected}>
      {a.assessedOn} (overall {a.overallLevel})
    </option>
  );
  return (
    <section aria-labelledby="compare">
      <h2 id="compare">Compare two assessments</h2>
      <form method="get" action={`${props.base}/assessments`} class="compare-form no-print">
        <div class="field">
          <label for="compare-from">From</label>
          <select id="compare-from" name="from">
            {assessments.map((a) => option(a, compare.from))}
          </select>
        </div>
        <div class="field">
          <label for="compare-to">To</label>
          <select id="compare-to" name="to">
            {assessments.map((a) => option(a, compare.to))}
          </select>
        </div>
        <button type="submit" class="secondary">
          Compare
        </button>
      </form>
      {compare.message ? (
        <div class="notice error" role="alert">
          <p>{compare.message}</p>
        </div>
      ) : null}
      {compare.changes ? (
        <div class="card" id="comparison">
          <ChangesTable changes={compare.changes} base={`${props.base}/assessments`} />
        </div>
      ) : null}
    </section>
  );
}
