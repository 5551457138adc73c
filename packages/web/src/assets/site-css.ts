// The site's stylesheet, kept in a module (not a .css file) so that the Lambda bundle carries it
// without a loader or a copy step. Served at /assets/site.css with a content hash for caching.

export const siteCss = `
:root {
  --ink: #1b2430; --muted: #5a6472; --line: #d9dee5; --paper: #ffffff; --wash: #f4f6f8;
  --brand: #17633f; --brand-dark: #0f4a2e; --brand-wash: #e7f3ec;
  --danger: #a4262c; --danger-wash: #fbeaea; --warn: #8a5a00; --warn-wash: #fff4dc;
  --focus: #ffbf47; --radius: 8px; --measure: 72ch;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  line-height: 1.5; color: var(--ink); background: var(--wash);
}
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: flex; flex-direction: column; }
a { color: var(--brand); text-underline-offset: 0.15em; }
a:hover { color: var(--brand-dark); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
h1, h2, h3 { line-height: 1.2; margin: 1.2em 0 0.5em; }
h1 { font-size: clamp(1.6rem, 1.2rem + 1.5vw, 2.2rem); margin-top: 0.4em; }
h2 { font-size: 1.35rem; }
h3 { font-size: 1.1rem; }
p, li { max-width: var(--measure); }
code, .hash { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em; overflow-wrap: anywhere; }
.hash { word-break: break-all; }

.skip-link { position: absolute; left: -999px; top: 0; background: var(--focus); color: var(--ink); padding: 0.5rem 1rem; z-index: 10; }
.skip-link:focus { left: 0.5rem; }

.site-header { background: var(--brand-dark); color: #fff; }
.site-header .inner { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 1.5rem; padding: 0.75rem 1rem; max-width: 1100px; margin: 0 auto; }
.site-header a { color: #fff; text-decoration: none; }
.site-header a:hover, .site-header a[aria-current="page"] { text-decoration: underline; }
.brand { font-weight: 700; font-size: 1.15rem; letter-spacing: 0.01em; }
.site-nav ul { display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; list-style: none; margin: 0; padding: 0; }
.who { margin-left: auto; display: flex; align-items: center; gap: 0.75rem; flex-wrap: wrap; font-size: 0.95rem; }
.who form { margin: 0; }
.who .button { background: transparent; border-color: rgba(255,255,255,0.7); color: #fff; padding: 0.3rem 0.8rem; }
.who .button:hover { background: rgba(255,255,255,0.12); }

main { flex: 1; width: 100%; max-width: 1100px; margin: 0 auto; padding: 1rem 1rem 3rem; }
.site-footer { border-top: 1px solid var(--line); background: var(--paper); color: var(--muted); font-size: 0.9rem; }
.site-footer .inner { max-width: 1100px; margin: 0 auto; padding: 1rem; }

.card { background: var(--paper); border: 1px solid var(--line); border-radius: var(--radius); padding: 1.25rem 1.5rem; margin: 1rem 0; }
.card > :first-child { margin-top: 0; }
.cards { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fill, minmax(min(300px, 100%), 1fr)); list-style: none; padding: 0; }
.cards > li { max-width: none; }
.cards .card { margin: 0; height: 100%; display: flex; flex-direction: column; }
.cards .card .meta:last-child { margin-top: auto; }
.meta { color: var(--muted); font-size: 0.95rem; }
.lede { font-size: 1.1rem; }
.grid-2 { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(min(320px, 100%), 1fr)); align-items: start; }
.grid-2 > * { min-width: 0; }

.commitments { padding-left: 1.5rem; }
.commitments li { margin: 0.4rem 0; padding-left: 0.25rem; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0.5rem 0; }
.facts dt { font-weight: 600; }
.facts dd { margin: 0; min-width: 0; }

.badge { display: inline-block; border-radius: 999px; padding: 0.05rem 0.6rem; font-size: 0.85rem; font-weight: 600; background: var(--wash); border: 1px solid var(--line); white-space: nowrap; }
.badge.signed, .badge.open, .badge.reporting { background: var(--brand-wash); border-color: #a9d3ba; color: var(--brand-dark); }
.badge.interested, .badge.draft, .badge.not-yet-due { background: #eaf1fb; border-color: #b9cdea; color: #1d4f91; }
.badge.withdrawn, .badge.closed { background: var(--wash); color: var(--muted); }
.badge.awaiting-verification { background: var(--warn-wash); border-color: #e9cf8f; color: var(--warn); }
ul.verification, ul.join-requests { list-style: none; padding: 0; }
.diff ins { background: var(--brand-wash); text-decoration: underline; }
.diff del { background: var(--danger-wash); text-decoration: line-through; }
.badge.non-reporting { background: var(--warn-wash); border-color: #e9cf8f; color: var(--warn); }
.badge.lapsed { background: var(--danger-wash); border-color: #e7b3b5; color: var(--danger); }

/* position: a scroll box must also be the containing block of the .visually-hidden (absolute) text inside it, or that text pushes the page wide. */
.table-wrap { position: relative; max-width: 100%; overflow-x: auto; border: 1px solid var(--line); border-radius: var(--radius); background: var(--paper); }
table { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
caption { text-align: left; padding: 0.75rem 1rem; font-weight: 600; }
th, td { text-align: left; padding: 0.55rem 1rem; border-top: 1px solid var(--line); vertical-align: top; }
thead th { background: var(--wash); font-weight: 600; white-space: nowrap; }
td time { white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }

.notice { border-radius: var(--radius); padding: 0.75rem 1rem; margin: 1rem 0; border: 1px solid; border-left-width: 6px; }
.notice.success { background: var(--brand-wash); border-color: var(--brand); }
.notice.error { background: var(--danger-wash); border-color: var(--danger); }
.notice.info { background: #eaf1fb; border-color: #1d4f91; }
.notice.warning { background: #fff7e0; border-color: #8a5a00; }
.review-reasons li { margin: 0.25rem 0; }
code.hash { word-break: break-all; overflow-wrap: anywhere; }
ul.plain { list-style: none; padding: 0; margin: 0; }
.revert-form .checkbox { margin: 0.5rem 0; }
.notice > :first-child { margin-top: 0; } .notice > :last-child { margin-bottom: 0; }

form.stack { display: grid; gap: 1rem; max-width: 36rem; }
.field { display: grid; gap: 0.3rem; }
.field label, fieldset legend { font-weight: 600; }
.hint { color: var(--muted); font-size: 0.9rem; margin: 0; }
.error-message { color: var(--danger); font-weight: 600; margin: 0; }
.field.has-error input, .field.has-error select, .field.has-error textarea { border-color: var(--danger); border-width: 2px; }
input[type="text"], input[type="email"], input[type="url"], input:not([type]), select, textarea {
  font: inherit; padding: 0.5rem 0.6rem; border: 1px solid #8b95a1; border-radius: 6px; background: #fff; color: inherit; width: 100%;
}
textarea { min-height: 6rem; }
.checkbox { display: flex; gap: 0.6rem; align-items: flex-start; }
.checkbox input { width: 1.25rem; height: 1.25rem; margin-top: 0.15rem; flex: none; }
fieldset { border: 1px solid var(--line); border-radius: var(--radius); padding: 0.75rem 1rem; margin: 0; }

.button, button { font: inherit; font-weight: 600; cursor: pointer; display: inline-block; text-decoration: none; text-align: center;
  background: var(--brand); color: #fff; border: 2px solid var(--brand); border-radius: 6px; padding: 0.5rem 1.1rem; }
.button:hover, button:hover { background: var(--brand-dark); border-color: var(--brand-dark); color: #fff; }
.button.secondary, button.secondary { background: #fff; color: var(--brand-dark); }
.button.secondary:hover, button.secondary:hover { background: var(--brand-wash); color: var(--brand-dark); }
.button.danger, button.danger { background: var(--danger); border-color: var(--danger); }
.actions { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: center; }
.users { list-style: none; padding: 0; display: grid; gap: 0.75rem; grid-template-columns: repeat(auto-fill, minmax(min(260px, 100%), 1fr)); }
.users li { max-width: none; }
.users form { margin: 0; height: 100%; }
.users button { display: flex; flex-direction: column; justify-content: flex-start; width: 100%; height: 100%; text-align: left; background: var(--paper); color: var(--ink); border: 1px solid var(--line); border-radius: var(--radius); padding: 0.9rem 1rem; font-weight: 400; }
.users button:hover { border-color: var(--brand); background: var(--brand-wash); color: var(--ink); }
.users .name { display: block; font-weight: 700; color: var(--brand-dark); }
.users .email { display: block; font-size: 0.85rem; color: var(--muted); }

.op { border-left: 4px solid var(--line); }
.method { display: inline-block; min-width: 4.2rem; text-align: center; font-weight: 700; border-radius: 4px; padding: 0.05rem 0.4rem; margin-right: 0.5rem; color: #fff; font-family: ui-monospace, monospace; font-size: 0.85rem; }
.method.get { background: #1d4f91; } .method.post { background: var(--brand); } .method.put { background: #8a5a00; } .method.delete { background: var(--danger); }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }

/* Flexible Framework: the 5 x 5 matrix, levels, the chart of levels over time, targets. */
main:has(.wide-page), body:has(.wide-page) .site-header .inner, body:has(.wide-page) .site-footer .inner { max-width: 1440px; }
.matrix { table-layout: fixed; min-width: 980px; font-size: 0.8rem; }
.matrix th, .matrix td { padding: 0.45rem 0.5rem; }
.matrix td { border-left: 1px solid var(--line); }
.matrix .theme-col { width: 9.5rem; overflow-wrap: anywhere; }
.matrix thead th { white-space: normal; font-size: 0.85rem; }
.matrix tbody th { font-size: 0.9rem; background: var(--wash); }
.matrix td.reached { background: var(--brand-wash); }
.criteria { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.5rem; }
.criteria li { max-width: none; }
.criterion .checkbox { gap: 0.35rem; }
.criterion .checkbox input { width: 1rem; height: 1rem; margin-top: 0.05rem; }
.criterion label { font-weight: 400; line-height: 1.3; cursor: pointer; }
.cid { font-weight: 700; font-variant-numeric: tabular-nums; }
.evidence { margin: 0.1rem 0 0 1.35rem; }
.evidence summary { cursor: pointer; color: var(--brand); font-size: 0.75rem; }
.evidence .has-evidence { color: var(--muted); }
.evidence input { font-size: 0.8rem; padding: 0.25rem 0.35rem; margin-top: 0.2rem; }
.evidence .error-message { font-size: 0.8rem; }
.criterion.has-error { outline: 2px solid var(--danger); outline-offset: 2px; border-radius: 4px; }
.matrix.read .criterion { display: flex; gap: 0.3rem; line-height: 1.3; }
.matrix.read .criterion.unmet { color: var(--muted); }
.mark { flex: none; width: 0.9rem; font-weight: 700; }
.criterion.met .mark { color: var(--brand); }
.evidence-value { display: block; font-style: italic; overflow-wrap: anywhere; margin-top: 0.1rem; }
.theme-level { display: block; margin-top: 0.3rem; font-weight: 400; font-size: 0.8rem; }
.level { display: inline-flex; align-items: baseline; gap: 0.35rem; white-space: nowrap; }
.level-number { display: inline-block; min-width: 1.45rem; border-radius: 999px; background: var(--brand-dark); color: #fff; font-weight: 700; font-size: 0.85em; text-align: center; padding: 0 0.35rem; }
.level-0 .level-number { background: var(--muted); }
.overall { font-weight: 600; }
.missing { padding-left: 1.1rem; margin: 0; }
.missing > li { margin: 0.4rem 0; }
.missing-summary { font-weight: 600; }
.criteria-text { list-style: none; padding: 0; margin: 0.1rem 0 0; font-size: 0.85rem; color: var(--muted); }
.change.up { color: var(--brand); font-weight: 600; }
.change.down { color: var(--danger); font-weight: 600; }
.change.same { color: var(--muted); }
.chart { margin: 0; }
.level-chart { display: block; width: 100%; height: auto; max-height: 380px; }
.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 0.4rem 1.25rem; padding: 0; margin: 0.5rem 0 0; font-size: 0.9rem; }
.legend li { display: flex; align-items: center; gap: 0.4rem; }
.compare-form { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: flex-end; margin-bottom: 1rem; }
.compare-form select, .targets-form select, .targets-form input { width: auto; }
.date-field { max-width: 16rem; }
input[type="date"] { font: inherit; padding: 0.45rem 0.6rem; border: 1px solid #8b95a1; border-radius: 6px; background: #fff; color: inherit; }
.assessment-form { display: grid; gap: 1rem; }
td.has-error select, td.has-error input, .date-field.has-error input { border-color: var(--danger); border-width: 2px; }
.badge.met { background: var(--brand); border-color: var(--brand); color: #fff; }
.badge.on-track { background: var(--brand-wash); border-color: #a9d3ba; color: var(--brand-dark); }
.wide-page .grid-2 > .card { margin: 0; }
.form-head { display: flex; flex-wrap: wrap; gap: 1rem 2rem; align-items: flex-start; }
.form-head .notice { margin: 0; flex: 1 1 24rem; max-width: 48rem; }
.set-targets .actions { margin-top: 1rem; }
.badge.at-risk { background: var(--warn-wash); border-color: #e9cf8f; color: var(--warn); }
.badge.missed { background: var(--danger-wash); border-color: #e7b3b5; color: var(--danger); }

/* Spend: the quarters charts (inline SVG, coloured here), the return grid, imports, carbon factors. */
.charts { align-items: stretch; }
.chart-card { margin: 0; }
.chart-card figcaption { font-weight: 600; margin-bottom: 0.5rem; }
.spend-chart { display: block; width: 100%; height: auto; }
.spend-chart text { font-size: 13px; fill: var(--muted); font-family: inherit; }
.spend-chart .value { fill: var(--ink); font-weight: 600; }
.spend-chart .spend-grid line { stroke: var(--line); stroke-width: 1; }
.spend-chart .spend-grid line.axis { stroke: #8b95a1; }
.spend-chart .bar { fill: #2f7d57; }
.spend-chart .bar.credit { fill: var(--danger); }
.spend-chart .bar:hover { fill: var(--brand-dark); }
.spend-chart .series polyline, .spend-legend .series line { fill: none; stroke-width: 2.5; }
.spend-chart .series circle, .spend-legend .series circle { stroke: #fff; stroke-width: 1.5; }
.series.s-local polyline, .series.s-local line { stroke: #17633f; } .series.s-local circle { fill: #17633f; }
.series.s-sme polyline, .series.s-sme line { stroke: #1d4f91; stroke-dasharray: 8 4; } .series.s-sme circle { fill: #1d4f91; }
.series.s-vcse polyline, .series.s-vcse line { stroke: #b35c00; stroke-dasharray: 2 3; } .series.s-vcse circle { fill: #b35c00; }
.series.s-criteria polyline, .series.s-criteria line { stroke: #6b3fa0; stroke-dasharray: 10 3 2 3; } .series.s-criteria circle { fill: #6b3fa0; }
.spend-legend { list-style: none; display: flex; flex-wrap: wrap; gap: 0.4rem 1.25rem; padding: 0; margin: 0.5rem 0 0; font-size: 0.9rem; }
.spend-legend li { display: flex; align-items: center; gap: 0.4rem; max-width: none; }
.spend-legend .swatch { width: 28px; height: 12px; flex: none; }
.inline-form { display: flex; flex-wrap: wrap; gap: 0.5rem 0.75rem; align-items: center; margin: 0; }
.inline-form label { font-weight: 600; }
.inline-form select { width: auto; }
.return-table { min-width: 760px; }
.return-table th, .return-table td { padding: 0.4rem 0.6rem; vertical-align: middle; }
.return-table td { vertical-align: top; }
.return-table tbody th { white-space: nowrap; padding-top: 0.75rem; }
.return-table input { text-align: right; font-variant-numeric: tabular-nums; min-width: 7.5rem; padding: 0.4rem 0.5rem; }
.return-table .error-message { font-size: 0.85rem; text-align: left; max-width: 14rem; margin-top: 0.25rem; }
.return-form { display: grid; gap: 1rem; }
.mapping-grid { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fill, minmax(min(15rem, 100%), 1fr)); align-items: end; }
.import-form { display: grid; grid-template-columns: minmax(0, 1fr); gap: 0; }
#upload-progress-wrap[hidden] { display: none; }
#import-mapping h2:focus { outline: none; }
.import-form input[type="file"] { font: inherit; }
.preview-rows { font-size: 0.85rem; }
.preview-rows td, .preview-rows th { white-space: nowrap; padding: 0.35rem 0.6rem; }
.category-map select { width: auto; min-width: 14rem; }
.category-map th, .category-map td { vertical-align: middle; }
.rejected-rows th:first-child, .rejected-rows td:first-child { width: 6rem; }
progress { width: 100%; height: 1.25rem; accent-color: var(--brand); }
.import-progress progress { max-width: 36rem; display: block; margin: 0.5rem 0; }
.badge.waiting, .badge.running { background: #eaf1fb; border-color: #b9cdea; color: #1d4f91; }
.badge.completed { background: var(--brand-wash); border-color: #a9d3ba; color: var(--brand-dark); }
.badge.failed { background: var(--danger-wash); border-color: #e7b3b5; color: var(--danger); }
.badge.default { font-weight: 400; }
.rejected-list { max-height: 20rem; overflow-y: auto; }

/* Reports: the dashboard on a compact's page and the board report (inline SVG, coloured here). */
.report-toolbar { display: flex; flex-wrap: wrap; gap: 0.75rem 1.25rem; align-items: center; margin: 0.5rem 0 1rem; }
.report-toolbar .inline-form button, .report-toolbar .button { padding: 0.35rem 0.9rem; }
.year-links { display: flex; flex-wrap: wrap; gap: 0.25rem 0.75rem; align-items: baseline; }
.headlines { display: grid; gap: 0.75rem; grid-template-columns: repeat(auto-fit, minmax(min(190px, 100%), 1fr)); margin: 0.5rem 0 1rem; }
.headline { background: var(--paper); border: 1px solid var(--line); border-radius: var(--radius); padding: 0.75rem 1rem; }
.headline dt { color: var(--muted); font-size: 0.9rem; font-weight: 600; }
.headline dd { margin: 0.15rem 0 0; display: grid; gap: 0.1rem; }
.headline .figure { font-size: 1.6rem; font-weight: 700; font-variant-numeric: tabular-nums; line-height: 1.2; }
.headline .delta { font-size: 0.9rem; }
.headline .hint { font-size: 0.8rem; }
.report-charts { margin-bottom: 1rem; grid-template-columns: repeat(auto-fit, minmax(min(460px, 100%), 1fr)); align-items: stretch; }
.report-charts .chart-card { min-width: 0; }
.report-chart { display: block; width: 100%; height: auto; }
.report-chart text { font-size: 13px; fill: var(--muted); font-family: inherit; }
.report-chart .label { fill: var(--ink); }
.report-chart .value { fill: var(--ink); font-weight: 600; }
.report-chart line { stroke: var(--line); stroke-width: 1; }
.report-chart line.axis { stroke: #8b95a1; }
.report-chart .track { fill: var(--wash); }
.report-chart .bar, .swatch .bar { fill: #2f7d57; }
.report-chart .bar.sector-private { fill: #1d4f91; }
.report-chart .bar.sector-voluntary-community { fill: #b35c00; }
.report-chart .bar.s-local { fill: #17633f; } .report-chart .bar.s-sme { fill: #1d4f91; }
.report-chart .bar.s-vcse { fill: #b35c00; } .report-chart .bar.s-criteria { fill: #6b3fa0; }
.seg.lv-0 { fill: #d9dee5; } .seg.lv-1 { fill: #b9dcc8; } .seg.lv-2 { fill: #6fb58f; }
.seg.lv-3 { fill: #2f7d57; } .seg.lv-4 { fill: #17633f; } .seg.lv-5 { fill: #0b3520; }
.seg.lv-na { fill: #fff; stroke: #8b95a1; stroke-dasharray: 3 2; }
.report-chart .seg-value { font-size: 12px; font-weight: 700; }
.report-chart .seg-value.on-light { fill: var(--ink); } .report-chart .seg-value.on-dark { fill: #fff; }
.score-line polyline, .score-line line { fill: none; stroke: #b35c00; stroke-width: 2.5; }
.score-line circle { fill: #b35c00; stroke: #fff; stroke-width: 1.5; }
.report-chart .score-tick { fill: #b35c00; }
/* The partners table fits its page (1200 px, A4): headers and words wrap, figures do not. */
.report-partners td, .report-partners th { padding: 0.45rem 0.5rem; }
.report-partners thead th { white-space: normal; vertical-align: bottom; }
.report-partners td.num, .report-partners td .badge { white-space: nowrap; }
.report-partners th[scope="row"] { min-width: 9rem; }
.badge.budget-missing, .badge.overdue { background: var(--warn-wash); border-color: #e9cf8f; color: var(--warn); }
.report-lists { margin-top: 1rem; }
.report-lists .card { margin: 0; }
.org-list { padding-left: 1.1rem; margin: 0; }
.org-list li { margin: 0.25rem 0; }

@media (max-width: 640px) {
  .who { margin-left: 0; width: 100%; }
  .facts { grid-template-columns: minmax(0, 1fr); gap: 0.1rem; }
  .facts dd { margin-bottom: 0.6rem; }
  .card { padding: 1rem; }
  th, td { padding: 0.5rem 0.6rem; }
}

.print-only { display: none; }

@media print {
  @page { size: A4; margin: 15mm; }
  .print-only { display: block; }
  .spend-categories .older { display: none; }
  .matrix { min-width: 0; }
  thead th { white-space: normal; }
  .history td { overflow-wrap: anywhere; }
  :root { background: #fff; color: #000; font-size: 10pt; }
  body { background: #fff; color: #000; min-height: 0; display: block; }
  .site-header, .site-footer, .skip-link, nav, form, button, .button, .actions, .report-toolbar, .no-print { display: none !important; }
  main, main:has(.wide-page) { max-width: none; padding: 0; }
  h1 { margin-top: 0; }
  h2, h3, figcaption { break-after: avoid; page-break-after: avoid; }
  .card, .table-wrap { border: none; padding: 0; overflow: visible; }
  .headline { border: 1px solid #999; background: #fff; break-inside: avoid; }
  .headline dt, .meta, .hint { color: #333; }
  a { color: inherit; text-decoration: none; }
  .badge { border: 1px solid #999; background: none !important; color: #000 !important; }
  .change.up, .change.down, .change.same { color: #000; }
  table { page-break-inside: auto; font-size: 9pt; } tr, th, td { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; } thead th { background: #fff; border-bottom: 1px solid #000; }
  th, td { padding: 0.25rem 0.5rem; border-color: #bbb; }
  .report-partners { font-size: 8.5pt; }
  .report-partners th, .report-partners td { padding: 0.2rem 0.3rem; }
  .report-partners th[scope="row"] { min-width: 0; }
  .register, .spend-quarters { font-size: 8.5pt; }
  .spend-quarters th, .spend-quarters td { padding: 0.2rem 0.3rem; }
  .register th, .register td { padding: 0.2rem 0.3rem; }
  .register .badge { white-space: normal; padding: 0 0.3rem; }
  .grid-2 { grid-template-columns: 1fr 1fr; gap: 0.75rem; }
  figure, .chart-card, svg { break-inside: avoid; page-break-inside: avoid; }
  .report-chart text, .spend-chart text { fill: #000; }
  .report-chart .track { fill: #fff; stroke: #ccc; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
