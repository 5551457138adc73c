import type { CompactView } from '@compact-tracker/api/services/compacts';
import type { Report, ReportPartner } from '@compact-tracker/api/services/reports';
import { formatPence, formatPenceShort } from '@compact-tracker/domain/money';
import { Badge, DateText, sectorLabel } from '../components/badges.tsx';
import { CsrfField } from '../components/fields.tsx';
import { Layout, type Shell } from '../components/layout.tsx';
import { MethodologyLink } from '../components/methodology-link.tsx';
import {
  FrameworkChart,
  FrameworkLegend,
  SectorChart,
  SharesChart,
  TrendChart,
  TrendLegend,
  type TrendPoint,
} from '../components/report-charts.tsx';
import { ShareCoverage } from '../components/share-coverage.tsx';

// A compact's reports: the public dashboard on the compact's page (the aggregates of a year's
// snapshot and the trend over years) and the board report page (the same with each partner's
// figures and score components for the partnership's coordinators and board), made to print on A4.

/** What the report pages are given: the years with snapshots, the year shown, the trend. */
export type ReportData = {
  years: string[];
  selected: Report | null;
  trend: TrendPoint[];
};

const formatScore = (score: number | null | undefined) => (score == null ? '–' : score.toFixed(1));
const compactNumber = new Intl.NumberFormat('en-GB', { notation: 'compact', maximumFractionDigits: 1 });
/** Tonnes of CO2e: "12.3 tCO2e", "45,678 tCO2e", "1.1M tCO2e". */
const formatTco2e = (t: number | null) =>
  t === null
    ? '–'
    : `${Math.abs(t) >= 100_000 ? compactNumber.format(t) : t.toLocaleString('en-GB', { maximumFractionDigits: Math.abs(t) >= 100 ? 0 : 1 })} tCO2e`;

/** A change against the previous year, signed, coloured by whether it is good news. */
function Change(props: {
  value: number | null | undefined;
  format: (n: number) => string;
  lowerIsBetter?: boolean;
}) {
  const { value } = props;
  if (value == null) return null;
  const good = props.lowerIsBetter ? value < 0 : value > 0;
  const kind = value === 0 ? 'same' : good ? 'up' : 'down';
  const sign = value > 0 ? '+' : value < 0 ? '−' : '±';
  return <span class={`change ${kind}`}>{`${sign}${props.format(Math.abs(value))}`}</span>;
}

const asOfFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

/**
 * The year's headline figures, each with its change from the previous year when there is one.
 * `liveSignatories` (the register's count now, given for the current year only): the scheduled
 * jobs compute the rest, so the signatory count is the register's own and says how the figures'
 * differs; spend and emissions are marked as the year so far.
 */
function Headlines(props: { report: Report; liveSignatories?: number }) {
  const r = props.report;
  const live = props.liveSignatories;
  const asOf = asOfFormat.format(new Date(r.asOf));
  const signatoriesNote =
    live === undefined
      ? `as of ${asOf}`
      : live === r.signatories
        ? 'on the register now'
        : `on the register now; ${r.signatories} in the figures as of ${asOf}`;
  const change = r.changeFromPreviousYear;
  const since = change ? ` since ${change.financialYear}` : '';
  const item = (label: string, value: string, delta: unknown, note?: string) => (
    <div class="headline">
      <dt>{label}</dt>
      <dd>
        <span class="figure">{value}</span>
        {delta ? (
          <span class="delta">
            {delta}
            {since}
          </span>
        ) : null}
        {note ? <span class="hint">{note}</span> : null}
      </dd>
    </div>
  );
  return (
    <dl class="headlines">
      {item(
        'Signatories',
        String(live ?? r.signatories),
        change?.signatories != null && (live === undefined || live === r.signatories) ? (
          <Change value={change.signatories} format={String} />
        ) : null,
        signatoriesNote,
      )}
      {item(
        'Combined buying power',
        r.combinedBuyingPowerPence === null ? '–' : formatPenceShort(r.combinedBuyingPowerPence),
        change?.combinedBuyingPowerPence != null ? (
          <Change value={change.combinedBuyingPowerPence} format={formatPenceShort} />
        ) : null,
        r.combinedBuyingPowerPence === null ? undefined : formatPence(r.combinedBuyingPowerPence),
      )}
      {item(
        'Logged spend',
        r.loggedSpendPence === null ? '–' : formatPenceShort(r.loggedSpendPence),
        change?.loggedSpendPence != null ? (
          <Change value={change.loggedSpendPence} format={formatPenceShort} />
        ) : null,
        r.loggedSpendPence === null
          ? undefined
          : `${formatPence(r.loggedSpendPence)}${live === undefined ? '' : ', the year so far'}`,
      )}
      {item(
        'Estimated emissions',
        formatTco2e(r.estimatedTco2e),
        change?.estimatedTco2e != null ? (
          <Change value={change.estimatedTco2e} format={formatTco2e} lowerIsBetter />
        ) : null,
        [
          r.estimatedTco2e !== null && Math.abs(r.estimatedTco2e) >= 100_000
            ? `${Math.round(r.estimatedTco2e).toLocaleString('en-GB')} t`
            : null,
          r.kgCo2ePerPound === null ? null : `${r.kgCo2ePerPound.toFixed(3)} kgCO2e per £`,
          live === undefined ? null : 'the year so far',
        ]
          .filter(Boolean)
          .join(' · ') || undefined,
      )}
      {item(
        'Partnership score',
        r.partnershipScore === null ? '–' : `${formatScore(r.partnershipScore)} / 100`,
        change?.partnershipScore != null ? (
          <Change value={change.partnershipScore} format={(n) => n.toFixed(1)} />
        ) : null,
        r.scoreComponents
          ? `maturity ${formatScore(r.scoreComponents.maturity)} / 50 · practice ${formatScore(r.scoreComponents.practice)} / 40 · reporting ${formatScore(r.scoreComponents.reporting)} / 10`
          : undefined,
      )}
    </dl>
  );
}

/** The charts of a year, each with its figures written out. */
function Charts(props: { report: Report; trend: TrendPoint[]; idPrefix: string }) {
  const r = props.report;
  const id = (name: string) => `${props.idPrefix}-${name}`;
  return (
    <div class="grid-2 charts report-charts">
      {r.buyingPowerBySector ? (
        <figure class="card chart-card">
          <figcaption>Combined buying power by sector</figcaption>
          <SectorChart id={id('sector')} bySector={r.buyingPowerBySector} />
        </figure>
      ) : null}
      {r.shares ? (
        <figure class="card chart-card">
          <figcaption>
            Shares of classified third-party spend
            {r.loggedSpendPence !== null ? ` (${formatPenceShort(r.loggedSpendPence)})` : ''}
          </figcaption>
          <SharesChart id={id('shares')} shares={r.shares} />
          <ShareCoverage shares={r.shares} coverage={r.coverage} interPartnerPence={r.interPartnerPence} />
        </figure>
      ) : null}
      {r.flexibleFramework ? (
        <figure class="card chart-card">
          <figcaption>
            Flexible Framework levels per theme ({r.flexibleFramework.assessed} assessed,{' '}
            {r.flexibleFramework.notAssessed} not)
          </figcaption>
          <FrameworkChart id={id('framework')} framework={r.flexibleFramework} />
          <FrameworkLegend />
        </figure>
      ) : null}
      {props.trend.length > 0 ? (
        <figure class="card chart-card">
          <figcaption>Trend by financial year</figcaption>
          <TrendChart id={id('trend')} points={props.trend} />
          <TrendLegend />
        </figure>
      ) : null}
    </div>
  );
}

function RunNowForm(props: { base: string; csrfToken: string; next: string }) {
  return (
    <form method="post" action={`${props.base}/reports/run`} class="inline-form no-print">
      <CsrfField token={props.csrfToken} />
      <input type="hidden" name="next" value={props.next} />
      <button type="submit" class="secondary">
        Run aggregation now
      </button>
    </form>
  );
}

/** The public dashboard on a compact's page. */
export function ReportDashboard(props: {
  base: string;
  data: ReportData;
  canRun: boolean;
  canReadFull: boolean;
  shell: Shell;
  /** The register's signatory count now, given for the current financial year only. */
  liveSignatories?: number;
}) {
  const { data, base } = props;
  const r = data.selected;
  const next = r && data.years[0] !== r.financialYear ? `${base}?year=${r.financialYear}` : base;
  return (
    <section class="report-dashboard" aria-labelledby="dashboard">
      <h2 id="dashboard">Progress{r ? ` in ${r.financialYear}` : ''}</h2>
      {!r ? (
        <div class="notice info">
          <p>
            No report has been computed for this compact yet. The figures are worked out by scheduled jobs:
            hourly for buying power and spend, daily for scores.
          </p>
          {props.canRun ? <RunNowForm base={base} csrfToken={props.shell.csrfToken} next={base} /> : null}
        </div>
      ) : (
        <>
          <div class="report-toolbar no-print">
            {data.years.length > 1 ? (
              <form method="get" action={base} class="inline-form">
                <label for="report-year">Financial year</label>
                <select id="report-year" name="year">
                  {data.years.map((fy) => (
                    <option value={fy} selected={fy === r.financialYear}>
                      {fy}
                    </option>
                  ))}
                </select>
                <button type="submit" class="secondary">
                  Show
                </button>
              </form>
            ) : null}
            <a class="button secondary" href={`${base}/reports/${r.financialYear}`}>
              {props.canReadFull ? 'Board report' : 'Full report'} for {r.financialYear}
            </a>
            {props.canRun ? <RunNowForm base={base} csrfToken={props.shell.csrfToken} next={next} /> : null}
          </div>
          <p class="meta">
            From the snapshot of <DateText at={r.generatedAt} withTime />, as of <DateText at={r.asOf} />.{' '}
            <MethodologyLink />.
          </p>
          <Headlines report={r} liveSignatories={props.liveSignatories} />
          <Charts report={r} trend={data.trend} idPrefix="dash" />
        </>
      )}
    </section>
  );
}

export type ReportPageProps = {
  shell: Shell;
  compact: CompactView;
  partnership: { id: string; name: string; area: string };
  data: ReportData & { selected: Report };
  canRun: boolean;
  /** The register's signatory count now, given for the current financial year only. */
  liveSignatories?: number;
};

/** The board report of a year: printable on A4. */
export function ReportPage(props: ReportPageProps) {
  const { compact, partnership } = props;
  const r = props.data.selected;
  const base = `/compacts/${encodeURIComponent(compact.id)}`;
  const path = `${base}/reports/${r.financialYear}`;
  const full = r.access === 'full';
  return (
    <Layout shell={props.shell} title={`${compact.title}: report ${r.financialYear}`}>
      <div class="report-page wide-page">
        <p class="meta no-print">
          <a href="/">Compacts</a> › <a href={base}>{compact.title}</a> › Report {r.financialYear}
        </p>
        <h1>
          {full ? 'Board report' : 'Report'} {r.financialYear}
        </h1>
        <p class="meta">
          {compact.title}, a compact of {partnership.name} ({partnership.area}). From the snapshots of{' '}
          <DateText at={r.generatedAt} withTime />, figures as of <DateText at={r.asOf} />.{' '}
          <MethodologyLink />: statuses, scores, buying power and carbon.
        </p>
        <div class="report-toolbar no-print">
          {props.data.years.length > 1 ? (
            <nav aria-label="Financial years" class="year-links">
              Year:{' '}
              {props.data.years.map((fy) =>
                fy === r.financialYear ? (
                  <strong aria-current="page">{fy}</strong>
                ) : (
                  <a href={`${base}/reports/${fy}`}>{fy}</a>
                ),
              )}
            </nav>
          ) : null}
          <a class="button secondary" href={`${path}/csv?for=people`} download>
            Download readable table (CSV)
          </a>
          <a
            class="button secondary"
            href={`${path}/csv`}
            download
            title="Identifiers, codes, pence and fractions"
          >
            Download CSV
          </a>
          {props.canRun ? <RunNowForm base={base} csrfToken={props.shell.csrfToken} next={path} /> : null}
        </div>
        {!full ? (
          <div class="notice info no-print">
            <p>
              This is the public part of the report. Each partner's buying power and score are shown to the
              partnership's coordinators and board only.
            </p>
          </div>
        ) : null}

        <h2>Headline figures</h2>
        <Headlines report={r} liveSignatories={props.liveSignatories} />
        <Charts report={r} trend={props.data.trend} idPrefix="report" />

        <h2 id="partners">Partners</h2>
        <PartnersTable partners={r.partners} full={full} />

        <div class="grid-2 report-lists">
          <section class="card">
            <h2>Not reporting</h2>
            {r.nonReporting.length === 0 ? (
              <p>No signatory is non-reporting or lapsed.</p>
            ) : (
              <ul class="org-list non-reporting">
                {r.nonReporting.map((o) => (
                  <li>
                    <a href={`/organisations/${encodeURIComponent(o.organisationId)}`}>{o.name}</a>{' '}
                    <Badge value={o.reportingStatus} />
                  </li>
                ))}
              </ul>
            )}
          </section>
          {full ? (
            <section class="card">
              <h2>Budget missing</h2>
              {(r.budgetMissing ?? []).length === 0 ? (
                <p>Every signatory has declared a budget.</p>
              ) : (
                <>
                  <p class="hint">
                    These weigh nothing in the partnership score and add nothing to buying power.
                  </p>
                  <ul class="org-list budget-missing">
                    {(r.budgetMissing ?? []).map((o) => (
                      <li>
                        <a href={`/organisations/${encodeURIComponent(o.organisationId)}`}>{o.name}</a>
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </section>
          ) : null}
        </div>
      </div>
    </Layout>
  );
}

function PartnersTable(props: { partners: ReportPartner[]; full: boolean }) {
  const { partners, full } = props;
  if (partners.length === 0) return <p>No organisation had an active signature in this year.</p>;
  return (
    <div class="table-wrap">
      <table class="report-partners">
        <caption>{partners.length} signatories</caption>
        <thead>
          <tr>
            <th scope="col">Organisation</th>
            <th scope="col">Sector</th>
            <th scope="col">Reporting</th>
            {full ? (
              <>
                <th scope="col" class="num">
                  Buying power
                </th>
                <th scope="col" class="num">
                  Score
                </th>
                <th scope="col" class="num">
                  Maturity /50
                </th>
                <th scope="col" class="num">
                  Practice /40
                </th>
                <th scope="col" class="num">
                  Reporting /10
                </th>
              </>
            ) : null}
            <th scope="col">Assessment</th>
          </tr>
        </thead>
        <tbody>
          {partners.map((p) => (
            <tr>
              <th scope="row">
                <a href={`/organisations/${encodeURIComponent(p.organisationId)}`}>{p.name}</a>
              </th>
              <td>{sectorLabel(p.sector)}</td>
              <td>
                <Badge value={p.reportingStatus} />
              </td>
              {full ? (
                <>
                  <td class="num">
                    {p.budgetMissing ? (
                      <span class="badge budget-missing">budget missing</span>
                    ) : (
                      formatPenceShort(p.buyingPowerPence ?? 0)
                    )}
                  </td>
                  <td class="num score-total">{formatScore(p.score?.total)}</td>
                  <td class="num">{formatScore(p.score?.maturity)}</td>
                  <td class="num">{formatScore(p.score?.practice)}</td>
                  <td class="num">{formatScore(p.score?.reporting)}</td>
                </>
              ) : null}
              <td>
                {p.assessmentOverdue === null ? (
                  <span class="meta">–</span>
                ) : p.assessmentOverdue ? (
                  <span class="badge overdue">overdue</span>
                ) : (
                  'up to date'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
