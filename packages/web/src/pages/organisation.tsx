import type { getOrganisation } from '@compact-tracker/api/services/organisations';
import { levelName } from '@compact-tracker/domain/flexible-framework';
import { formatPence } from '@compact-tracker/domain/money';
import { DateText, sectorLabel } from '../components/badges.tsx';
import { CsrfField, ErrorSummary, FormError, SelectField, TextField } from '../components/fields.tsx';
import { Layout, type Shell } from '../components/layout.tsx';
import type { FieldErrors, FormValues } from '../forms.ts';
import { type SharesView, SupplierShares } from './supplier-shares.tsx';

export type OrganisationView = Awaited<ReturnType<typeof getOrganisation>>;

export type OrganisationFormState = {
  form: 'budget' | 'invite' | 'join';
  values: FormValues;
  errors?: FieldErrors;
  message?: string;
};

export type OrganisationPageProps = {
  shell: Shell;
  organisation: OrganisationView;
  /** The caller's roles here: empty for the public. */
  roles: string[];
  canDeclareBudget: boolean;
  canInvite: boolean;
  /** Financial years offered in the budget form, newest first. */
  financialYears: string[];
  state?: OrganisationFormState;
  /** Flexible Framework progress, for those who may read it (members, the partnerships' coordinators and board). */
  progress?: OrganisationProgress | null;
};

export type OrganisationProgress = {
  latest: { id: string; assessedOn: string; overallLevel: number } | null;
  canWrite: boolean;
  /** Local, SME and VCSE shares of its imported spend, per partnership it belongs to. */
  shares: SharesView[];
};

export function OrganisationPage(props: OrganisationPageProps) {
  const { organisation: org } = props;
  const base = `/organisations/${encodeURIComponent(org.id)}`;
  const budgets = 'budgets' in org ? org.budgets : null;
  const members = 'members' in org ? org.members : null;
  const formState = (form: OrganisationFormState['form']) =>
    props.state?.form === form ? props.state : undefined;
  return (
    <Layout shell={props.shell} title={org.name}>
      <h1>{org.name}</h1>
      {props.roles.length > 0 ? <p class="meta">You are its {props.roles.join(' and ')}.</p> : null}
      {/* At page level: a refused form may not be on offer to this person at all. */}
      <FormError message={props.state?.message} />
      <div class="card">
        <dl class="facts">
          <dt>Sector</dt>
          <dd>{sectorLabel(org.sector)}</dd>
          <dt>Postcode</dt>
          <dd>{org.postcode}</dd>
          {org.companyNumber ? (
            <>
              <dt>Company number</dt>
              <dd>{org.companyNumber}</dd>
            </>
          ) : null}
          {org.charityNumber ? (
            <>
              <dt>Charity number</dt>
              <dd>{org.charityNumber}</dd>
            </>
          ) : null}
          {org.website ? (
            <>
              <dt>Website</dt>
              <dd>
                <a href={org.website} rel="noopener noreferrer nofollow">
                  {org.website}
                </a>
              </dd>
            </>
          ) : null}
          <dt>Registered</dt>
          <dd>
            <DateText at={org.createdAt} />
          </dd>
        </dl>
      </div>

      {props.progress ? <ProgressLinks base={base} progress={props.progress} /> : null}
      {props.progress ? <SpendLinks base={base} canWrite={props.progress.canWrite} /> : null}
      {props.progress?.shares.some((s) => s.spendPence > 0) ? (
        <SupplierShares shares={props.progress.shares} />
      ) : null}

      {budgets ? (
        <section aria-labelledby="budgets">
          <h2 id="budgets">Annual procurement budgets</h2>
          {budgets.length === 0 ? (
            <p>No budget declared yet. Partnerships need it to count your share of their buying power.</p>
          ) : (
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Financial year</th>
                    <th scope="col" class="num">
                      Budget
                    </th>
                    <th scope="col">Declared</th>
                    <th scope="col">By</th>
                  </tr>
                </thead>
                <tbody>
                  {[...budgets]
                    .sort((a, b) => b.financialYear.localeCompare(a.financialYear))
                    .map((b) => (
                      <tr>
                        <th scope="row">{b.financialYear}</th>
                        <td class="num">{formatPence(b.annualProcurementBudgetPence)}</td>
                        <td>
                          <DateText at={b.declaredAt} />
                        </td>
                        <td>{b.declaredBy}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </div>
          )}
          {props.canDeclareBudget ? (
            <BudgetForm
              base={base}
              shell={props.shell}
              years={props.financialYears}
              state={formState('budget')}
            />
          ) : null}
        </section>
      ) : null}

      {members ? (
        <section aria-labelledby="members">
          <h2 id="members">Members</h2>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Email</th>
                  <th scope="col">Role</th>
                  <th scope="col">Since</th>
                </tr>
              </thead>
              <tbody>
                {members.map((m) => (
                  <tr>
                    <td>{m.email}</td>
                    <td>{m.role}</td>
                    <td>
                      <DateText at={m.createdAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {'joinRequests' in org && org.joinRequests && org.joinRequests.length > 0 ? (
            <JoinRequests base={base} shell={props.shell} requests={org.joinRequests} />
          ) : null}
          {props.canInvite ? (
            <InviteForm base={base} shell={props.shell} state={formState('invite')} />
          ) : null}
        </section>
      ) : null}
    </Layout>
  );
}

function BudgetForm(props: { base: string; shell: Shell; years: string[]; state?: OrganisationFormState }) {
  const common = { form: 'budget', values: props.state?.values, errors: props.state?.errors };
  return (
    <div class="card no-print">
      <form method="post" action={`${props.base}/budgets`} class="stack" novalidate>
        <h3>Declare a budget</h3>
        <ErrorSummary
          form="budget"
          errors={props.state?.errors}
          labels={{ financialYear: 'Financial year', budgetPounds: 'Budget' }}
        />
        <CsrfField token={props.shell.csrfToken} />
        <SelectField
          {...common}
          name="financialYear"
          label="Financial year"
          hint="1 April to 31 March. A new declaration for a year replaces the previous one."
          options={props.years.map((y) => ({ value: y, label: y }))}
          required
        />
        <TextField
          {...common}
          name="budgetPounds"
          label="Annual procurement budget in pounds"
          hint="Such as £1,250,000 or 1250000.50"
          inputmode="decimal"
          required
        />
        <div class="actions">
          <button type="submit">Declare the budget</button>
        </div>
      </form>
    </div>
  );
}

/** People asking to be invited: one click invites them as an officer or a representative. */
function JoinRequests(props: {
  base: string;
  shell: Shell;
  requests: { email: string; name: string; message?: string; requestedAt: string }[];
}) {
  return (
    <div class="card no-print">
      <h3>Asking to be invited</h3>
      <ul class="join-requests">
        {props.requests.map((r) => (
          <li>
            <p>
              <strong>{r.name}</strong> ({r.email}), <DateText at={r.requestedAt} />
              {r.message ? <span>: “{r.message}”</span> : null}
            </p>
            {(['officer', 'representative'] as const).map((role) => (
              <form method="post" action={`${props.base}/members`} class="inline-form">
                <CsrfField token={props.shell.csrfToken} />
                <input type="hidden" name="email" value={r.email} />
                <input type="hidden" name="role" value={role} />
                <button type="submit" class="button secondary">
                  Invite as {role === 'officer' ? 'an officer' : 'a representative'}
                </button>
              </form>
            ))}
          </li>
        ))}
      </ul>
    </div>
  );
}

function InviteForm(props: { base: string; shell: Shell; state?: OrganisationFormState }) {
  const common = { form: 'invite', values: props.state?.values, errors: props.state?.errors };
  return (
    <div class="card no-print">
      <form method="post" action={`${props.base}/members`} class="stack" novalidate>
        <h3>Invite a colleague</h3>
        <p class="hint">
          Officers log spend and Flexible Framework progress; representatives can also sign compacts and
          invite others. They sign in with this email address.
        </p>
        <ErrorSummary form="invite" errors={props.state?.errors} labels={{ email: 'Email', role: 'Role' }} />
        <CsrfField token={props.shell.csrfToken} />
        <TextField {...common} name="email" type="email" label="Email" autocomplete="off" required />
        <SelectField
          {...common}
          name="role"
          label="Role"
          options={[
            { value: 'officer', label: 'Procurement officer' },
            { value: 'representative', label: 'Representative' },
          ]}
          required
        />
        <div class="actions">
          <button type="submit">Invite</button>
        </div>
      </form>
    </div>
  );
}

function ProgressLinks(props: { base: string; progress: OrganisationProgress }) {
  const { latest } = props.progress;
  return (
    <section aria-labelledby="framework">
      <h2 id="framework">Flexible Framework</h2>
      <p>
        {latest ? (
          <>
            Latest self-assessment:{' '}
            <a href={`${props.base}/assessments/${encodeURIComponent(latest.id)}`}>
              <DateText at={latest.assessedOn} />
            </a>
            , overall level{' '}
            {latest.overallLevel === 0
              ? '0 (not yet Foundation)'
              : `${latest.overallLevel} ${levelName(latest.overallLevel)}`}
            .
          </>
        ) : (
          'No self-assessment yet.'
        )}
      </p>
      <div class="actions">
        <a class="button secondary" href={`${props.base}/assessments`}>
          Assessments and history
        </a>
        <a class="button secondary" href={`${props.base}/targets`}>
          Targets
        </a>
        {props.progress.canWrite ? (
          <a class="button" href={`${props.base}/assessments/new`}>
            New assessment
          </a>
        ) : null}
      </div>
    </section>
  );
}

/** Spend is read by the same people as Flexible Framework progress. */
function SpendLinks(props: { base: string; canWrite: boolean }) {
  return (
    <section aria-labelledby="spend">
      <h2 id="spend">Spend</h2>
      <p>Quarterly spend, its local, SME and VCSE shares and estimated emissions.</p>
      <div class="actions">
        <a class="button secondary" href={`${props.base}/spend`}>
          Spend by quarter
        </a>
        <a class="button secondary" href={`${props.base}/suppliers`}>
          Suppliers
        </a>
        {props.canWrite ? (
          <a class="button secondary" href={`${props.base}/spend/imports/new`}>
            Import a spend CSV
          </a>
        ) : null}
      </div>
    </section>
  );
}
