import {
  type compareAssessments,
  flexibleFramework,
  isHttpUrl,
  levelName,
  type NextLevel,
  shortId,
  THEMES,
  type Theme,
  type ThemeLevels,
} from '@compact-tracker/domain/flexible-framework';
import type { Child } from 'hono/jsx';
import { DateText } from './badges.tsx';

// The Flexible Framework as pages show it: the 5 x 5 matrix (to fill in, or read), levels with
// their names, what is missing for each theme's next level, changes between two assessments, and
// a server-rendered chart of the theme levels over time.

export const themeName = (theme: string): string =>
  flexibleFramework.themes.find((t) => t.id === theme)?.name ?? theme;

/** The theme's id as a word, for narrow columns: "Suppliers" for "Engaging suppliers". */
export const shortThemeName = (theme: string): string => theme.charAt(0).toUpperCase() + theme.slice(1);

const criterionText = new Map(
  flexibleFramework.themes.flatMap((t) => t.levels.flatMap((l) => l.criteria.map((c) => [c.id, c.text]))),
);

/** The criteria of the framework in force. */
export const knownCriteria: ReadonlySet<string> = new Set(criterionText.keys());

/** `people.3.b` -> "People 3b". */
export function criterionLabel(id: string): string {
  const [theme = id] = id.split('.');
  return `${themeName(theme)} ${shortId(id)}`;
}

export function criterionDescription(id: string): string {
  const text = criterionText.get(id);
  return text ? `${criterionLabel(id)} (${text})` : id;
}

/** "3 Practice", or "0, not yet Foundation". */
export function levelLabel(level: number): string {
  return level === 0 ? '0, not yet Foundation' : `${level} ${levelName(level) ?? ''}`.trim();
}

export function LevelBadge(props: { level: number }) {
  return (
    <span class={`level level-${props.level}`}>
      <span class="level-number">{props.level}</span>{' '}
      <span class="level-name">{props.level === 0 ? 'not yet Foundation' : levelName(props.level)}</span>
    </span>
  );
}

/** The five theme levels and the overall one (the lowest of the five). */
export function LevelSummary(props: { themeLevels: ThemeLevels; overallLevel: number }) {
  return (
    <div class="table-wrap">
      <table class="levels">
        <caption>Levels</caption>
        <thead>
          <tr>
            <th scope="col">Theme</th>
            <th scope="col">Level</th>
          </tr>
        </thead>
        <tbody>
          {THEMES.map((theme) => (
            <tr>
              <th scope="row">{themeName(theme)}</th>
              <td>
                <LevelBadge level={props.themeLevels[theme]} />
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Overall (the lowest theme)</th>
            <td>
              <LevelBadge level={props.overallLevel} />
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** "to reach Practice in people: 3b, 3c", one line per theme. */
export function MissingForNext(props: { missing: Record<Theme, NextLevel | null> }) {
  return (
    <ul class="missing">
      {THEMES.map((theme) => {
        const next = props.missing[theme];
        if (!next) return <li>{themeName(theme)} is at Lead, the top level.</li>;
        return (
          <li>
            <span class="missing-summary">{capitalised(next.summary)}</span>
            <ul class="criteria-text">
              {next.missing.map((id) => (
                <li>
                  <span class="cid">{shortId(id)}</span> {criterionText.get(id) ?? id}
                </li>
              ))}
            </ul>
          </li>
        );
      })}
    </ul>
  );
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

type FieldState = { values: Record<string, string>; errors: Record<string, string> };

export const metField = (id: string) => `met:${id}`;
export const evidenceField = (id: string) => `evidence:${id}`;
/** An element id from a criterion id: `people.1.a` -> `people-1-a`. */
const domId = (id: string) => id.replaceAll('.', '-');
export const evidenceInputId = (id: string) => `evidence-${domId(id)}`;

/**
 * The 5 x 5 matrix: rows are themes, columns levels. Filled in, each criterion has a checkbox and
 * an evidence field (text or a link) folded under its own <details>; read, ticks and evidence.
 */
export function Matrix(
  props:
    | { mode: 'edit'; state: FieldState }
    | {
        mode: 'read';
        criteriaMet: readonly string[];
        evidence: Record<string, string>;
        themeLevels: ThemeLevels;
      },
) {
  const met = props.mode === 'read' ? new Set(props.criteriaMet) : null;
  const [first] = flexibleFramework.themes;
  return (
    <div class="table-wrap matrix-wrap">
      <table class={`matrix ${props.mode}`}>
        <caption class="visually-hidden">
          The Flexible Framework: themes by level, each cell with its criteria
        </caption>
        <thead>
          <tr>
            <th scope="col" class="theme-col">
              Theme
            </th>
            {(first?.levels ?? []).map((level) => (
              <th scope="col">
                <span class="level-number">{level.level}</span> {level.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {flexibleFramework.themes.map((theme) => (
            <tr>
              <th scope="row" class="theme-col">
                {theme.name}
                {props.mode === 'read' ? (
                  <span class="theme-level">
                    <LevelBadge level={props.themeLevels[theme.id]} />
                  </span>
                ) : null}
              </th>
              {theme.levels.map((level) => {
                const reached = props.mode === 'read' && props.themeLevels[theme.id] >= level.level;
                return (
                  <td class={reached ? 'reached' : undefined}>
                    <ul class="criteria">
                      {level.criteria.map((criterion) =>
                        props.mode === 'edit' ? (
                          <EditCriterion
                            id={criterion.id}
                            text={criterion.text}
                            themeName={theme.name}
                            state={props.state}
                          />
                        ) : (
                          <ReadCriterion
                            id={criterion.id}
                            text={criterion.text}
                            themeName={theme.name}
                            met={met?.has(criterion.id) ?? false}
                            evidence={props.evidence[criterion.id]}
                          />
                        ),
                      )}
                    </ul>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function EditCriterion(props: { id: string; text: string; themeName: string; state: FieldState }) {
  const { id, state } = props;
  const boxId = `met-${domId(id)}`;
  const inputId = evidenceInputId(id);
  const evidence = state.values[evidenceField(id)] ?? '';
  const error = state.errors[evidenceField(id)];
  const errorId = `${inputId}-error`;
  return (
    <li class={`criterion${error ? ' has-error' : ''}`}>
      <div class="checkbox">
        <input
          type="checkbox"
          id={boxId}
          name={metField(id)}
          value="yes"
          checked={state.values[metField(id)] === 'yes'}
        />
        <label for={boxId}>
          <span class="visually-hidden">{props.themeName}, </span>
          <span class="cid">{shortId(id)}</span> {props.text}
        </label>
      </div>
      <details class="evidence" open={evidence.trim() !== '' || error !== undefined}>
        <summary>
          Evidence<span class="visually-hidden"> for {criterionLabel(id)}</span>
          {evidence.trim() ? <span class="has-evidence"> (given)</span> : null}
        </summary>
        <label for={inputId} class="visually-hidden">
          Evidence for {criterionLabel(id)}, text or a link
        </label>
        <input
          type="text"
          id={inputId}
          name={evidenceField(id)}
          value={evidence}
          placeholder="Text or https://…"
          maxlength={2000}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? errorId : undefined}
        />
        {error ? (
          <p class="error-message" id={errorId}>
            <span class="visually-hidden">Error: </span>
            {error}
          </p>
        ) : null}
      </details>
    </li>
  );
}

function ReadCriterion(props: {
  id: string;
  text: string;
  themeName: string;
  met: boolean;
  evidence: string | undefined;
}) {
  return (
    <li class={`criterion ${props.met ? 'met' : 'unmet'}`}>
      <span class="mark" aria-hidden="true">
        {props.met ? '✓' : '·'}
      </span>
      <span class="visually-hidden">
        {props.themeName}, {props.met ? 'met' : 'not met'}:{' '}
      </span>
      <span>
        <span class="cid">{shortId(props.id)}</span> {props.text}
        {props.evidence ? (
          <span class="evidence-value">
            <span class="visually-hidden">Evidence: </span>
            <Evidence value={props.evidence} />
          </span>
        ) : null}
      </span>
    </li>
  );
}

/** Evidence as given: a link only when it is a whole http(s) URL, else plain text. */
export function Evidence(props: { value: string }) {
  return isHttpUrl(props.value) ? (
    <a href={props.value} rel="noopener noreferrer nofollow">
      {props.value}
    </a>
  ) : (
    <span>{props.value}</span>
  );
}

export type Changes = ReturnType<typeof compareAssessments> & {
  from: { id: string; assessedOn: string } | null;
  to: { id: string; assessedOn: string };
};

/** What changed between two assessments: levels per theme and overall, criteria gained and lost. */
export function ChangesTable(props: { changes: Changes; base: string }) {
  const { changes } = props;
  return (
    <>
      <p>
        {changes.from ? (
          <>
            From the assessment of{' '}
            <a href={`${props.base}/${encodeURIComponent(changes.from.id)}`}>
              <DateText at={changes.from.assessedOn} />
            </a>{' '}
            to that of{' '}
            <a href={`${props.base}/${encodeURIComponent(changes.to.id)}`}>
              <DateText at={changes.to.assessedOn} />
            </a>
            :{' '}
          </>
        ) : (
          'The first assessment: everything it has is new. '
        )}
        overall level {levelLabel(changes.overall.from)} → {levelLabel(changes.overall.to)}{' '}
        <Change value={changes.overall.change} />.
        {changes.gained.length === 0 && changes.lost.length === 0 ? ' No criterion changed.' : null}
      </p>
      <div class="table-wrap">
        <table class="changes">
          <caption>Changes by theme</caption>
          <thead>
            <tr>
              <th scope="col">Theme</th>
              <th scope="col">Level</th>
              <th scope="col">Criteria gained</th>
              <th scope="col">Criteria lost</th>
            </tr>
          </thead>
          <tbody>
            {THEMES.map((theme) => {
              const t = changes.themes[theme];
              return (
                <tr>
                  <th scope="row">{themeName(theme)}</th>
                  <td>
                    {t.from === t.to ? (
                      <>
                        {levelLabel(t.to)} <Change value={0} />
                      </>
                    ) : (
                      <>
                        {levelLabel(t.from)} → {levelLabel(t.to)} <Change value={t.change} />
                      </>
                    )}
                  </td>
                  <td>
                    <CriteriaList ids={t.gained} />
                  </td>
                  <td>
                    <CriteriaList ids={t.lost} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Change(props: { value: number }) {
  if (props.value === 0) return <span class="change same">(no change)</span>;
  return (
    <span class={`change ${props.value > 0 ? 'up' : 'down'}`}>
      ({props.value > 0 ? `up ${props.value}` : `down ${-props.value}`})
    </span>
  );
}

function CriteriaList(props: { ids: string[] }) {
  if (props.ids.length === 0) return <span class="meta">none</span>;
  return (
    <ul class="criteria-text">
      {props.ids.map((id) => (
        <li>
          <span class="cid">{shortId(id)}</span> {criterionText.get(id) ?? id}
        </li>
      ))}
    </ul>
  );
}

// The chart: theme levels over time, drawn on the server as SVG (no script, no inline style).

/** Okabe-Ito colours, told apart by most colour-blind readers, and a dash pattern each besides. */
export const themeStyles: Record<Theme, { colour: string; dash: string; shape: 'circle' | 'square' }> = {
  people: { colour: '#0072b2', dash: '', shape: 'circle' },
  policy: { colour: '#d55e00', dash: '8 4', shape: 'square' },
  process: { colour: '#009e73', dash: '2 4', shape: 'circle' },
  suppliers: { colour: '#cc79a7', dash: '12 4 3 4', shape: 'square' },
  measurement: { colour: '#8a6d00', dash: '16 6', shape: 'circle' },
};

export type ChartPoint = { id: string; assessedOn: string; themeLevels: ThemeLevels };

const W = 760;
const H = 320;
const M = { left: 118, right: 24, top: 16, bottom: 48 };
const DAY = 86_400_000;
const shortDate = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

/** The five theme levels over time: x the date assessed, y the level 0-5, one line per theme. */
export function LevelChart(props: { points: ChartPoint[]; titleId: string }) {
  const points = [...props.points].sort((a, b) => a.assessedOn.localeCompare(b.assessedOn));
  const [first] = points;
  const last = points[points.length - 1];
  if (!first || !last) return null;
  const t0 = Date.parse(first.assessedOn);
  const t1 = Date.parse(last.assessedOn);
  // One assessment, or all on one day: a month either side, so the point sits in the middle.
  const [from, to] = t1 - t0 < DAY ? [t0 - 30 * DAY, t1 + 30 * DAY] : [t0, t1];
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  // Points stay clear of the axes by a little padding at either end.
  const pad = 28;
  const x = (date: string) => M.left + pad + ((Date.parse(date) - from) / (to - from)) * (plotW - 2 * pad);
  // Lines at one level would hide each other: each theme sits a little above or below the level.
  const y = (level: number, theme: number) => M.top + ((5 - level) / 5) * plotH + (theme - 2) * 3;
  const ticks = dateTicks(points, x);
  const desc = describeChart(points);
  return (
    <figure class="chart">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-labelledby={`${props.titleId}-title ${props.titleId}-desc`}
        class="level-chart"
      >
        <title id={`${props.titleId}-title`}>Flexible Framework theme levels over time</title>
        <desc id={`${props.titleId}-desc`}>{desc}</desc>
        {[0, 1, 2, 3, 4, 5].map((level) => (
          <g>
            <line
              x1={M.left}
              x2={W - M.right}
              y1={y(level, 2)}
              y2={y(level, 2)}
              stroke={level === 0 ? '#8b95a1' : '#d9dee5'}
              stroke-width="1"
            />
            <text x={M.left - 10} y={y(level, 2) + 4} text-anchor="end" font-size="12" fill="#1b2430">
              {level === 0 ? '0 none' : `${level} ${levelName(level)}`}
            </text>
          </g>
        ))}
        {ticks.map((tick) => (
          <g>
            <line
              x1={tick.x}
              x2={tick.x}
              y1={H - M.bottom}
              y2={H - M.bottom + 5}
              stroke="#8b95a1"
              stroke-width="1"
            />
            <text x={tick.x} y={H - M.bottom + 20} text-anchor="middle" font-size="12" fill="#5a6472">
              {tick.label}
            </text>
          </g>
        ))}
        <text x={M.left + plotW / 2} y={H - 6} text-anchor="middle" font-size="12" fill="#5a6472">
          Date assessed
        </text>
        {THEMES.map((theme, t) => {
          const style = themeStyles[theme];
          const coords = points.map((p) => ({ p, cx: x(p.assessedOn), cy: y(p.themeLevels[theme], t) }));
          return (
            <g class={`series ${theme}`}>
              {coords.length > 1 ? (
                <polyline
                  points={coords.map((c) => `${c.cx.toFixed(1)},${c.cy.toFixed(1)}`).join(' ')}
                  fill="none"
                  stroke={style.colour}
                  stroke-width="2.5"
                  stroke-dasharray={style.dash || undefined}
                  stroke-linejoin="round"
                />
              ) : null}
              {coords.map((c) => (
                <Marker shape={style.shape} colour={style.colour} cx={c.cx} cy={c.cy}>
                  <title>
                    {themeName(theme)}: level {levelLabel(c.p.themeLevels[theme])} on{' '}
                    {shortDate.format(new Date(c.p.assessedOn))}
                  </title>
                </Marker>
              ))}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul class="legend">
          {THEMES.map((theme) => (
            <li>
              <LegendSwatch theme={theme} />
              {themeName(theme)}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}

function Marker(props: {
  shape: 'circle' | 'square';
  colour: string;
  cx: number;
  cy: number;
  children?: Child;
}) {
  return props.shape === 'circle' ? (
    <circle cx={props.cx.toFixed(1)} cy={props.cy.toFixed(1)} r="4.5" fill={props.colour}>
      {props.children}
    </circle>
  ) : (
    <rect
      x={(props.cx - 4).toFixed(1)}
      y={(props.cy - 4).toFixed(1)}
      width="8"
      height="8"
      fill={props.colour}
    >
      {props.children}
    </rect>
  );
}

function LegendSwatch(props: { theme: Theme }) {
  const style = themeStyles[props.theme];
  return (
    <svg viewBox="0 0 36 12" width="36" height="12" aria-hidden="true" class="swatch">
      <line
        x1="1"
        x2="35"
        y1="6"
        y2="6"
        stroke={style.colour}
        stroke-width="2.5"
        stroke-dasharray={style.dash || undefined}
      />
      {style.shape === 'circle' ? (
        <circle cx="18" cy="6" r="4" fill={style.colour} />
      ) : (
        <rect x="14" y="2" width="8" height="8" fill={style.colour} />
      )}
    </svg>
  );
}

/** Labels under the x axis: the latest assessment's date always, others where they do not overlap. */
function dateTicks(points: ChartPoint[], x: (date: string) => number) {
  const dates = [...new Set(points.map((p) => p.assessedOn))];
  const all = dates.map((date) => ({ x: x(date), label: shortDate.format(new Date(date)) }));
  const last = all[all.length - 1];
  if (!last) return [];
  const ticks: { x: number; label: string }[] = [];
  for (const tick of all.slice(0, -1)) {
    const previous = ticks[ticks.length - 1];
    if ((previous && tick.x - previous.x < 90) || last.x - tick.x < 90) continue;
    ticks.push(tick);
  }
  return [...ticks, last];
}

function describeChart(points: ChartPoint[]): string {
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) return '';
  const span =
    points.length === 1
      ? `One assessment, on ${shortDate.format(new Date(first.assessedOn))}.`
      : `${points.length} assessments from ${shortDate.format(new Date(first.assessedOn))} to ${shortDate.format(new Date(last.assessedOn))}.`;
  const themes = THEMES.map((theme) =>
    points.length === 1
      ? `${themeName(theme)} level ${last.themeLevels[theme]}`
      : `${themeName(theme)} from level ${first.themeLevels[theme]} to ${last.themeLevels[theme]}`,
  ).join('; ');
  return `${span} ${themes}. The same figures are in the table of assessments.`;
}
