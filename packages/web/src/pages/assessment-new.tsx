import { DateText } from '../components/badges.tsx';
import { CsrfField, FormError } from '../components/fields.tsx';
import { Matrix } from '../components/framework.tsx';
import { Layout, type Shell } from '../components/layout.tsx';
import type { FieldErrors, FormValues } from '../forms.ts';

export type AssessmentFormProblem = { text: string; href?: string };

export type NewAssessmentPageProps = {
  shell: Shell;
  organisation: { id: string; name: string };
  today: string;
  /** The latest assessment, whose ticks and evidence start the form; null for a first one. */
  copiedFrom: { id: string; assessedOn: string } | null;
  values: FormValues;
  errors?: FieldErrors;
  /** Listed at the top, each linking to its field where it has one. */
  problems?: AssessmentFormProblem[];
  message?: string;
};

/** The 5 x 5 matrix to fill in: tick what is met, give evidence where there is some, date it, save. */
export function NewAssessmentPage(props: NewAssessmentPageProps) {
  const base = `/organisations/${encodeURIComponent(props.organisation.id)}`;
  const errors = props.errors ?? {};
  const dateError = errors.assessedOn;
  return (
    <Layout shell={props.shell} title={`New self-assessment: ${props.organisation.name}`}>
      <div class="wide-page">
        <p class="meta">
          <a href={base}>{props.organisation.name}</a> ›{' '}
          <a href={`${base}/assessments`}>Flexible Framework assessments</a> › New
        </p>
        <h1>New self-assessment</h1>
        <p class="lede">
          Tick each criterion {props.organisation.name} meets. A theme's level is the highest level whose
          criteria, and all those below it, are met; the overall level is the lowest theme. Evidence is
          optional: open “Evidence” under a criterion for a sentence or a link (https://…).
        </p>
        <FormError message={props.message} />
        {props.problems && props.problems.length > 0 ? (
          <div class="notice error" role="alert" aria-labelledby="assessment-error-title">
            <h2 id="assessment-error-title">There is a problem</h2>
            <ul>
              {props.problems.map((problem) => (
                <li>{problem.href ? <a href={problem.href}>{problem.text}</a> : problem.text}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <form method="post" action={`${base}/assessments`} class="assessment-form" novalidate>
          <CsrfField token={props.shell.csrfToken} />
          <div class="form-head">
            <div class={`field date-field${dateError ? ' has-error' : ''}`}>
              <label for="assessment-assessedOn">Date of the assessment</label>
              <p class="hint" id="assessment-assessedOn-hint">
                When the criteria were met: today at the latest.
              </p>
              {dateError ? (
                <p class="error-message" id="assessment-assessedOn-error">
                  <span class="visually-hidden">Error: </span>
                  {dateError}
                </p>
              ) : null}
              <input
                type="date"
                id="assessment-assessedOn"
                name="assessedOn"
                value={props.values.assessedOn ?? props.today}
                max={props.today}
                required
                aria-invalid={dateError ? 'true' : undefined}
                aria-describedby={`assessment-assessedOn-hint${dateError ? ' assessment-assessedOn-error' : ''}`}
              />
            </div>
            {props.copiedFrom ? (
              <p class="notice info">
                The ticks and evidence are copied from the{' '}
                <a href={`${base}/assessments/${encodeURIComponent(props.copiedFrom.id)}`}>
                  assessment of <DateText at={props.copiedFrom.assessedOn} />
                </a>
                : change what has changed since. That assessment stays as it was.
              </p>
            ) : null}
          </div>
          <Matrix mode="edit" state={{ values: props.values, errors }} />
          <div class="actions">
            <button type="submit">Save the assessment</button>
            <a href={`${base}/assessments`}>Cancel</a>
          </div>
        </form>
      </div>
    </Layout>
  );
}
