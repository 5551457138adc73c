import * as compacts from '@compact-tracker/api/services/compacts';
import * as partnerships from '@compact-tracker/api/services/partnerships';
import { can } from '@compact-tracker/domain/authorisation';
import { DomainError, forbidden } from '@compact-tracker/domain/errors';
import { compactTextInput, partnershipInput, partnershipMemberInput } from '@compact-tracker/domain/schemas';
import { canSupplier } from '@compact-tracker/domain/supplier-authorisation';
import { membersOf } from '@compact-tracker/store/memberships';
import { Hono } from 'hono';
import { shellOf } from '../components/layout.tsx';
import { serviceContext, type WebContext, type WebEnv } from '../env.ts';
import { capitalise } from '../errors.tsx';
import { blankToUndefined, type FormValues, fieldErrors, loginPath, readForm } from '../forms.ts';
import { CompactTextPage } from '../pages/compact-edit.tsx';
import { CompactVersionsPage } from '../pages/compact-versions.tsx';
import { invitationNote } from '../pages/invitation.tsx';
import {
  type FormState,
  NewPartnershipPage,
  PartnershipPage,
  PartnershipsPage,
} from '../pages/partnership.tsx';
import { allPages } from '../paging.ts';
import { setFlash } from '../session.ts';
import { siteOrigin } from '../site.ts';

// Running a partnership from the pages: admins create partnerships and appoint coordinators;
// coordinators appoint coordinators and board members, write, edit, publish and close compacts.
// Each action calls the same service as its API twin, so it is authorised the same way.

/** The commitments textarea: one per line, blank lines dropped. */
const commitmentLines = (text: string | undefined) =>
  (text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

function compactText(values: FormValues) {
  return compactTextInput.safeParse({
    title: values.title,
    summary: values.summary,
    commitments: commitmentLines(values.commitments),
  });
}

/** A refusal the service explains (a conflict, a rule): the form again with the message. */
async function orMessage(
  run: () => Promise<Response>,
  again: (message: string, status: 409 | 422) => Response | Promise<Response>,
) {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof DomainError) || error.kind === 'not-found' || error.kind === 'forbidden')
      throw error;
    return again(capitalise(error.message), error.kind === 'conflict' ? 409 : 422);
  }
}

export function partnershipRoutes() {
  const app = new Hono<WebEnv>();

  app.get('/partnerships', async (c) => {
    const ctx = serviceContext(c);
    const list = await allPages((page) => partnerships.listPartnerships(ctx, page));
    return c.html(
      <PartnershipsPage
        shell={shellOf(c)}
        partnerships={list.sort((a, b) => a.name.localeCompare(b.name))}
        canCreate={can.createPartnership(c.var.caller)}
      />,
    );
  });

  app.get('/partnerships/new', (c) => {
    if (!c.var.caller) return c.redirect(loginPath(c), 303);
    if (!can.createPartnership(c.var.caller)) throw forbidden('create partnerships (administrators only)');
    return c.html(<NewPartnershipPage shell={shellOf(c)} />);
  });

  app.post('/partnerships', async (c) => {
    const values = await readForm(c);
    const parsed = partnershipInput.safeParse(blankToUndefined(values, ['description']));
    if (!parsed.success) {
      return c.html(
        <NewPartnershipPage shell={shellOf(c)} state={{ values, errors: fieldErrors(parsed.error) }} />,
        400,
      );
    }
    const created = await partnerships.createPartnership(serviceContext(c), parsed.data);
    setFlash(c, { kind: 'success', text: `${created.name} is created: now appoint its first coordinator.` });
    return c.redirect(`/partnerships/${encodeURIComponent(created.id)}`, 303);
  });

  app.get('/partnerships/:pid', (c) => renderPartnership(c, c.req.param('pid')));

  app.post('/partnerships/:pid/members', async (c) => {
    const pid = c.req.param('pid');
    const values = await readForm(c);
    const parsed = partnershipMemberInput.safeParse({ email: values.email?.trim(), role: values.role });
    if (!parsed.success) return renderPartnership(c, pid, { values, errors: fieldErrors(parsed.error) }, 400);
    return orMessage(
      async () => {
        const done = await partnerships.appointPartnershipMember(
          serviceContext(c),
          pid,
          parsed.data,
          siteOrigin(c),
        );
        setFlash(c, {
          kind: 'success',
          text: `${done.email} is now ${done.role === 'board' ? 'a board member' : 'a coordinator'} of this partnership. ${invitationNote(done.invitation)}`,
        });
        return c.redirect(`/partnerships/${encodeURIComponent(pid)}`, 303);
      },
      (message, status) => renderPartnership(c, pid, { values, message }, status),
    );
  });

  app.get('/partnerships/:pid/compacts/new', async (c) => {
    const pid = c.req.param('pid');
    if (!c.var.caller) return c.redirect(loginPath(c), 303);
    await partnerships.getPartnership(serviceContext(c), pid);
    if (!can.manageCompacts(c.var.caller, pid))
      throw forbidden("write this partnership's compacts (its coordinators only)");
    return c.html(
      <CompactTextPage
        shell={shellOf(c)}
        action={`/partnerships/${encodeURIComponent(pid)}/compacts`}
        heading="Write a compact"
        values={{}}
      />,
    );
  });

  app.post('/partnerships/:pid/compacts', async (c) => {
    const pid = c.req.param('pid');
    const values = await readForm(c);
    const parsed = compactText(values);
    const page = (status: 400 | 409 | 422, errors?: Record<string, string>, message?: string) =>
      c.html(
        <CompactTextPage
          shell={shellOf(c)}
          action={`/partnerships/${encodeURIComponent(pid)}/compacts`}
          heading="Write a compact"
          values={values}
          errors={errors}
          message={message}
        />,
        status,
      );
    if (!parsed.success) return page(400, fieldErrors(parsed.error));
    return orMessage(
      async () => {
        const created = await compacts.createCompact(serviceContext(c), pid, parsed.data);
        setFlash(c, {
          kind: 'success',
          text: 'The compact is saved as a draft. Publish it when it is ready.',
        });
        return c.redirect(`/compacts/${encodeURIComponent(created.id)}`, 303);
      },
      (message, status) => page(status, undefined, message),
    );
  });

  app.get('/compacts/:id/edit', async (c) => {
    const id = c.req.param('id');
    if (!c.var.caller) return c.redirect(loginPath(c), 303);
    const compact = await compacts.getCompact(serviceContext(c), id);
    if (!can.manageCompacts(c.var.caller, compact.partnershipId)) {
      throw forbidden("edit this partnership's compacts (its coordinators only)");
    }
    const values = {
      title: compact.title,
      summary: compact.summary,
      commitments: compact.commitments.join('\n'),
    };
    return c.html(
      <CompactTextPage
        shell={shellOf(c)}
        action={`/compacts/${encodeURIComponent(id)}/edit`}
        heading={`Edit ${compact.title}`}
        compact={compact}
        values={values}
      />,
    );
  });

  app.post('/compacts/:id/edit', async (c) => {
    const id = c.req.param('id');
    const values = await readForm(c);
    const compact = await compacts.getCompact(serviceContext(c), id);
    const page = (status: 400 | 409 | 422, errors?: Record<string, string>, message?: string) =>
      c.html(
        <CompactTextPage
          shell={shellOf(c)}
          action={`/compacts/${encodeURIComponent(id)}/edit`}
          heading={`Edit ${compact.title}`}
          compact={compact}
          values={values}
          errors={errors}
          message={message}
        />,
        status,
      );
    const parsed = compactText(values);
    if (!parsed.success) return page(400, fieldErrors(parsed.error));
    return orMessage(
      async () => {
        const saved = await compacts.editCompact(serviceContext(c), id, parsed.data);
        setFlash(c, {
          kind: 'success',
          text:
            saved.version !== compact.version
              ? `Version ${saved.version} is published: new signatures are of it.`
              : 'The compact is saved.',
        });
        return c.redirect(`/compacts/${encodeURIComponent(id)}`, 303);
      },
      (message, status) => page(status, undefined, message),
    );
  });

  for (const [action, done] of [
    ['publish', 'The compact is published: partners can sign it.'],
    ['close', 'The compact is closed: it takes no new signatures.'],
  ] as const) {
    app.post(`/compacts/:id/${action}`, async (c) => {
      const id = c.req.param('id');
      await readForm(c);
      const ctx = serviceContext(c);
      try {
        await (action === 'publish' ? compacts.publishCompact(ctx, id) : compacts.closeCompact(ctx, id));
        setFlash(c, { kind: 'success', text: done });
      } catch (error) {
        if (!(error instanceof DomainError) || error.kind === 'not-found' || error.kind === 'forbidden')
          throw error;
        setFlash(c, { kind: 'error', text: capitalise(error.message) });
      }
      return c.redirect(`/compacts/${encodeURIComponent(id)}`, 303);
    });
  }

  app.get('/compacts/:id/versions', async (c) => {
    const id = c.req.param('id');
    const ctx = serviceContext(c);
    const [compact, versions, { compactDiff }] = await Promise.all([
      compacts.getCompact(ctx, id),
      compacts.listCompactVersions(ctx, id),
      // The differ (jsdiff) is loaded for this page only.
      import('@compact-tracker/domain/compact-diff'),
    ]);
    const withDiffs = versions.map((version, index) => {
      const previous = versions[index - 1];
      return { version, diff: previous ? compactDiff(previous, version) : null };
    });
    return c.html(
      <CompactVersionsPage shell={shellOf(c)} compact={compact} versions={withDiffs.reverse()} />,
    );
  });

  return app;
}

async function renderPartnership(
  c: WebContext,
  pid: string,
  state?: FormState,
  status: 200 | 400 | 409 | 422 = 200,
) {
  const ctx = serviceContext(c);
  const partnership = await partnerships.getPartnership(ctx, pid);
  const caller = c.var.caller;
  const canAppoint = can.appointPartnershipMember(caller, pid);
  const [list, members] = await Promise.all([
    allPages((page) => compacts.listCompacts(ctx, { ...page, partnershipId: pid })),
    canAppoint || can.readAuditTrail(caller, pid)
      ? membersOf(ctx.deps.db, 'partnership', pid, { limit: 500 }).then((page) => page.items)
      : null,
  ]);
  return c.html(
    <PartnershipPage
      shell={shellOf(c)}
      partnership={partnership}
      compacts={list}
      members={members}
      canAppoint={canAppoint}
      canWriteCompacts={can.manageCompacts(caller, pid)}
      canReadSuppliers={canSupplier.readPartnershipSuppliers(caller, pid)}
      state={state}
    />,
    status,
  );
}
