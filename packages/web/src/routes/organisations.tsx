import * as assessments from '@compact-tracker/api/services/assessments';
import * as organisations from '@compact-tracker/api/services/organisations';
import * as partnerships from '@compact-tracker/api/services/partnerships';
import * as supplierLists from '@compact-tracker/api/services/supplier-lists';
import { can, organisationRoles } from '@compact-tracker/domain/authorisation';
import { DomainError } from '@compact-tracker/domain/errors';
import { parsePoundsToPence } from '@compact-tracker/domain/money';
import {
  financialYearOf,
  financialYearOfStart,
  financialYearStart,
  isFinancialYear,
  isoDate,
} from '@compact-tracker/domain/periods';
import {
  budgetInput,
  joinRequestInput,
  organisationInput,
  organisationMemberInput,
} from '@compact-tracker/domain/schemas';
import { Hono } from 'hono';
import { shellOf } from '../components/layout.tsx';
import { serviceContext, type WebContext, type WebEnv } from '../env.ts';
import { capitalise, domainStatus } from '../errors.tsx';
import { blankToUndefined, type FieldErrors, fieldErrors, loginPath, readForm } from '../forms.ts';
import { invitationNote } from '../pages/invitation.tsx';
import { MePage, type MyMembership } from '../pages/me.tsx';
import {
  type OrganisationFormState,
  OrganisationPage,
  type OrganisationProgress,
} from '../pages/organisation.tsx';
import { NewOrganisationPage } from '../pages/organisation-new.tsx';
import { setFlash } from '../session.ts';
import { siteOrigin } from '../site.ts';

export function organisationRoutes() {
  const app = new Hono<WebEnv>();

  app.get('/organisations/new', (c) => {
    if (!c.var.caller) return c.redirect(loginPath(c), 303);
    return c.html(<NewOrganisationPage shell={shellOf(c)} values={{ sector: 'public' }} />);
  });

  app.post('/organisations', async (c) => {
    const values = await readForm(c);
    const { name, sector, postcode, companyNumber, charityNumber, website } = blankToUndefined(values, [
      'companyNumber',
      'charityNumber',
      'website',
    ]);
    const parsed = organisationInput.safeParse({
      name,
      sector,
      postcode,
      companyNumber,
      charityNumber,
      website,
    });
    if (!parsed.success) {
      return c.html(
        <NewOrganisationPage shell={shellOf(c)} values={values} errors={fieldErrors(parsed.error)} />,
        400,
      );
    }
    let created: Awaited<ReturnType<typeof organisations.registerOrganisation>>;
    try {
      created = await organisations.registerOrganisation(serviceContext(c), parsed.data);
    } catch (error) {
      const organisationId = error instanceof DomainError ? error.details?.organisationId : undefined;
      if (!organisationId) throw error;
      const lookalike = { organisationId, message: capitalise((error as DomainError).message) };
      return c.html(<NewOrganisationPage shell={shellOf(c)} values={values} lookalike={lookalike} />, 409);
    }
    setFlash(c, { kind: 'success', text: `${created.name} is registered, with you as its representative.` });
    return c.redirect(`/organisations/${encodeURIComponent(created.id)}`, 303);
  });

  app.post('/organisations/:id/join', async (c) => {
    const id = c.req.param('id');
    const values = await readForm(c);
    const parsed = joinRequestInput.safeParse({ message: values.message?.trim() || undefined });
    const message = parsed.success ? parsed.data.message : undefined;
    return attempt(c, id, { form: 'join', values }, async () => {
      await organisations.askToJoin(serviceContext(c), id, { message });
      return 'Its representatives have been asked to invite you: they see your request on this page.';
    });
  });

  app.get('/organisations/:id', async (c) => renderOrganisation(c, c.req.param('id')));

  app.post('/organisations/:id/budgets', async (c) => {
    const id = c.req.param('id');
    const values = await readForm(c);
    const financialYear = values.financialYear ?? '';
    const errors: FieldErrors = {};
    if (!isFinancialYear(financialYear)) errors.financialYear = 'choose a financial year, such as 2025-26';
    const pence = parsePoundsToPence(values.budgetPounds ?? '');
    if (pence === null) {
      errors.budgetPounds = values.budgetPounds?.trim()
        ? 'enter an amount in pounds, such as 1,250,000 or 1250000.50'
        : 'enter the budget in pounds';
    } else {
      const checked = budgetInput.safeParse({ annualProcurementBudgetPence: pence });
      if (!checked.success) {
        errors.budgetPounds =
          pence < 0 ? 'the budget cannot be negative' : 'the budget can be at most £1 trillion';
      }
    }
    if (Object.keys(errors).length > 0 || pence === null) {
      return renderOrganisation(c, id, { form: 'budget', values, errors }, 400);
    }
    return attempt(c, id, { form: 'budget', values }, async () => {
      await organisations.declareBudget(serviceContext(c), id, financialYear, pence);
      return `The budget for ${financialYear} is declared.`;
    });
  });

  app.post('/organisations/:id/members', async (c) => {
    const id = c.req.param('id');
    const values = await readForm(c);
    const parsed = organisationMemberInput.safeParse({ email: values.email, role: values.role });
    if (!parsed.success) {
      return renderOrganisation(c, id, { form: 'invite', values, errors: fieldErrors(parsed.error) }, 400);
    }
    return attempt(c, id, { form: 'invite', values }, async () => {
      const done = await organisations.inviteOrganisationMember(
        serviceContext(c),
        id,
        parsed.data,
        siteOrigin(c),
      );
      return `${parsed.data.email} is now ${parsed.data.role === 'officer' ? 'an officer' : 'a representative'} of this organisation. ${invitationNote(done.invitation)}`;
    });
  });

  app.get('/me', async (c) => {
    const caller = c.var.caller;
    if (!caller) return c.redirect(loginPath(c), 303);
    const ctx = serviceContext(c);
    const orgs: MyMembership[] = [];
    const parts: MyMembership[] = [];
    for (const m of caller.memberships) {
      try {
        if (m.scope === 'organisation') {
          const org = await organisations.getOrganisation(ctx, m.id);
          orgs.push({ href: `/organisations/${encodeURIComponent(m.id)}`, name: org.name, role: m.role });
        } else {
          const partnership = await partnerships.getPartnership(ctx, m.id);
          parts.push({
            href: `/partnerships/${encodeURIComponent(m.id)}`,
            name: partnership.name,
            role: m.role,
          });
        }
      } catch (error) {
        // A membership of something since removed is not worth an error page.
        if (!(error instanceof DomainError && error.kind === 'not-found')) throw error;
      }
    }
    const byName = (a: MyMembership, b: MyMembership) => a.name.localeCompare(b.name);
    return c.html(
      <MePage shell={shellOf(c)} organisations={orgs.sort(byName)} partnerships={parts.sort(byName)} />,
    );
  });

  return app;
}

async function attempt(
  c: WebContext,
  id: string,
  state: OrganisationFormState,
  change: () => Promise<string>,
) {
  try {
    setFlash(c, { kind: 'success', text: await change() });
    return c.redirect(`/organisations/${encodeURIComponent(id)}`, 303);
  } catch (error) {
    if (!(error instanceof DomainError) || error.kind === 'not-found') throw error;
    return renderOrganisation(
      c,
      id,
      { ...state, message: capitalise(error.message) },
      domainStatus[error.kind],
    );
  }
}

/** The budget form offers the two years before this one, this one and the next. */
function financialYearsAround(today: Date): string[] {
  const current = financialYearStart(financialYearOf(isoDate(today))) ?? today.getUTCFullYear();
  return [current + 1, current, current - 1, current - 2].map(financialYearOfStart);
}

async function renderOrganisation(
  c: WebContext,
  id: string,
  state?: OrganisationFormState,
  status: 200 | 400 | 403 | 409 | 422 = 200,
) {
  const organisation = await organisations.getOrganisation(serviceContext(c), id);
  const caller = c.var.caller;
  const years = financialYearsAround(c.var.deps.now());
  const values = state?.values ?? { financialYear: years[1] ?? '', role: 'officer' };
  const progress = await progressOf(c, id);
  return c.html(
    <OrganisationPage
      shell={shellOf(c)}
      organisation={organisation}
      roles={organisationRoles(caller, id)}
      canDeclareBudget={can.declareBudget(caller, id)}
      canInvite={can.inviteOrganisationMember(caller, id)}
      financialYears={years}
      state={state ? { ...state, values } : { form: 'budget', values }}
      progress={progress}
    />,
    status,
  );
}

/** The latest assessment, for those who may read the organisation's progress; null for anyone else. */
async function progressOf(c: WebContext, id: string): Promise<OrganisationProgress | null> {
  if (!c.var.caller) return null;
  try {
    const ctx = serviceContext(c);
    const [{ items }, shares] = await Promise.all([
      assessments.listAssessments(ctx, id, { limit: 1 }),
      supplierLists.organisationSupplierShares(ctx, id),
    ]);
    const [latest] = items;
    return {
      shares,
      latest: latest
        ? { id: latest.id, assessedOn: latest.assessedOn, overallLevel: latest.overallLevel }
        : null,
      canWrite: can.logProgress(c.var.caller, id),
    };
  } catch (error) {
    if (error instanceof DomainError && error.kind === 'forbidden') return null;
    throw error;
  }
}
