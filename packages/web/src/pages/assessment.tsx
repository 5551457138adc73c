import type { AssessmentRecord } from '@compact-tracker/store/assessments';
import { DateText } from '../components/badges.tsx';
import {
  type Changes,
  ChangesTable,
  knownCriteria,
  LevelBadge,
  LevelSummary,
  Matrix,
  MissingForNext,
} from '../components/framework.tsx';
import { Layout, type Shell } from '../components/layout.tsx';

export type AssessmentPageProps = {
  shell: Shell;
  organisation: { id: string; name: string };
  assessment: AssessmentRecord;
  /** Since the assessment before it (for the first: everything is new). */
  changes: Changes;
  canWrite: boolean;
};

/** One self-assessment: levels, what is missing for each next level, the matrix read-only, changes. */
export function AssessmentPage(props: AssessmentPageProps) {
  const { assessment: a, organisation } = props;
  const base = `/organisations/${encodeURIComponent(organisation.id)}`;
  const unknown = a.criteriaMet.filter((id) => !knownCriteria.has(id));
  return (
    <Layout shell={props.shell} title={`Assessment of ${a.assessedOn}: ${organisation.name}`}>
      <div class="wide-page">
        <p class="meta">
          <a href={base}>{organisation.name}</a> ›{' '}
          <a href={`${base}/assessments`}>Flexible Framework assessments</a> › {a.assessedOn}
        </p>
        <h1>
          Self-assessment of <DateText at={a.assessedOn} />
        </h1>
        <p class="meta">
          {organisation.name} · saved by {a.createdBy} on <DateText at={a.createdAt} withTime /> · framework{' '}
          {a.frameworkVersion} · {a.criteriaMet.length} criteria met
        </p>
        <p class="lede overall">
          Overall level: <LevelBadge level={a.overallLevel} />
        </p>
        <div class="grid-2">
          <LevelSummary themeLevels={a.themeLevels} overallLevel={a.overallLevel} />
          <section class="card" aria-labelledby="next-level">
            <h2 id="next-level">Missing for the next level</h2>
            <MissingForNext missing={a.missingForNextLevel} />
          </section>
        </div>
        <div class="actions no-print">
          <a class="button secondary" href={`${base}/assessments`}>
            History and comparison
          </a>
          <a class="button secondary" href={`${base}/targets`}>
            Targets
          </a>
          {props.canWrite ? (
            <a class="button" href={`${base}/assessments/new`}>
              New assessment from this one
            </a>
          ) : null}
        </div>

        <h2 id="matrix">The matrix</h2>
        <p class="hint">✓ met, · not met. Shaded cells are the levels each theme has reached.</p>
        <Matrix mode="read" criteriaMet={a.criteriaMet} evidence={a.evidence} themeLevels={a.themeLevels} />
        {unknown.length > 0 ? (
          <p class="meta">
            Also met, from framework {a.frameworkVersion}: {unknown.join(', ')}.
          </p>
        ) : null}

        <h2 id="changes">{props.changes.from ? 'Changes since the previous assessment' : 'Changes'}</h2>
        <ChangesTable changes={props.changes} base={`${base}/assessments`} />
      </div>
    </Layout>
  );
}
