import * as organisations from '@compact-tracker/api/services/organisations';
import * as partnerships from '@compact-tracker/api/services/partnerships';
import * as sheets from '@compact-tracker/api/services/supplier-facts-upload';
import * as lists from '@compact-tracker/api/services/supplier-lists';
import * as suppliers from '@compact-tracker/api/services/suppliers';
import { toCsv } from '@compact-tracker/domain/csv';
import { DomainError } from '@compact-tracker/domain/errors';
import { formatPence } from '@compact-tracker/domain/money';
import { canSupplier } from '@compact-tracker/domain/supplier-authorisation';
import {
  partnershipAreaInput,
  supplierFactsInput,
  supplierNamePointInput,
} from '@compact-tracker/domain/supplier-facts';
import { MAX_SHEET_ROWS, SHEET_HEADERS } from '@compact-tracker/domain/supplier-facts-sheet';
import { decodeBytes, sampleEncoding } from '@compact-tracker/spend-files/encoding';
import { Hono } from 'hono';
import { shellOf } from '../components/layout.tsx';
import { serviceContext, type WebContext, type WebEnv } from '../env.ts';
import { capitalise, domainStatus } from '../errors.tsx';
import { CsrfMismatch, type FieldErrors, fieldErrors, loginPath, readForm } from '../forms.ts';
import { type SupplierFormState, SupplierPage } from '../pages/supplier.tsx';
import type { SheetRefusal } from '../pages/supplier-sheet.tsx';
import { OrganisationSuppliersPage, PartnershipSuppliersPage } from '../pages/suppliers.tsx';
import { csrfTokenMatches, setFlash } from '../session.ts';

// The supplier pages call the same services as the supplier API.

const PAGE = 500;
/** Suppliers in the downloadable template. */
const TEMPLATE_ROWS = 500;
/** A sheet of 1,000 rows with long names is well under this. */
const MAX_SHEET_BYTES = 1024 * 1024;

function listQuery(c: WebContext) {
  const q = (c.req.query('q') ?? '').trim().slice(0, 64);
  const unclassified = c.req.query('unclassified') === 'true';
  return { q, unclassified, query: { ...(q ? { q } : {}), unclassified, limit: PAGE } };
}

const tri = (value: string | undefined) =>
  value === 'yes' ? true : value === 'no' ? false : value === 'unknown' ? null : undefined;

async function renderSupplier(
  c: WebContext,
  id: string,
  state?: SupplierFormState,
  status: 200 | 400 | 403 | 404 | 409 | 422 = 200,
) {
  const ctx = serviceContext(c);
  const [supplier, actions] = await Promise.all([
    suppliers.getSupplier(ctx, id),
    suppliers.supplierActions(ctx, id),
  ]);
  return c.html(
    <SupplierPage shell={shellOf(c)} supplier={supplier} actions={actions} state={state} />,
    status,
  );
}

/** A refused change shown on the supplier's page, in the form it came from; anything else is thrown. */
function refused(c: WebContext, id: string, state: SupplierFormState, error: unknown) {
  if (error instanceof DomainError && (error.kind === 'conflict' || error.kind === 'rule')) {
    return renderSupplier(
      c,
      id,
      { ...state, formError: capitalise(error.message) },
      domainStatus[error.kind],
    );
  }
  throw error;
}

/** A supplier id from its page address (/suppliers/ID, absolute or not) or the id itself. */
function supplierIdOf(text: string): string {
  const trimmed = text.trim();
  const path = /\/suppliers\/([^/?#\s]+)/.exec(trimmed);
  return path ? decodeURIComponent(path[1] as string) : trimmed;
}

async function renderPartnership(c: WebContext, id: string, area?: { value: string; error: string }) {
  const ctx = serviceContext(c);
  const { q, unclassified, query } = listQuery(c);
  const partnership = await partnerships.getPartnership(ctx, id);
  const list = await lists.listPartnershipSuppliers(ctx, id, query);
  return c.html(
    <PartnershipSuppliersPage
      shell={shellOf(c)}
      partnership={{ id, name: partnership.name, areaPostcodes: partnership.areaPostcodes ?? [] }}
      items={list.items}
      summary={list}
      q={q}
      unclassified={unclassified}
      canSetArea={canSupplier.setArea(c.var.caller, id)}
      areaValue={area?.value}
      areaError={area?.error}
    />,
    area ? 400 : 200,
  );
}

async function renderOrganisation(
  c: WebContext,
  id: string,
  sheetRefusal?: SheetRefusal,
  status: 200 | 400 | 409 | 422 = 200,
) {
  const ctx = serviceContext(c);
  const { q, unclassified, query } = listQuery(c);
  const list = await lists.listOrganisationSuppliers(ctx, id, query);
  const organisation = await organisations.organisationOrThrow(ctx, id);
  const partnershipIds = [...new Set(list.items.flatMap((s) => Object.keys(s.localTo)))];
  const named = await Promise.all(partnershipIds.map((pid) => partnerships.getPartnership(ctx, pid)));
  return c.html(
    <OrganisationSuppliersPage
      shell={shellOf(c)}
      organisation={{ id, name: organisation.name }}
      items={list.items}
      summary={list}
      q={q}
      unclassified={unclassified}
      partnerships={named.map((p) => ({ id: p.id, name: p.name }))}
      localTo={Object.fromEntries(list.items.map((s) => [s.supplierId, s.localTo]))}
      shares={list.shares}
      canClassifyMany={canSupplier.classifyMany(c.var.caller, id)}
      sheetRefusal={sheetRefusal}
    />,
    status,
  );
}

/** The largest unclassified suppliers with empty fact columns, ready to fill in and upload. */
function sheetTemplate(
  items: { supplierId: string; name: string; spendPence: number; undisclosed: boolean }[],
) {
  const rows = items
    .filter((s) => !s.undisclosed)
    .map((s) => [s.supplierId, s.name, (s.spendPence / 100).toFixed(2), '', '', '', '', '', '', '']);
  return toCsv(['supplier', 'name', 'spend', ...SHEET_HEADERS.slice(1)], rows);
}

function sheetOutcomeText(outcome: sheets.SheetOutcome): string {
  const suppliersWord = (n: number) => (n === 1 ? '1 supplier' : `${n} suppliers`);
  const factsWord = outcome.factsChanged === 1 ? '1 fact' : `${outcome.factsChanged} facts`;
  const unchanged =
    outcome.unchangedRows > 0
      ? ` ${outcome.unchangedRows === 1 ? '1 row' : `${outcome.unchangedRows} rows`} changed nothing.`
      : '';
  return `${suppliersWord(outcome.suppliersClassified)} classified (${factsWord} changed) from ${outcome.rows} rows; the spend totals follow.${unchanged}`;
}

export function supplierRoutes() {
  const app = new Hono<WebEnv>();

  app.get('/organisations/:id/suppliers', async (c) => {
    if (!c.var.caller) return c.redirect(loginPath(c), 303);
    return renderOrganisation(c, c.req.param('id'));
  });

  app.get('/organisations/:id/suppliers/template.csv', async (c) => {
    if (!c.var.caller) return c.redirect(loginPath(c), 303);
    const id = c.req.param('id');
    const list = await lists.listOrganisationSuppliers(serviceContext(c), id, {
      unclassified: true,
      limit: TEMPLATE_ROWS,
    });
    return c.body(sheetTemplate(list.items), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="suppliers-to-classify-${id}.csv"`,
      'cache-control': 'no-store',
    });
  });

  app.post('/organisations/:id/supplier-facts', async (c) => {
    if (!c.var.caller) return c.redirect(loginPath(c), 303);
    const id = c.req.param('id');
    const body = await c.req.parseBody();
    if (!csrfTokenMatches(c.var.csrfToken, body._csrf)) throw new CsrfMismatch();
    const file = body.file;
    if (!(file instanceof File) || file.size === 0) {
      return renderOrganisation(c, id, { message: 'Choose a CSV file of supplier facts.', rows: [] }, 400);
    }
    if (file.size > MAX_SHEET_BYTES) {
      const message = `The file is over 1 MB: split it into sheets of at most ${MAX_SHEET_ROWS} rows.`;
      return renderOrganisation(c, id, { message, rows: [] }, 400);
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    try {
      const outcome = await sheets.classifySuppliersFromCsv(serviceContext(c), id, {
        csv: decodeBytes(bytes, sampleEncoding(bytes)),
      });
      setFlash(c, { kind: 'success', text: sheetOutcomeText(outcome) });
    } catch (error) {
      if (error instanceof DomainError && (error.kind === 'conflict' || error.kind === 'rule')) {
        const refusal = { message: capitalise(error.message), rows: error.errors ?? [] };
        return renderOrganisation(c, id, refusal, error.kind === 'conflict' ? 409 : 422);
      }
      throw error;
    }
    return c.redirect(`/organisations/${encodeURIComponent(id)}/suppliers`, 303);
  });

  app.get('/suppliers/:id', (c) => renderSupplier(c, c.req.param('id')));

  app.post('/suppliers/:id', async (c) => {
    if (!c.var.caller) return c.redirect(loginPath(c), 303);
    const id = c.req.param('id');
    const values = await readForm(c);
    const input: Record<string, unknown> = {};
    for (const name of ['postcode', 'companyNumber', 'charityNumber'] as const) {
      if (values[name]?.trim()) input[name] = values[name];
    }
    for (const name of ['sme', 'vcse', 'publicBody'] as const) {
      const value = tri(values[name]);
      if (value !== undefined) input[name] = value;
    }
    const partner = values.organisationId?.trim();
    if (partner) input.organisationId = partner === 'none' ? null : partner;
    const state: SupplierFormState = { form: 'classify', values };
    const parsed = supplierFactsInput.safeParse(input);
    if (!parsed.success) {
      const errors = fieldErrors(parsed.error);
      const formError = errors._form ? 'Enter or choose at least one fact to save.' : undefined;
      return renderSupplier(c, id, { ...state, errors, formError }, 400);
    }
    try {
      await suppliers.putSupplierFacts(serviceContext(c), id, parsed.data);
    } catch (error) {
      return refused(c, id, state, error);
    }
    setFlash(c, {
      kind: 'success',
      text: 'The facts are saved, and the spend totals of every organisation that paid this supplier follow them.',
    });
    return c.redirect(`/suppliers/${encodeURIComponent(id)}`, 303);
  });

  // Put a fact back to the value one change of its history set (coordinators, admins).
  app.post('/suppliers/:id/history/:hid/restore', async (c) => {
    if (!c.var.caller) return c.redirect(loginPath(c), 303);
    const id = c.req.param('id');
    await readForm(c);
    try {
      await suppliers.restoreSupplierFact(serviceContext(c), id, c.req.param('hid'));
    } catch (error) {
      return refused(c, id, { form: 'classify', values: {} }, error);
    }
    setFlash(c, { kind: 'success', text: 'The fact is put back, and the spend totals follow it.' });
    return c.redirect(`/suppliers/${encodeURIComponent(id)}`, 303);
  });

  // Point a name of the organisation's rows at the supplier it really is.
  app.post('/suppliers/:id/names', async (c) => {
    if (!c.var.caller) return c.redirect(loginPath(c), 303);
    const id = c.req.param('id');
    const values = await readForm(c);
    const state: SupplierFormState = { form: 'point', values };
    const organisation = values.organisation?.trim() ?? '';
    const organisationId = /^[0-9A-Za-z_-]{1,64}$/.test(organisation) ? organisation : '';
    const parsed = supplierNamePointInput.safeParse({
      name: values.name ?? '',
      supplierId: supplierIdOf(values.target ?? ''),
    });
    if (!parsed.success || !organisationId) {
      const errors = parsed.success ? {} : fieldErrors(parsed.error);
      const shaped: FieldErrors = {
        ...(errors.name ? { name: 'choose the name of your rows to point elsewhere' } : {}),
        ...(errors.supplierId ? { target: "enter the right supplier's page address or id" } : {}),
        ...(organisationId ? {} : { organisation: 'choose your organisation' }),
      };
      return renderSupplier(c, id, { ...state, errors: shaped }, 400);
    }
    if (parsed.data.supplierId === id) {
      return renderSupplier(
        c,
        id,
        { ...state, errors: { target: 'enter another supplier than this one' } },
        400,
      );
    }
    let pointed: Awaited<ReturnType<typeof suppliers.pointSupplierName>>;
    try {
      pointed = await suppliers.pointSupplierName(serviceContext(c), organisationId, parsed.data);
    } catch (error) {
      // The service names the API's fields ("supplierId: there is no supplier ..."): the form's
      // fields say it by their labels instead.
      const field =
        error instanceof DomainError &&
        error.kind === 'rule' &&
        /^(supplierId|name): (.+)$/s.exec(error.message);
      if (field) {
        const errors = { [field[1] === 'supplierId' ? 'target' : 'name']: field[2] as string };
        return renderSupplier(c, id, { ...state, errors }, domainStatus.rule);
      }
      return refused(c, id, state, error);
    }
    setFlash(c, {
      kind: 'success',
      text: pointedText(parsed.data.name, pointed),
    });
    return c.redirect(`/suppliers/${encodeURIComponent(parsed.data.supplierId)}`, 303);
  });

  app.get('/partnerships/:id/suppliers', async (c) => {
    if (!c.var.caller) return c.redirect(loginPath(c), 303);
    return renderPartnership(c, c.req.param('id'));
  });

  app.post('/partnerships/:id/area', async (c) => {
    if (!c.var.caller) return c.redirect(loginPath(c), 303);
    const id = c.req.param('id');
    const values = await readForm(c);
    const text = values.postcodes ?? '';
    const parsed = partnershipAreaInput.safeParse({ postcodes: text.split(/[\s,;]+/).filter(Boolean) });
    if (!parsed.success) {
      const bad = text.split(/[\s,;]+/).filter(Boolean)[Number(parsed.error.issues[0]?.path[1] ?? 0)];
      return renderPartnership(c, id, {
        value: text,
        error: bad
          ? `"${bad}" is not a postcode area (such as B) or district (such as WS1)`
          : 'list at most 500 entries',
      });
    }
    await lists.putPartnershipArea(serviceContext(c), id, parsed.data);
    setFlash(c, { kind: 'success', text: `The area is now ${parsed.data.postcodes.join(', ') || 'empty'}.` });
    return c.redirect(`/partnerships/${encodeURIComponent(id)}/suppliers`, 303);
  });

  return app;
}

/** What the flash says after pointing a name: the rows moved, or that the rest move in the background. */
function pointedText(
  name: string,
  pointed: { status: 'done' | 'moving'; moved: { rows: number; spendPence: number } },
): string {
  const { rows, spendPence } = pointed.moved;
  const movedText = `${rows} ${rows === 1 ? 'row' : 'rows'} already imported (${formatPence(spendPence)})`;
  return pointed.status === 'done'
    ? `Rows named "${name}" count under this supplier now: ${movedText} moved here, and rows imported from now on follow.`
    : `Rows named "${name}" are moving to this supplier: ${movedText} so far; the rest follow in the background in a few minutes.`;
}
