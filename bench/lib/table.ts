// The printed table: one line a figure, its baseline and their ratio beside it, the goal and
// whether this run met it.

import type { BenchRow } from './types.ts';

const number = (value: number) =>
  Math.abs(value) >= 100 ? Math.round(value).toLocaleString('en-GB') : String(+value.toFixed(2));

const BREAKDOWN = 'bytes: ';

/** The table, then one line a case for breakdown rows (metric `bytes: <package>`), which would swamp it. */
export function formatTable(all: BenchRow[]): string {
  const rows = all.filter((row) => !row.metric.startsWith(BREAKDOWN));
  const breakdowns = new Map<string, string[]>();
  for (const row of all.filter((r) => r.metric.startsWith(BREAKDOWN))) {
    const key = `${row.benchmark} | ${row.case}`;
    breakdowns.set(key, [
      ...(breakdowns.get(key) ?? []),
      `${row.metric.slice(BREAKDOWN.length)} ${number(row.value)} ${row.unit}`,
    ]);
  }
  const table = grid(rows);
  if (breakdowns.size === 0) return table;
  const lines = [...breakdowns].map(([key, parts]) => `${key}: ${parts.join(', ')}`);
  return `${table}\n\nWhat takes the bytes (largest inputs of each bundle, esbuild metafile):\n${lines.join('\n')}`;
}

function grid(rows: BenchRow[]): string {
  const header = ['benchmark', 'case', 'metric', 'value', 'baseline', 'ratio', 'goal', 'met'];
  const lines = rows.map((row) => [
    row.benchmark,
    row.case,
    row.metric,
    `${number(row.value)} ${row.unit}`,
    row.baseline === null
      ? '-'
      : `${number(row.baseline)} ${row.unit}${row.baselineLabel ? ` (${row.baselineLabel})` : ''}`,
    row.baseline ? `${(row.value / row.baseline).toFixed(2)}x` : '-',
    row.goal ?? '',
    row.met === undefined ? '' : row.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map((line) => (line[column] ?? '').length)),
  );
  const render = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join(' | ')
      .trimEnd();
  return [render(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...lines.map(render)].join('\n');
}
