import type { getTargets } from '@compact-tracker/api/services/targets';
import { LEVEL_NAMES, type TargetState, THEMES } from '@compact-tracker/domain/flexible-framework';
import { DateText } from '../components/badges.tsx';
import { CsrfField, FormError } from '../components/fields.tsx';
import { LevelBadge, levelLabel, themeName } from '../components/framework.tsx';
import { Layout, type Shell } from '../components/layout.tsx';
import type { FieldErrors, FormValues } from '../forms.ts';

export type TargetsView = Awaited<ReturnType<typeof getTargets>>;

export type TargetsPageProps = {
  shell: Shell;
  organisation: { id: string; name: string };
  targets: TargetsView;
  canWrite: boolean;
  /** The form's fields: `level:<theme>` and `by:<theme>`. */
  values: FormValues;
  errors?: FieldErrors;
  message?: string;
};

const stateLabels: Record<TargetState, string> = {
  met: 'met',
  'on-track': 'on track',
  'at-risk': 'at risk',
  missed: 'missed',
};

export function TargetBadge(props: { state: TargetState }) {
  return <span class={`badge ${props.state}`}>{stateLabels[props.state]}</span>;
}

function daysText(days: number): string {
  if (days > 1) return `${days} days left`;
  if (days === 1) return '1 day left';
  if (days === 0) return 'due today';
  return days === -1 ? 'passed yesterday' : `passed ${-days} days ago`;
}

/** Targets per theme with their state against the latest assessment, and the form to set them. */
export function TargetsPage(props: TargetsPageProps) {
  const { organisation, targets: view } = props;
  const base = `/organisations/${encodeURIComponent(organisation.id)}`;
  const latest = view.latestAssessment;
  return (
    <Layout shell={props.shell} title={`Targets: ${organisation.name}`}>
      <p class="meta">
        <a href={base}>{organisation.name}</a> › Flexible Framework targets
      </p>
      <h1>Flexible Framework targets</h1>
      <p class="lede">
        A level to reach in each theme, and the date to reach it by. A target is met once the latest
        assessment reaches its level; until then it is on track, at risk with fewer than 90 days left, or
        missed once the date has passed.
      </p>
      <p class="meta">
        {latest ? (
          <>
            Against the latest assessment,{' '}
            <a href={`${base}/assessments/${encodeURIComponent(latest.id)}`}>
              of <DateText at={latest.assessedOn} />
            </a>
            , as of <DateText at={view.asOf} />.
          </>
        ) : (
          <>
            No assessment yet: no target can be met until there is one.{' '}
            <a href={`${base}/assessments`}>Assessments</a>
          </>
        )}
      </p>
      <FormError message={props.message} />
      {view.targets.length === 0 ? (
        <p class="card">No targets set.</p>
      ) : (
        <div class="table-wrap">
          <table class="targets">
            <caption>
              {view.targets.length === 1 ? '1 target' : `${view.targets.length} targets`}
              {view.updatedBy ? (
                <span class="meta">
                  {' '}
                  · set by {view.updatedBy} on <DateText at={view.updatedAt} />
                </span>
              ) : null}
            </caption>
            <thead>
              <tr>
                <th scope="col">Theme</th>
                <th scope="col">Target level</th>
                <th scope="col">By</th>
                <th scope="col">Latest level</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {view.targets.map((t) => (
                <tr>
                  <th scope="row">{themeName(t.theme)}</th>
                  <td>
                    <LevelBadge level={t.level} />
                  </td>
                  <td>
                    <DateText at={t.by} />
                  </td>
                  <td>
                    {t.currentLevel === null ? (
                      <span class="meta">no assessment</span>
                    ) : (
                      levelLabel(t.currentLevel)
                    )}
                  </td>
                  <td>
                    <TargetBadge state={t.state} />{' '}
                    <span class="meta">
                      {t.state === 'met' ? 'reached in the latest assessment' : daysText(t.daysLeft)}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.canWrite ? <TargetsForm {...props} base={base} /> : null}
    </Layout>
  );
}

function TargetsForm(props: TargetsPageProps & { base: string }) {
  const errors = props.errors ?? {};
  return (
    <section class="card no-print set-targets" aria-labelledby="set-targets">
      <h2 id="set-targets">Set the targets</h2>
      <p class="hint">
        One row per theme; leave a row empty for no target in that theme. Saving replaces every target;
        earlier ones are kept in the history.
      </p>
      {Object.keys(errors).length > 0 ? (
        <div class="notice error" role="alert" aria-labelledby="targets-error-title">
          <h3 id="targets-error-title">There is a problem</h3>
          <ul>
            {Object.entries(errors).map(([name, message]) => (
              <li>
                <a href={`#targets-${name.replace(':', '-')}`}>
                  {themeName(name.split(':')[1] ?? '')}: {message}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <form method="post" action={`${props.base}/targets`} novalidate>
        <CsrfField token={props.shell.csrfToken} />
        <div class="table-wrap">
          <table class="targets-form">
            <thead>
              <tr>
                <th scope="col">Theme</th>
                <th scope="col">Level to reach</th>
                <th scope="col">By</th>
              </tr>
            </thead>
            <tbody>
              {THEMES.map((theme) => {
                const levelName = `level:${theme}`;
                const byName = `by:${theme}`;
                const levelError = errors[levelName];
                const byError = errors[byName];
                return (
                  <tr>
                    <th scope="row">{themeName(theme)}</th>
                    <td class={levelError ? 'has-error' : undefined}>
                      <label for={`targets-level-${theme}`} class="visually-hidden">
                        Level to reach in {themeName(theme)}
                      </label>
                      <select
                        id={`targets-level-${theme}`}
                        name={levelName}
                        aria-invalid={levelError ? 'true' : undefined}
                        aria-describedby={levelError ? `targets-level-${theme}-error` : undefined}
                      >
                        <option value="">No target</option>
                        {LEVEL_NAMES.map((name, index) => (
                          <option
                            value={String(index + 1)}
                            selected={props.values[levelName] === String(index + 1)}
                          >
                            {index + 1} {name}
                          </option>
                        ))}
                      </select>
                      {levelError ? (
                        <p class="error-message" id={`targets-level-${theme}-error`}>
                          <span class="visually-hidden">Error: </span>
                          {levelError}
                        </p>
                      ) : null}
                    </td>
                    <td class={byError ? 'has-error' : undefined}>
                      <label for={`targets-by-${theme}`} class="visually-hidden">
                        Date to reach it by in {themeName(theme)}
                      </label>
                      <input
                        type="date"
                        id={`targets-by-${theme}`}
                        name={byName}
                        value={props.values[byName] ?? ''}
                        aria-invalid={byError ? 'true' : undefined}
                        aria-describedby={byError ? `targets-by-${theme}-error` : undefined}
                      />
                      {byError ? (
                        <p class="error-message" id={`targets-by-${theme}-error`}>
                          <span class="visually-hidden">Error: </span>
                          {byError}
                        </p>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <div class="actions">
          <button type="submit">Save the targets</button>
        </div>
      </form>
    </section>
  );
}
