import type { CompactView } from '@compact-tracker/api/services/compacts';
import type { listSignatories } from '@compact-tracker/api/services/participation';
import type { ParticipationStatus } from '@compact-tracker/domain/participation';
import { Badge, DateText, sectorLabel } from '../components/badges.tsx';
import { CompactActions } from '../components/compact-actions.tsx';
import {
  CheckboxField,
  CsrfField,
  ErrorSummary,
  FormError,
  SelectField,
  TextField,
} from '../components/fields.tsx';
import { Layout, type Shell } from '../components/layout.tsx';
import { AwaitingVerification, VerifiedCell } from '../components/verification.tsx';
import type { FieldErrors, FormValues } from '../forms.ts';
import { MethodologyLink } from './methodology.tsx';
import { ReportDashboard, type ReportData } from './report.tsx';

export type Signatory = Awaited<ReturnType<typeof listSignatories>>['items'][number];

/** An organisation the signed-in user represents, with where it stands on this compact. */
export type MyOrganisation = { id: string; name: string; status: ParticipationStatus | null };

export type CompactForm = 'interest' | 'sign' | 'withdraw' | 'verify' | 'reject';

/** A form sent back with what was typed and what was wrong. */
export type FormState = { form: CompactForm; values: FormValues; errors?: FieldErrors; message?: string };

export type CompactPageProps = {
  shell: Shell;
  compact: CompactView;
  partnership: { id: string; name: string; area: string };
  signatories: Signatory[];
  mine: MyOrganisation[];
  canReadAuditTrail: boolean;
  /** The public dashboard: the years with report snapshots, the year shown, the trend. */
  reports?: ReportData;
  canRunAggregations?: boolean;
  canReadFullReport?: boolean;
  /** Today's financial year: its dashboard shows the register's signatory count as it is now. */
  currentFinancialYear?: string;
  /** The partnership's coordinators: verify or reject new signatures; edit, publish and close. */
  canVerify?: boolean;
  canManage?: boolean;
  /** A rejection sent back for its reason. */
  rejecting?: { organisationId: string; reason: string; error: string };
  state?: FormState;
};

const signLabels = {
  organisationId: 'Organisation',
  signatoryName: 'Name of the signatory',
  signatoryRole: 'Job title',
  acceptCommitments: 'Acceptance',
};

export function CompactPage(props: CompactPageProps) {
  const { compact, partnership } = props;
  const base = `/compacts/${encodeURIComponent(compact.id)}`;
  return (
    <Layout shell={props.shell} title={compact.title}>
      <p class="meta">
        <a href="/">Compacts</a> ›{' '}
        <a href={`/partnerships/${encodeURIComponent(partnership.id)}`}>{partnership.name}</a>
      </p>
      <h1>{compact.title}</h1>
      <p class="meta">
        A compact of {partnership.name} ({partnership.area}) · <Badge value={compact.status} /> · version{' '}
        {compact.version}
      </p>
      <div class="card">
        <p class="lede">{compact.summary}</p>
        <h2 id="commitments">Commitments</h2>
        <ol class="commitments">
          {compact.commitments.map((text) => (
            <li>{text}</li>
          ))}
        </ol>
        <dl class="facts">
          <dt>Version</dt>
          <dd>{compact.version}</dd>
          <dt>Text fingerprint</dt>
          <dd>
            <span class="hash">{compact.textSha256}</span>
            <p class="hint">
              The SHA-256 of this wording. Each signature records it, so nobody can later claim to have signed
              other words.
            </p>
          </dd>
          {compact.publishedAt ? (
            <>
              <dt>Published</dt>
              <dd>
                <DateText at={compact.publishedAt} />
              </dd>
            </>
          ) : null}
        </dl>
        <p class="no-print">
          <a href={`${base}/versions`}>Version history</a>
          {props.canReadAuditTrail ? (
            <>
              {' · '}
              <a href={`${base}/events`}>Audit trail of this compact</a>
            </>
          ) : null}
        </p>
        {props.canManage ? <CompactActions base={base} shell={props.shell} compact={compact} /> : null}
      </div>

      <Participation {...props} base={base} />

      {props.canVerify ? (
        <AwaitingVerification
          base={base}
          shell={props.shell}
          signatories={props.signatories}
          rejecting={props.rejecting}
          message={
            props.state?.form === 'verify' || props.state?.form === 'reject' ? props.state.message : undefined
          }
        />
      ) : null}

      {props.reports ? (
        <ReportDashboard
          base={base}
          data={props.reports}
          canRun={props.canRunAggregations ?? false}
          canReadFull={props.canReadFullReport ?? false}
          shell={props.shell}
          liveSignatories={
            props.reports.selected?.financialYear === props.currentFinancialYear
              ? compact.signatoryCount
              : undefined
          }
        />
      ) : null}

      <h2 id="register">Register of signatories</h2>
      <p class="meta">
        <MethodologyLink part="reporting-status">What the reporting statuses mean</MethodologyLink>
      </p>
      <SignatoryTable signatories={props.signatories} />
    </Layout>
  );
}

function SignatoryTable(props: { signatories: Signatory[] }) {
  if (props.signatories.length === 0) return <p>No organisation has signed or registered interest yet.</p>;
  const signed = props.signatories.filter((s) => s.status === 'signed').length;
  return (
    <div class="table-wrap">
      <table class="register">
        <caption>
          {signed} signed · {props.signatories.length} organisations in all
        </caption>
        <thead>
          <tr>
            <th scope="col">Organisation</th>
            <th scope="col">Sector</th>
            <th scope="col">Status</th>
            <th scope="col">Signed</th>
            <th scope="col">Withdrawn</th>
            <th scope="col" class="num">
              Version
            </th>
            <th scope="col">Reporting</th>
          </tr>
        </thead>
        <tbody>
          {props.signatories.map((s) => (
            <tr>
              <th scope="row">
                <a href={`/organisations/${encodeURIComponent(s.organisationId)}`}>{s.name}</a>
              </th>
              <td>{sectorLabel(s.sector)}</td>
              <td>
                <Badge value={s.status} />
              </td>
              <td>
                <DateText at={s.signedAt} />
                <VerifiedCell signatory={s} />
              </td>
              <td>
                <DateText at={s.withdrawnAt} />
              </td>
              <td class="num">{s.version ?? '–'}</td>
              <td>
                <Badge value={s.reportingStatus} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** What the signed-in user can do for their organisations; what a visitor needs to take part. */
function Participation(props: CompactPageProps & { base: string }) {
  const { shell, compact, mine, state } = props;
  if (!shell.caller) {
    return compact.status === 'open' ? (
      <div class="notice info no-print">
        <p>
          Representing an organisation? <a href={`/login?next=${encodeURIComponent(props.base)}`}>Sign in</a>{' '}
          to register interest in this compact or sign it.
        </p>
      </div>
    ) : null;
  }
  if (mine.length === 0) {
    return (
      <div class="notice info no-print">
        <p>
          Only an organisation's representatives can sign for it.{' '}
          <a href="/organisations/new">Register your organisation</a>, or ask its representative to invite
          you.
        </p>
      </div>
    );
  }
  const open = compact.status === 'open';
  const canInterest = open ? mine.filter((o) => o.status === null || o.status === 'withdrawn') : [];
  const canSign = open ? mine.filter((o) => o.status !== 'signed') : [];
  const canWithdraw = mine.filter((o) => o.status === 'signed');
  const formState = (form: CompactForm) => (state?.form === form ? state : undefined);
  return (
    <section class="card no-print" aria-labelledby="take-part">
      <h2 id="take-part">Your organisation{mine.length > 1 ? 's' : ''}</h2>
      <ul>
        {mine.map((o) => (
          <li>
            {o.name}: {o.status ? <Badge value={o.status} /> : 'not taking part yet'}
          </li>
        ))}
      </ul>
      {!open ? <p>This compact is {compact.status}: it takes no new interest or signatures.</p> : null}
      {/* At section level: after a refusal the form that was used may no longer be on offer. */}
      <FormError message={state?.message} />
      <div class="grid-2">
        {canInterest.length > 0 ? (
          <InterestForm {...props} options={canInterest} state={formState('interest')} />
        ) : null}
        {canSign.length > 0 ? <SignForm {...props} options={canSign} state={formState('sign')} /> : null}
        {canWithdraw.length > 0 ? (
          <WithdrawForm {...props} options={canWithdraw} state={formState('withdraw')} />
        ) : null}
      </div>
    </section>
  );
}

type FormProps = CompactPageProps & { base: string; options: MyOrganisation[]; state: FormState | undefined };

/**
 * A representative of one organisation needs no choice: a hidden field. One of several always
 * chooses, from a list with nothing chosen beforehand (even when only one of them can take this
 * step), so that nobody acts for an organisation they did not pick.
 */
function OrganisationChoice(props: {
  form: string;
  options: MyOrganisation[];
  mine: MyOrganisation[];
  state?: FormState;
  hint: string;
}) {
  const [only] = props.options;
  if (props.mine.length === 1 && only) {
    return <input type="hidden" name="organisationId" value={only.id} />;
  }
  return (
    <SelectField
      form={props.form}
      name="organisationId"
      label="Organisation"
      hint={props.hint}
      placeholder="Choose an organisation"
      options={props.options.map((o) => ({ value: o.id, label: o.name }))}
      values={props.state?.values}
      errors={props.state?.errors}
      required
    />
  );
}

function InterestForm(props: FormProps) {
  const [only] = props.options;
  return (
    <form method="post" action={`${props.base}/interest`} class="stack">
      <h3>Register interest</h3>
      <p class="hint">
        Tell the partnership that {props.mine.length === 1 && only ? only.name : 'your organisation'} intends
        to sign. It appears on the register as interested.
      </p>
      <CsrfField token={props.shell.csrfToken} />
      <OrganisationChoice
        form="interest"
        options={props.options}
        mine={props.mine}
        state={props.state}
        hint="The organisation that intends to sign."
      />
      <div class="actions">
        <button type="submit" class="secondary">
          Register interest
        </button>
      </div>
    </form>
  );
}

function SignForm(props: FormProps) {
  const { compact, state } = props;
  const [only] = props.options;
  return (
    <form method="post" action={`${props.base}/sign`} class="stack" id="sign">
      <h3>Sign the compact</h3>
      <ErrorSummary form="sign" errors={state?.errors} labels={signLabels} />
      <CsrfField token={props.shell.csrfToken} />
      {/* What the signatory read: the service refuses the signature if the text has changed since. */}
      <input type="hidden" name="version" value={String(compact.version)} />
      <input type="hidden" name="textSha256" value={compact.textSha256} />
      <OrganisationChoice
        form="sign"
        options={props.options}
        mine={props.mine}
        state={state}
        hint="The organisation you sign for."
      />
      <TextField
        form="sign"
        name="signatoryName"
        label="Name of the signatory"
        hint="The person who signs for the organisation, usually its chief executive."
        autocomplete="name"
        values={state?.values}
        errors={state?.errors}
        required
      />
      <TextField
        form="sign"
        name="signatoryRole"
        label="Job title"
        autocomplete="organization-title"
        values={state?.values}
        errors={state?.errors}
        required
      />
      <CheckboxField
        form="sign"
        name="acceptCommitments"
        label={`On behalf of ${props.mine.length === 1 && only ? only.name : 'the organisation chosen above'}, I accept the ${compact.commitments.length} commitments of version ${compact.version} of this compact, as shown above.`}
        values={state?.values}
        errors={state?.errors}
        required
      />
      <div class="actions">
        <button type="submit">Sign the compact</button>
      </div>
    </form>
  );
}

function WithdrawForm(props: FormProps) {
  return (
    <form method="post" action={`${props.base}/withdraw`} class="stack">
      <h3>Withdraw</h3>
      <p class="hint">
        The register keeps the signature and shows the date of withdrawal. You can sign again later.
      </p>
      <CsrfField token={props.shell.csrfToken} />
      <OrganisationChoice
        form="withdraw"
        options={props.options}
        mine={props.mine}
        state={props.state}
        hint="The organisation that withdraws."
      />
      <TextField
        form="withdraw"
        name="reason"
        label="Reason for withdrawing"
        multiline
        values={props.state?.values}
        errors={props.state?.errors}
        required
      />
      <div class="actions">
        <button type="submit" class="danger">
          Withdraw from the compact
        </button>
      </div>
    </form>
  );
}
