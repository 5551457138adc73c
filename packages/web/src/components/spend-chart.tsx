import { formatPence, formatPenceShort } from '@compact-tracker/domain/money';
import {
  formatShare,
  type QuarterSummary,
  quarterLabel,
  quarterShort,
  share,
  type TimelinePoint,
} from '../spend-view.ts';

// Server-rendered inline SVG charts: no script, no inline style (colours come from the stylesheet
// through classes). Each chart is an image with a title and a description for screen readers, and
// every figure it shows is also in the table beside it.

// Drawn about the size it is shown at (half the page), so that 13px text reads as 13px.
const W = 480;
const H = 270;
const M = { left: 58, right: 12, top: 22, bottom: 44 };
const plotW = W - M.left - M.right;
const plotH = H - M.top - M.bottom;
/**
 * Room a 13px text takes along the axis, per character (wide fonts' digits are about 0.64em),
 * and the gap kept between neighbours: labels are spaced by these, so they never overlap at
 * any size the chart is drawn (text scales with it).
 */
const CHAR_W = 8.5;
const GAP = 8;
const textWidth = (text: string) => text.length * CHAR_W + GAP;

/** A round step (1, 2, 2.5 or 5 x 10^k) so that `steps` of it cover `span`. */
function niceStep(span: number, steps: number): number {
  if (span <= 0) return 1;
  const raw = span / steps;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * magnitude).find((s) => s >= raw);
  return step ?? 10 * magnitude;
}

/** A quarter on the axis in two lines: "Q3" over "25-26". */
function QuarterTick(props: { x: number; quarter: string }) {
  const [number, year] = quarterShort(props.quarter).split(' ');
  return (
    <text x={props.x} y={H - M.bottom + 17} text-anchor="middle" class="tick">
      <tspan x={props.x}>{number}</tspan>
      <tspan x={props.x} dy={15}>
        {year}
      </tspan>
    </text>
  );
}

/** Label every how many quarters so that axis labels ("25-26", the wider line) never overlap; the latest always. */
function labelEvery(slot: number): number {
  return Math.max(1, Math.ceil(textWidth('25-26') / slot));
}

export function SpendBarChart(props: { id: string; points: TimelinePoint[] }) {
  const { points } = props;
  const quarters = points.flatMap((p) => (p.summary ? [p.summary] : []));
  const values = quarters.map((q) => q.totalPence);
  const max = Math.max(0, ...values);
  const min = Math.min(0, ...values);
  const step = niceStep(max - min, 4);
  const top = Math.ceil(max / step) * step || step;
  const bottom = Math.floor(min / step) * step;
  const y = (pence: number) => M.top + ((top - pence) / (top - bottom)) * plotH;
  const ticks: number[] = [];
  for (let v = bottom; v <= top + step / 2; v += step) ticks.push(v);
  const slot = plotW / Math.max(1, points.length);
  const barW = Math.min(44, slot * 0.7);
  const every = labelEvery(slot);
  // Values over the bars when each fits its slot; else the latest only (the table has them all).
  const valueLabels = quarters.map((q) => formatPenceShort(q.totalPence));
  const valuesFit = valueLabels.every((label) => textWidth(label) <= slot);
  const first = quarters[0];
  const last = quarters[quarters.length - 1];
  const highest = quarters.reduce<QuarterSummary | undefined>(
    (best, q) => (best === undefined || q.totalPence > best.totalPence ? q : best),
    undefined,
  );
  const description =
    first && last && highest
      ? `Bars of total spend in each of ${quarters.length} quarters with spend, from ${quarterLabel(first.quarter)} to ${quarterLabel(last.quarter)}. The highest is ${formatPence(highest.totalPence)} in ${quarterLabel(highest.quarter)}; the latest is ${formatPence(last.totalPence)}.`
      : 'No spend recorded.';
  return (
    <svg
      class="spend-chart"
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-labelledby={`${props.id}-title ${props.id}-desc`}
      preserveAspectRatio="xMidYMid meet"
    >
      <title id={`${props.id}-title`}>Total spend per quarter</title>
      <desc id={`${props.id}-desc`}>{description}</desc>
      <g class="spend-grid">
        {ticks.map((t) => (
          <>
            <line x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} class={t === 0 ? 'axis' : undefined} />
            <text x={M.left - 8} y={y(t) + 4} text-anchor="end" class="tick">
              {formatPenceShort(t)}
            </text>
          </>
        ))}
      </g>
      <g>
        {points.map((p, i) => {
          const x = M.left + slot * i + (slot - barW) / 2;
          const label =
            (points.length - 1 - i) % every === 0 ? (
              <QuarterTick x={x + barW / 2} quarter={p.quarter} />
            ) : null;
          const q = p.summary;
          if (!q) return label;
          const y0 = y(0);
          const y1 = y(q.totalPence);
          return (
            <g>
              <rect
                class={q.totalPence < 0 ? 'bar credit' : 'bar'}
                x={x}
                y={Math.min(y0, y1)}
                width={barW}
                height={Math.max(1, Math.abs(y1 - y0))}
              >
                <title>{`${quarterLabel(q.quarter)}: ${formatPence(q.totalPence)}`}</title>
              </rect>
              {valuesFit || i === points.length - 1 ? (
                <text
                  x={valuesFit ? x + barW / 2 : x + barW}
                  y={Math.min(y0, y1) - 5}
                  text-anchor={valuesFit ? 'middle' : 'end'}
                  class="value"
                >
                  {formatPenceShort(q.totalPence)}
                </text>
              ) : null}
              {label}
            </g>
          );
        })}
      </g>
    </svg>
  );
}

const series = [
  { key: 'localPence', label: 'Local', className: 's-local' },
  { key: 'smePence', label: 'SME', className: 's-sme' },
  { key: 'vcsePence', label: 'VCSE', className: 's-vcse' },
  { key: 'criteriaPence', label: 'Sustainability criteria', className: 's-criteria' },
] as const;

export function ShareLineChart(props: { id: string; points: TimelinePoint[] }) {
  const { points: timeline } = props;
  const quarters = timeline.flatMap((p) => (p.summary ? [p.summary] : []));
  const slot = plotW / Math.max(1, timeline.length);
  const xOf = (i: number) => M.left + slot * i + slot / 2;
  const y = (fraction: number) => M.top + (1 - fraction) * plotH;
  const every = labelEvery(slot);
  const last = quarters[quarters.length - 1];
  const latest = last
    ? series.map((s) => `${s.label} ${formatShare(share(last[s.key], last.totalPence))}`).join(', ')
    : '';
  return (
    <svg
      class="spend-chart"
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-labelledby={`${props.id}-title ${props.id}-desc`}
      preserveAspectRatio="xMidYMid meet"
    >
      <title id={`${props.id}-title`}>Shares of spend per quarter, in per cent</title>
      <desc id={`${props.id}-desc`}>
        {last
          ? `Lines of the share of each quarter's spend that went to local suppliers, SMEs, VCSEs and contracts with sustainability criteria. In ${quarterLabel(last.quarter)}: ${latest}.`
          : 'No spend recorded.'}
      </desc>
      <g class="spend-grid">
        {[0, 0.25, 0.5, 0.75, 1].map((t) => (
          <>
            <line x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} class={t === 0 ? 'axis' : undefined} />
            <text x={M.left - 8} y={y(t) + 4} text-anchor="end" class="tick">
              {`${t * 100}%`}
            </text>
          </>
        ))}
        {timeline.map((p, i) =>
          (timeline.length - 1 - i) % every === 0 ? <QuarterTick x={xOf(i)} quarter={p.quarter} /> : null,
        )}
      </g>
      <g>
        {series.map((s) => {
          const points = timeline.flatMap((p, i) => {
            const value = p.summary ? share(p.summary[s.key], p.summary.totalPence) : null;
            return value === null || !p.summary
              ? []
              : [{ i, x: xOf(i), y: y(Math.min(1, Math.max(0, value))), q: p.summary, value }];
          });
          // A quarter without spend breaks the line rather than bridging it.
          const runs: (typeof points)[] = [];
          for (const point of points) {
            const run = runs[runs.length - 1];
            const previous = run?.[run.length - 1];
            if (run && previous && previous.i === point.i - 1) run.push(point);
            else runs.push([point]);
          }
          return (
            <g class={`series ${s.className}`}>
              {runs
                .filter((run) => run.length > 1)
                .map((run) => (
                  <polyline points={run.map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ')} />
                ))}
              {points.map((p) => (
                <circle cx={p.x} cy={p.y} r={3.5}>
                  <title>{`${s.label}, ${quarterLabel(p.q.quarter)}: ${formatShare(p.value)}`}</title>
                </circle>
              ))}
            </g>
          );
        })}
      </g>
    </svg>
  );
}

/** The key to the line chart, as HTML so that it wraps and reads as text. */
export function ShareLegend() {
  return (
    <ul class="spend-legend">
      {series.map((s) => (
        <li>
          <svg class="swatch" viewBox="0 0 28 12" aria-hidden="true">
            <g class={`series ${s.className}`}>
              <line x1={0} x2={28} y1={6} y2={6} />
              <circle cx={14} cy={6} r={4} />
            </g>
          </svg>
          {s.label}
        </li>
      ))}
    </ul>
  );
}
