import { defaultCarbonFactors } from '@compact-tracker/domain/carbon';
import { AT_RISK_DAYS, LEVEL_NAMES } from '@compact-tracker/domain/flexible-framework';
import { GRACE_DAYS } from '@compact-tracker/domain/reporting-status';
import {
  ASSESSMENT_VALID_DAYS,
  MATURITY_MAX,
  PRACTICE_MAX,
  REPORTING_MAX,
} from '@compact-tracker/domain/score';
import { Badge } from '../components/badges.tsx';
import { Layout, type Shell } from '../components/layout.tsx';

export { METHODOLOGY_PATH, MethodologyLink } from '../components/methodology-link.tsx';

// How the tracker works out what its pages and reports show: reporting statuses, the score and
// its components, combined buying power and the carbon estimate, with the sources. The numbers in
// the text come from the same constants as the code that computes them.

/** The bundled default factor: the unweighted mean of the SIC multipliers, with its year. */
const DEFAULT_FACTOR = defaultCarbonFactors.defaultFactor;

export function MethodologyPage(props: { shell: Shell }) {
  return (
    <Layout shell={props.shell} title="How the figures are worked out">
      <div class="prose">
        <h1>How the figures are worked out</h1>
        <p class="lede">
          What the register, the dashboards and the board reports show, and how each figure is computed.
          Reports are worked out by scheduled jobs (buying power and spend hourly, scores daily) and kept as
          dated snapshots; each report says the date its figures are as of.
        </p>
        <nav aria-label="On this page">
          <ul>
            <li>
              <a href="#periods">Financial years and quarters</a>
            </li>
            <li>
              <a href="#reporting-status">Reporting status</a>
            </li>
            <li>
              <a href="#assessment-overdue">Assessment overdue</a>
            </li>
            <li>
              <a href="#score">The sustainability score and its components</a>
            </li>
            <li>
              <a href="#buying-power">Combined buying power and logged spend</a>
            </li>
            <li>
              <a href="#carbon">Estimated emissions (carbon)</a>
            </li>
            <li>
              <a href="#sources">Sources</a>
            </li>
          </ul>
        </nav>

        <section class="card" aria-labelledby="periods">
          <h2 id="periods">Financial years and quarters</h2>
          <p>
            UK financial years run from 1 April to 31 March: 2025-26 is 1 April 2025 to 31 March 2026. Its
            quarters are Q1 April–June, Q2 July–September, Q3 October–December and Q4 January–March. Money is
            kept in whole pence and shown in pounds.
          </p>
        </section>

        <section class="card" aria-labelledby="reporting-status">
          <h2 id="reporting-status">Reporting status</h2>
          <p>
            Every signatory is expected to log its spend each quarter, by a quarterly return or an import of
            its transactions. A quarter is <strong>due</strong> once it has ended and a grace period of{' '}
            {GRACE_DAYS} days has passed (a quarter ending on 31 March is due from 30 May). Only quarters that
            end after the organisation signed count.
          </p>
          <dl class="facts">
            <dt>
              <Badge value="not-yet-due" />
            </dt>
            <dd>No quarter is due yet: the organisation signed recently.</dd>
            <dt>
              <Badge value="reporting" />
            </dt>
            <dd>The latest due quarter has spend logged.</dd>
            <dt>
              <Badge value="non-reporting" />
            </dt>
            <dd>The latest due quarter has no spend logged.</dd>
            <dt>
              <Badge value="lapsed" />
            </dt>
            <dd>At least four quarters are due and none of the latest four has any spend logged.</dd>
          </dl>
          <p>
            Statuses are public on the register, as the UN Global Compact shows its "non-communicating"
            participants. Lapsing never withdraws anyone: only the organisation can withdraw. The register
            shows each status as of today; a report shows them as of its date (the year's last day for a past
            year).
          </p>
        </section>

        <section class="card" aria-labelledby="assessment-overdue">
          <h2 id="assessment-overdue">Assessment overdue</h2>
          <p>
            Separately from reporting, an organisation's <strong>assessment is overdue</strong> when it has no
            Flexible Framework self-assessment dated in the last {ASSESSMENT_VALID_DAYS} days. The Flexible
            Framework has five themes (people; policy, strategy and communications; procurement process;
            engaging suppliers; measurement and results) and five levels (
            {LEVEL_NAMES.map((name, i) => `${i + 1} ${name}`).join(', ')}). A theme's level is the highest
            level whose criteria, and those of every level below it, are all met; the overall level is the
            lowest of the five. A target for a theme is met when the latest assessment reaches its level,
            missed once its date has passed, at risk with fewer than {AT_RISK_DAYS} days left, and on track
            otherwise.
          </p>
        </section>

        <section class="card" aria-labelledby="score">
          <h2 id="score">The sustainability score and its components</h2>
          <p>
            Each signatory scores 0 to 100 for a financial year, the sum of three components that reports
            always show beside the total:
          </p>
          <dl class="facts">
            <dt>Maturity, 0–{MATURITY_MAX}</dt>
            <dd>
              2 × the sum of the five theme levels of the latest assessment dated within the{' '}
              {ASSESSMENT_VALID_DAYS} days up to the year's end; 0 without one.
            </dd>
            <dt>Practice, 0–{PRACTICE_MAX}</dt>
            <dd>
              20 × the share of the year's spend under contracts with sustainability criteria + 10 × the local
              share + 5 × the SME share + 5 × the VCSE share. Each share is part of the year's total spend,
              kept between 0 and 1; all are 0 when the year's total is 0 or less.
            </dd>
            <dt>Reporting, 0–{REPORTING_MAX}</dt>
            <dd>2.5 for each quarter of the year that has any spend logged.</dd>
          </dl>
          <p>
            The <strong>partnership score</strong> is the mean of its signatories' scores weighted by their
            buying power, so a large buyer counts for more than a small one. A signatory that has declared no
            budget weighs nothing and is listed as "budget missing"; if none has a budget, the plain mean is
            used. Its components are averaged the same way.
          </p>
        </section>

        <section class="card" aria-labelledby="buying-power">
          <h2 id="buying-power">Combined buying power and logged spend</h2>
          <p>
            The <strong>combined buying power</strong> of a compact in a financial year is the sum of the
            annual procurement budgets its signatories declared for that year (failing that, their latest
            earlier declaration), counting the organisations whose signature is active on the year's last day
            (for the current year, on the day of the calculation). It is also split by sector: public,
            private, voluntary and community. <strong>Logged spend</strong> is the same organisations' spend
            logged for the year; the local, SME, VCSE and sustainability-criteria shares are parts of it.
          </p>
        </section>

        <section class="card" aria-labelledby="shares">
          <h2 id="shares">Local, SME and VCSE shares, their coverage, and spend between partners</h2>
          <p>
            Spend returns say how much went to local suppliers, SMEs, VCSEs and contracts with sustainability
            criteria: they are fully classified. Imported spend files name suppliers instead. Each supplier is
            kept once in a register and classified once (postcode, SME, VCSE, public body, or "is a partner"),
            by officers or from the Companies House and Charity Commission registers; a file's own flag
            columns, where it has them, win over the supplier's facts. A supplier is <strong>local</strong>{' '}
            when its postcode lies in the partnership's area (postcode areas or districts); a supplier with no
            postcode is unclassified, never "not local".
          </p>
          <p>
            Money one signatory pays another (a city council paying its county council) stays inside the
            partnership: it is shown apart as <strong>spend between partners</strong> and left out of the
            shares, so that no pound counts twice. Each share is the part of the remaining third-party spend
            whose classification for it is known, and is shown with that <strong>coverage</strong>: "local 41%
            of the 78% classified" says that 78% of the spend has a known answer for local, and 41% of that is
            local. A share without its coverage misleads. The score's practice component uses the same shares;
            for spend from returns alone they are the parts of the year's total, as before.
          </p>
        </section>

        <section class="card" aria-labelledby="carbon">
          <h2 id="carbon">Estimated emissions (carbon)</h2>
          <p>
            Emissions are estimated with the <strong>spend-based method</strong> of the GHG Protocol for Scope
            3, category 1 (purchased goods and services): estimated kgCO2e = spend in £ × the factor of its
            spend category, in kgCO2e per £. Reports give tonnes (tCO2e) and kgCO2e per £ of logged spend.
          </p>
          <p>
            The factors are the UK government's greenhouse-gas multipliers by industry (UK SIC 2007),
            published with the UK's carbon footprint statistics; each spend category maps to SIC divisions
            (construction 41–43, ICT 26 and 61–63, professional services 69–74, and so on). Where no sourced
            factor is known for a category, the default is the unweighted mean of all the multipliers (
            {DEFAULT_FACTOR.kgCo2ePerPound} kgCO2e per £ in {DEFAULT_FACTOR.year}), labelled so. The factors
            in use, with the source and year of each, are on the <a href="/carbon-factors">carbon factors</a>{' '}
            page; a coordinator can replace them with the official table.
          </p>
          <p>
            A spend-based estimate is an average for what the money bought, not a measurement: it moves with
            prices and does not see a supplier's own lower-carbon choices.
          </p>
        </section>

        <section class="card" aria-labelledby="sources">
          <h2 id="sources">Sources</h2>
          <ul class="sources">
            <li>
              GHG Protocol,{' '}
              <a href="https://ghgprotocol.org/standards/scope-3-standard">
                Corporate Value Chain (Scope 3) Standard
              </a>{' '}
              and its Technical Guidance for Calculating Scope 3 Emissions (category 1, spend-based method).
            </li>
            <li>
              Department for Environment, Food &amp; Rural Affairs,{' '}
              <a href="https://www.gov.uk/government/statistics/uks-carbon-footprint">
                UK's carbon footprint
              </a>
              : greenhouse-gas emissions by SIC code (the SIC multipliers, kgCO2e per £).
            </li>
            <li>
              Office for National Statistics,{' '}
              <a href="https://www.ons.gov.uk/methodology/classificationsandstandards/ukstandardindustrialclassificationofeconomicactivities/uksic2007">
                UK Standard Industrial Classification of economic activities 2007 (UK SIC 2007)
              </a>
              .
            </li>
            <li>
              Sustainable Procurement Task Force,{' '}
              <a href="https://www.gov.uk/government/publications/procuring-the-future">
                Procuring the Future
              </a>{' '}
              (2006), which sets out the Flexible Framework; Defra's Flexible Framework guidance (2011).
            </li>
            <li>
              Ministry of Housing, Communities and Local Government,{' '}
              <a href="https://www.gov.uk/government/publications/local-government-transparency-code-2015">
                Local Government Transparency Code 2015
              </a>
              : the "spending over £500" files that imports read.
            </li>
            <li>
              UN Global Compact, its policy on communicating progress: the model for public reporting
              statuses.
            </li>
          </ul>
        </section>
      </div>
    </Layout>
  );
}
