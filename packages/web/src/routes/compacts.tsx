import * as compacts from '@compact-tracker/api/services/compacts';
import * as organisations from '@compact-tracker/api/services/organisations';
import * as participation from '@compact-tracker/api/services/participation';
import * as partnerships from '@compact-tracker/api/services/partnerships';
import { can } from '@compact-tracker/domain/authorisation';
import { DomainError } from '@compact-tracker/domain/errors';
import { financialYearOf, isoDate } from '@compact-tracker/domain/periods';
import { canReadFullReport } from '@compact-tracker/domain/report-access';
import { interestInput, rejectInput, signatureInput, withdrawInput } from '@compact-tracker/domain/schemas';
import { Hono } from 'hono';
import { shellOf } from '../components/layout.tsx';
import { serviceContext, type WebContext, type WebEnv } from '../env.ts';
import { capitalise, domainStatus } from '../errors.tsx';
import { fieldErrors, readForm } from '../forms.ts';
import { CompactPage, type FormState, type MyOrganisation } from '../pages/compact.tsx';
import { CompactEventsPage } from '../pages/compact-events.tsx';
import { type CompactSummary, HomePage } from '../pages/home.tsx';
import { allPages } from '../paging.ts';
import { setFlash } from '../session.ts';
import { canRunAggregations, loadReports } from './reports.tsx';

export function compactRoutes() {
  const app = new Hono<WebEnv>();

  app.get('/', async (c) => {
    const ctx = serviceContext(c);
    const list = await allPages((page) => compacts.listCompacts(ctx, page));
    const names = new Map<string, string>();
    for (const id of new Set(list.map((compact) => compact.partnershipId))) {
      names.set(id, (await partnerships.getPartnership(ctx, id)).name);
    }
    const items: CompactSummary[] = list.map((compact) => ({
      ...compact,
      partnershipName: names.get(compact.partnershipId) ?? '',
    }));
    return c.html(<HomePage shell={shellOf(c)} compacts={items} />);
  });

  app.get('/compacts/:id', async (c) => renderCompact(c, c.req.param('id')));

  app.post('/compacts/:id/interest', async (c) => {
    const id = c.req.param('id');
    const values = await readForm(c);
    const organisationId = values.organisationId?.trim() ?? '';
    if (!organisationId) {
      const errors = { organisationId: 'Choose the organisation that intends to sign' };
      return renderCompact(c, id, { form: 'interest', values, errors }, 400);
    }
    const parsed = interestInput.safeParse({ organisationId });
    if (!parsed.success)
      return refused(c, id, { form: 'interest', values, errors: fieldErrors(parsed.error) });
    return attempt(c, id, { form: 'interest', values }, async () => {
      const done = await participation.registerInterest(serviceContext(c), id, organisationId);
      return `${await organisationName(c, done.organisationId)} is now registered as interested.`;
    });
  });

  app.post('/compacts/:id/sign', async (c) => {
    const id = c.req.param('id');
    const values = await readForm(c);
    const parsed = signatureInput.safeParse({
      organisationId: values.organisationId,
      signatoryName: values.signatoryName,
      signatoryRole: values.signatoryRole,
      version: Number(values.version),
      textSha256: values.textSha256,
      acceptCommitments: values.acceptCommitments === 'yes',
    });
    if (!parsed.success || !values.organisationId?.trim()) {
      const errors = parsed.success ? {} : fieldErrors(parsed.error);
      if (!values.organisationId?.trim()) errors.organisationId = 'Choose the organisation you sign for';
      return renderCompact(c, id, { form: 'sign', values, errors }, 400);
    }
    return attempt(c, id, { form: 'sign', values }, async () => {
      const done = await participation.signCompact(serviceContext(c), id, parsed.data);
      return `${parsed.data.signatoryName} signed version ${done.version} of the compact for ${await organisationName(c, done.organisationId)}.`;
    });
  });

  app.post('/compacts/:id/withdraw', async (c) => {
    const id = c.req.param('id');
    const values = await readForm(c);
    // The organisation as the API checks it (interestInput's organisationId), then the reason.
    const organisationId = values.organisationId?.trim() ?? '';
    const parsed = withdrawInput
      .extend(interestInput.shape)
      .safeParse({ reason: values.reason, organisationId: organisationId || 'none' });
    if (!parsed.success || !organisationId) {
      const errors = parsed.success ? {} : fieldErrors(parsed.error);
      if (!organisationId) errors.organisationId = 'Choose the organisation that withdraws';
      return renderCompact(c, id, { form: 'withdraw', values, errors }, 400);
    }
    return attempt(c, id, { form: 'withdraw', values }, async () => {
      await participation.withdraw(serviceContext(c), id, organisationId, parsed.data.reason);
      return `${await organisationName(c, organisationId)} has withdrawn from the compact.`;
    });
  });

  app.post('/compacts/:id/signatures/:oid/verify', async (c) => {
    const { id, oid } = c.req.param();
    const values = await readForm(c);
    return attempt(c, id, { form: 'verify', values }, async () => {
      await participation.verifySignature(serviceContext(c), id, oid);
      return `The signature of ${await organisationName(c, oid)} is verified.`;
    });
  });

  app.post('/compacts/:id/signatures/:oid/reject', async (c) => {
    const { id, oid } = c.req.param();
    const values = await readForm(c);
    const parsed = rejectInput.safeParse({ reason: values.reason });
    if (!parsed.success) {
      const rejecting = {
        organisationId: oid,
        reason: values.reason ?? '',
        error: 'give the reason for rejecting',
      };
      return renderCompact(c, id, { form: 'reject', values }, 400, rejecting);
    }
    return attempt(c, id, { form: 'reject', values }, async () => {
      const name = await organisationName(c, oid);
      await participation.rejectSignature(serviceContext(c), id, oid, parsed.data.reason);
      return `The signature of ${name} is rejected: it has left the public register.`;
    });
  });

  app.get('/compacts/:id/events', async (c) => {
    const ctx = serviceContext(c);
    const id = c.req.param('id');
    const events = await allPages((page) => participation.listCompactEvents(ctx, id, page));
    const [compact, signatories] = await Promise.all([
      compacts.getCompact(ctx, id),
      allPages((page) => participation.listSignatories(ctx, id, page)),
    ]);
    const names = new Map(signatories.map((s) => [s.organisationId, s.name]));
    return c.html(
      <CompactEventsPage shell={shellOf(c)} compact={compact} events={events} organisationNames={names} />,
    );
  });

  return app;
}

/** A form refused as invalid; an organisation that is not one of the choices (a hidden field when there is one) is said at the top. */
function refused(c: WebContext, compactId: string, state: FormState & { errors: Record<string, string> }) {
  const message = state.errors.organisationId ? 'Choose one of your organisations.' : undefined;
  return renderCompact(c, compactId, { ...state, message }, 400);
}

/**
 * Runs a participation change: on success, post/redirect/get with a message; on a refusal the
 * service explains (already signed, stale version, not allowed), the page again with that message
 * and what was typed. A stale version unticks the acceptance: the new words must be read first.
 */
async function attempt(c: WebContext, compactId: string, state: FormState, change: () => Promise<string>) {
  try {
    const message = await change();
    setFlash(c, { kind: 'success', text: message });
    return c.redirect(`/compacts/${encodeURIComponent(compactId)}`, 303);
  } catch (error) {
    if (!(error instanceof DomainError) || error.kind === 'not-found') throw error;
    const values = { ...state.values };
    let message = capitalise(error.message);
    if (state.form === 'sign' && error.kind === 'rule' && /version|textSha256|changed/.test(error.message)) {
      delete values.acceptCommitments;
      message =
        'The wording of the compact has changed since the page was loaded, so the signature was not recorded. The current text is shown below: read it, then sign again.';
    }
    return renderCompact(c, compactId, { ...state, values, message }, domainStatus[error.kind]);
  }
}

async function organisationName(c: WebContext, id: string): Promise<string> {
  return (await organisations.getOrganisation(serviceContext(c), id)).name;
}

async function renderCompact(
  c: WebContext,
  id: string,
  state?: FormState,
  status: 200 | 400 | 403 | 409 | 422 = 200,
  rejecting?: { organisationId: string; reason: string; error: string },
) {
  const ctx = serviceContext(c);
  const compact = await compacts.getCompact(ctx, id);
  const [partnership, signatories, reportData] = await Promise.all([
    partnerships.getPartnership(ctx, compact.partnershipId),
    allPages((page) => participation.listSignatories(ctx, id, page)),
    loadReports(ctx, id, c.req.query('year')),
  ]);
  const statusOf = new Map(signatories.map((s) => [s.organisationId, s.status]));
  const represented = (c.var.caller?.memberships ?? []).filter(
    (m) => m.scope === 'organisation' && m.role === 'representative',
  );
  const mine: MyOrganisation[] = await Promise.all(
    represented.map(async (m) => ({
      id: m.id,
      name: await organisationName(c, m.id),
      status: statusOf.get(m.id) ?? null,
    })),
  );
  return c.html(
    <CompactPage
      shell={shellOf(c)}
      compact={compact}
      partnership={partnership}
      signatories={signatories}
      mine={mine.sort((a, b) => a.name.localeCompare(b.name))}
      canReadAuditTrail={can.readAuditTrail(c.var.caller, compact.partnershipId)}
      reports={reportData}
      canRunAggregations={canRunAggregations(c.var.caller, compact.partnershipId)}
      canReadFullReport={canReadFullReport(c.var.caller, compact.partnershipId)}
      currentFinancialYear={financialYearOf(isoDate(c.var.deps.now()))}
      canVerify={can.verifySignatures(c.var.caller, compact.partnershipId)}
      canManage={can.manageCompacts(c.var.caller, compact.partnershipId)}
      rejecting={rejecting}
      state={state}
    />,
    status,
  );
}
