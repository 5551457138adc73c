import { LEVEL_NAMES, THEMES } from '@compact-tracker/domain/flexible-framework';
import { formatPence, formatPenceShort } from '@compact-tracker/domain/money';
import { formatShare } from '../spend-view.ts';
import { sectorLabel } from './badges.tsx';
import { shortThemeName, themeName } from './framework.tsx';

// The report's charts, server-rendered inline SVG like the spend charts: no script, no inline
// style (colours from the stylesheet through classes), a title and a description for screen
// readers, and every figure also written out beside the chart.

const W = 480;

export type SectorPence = { public: number; private: number; 'voluntary-community': number };

export type FrameworkCounts = {
  assessed: number;
  notAssessed: number;
  themes: Record<string, number[]>;
};

export type TrendPoint = {
  financialYear: string;
  combinedBuyingPowerPence: number | null;
  partnershipScore: number | null;
};

function niceStep(span: number, steps: number): number {
  if (span <= 0) return 1;
  const raw = span / steps;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 2.5, 5, 10].map((f) => f * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
}

function ChartFrame(props: {
  id: string;
  height: number;
  title: string;
  description: string;
  children?: unknown;
}) {
  return (
    <svg
      class="report-chart"
      viewBox={`0 0 ${W} ${props.height}`}
      role="img"
      aria-labelledby={`${props.id}-title ${props.id}-desc`}
      preserveAspectRatio="xMidYMid meet"
    >
      <title id={`${props.id}-title`}>{props.title}</title>
      <desc id={`${props.id}-desc`}>{props.description}</desc>
      {props.children}
    </svg>
  );
}

type Row = { label: string; value: number; text: string; className: string };

/** Horizontal bars, one per row, scaled to `max`, the value written at the end of each. */
function HorizontalBars(props: { id: string; title: string; description: string; rows: Row[]; max: number }) {
  const left = 150;
  const right = 70;
  const rowH = 34;
  const top = 6;
  const height = top * 2 + props.rows.length * rowH;
  const plotW = W - left - right;
  return (
    <ChartFrame id={props.id} height={height} title={props.title} description={props.description}>
      <line x1={left} x2={left} y1={top} y2={height - top} class="axis" />
      {props.rows.map((row, i) => {
        const y = top + i * rowH;
        const width = props.max > 0 ? Math.max(0, (row.value / props.max) * plotW) : 0;
        return (
          <g>
            <text x={left - 8} y={y + rowH / 2 + 4} text-anchor="end" class="label">
              {row.label}
            </text>
            <rect class="track" x={left} y={y + 7} width={plotW} height={rowH - 14} />
            <rect class={`bar ${row.className}`} x={left} y={y + 7} width={width} height={rowH - 14}>
              <title>{`${row.label}: ${row.text}`}</title>
            </rect>
            <text x={left + width + 6} y={y + rowH / 2 + 4} class="value">
              {row.text}
            </text>
          </g>
        );
      })}
    </ChartFrame>
  );
}

const sectors = ['public', 'private', 'voluntary-community'] as const;
const sectorShort: Record<(typeof sectors)[number], string> = {
  public: 'Public',
  private: 'Private',
  'voluntary-community': 'Voluntary',
};

export function SectorChart(props: { id: string; bySector: SectorPence }) {
  const rows = sectors.map((s) => ({
    label: sectorShort[s],
    value: props.bySector[s],
    text: formatPenceShort(props.bySector[s]),
    className: `sector-${s}`,
  }));
  const max = Math.max(0, ...rows.map((r) => r.value));
  return (
    <HorizontalBars
      id={props.id}
      title="Combined buying power by sector"
      description={`Bars of declared annual procurement budgets by sector: ${sectors
        .map((s) => `${sectorLabel(s)} ${formatPence(props.bySector[s])}`)
        .join(', ')}.`}
      rows={rows}
      max={max}
    />
  );
}

export type Shares = { local: number; sme: number; vcse: number; criteria: number };

const shareRows = [
  { key: 'local', label: 'Local', className: 's-local' },
  { key: 'sme', label: 'SME', className: 's-sme' },
  { key: 'vcse', label: 'VCSE', className: 's-vcse' },
  { key: 'criteria', label: 'Sustainability criteria', className: 's-criteria' },
] as const;

export function SharesChart(props: { id: string; shares: Shares }) {
  const rows = shareRows.map((r) => ({
    label: r.label,
    value: Math.min(1, Math.max(0, props.shares[r.key])),
    text: formatShare(props.shares[r.key]),
    className: r.className,
  }));
  return (
    <HorizontalBars
      id={props.id}
      title="Shares of logged spend, in per cent"
      description={`Bars of the share of logged spend with local suppliers, SMEs, VCSEs and contracts with sustainability criteria: ${rows
        .map((r) => `${r.label} ${r.text}`)
        .join(', ')}.`}
      rows={rows}
      max={1}
    />
  );
}

const levelClasses = ['lv-0', 'lv-1', 'lv-2', 'lv-3', 'lv-4', 'lv-5'];

/** One stacked bar per theme: how many signatories reached each level, and how many are not assessed. */
export function FrameworkChart(props: { id: string; framework: FrameworkCounts }) {
  const { framework } = props;
  const total = framework.assessed + framework.notAssessed;
  const left = 110;
  const right = 12;
  const rowH = 30;
  const top = 6;
  const height = top * 2 + THEMES.length * rowH + 18;
  const plotW = W - left - right;
  const scale = (n: number) => (total > 0 ? (n / total) * plotW : 0);
  const describe = THEMES.map((theme) => {
    const counts = framework.themes[theme] ?? [];
    const parts = counts.flatMap((n, level) => (n > 0 ? [`${n} at level ${level}`] : []));
    return `${themeName(theme)}: ${parts.length > 0 ? parts.join(', ') : 'none assessed'}`;
  }).join('; ');
  return (
    <ChartFrame
      id={props.id}
      height={height}
      title="Flexible Framework levels per theme"
      description={`Stacked bars of how many of ${total} signatories reached each level in each theme, ${framework.notAssessed} not assessed. ${describe}.`}
    >
      {THEMES.map((theme, i) => {
        const y = top + i * rowH;
        const counts = [...(framework.themes[theme] ?? []), framework.notAssessed];
        let x = left;
        return (
          <g>
            <text x={left - 8} y={y + rowH / 2 + 4} text-anchor="end" class="label">
              {shortThemeName(theme)}
            </text>
            {counts.map((n, level) => {
              if (n <= 0) return null;
              const width = scale(n);
              const at = x;
              x += width;
              const notAssessed = level === counts.length - 1;
              const name = notAssessed ? 'not assessed' : `level ${level}`;
              return (
                <g>
                  <rect
                    class={`seg ${notAssessed ? 'lv-na' : levelClasses[level]}`}
                    x={at}
                    y={y + 5}
                    width={Math.max(0, width - 1)}
                    height={rowH - 10}
                  >
                    <title>{`${themeName(theme)}, ${name}: ${n}`}</title>
                  </rect>
                  {width >= 16 ? (
                    <text
                      x={at + width / 2}
                      y={y + rowH / 2 + 4}
                      text-anchor="middle"
                      class={`seg-value ${notAssessed ? 'on-light' : level >= 2 ? 'on-dark' : 'on-light'}`}
                    >
                      {String(n)}
                    </text>
                  ) : null}
                </g>
              );
            })}
          </g>
        );
      })}
      <text x={left} y={height - 4} class="tick">
        0
      </text>
      <text x={W - right} y={height - 4} text-anchor="end" class="tick">
        {`${total} signatories`}
      </text>
    </ChartFrame>
  );
}

/** The key to the framework chart, as HTML so that it wraps and reads as text. */
export function FrameworkLegend() {
  const items = [
    ...levelClasses.map((className, level) => ({
      className,
      label: level === 0 ? '0 (not yet Foundation)' : `${level} ${LEVEL_NAMES[level - 1]}`,
    })),
    { className: 'lv-na', label: 'not assessed' },
  ];
  return (
    <ul class="spend-legend">
      {items.map((item) => (
        <li>
          <svg class="swatch" viewBox="0 0 28 12" aria-hidden="true">
            <rect class={`seg ${item.className}`} x={0} y={0} width={28} height={12} />
          </svg>
          {item.label}
        </li>
      ))}
    </ul>
  );
}

/** Combined buying power per financial year as bars, the partnership score (0-100) as a line over them. */
export function TrendChart(props: { id: string; points: TrendPoint[] }) {
  const points = [...props.points].sort((a, b) => a.financialYear.localeCompare(b.financialYear));
  const H = 250;
  const M = { left: 58, right: 44, top: 22, bottom: 34 };
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const max = Math.max(0, ...points.map((p) => p.combinedBuyingPowerPence ?? 0));
  const step = niceStep(max, 4);
  const top = Math.ceil(max / step) * step || step;
  const y = (pence: number) => M.top + ((top - pence) / top) * plotH;
  const yScore = (score: number) => M.top + ((100 - score) / 100) * plotH;
  const ticks: number[] = [];
  for (let v = 0; v <= top + step / 2; v += step) ticks.push(v);
  const slot = plotW / Math.max(1, points.length);
  const barW = Math.min(56, slot * 0.6);
  const xOf = (i: number) => M.left + slot * i + slot / 2;
  const scored = points.flatMap((p, i) =>
    p.partnershipScore === null ? [] : [{ x: xOf(i), y: yScore(p.partnershipScore), p }],
  );
  const description = points
    .map(
      (p) =>
        `${p.financialYear}: buying power ${p.combinedBuyingPowerPence === null ? 'not computed' : formatPence(p.combinedBuyingPowerPence)}, partnership score ${p.partnershipScore === null ? 'none' : p.partnershipScore.toFixed(1)}`,
    )
    .join('; ');
  return (
    <ChartFrame
      id={props.id}
      height={H}
      title="Combined buying power and partnership score by financial year"
      description={`Bars of combined buying power (left axis) and a line of the partnership score out of 100 (right axis). ${description}.`}
    >
      <g class="grid">
        {ticks.map((t) => (
          <>
            <line x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} class={t === 0 ? 'axis' : undefined} />
            <text x={M.left - 8} y={y(t) + 4} text-anchor="end" class="tick">
              {formatPenceShort(t)}
            </text>
          </>
        ))}
        {[0, 25, 50, 75, 100].map((s) => (
          <text x={W - M.right + 6} y={yScore(s) + 4} class="tick score-tick">
            {String(s)}
          </text>
        ))}
      </g>
      {points.map((p, i) => {
        const x = xOf(i) - barW / 2;
        const value = p.combinedBuyingPowerPence;
        return (
          <g>
            {value !== null ? (
              <rect class="bar" x={x} y={y(value)} width={barW} height={Math.max(1, y(0) - y(value))}>
                <title>{`${p.financialYear}: ${formatPence(value)}`}</title>
              </rect>
            ) : null}
            {value !== null ? (
              <text x={xOf(i)} y={Math.max(M.top - 6, y(value) - 6)} text-anchor="middle" class="value">
                {formatPenceShort(value)}
              </text>
            ) : null}
            <text x={xOf(i)} y={H - M.bottom + 18} text-anchor="middle" class="tick">
              {p.financialYear}
            </text>
          </g>
        );
      })}
      <g class="score-line">
        {scored.length > 1 ? (
          <polyline points={scored.map((s) => `${s.x.toFixed(1)},${s.y.toFixed(1)}`).join(' ')} />
        ) : null}
        {scored.map((s) => (
          <circle cx={s.x} cy={s.y} r={6}>
            <title>{`${s.p.financialYear}: partnership score ${s.p.partnershipScore?.toFixed(1)}`}</title>
          </circle>
        ))}
      </g>
    </ChartFrame>
  );
}

/** The key to the trend chart. */
export function TrendLegend() {
  return (
    <ul class="spend-legend">
      <li>
        <svg class="swatch" viewBox="0 0 28 12" aria-hidden="true">
          <rect class="bar trend-bar" x={6} y={0} width={16} height={12} />
        </svg>
        Combined buying power (left axis)
      </li>
      <li>
        <svg class="swatch" viewBox="0 0 28 12" aria-hidden="true">
          <g class="score-line">
            <line x1={0} x2={28} y1={6} y2={6} />
            <circle cx={14} cy={6} r={4} />
          </g>
        </svg>
        Partnership score, 0-100 (right axis)
      </li>
    </ul>
  );
}
