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
code, .hash { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em; }
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
.cards { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); list-style: none; padding: 0; }
.cards > li { max-width: none; }
.cards .card { margin: 0; height: 100%; display: flex; flex-direction: column; }
.cards .card .meta:last-child { margin-top: auto; }
.meta { color: var(--muted); font-size: 0.95rem; }
.lede { font-size: 1.1rem; }
.grid-2 { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); align-items: start; }

.commitments { padding-left: 1.5rem; }
.commitments li { margin: 0.4rem 0; padding-left: 0.25rem; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0.5rem 0; }
.facts dt { font-weight: 600; }
.facts dd { margin: 0; min-width: 0; }

.badge { display: inline-block; border-radius: 999px; padding: 0.05rem 0.6rem; font-size: 0.85rem; font-weight: 600; background: var(--wash); border: 1px solid var(--line); white-space: nowrap; }
.badge.signed, .badge.open, .badge.reporting { background: var(--brand-wash); border-color: #a9d3ba; color: var(--brand-dark); }
.badge.interested, .badge.draft, .badge.not-yet-due { background: #eaf1fb; border-color: #b9cdea; color: #1d4f91; }
.badge.withdrawn, .badge.closed { background: var(--wash); color: var(--muted); }
.badge.non-reporting { background: var(--warn-wash); border-color: #e9cf8f; color: var(--warn); }
.badge.lapsed { background: var(--danger-wash); border-color: #e7b3b5; color: var(--danger); }

.table-wrap { overflow-x: auto; border: 1px solid var(--line); border-radius: var(--radius); background: var(--paper); }
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
.users { list-style: none; padding: 0; display: grid; gap: 0.75rem; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); }
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

@media (max-width: 640px) {
  .who { margin-left: 0; width: 100%; }
  .card { padding: 1rem; }
  th, td { padding: 0.5rem 0.6rem; }
}

@media print {
  :root { background: #fff; font-size: 11pt; }
  .site-header, .site-footer, .skip-link, form, .actions, .no-print { display: none !important; }
  main { max-width: none; padding: 0; }
  .card, .table-wrap { border: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
  .badge { border: 1px solid #999; background: none !important; color: #000 !important; }
  table { page-break-inside: auto; } tr { page-break-inside: avoid; }
}
`;
