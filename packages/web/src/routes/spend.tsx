import * as carbonFactors from '@compact-tracker/api/services/carbon-factors';
import * as organisations from '@compact-tracker/api/services/organisations';
import * as spend from '@compact-tracker/api/services/spend';
import * as spendImports from '@compact-tracker/api/services/spend-imports';
import { can } from '@compact-tracker/domain/authorisation';
import { type Category, categories } from '@compact-tracker/domain/categories';
import { DomainError } from '@compact-tracker/domain/errors';
import { formatPence, parsePoundsToPence } from '@compact-tracker/domain/money';
import { isoDate, parseQuarter, quarterBounds } from '@compact-tracker/domain/periods';
import { MAX_LINE_PENCE, type SpendLine, spendReturnInput } from '@compact-tracker/domain/spend';
import { previewMapping, spendImportInput } from '@compact-tracker/domain/spend-import';
import { Hono } from 'hono';
import { shellOf } from '../components/layout.tsx';
import { serviceContext, type WebContext, type WebEnv } from '../env.ts';
import { capitalise, domainStatus, renderProblem } from '../errors.tsx';
import { CsrfMismatch, type FieldErrors, type FormValues, loginPath, readForm } from '../forms.ts';
import { CarbonFactorsPage, type UploadOutcome } from '../pages/carbon-factors.tsx';
import { SpendPage, spendBase } from '../pages/spend.tsx';
import {
  CategoriesPanel,
  ImportMappingFragment,
  ImportsPage,
  mappingFields,
  NewImportPage,
  PreviewError,
  progressOf,
  progressText,
} from '../pages/spend-imports.tsx';
import { fieldName, returnParts, SpendReturnPage } from '../pages/spend-return.tsx';
import { allPages } from '../paging.ts';
import { csrfTokenMatches, setFlash } from '../session.ts';
import { recentQuarters, summariseByQuarter } from '../spend-view.ts';
import { importActionRoutes } from './spend-import-actions.tsx';

const QUARTER = '{[0-9]{4}-[0-9]{2}-Q[1-4]}';
/** What the preview reads of a file: its first 48,000 bytes, as the API's preview accepts. */
const SAMPLE_BYTES = 48_000;
/** The SIC multipliers sheet is about 112 rows; anything near a megabyte is not it. */
const MAX_FACTORS_BYTES = 1024 * 1024;

export function spendRoutes() {
  const app = new Hono<WebEnv>();

  app.get('/organisations/:id/spend', async (c) => {
    const id = c.req.param('id');
    const ctx = serviceContext(c);
    // The spend first: it is what decides who may look (sign in, member, coordinator or board).
    const { items } = await spend.getSpend(ctx, id, {});
    const organisation = await organisations.getOrganisation(ctx, id);
    return c.html(
      <SpendPage
        shell={shellOf(c)}
        organisation={organisation}
        quarters={summariseByQuarter(items)}
        canWrite={can.logProgress(c.var.caller, id)}
        recentQuarters={recentQuarters(c.var.deps.now())}
      />,
    );
  });

  // The quarter picker is a GET form: it lands here and goes on to that quarter's return.
  app.get('/organisations/:id/spend/return', (c) => {
    const base = spendBase(c.req.param('id'));
    const quarter = c.req.query('quarter') ?? '';
    return c.redirect(parseQuarter(quarter) ? `${base}/${quarter}/return` : base, 303);
  });

  app.get(`/organisations/:id/spend/:quarter${QUARTER}/return`, async (c) =>
    renderReturn(c, c.req.param('id'), c.req.param('quarter')),
  );

  app.post(`/organisations/:id/spend/:quarter${QUARTER}/return`, async (c) => {
    const id = c.req.param('id');
    const quarter = c.req.param('quarter');
    const values = await readForm(c);
    const { lines, errors } = readReturn(values);
    if (Object.keys(errors).length > 0) return renderReturn(c, id, quarter, { values, errors }, 400);
    const nil = values.nil === 'yes';
    const confirmImported = values.confirmImported === 'yes';
    try {
      const saved = await spend.putSpendReturn(serviceContext(c), id, quarter, {
        lines,
        ...(nil ? { nil } : {}),
        ...(confirmImported ? { confirmImported } : {}),
      });
      const total = lines.reduce((sum, l) => sum + l.totalPence, 0);
      setFlash(c, {
        kind: 'success',
        text: nil
          ? `The nil return for ${quarter} is saved (revision ${saved.revision}).`
          : `The return for ${quarter} is saved (revision ${saved.revision}): ${formatPence(total)} in ${lines.length} ${lines.length === 1 ? 'category' : 'categories'}.`,
      });
      return c.redirect(spendBase(id), 303);
    } catch (error) {
      if (!(error instanceof DomainError) || error.kind === 'not-found') throw error;
      if (error.kind === 'conflict' && error.errors) {
        // Lines equal to their category's imported total: mark them and ask for the confirmation.
        const marked: FieldErrors = {};
        for (const e of error.errors) {
          const line = lines[Number(e.path.split('.')[1])];
          if (line) marked[fieldName(line.category, 'total')] = e.message;
        }
        return renderReturn(
          c,
          id,
          quarter,
          {
            values,
            errors: marked,
            message:
              'Some lines equal what is already imported in their category for the quarter: the same money would count twice. Change them, or tick the confirmation below if they are other money.',
            askConfirmImported: true,
          },
          409,
        );
      }
      return renderReturn(
        c,
        id,
        quarter,
        { values, message: capitalise(error.message) },
        domainStatus[error.kind],
      );
    }
  });

  app.get('/organisations/:id/spend/imports', async (c) => {
    const id = c.req.param('id');
    const ctx = serviceContext(c);
    const imports = await allPages((page) => spendImports.listSpendImports(ctx, id, page));
    const organisation = await organisations.getOrganisation(ctx, id);
    return c.html(
      <ImportsPage
        shell={shellOf(c)}
        organisation={organisation}
        imports={imports}
        canWrite={can.logProgress(c.var.caller, id)}
      />,
    );
  });

  app.get('/organisations/:id/spend/imports/new', async (c) => {
    const id = c.req.param('id');
    if (!c.var.caller) return c.redirect(loginPath(c), 303);
    const organisation = await organisations.getOrganisation(serviceContext(c), id);
    if (!can.logProgress(c.var.caller, id)) {
      return renderProblem(
        c,
        403,
        'Not allowed',
        "Only this organisation's representatives and officers can import its spend.",
      );
    }
    return c.html(<NewImportPage shell={shellOf(c)} organisation={organisation} />);
  });

  // Posted by the script with the file's first bytes (base64): answers the mapping form as an HTML
  // fragment, or with `part=categories` (when a column is chosen by hand) its categories panel alone.
  app.post('/organisations/:id/spend/imports/preview', async (c) => {
    const id = c.req.param('id');
    const values = await readForm(c);
    const sample = sampleOf(values);
    if (sample === null) return c.html(<PreviewError message="The file is empty." />, 422);
    const chosen = previewMapping.safeParse(chosenColumns(values));
    try {
      const preview = await spendImports.previewSpendImport(
        serviceContext(c),
        id,
        sample,
        chosen.success ? chosen.data : undefined,
      );
      if (preview.headers.length === 0) {
        return c.html(<PreviewError message="No header row was found at the start of the file." />, 422);
      }
      if (values.part === 'categories') {
        // "Not in the file": no texts, whatever column the names would suggest.
        const chosenCategory = Boolean(values['map.category']?.trim());
        return c.html(<CategoriesPanel preview={chosenCategory ? preview : { categoriesSeen: [] }} />);
      }
      return c.html(<ImportMappingFragment preview={preview} fileName={values.fileName ?? ''} />);
    } catch (error) {
      if (error instanceof spendImports.MappingRefused) {
        return c.html(<PreviewError message={capitalise(error.message)} />, 400);
      }
      if (!(error instanceof DomainError) || error.kind === 'not-found') throw error;
      return c.html(<PreviewError message={capitalise(error.message)} />, domainStatus[error.kind]);
    }
  });

  // Posted by the script: creates the import and answers where to PUT the file, as JSON. Each
  // error names what it is about, as the form labels it.
  const importFieldLabels: Record<string, string> = {
    dateFormat: 'Date format',
    fileName: 'File name',
    categoryMap: 'Categories',
  };
  app.post('/organisations/:id/spend/imports', async (c) => {
    const id = c.req.param('id');
    const values = await readForm(c);
    const parsed = spendImportInput.safeParse(importInputFrom(values));
    if (!parsed.success) {
      const errors = parsed.error.issues.map((issue) => {
        const field = mappingFields.find((f) => f.key === issue.path[1]);
        if (field) return `${field.label}: choose the column that holds it.`;
        const label = importFieldLabels[String(issue.path[0])];
        return label ? `${label}: ${issue.message}.` : capitalise(issue.message);
      });
      return c.json({ errors }, 400);
    }
    try {
      const created = await spendImports.createSpendImport(serviceContext(c), id, parsed.data);
      return c.json(
        {
          id: created.id,
          uploadUrl: created.uploadUrl,
          href: `${spendBase(id)}/imports/${encodeURIComponent(created.id)}`,
        },
        201,
      );
    } catch (error) {
      if (error instanceof spendImports.UploadsUnavailable) {
        return c.json({ message: 'Imports are not available here at the moment.' }, 503);
      }
      if (!(error instanceof DomainError)) throw error;
      return c.json({ message: capitalise(error.message) }, domainStatus[error.kind]);
    }
  });

  importActionRoutes(app);

  // Polled by the script every second while an import runs.
  app.get('/organisations/:id/spend/imports/:iid/status', async (c) => {
    const imp = await spendImports.getSpendImport(serviceContext(c), c.req.param('id'), c.req.param('iid'));
    return c.json({
      status: imp.status,
      rowsTotal: imp.rowsTotal,
      rowsProcessed: imp.rowsProcessed,
      rowsImported: imp.rowsImported,
      rowsDuplicate: imp.rowsDuplicate,
      rowsRejected: imp.rowsRejected,
      progressValue: progressOf(imp)[0],
      progressMax: progressOf(imp)[1],
      progressText: progressText(imp),
    });
  });

  app.get('/carbon-factors', async (c) => renderFactors(c));

  app.post('/carbon-factors', async (c) => {
    const body = await c.req.parseBody();
    if (c.var.caller && !csrfTokenMatches(c.var.csrfToken, body._csrf)) throw new CsrfMismatch();
    const values: FormValues = {
      source: typeof body.source === 'string' ? body.source : '',
      year: typeof body.year === 'string' ? body.year : '',
    };
    const errors: FieldErrors = {};
    const file = body.file;
    if (!(file instanceof File) || file.size === 0) errors.file = 'choose the CSV file of SIC multipliers';
    else if (file.size > MAX_FACTORS_BYTES)
      errors.file = 'the file is over 1 MB: it is not the SIC multipliers sheet';
    const source = values.source?.trim() ?? '';
    if (!source) errors.source = 'say where the figures come from';
    else if (source.length > 300) errors.source = 'keep it to 300 characters';
    const year = Number(values.year?.trim());
    if (!/^\d{4}$/.test(values.year?.trim() ?? '') || year < 1990 || year > 2100) {
      errors.year = 'enter the year of the figures, such as 2021';
    }
    if (Object.keys(errors).length > 0 || !(file instanceof File))
      return renderFactors(c, { values, errors }, 400);
    try {
      const result = await carbonFactors.uploadSicMultipliers(serviceContext(c), {
        csv: await file.text(),
        source,
        year,
      });
      const outcome: UploadOutcome = { rowsRead: result.rowsRead, rejected: result.rejected };
      return renderFactors(c, { outcome });
    } catch (error) {
      if (!(error instanceof DomainError) || error.kind !== 'rule') throw error;
      return renderFactors(c, { values, message: capitalise(error.message) }, 422);
    }
  });

  return app;
}

/** The posted form as the service's input: `map.{field}` columns, `cat.{i}.text` -> `cat.{i}.value`. */
/** The sample the script sent: the file's first bytes as base64, or (older scripts) text. */
function sampleOf(values: FormValues): { bytes: Uint8Array } | { text: string } | null {
  if (values.sampleBase64 !== undefined) {
    const bytes = Buffer.from(values.sampleBase64.slice(0, Math.ceil((SAMPLE_BYTES * 4) / 3) + 4), 'base64');
    return bytes.length === 0 ? null : { bytes: new Uint8Array(bytes.subarray(0, SAMPLE_BYTES)) };
  }
  const text = (values.sample ?? '').slice(0, SAMPLE_BYTES);
  return text.trim() ? { text } : null;
}

/** The columns chosen so far on the mapping form (blank selects left out). */
function chosenColumns(values: FormValues): Record<string, string> {
  const chosen: Record<string, string> = {};
  for (const f of mappingFields) {
    const column = values[`map.${f.key}`]?.trim();
    if (column) chosen[f.key] = column;
  }
  return chosen;
}

function importInputFrom(values: FormValues) {
  const mapping: Record<string, unknown> = {};
  for (const f of mappingFields) {
    const column = values[`map.${f.key}`]?.trim();
    if (column || ('required' in f && f.required)) mapping[f.key] = column ?? '';
  }
  const categoryMap: Record<string, string> = {};
  for (const [name, text] of Object.entries(values)) {
    const match = /^cat\.(\d+)\.text$/.exec(name);
    const value = match ? values[`cat.${match[1]}.value`] : undefined;
    // Unmapped texts count as other anyway: the map only needs the rest.
    if (match && value && value !== 'other') categoryMap[text] = value;
  }
  if (mapping.category && Object.keys(categoryMap).length > 0) mapping.categoryMap = categoryMap;
  const fileName = values.fileName?.trim().slice(0, 255);
  return {
    mapping,
    dateFormat: values.dateFormat || undefined,
    ...(fileName ? { fileName } : {}),
  };
}

const partLabel = (key: string) => returnParts.find((p) => p.key === key)?.label.toLowerCase() ?? key;

/**
 * The return form's pounds as lines: a category with every box blank is left out (none), blank
 * parts of a category with a total are zero. Errors are keyed `{category}.{part}`, as the fields.
 */
export function readReturn(values: FormValues): { lines: SpendLine[]; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const lines: SpendLine[] = [];
  for (const category of categories) {
    const texts = returnParts.map((p) => (values[fieldName(category, p.key)] ?? '').trim());
    if (texts.every((t) => t === '')) continue;
    const line: Record<string, number> = {};
    let ok = true;
    returnParts.forEach((part, i) => {
      const text = texts[i] as string;
      const name = fieldName(category, part.key);
      if (text === '') {
        if (part.key === 'total') {
          errors[name] = 'enter the total, as other amounts are given';
          ok = false;
        }
        line[part.field] = 0;
        return;
      }
      const pence = parsePoundsToPence(text);
      if (pence === null) {
        errors[name] = 'enter an amount in pounds, such as 1,250.50';
        ok = false;
      } else if (Math.abs(pence) > MAX_LINE_PENCE) {
        errors[name] = `must be at most ${formatPence(MAX_LINE_PENCE)}`;
        ok = false;
      } else line[part.field] = pence;
    });
    if (ok) lines.push({ category, ...line } as SpendLine);
  }
  if (Object.keys(errors).length > 0) return { lines, errors };
  // The domain's rules (each part within the total, a credit's parts between it and zero).
  const checked = spendReturnInput.safeParse({ lines, nil: values.nil === 'yes' });
  if (checked.success) return { lines: checked.data.lines, errors };
  for (const issue of checked.error.issues) {
    if (issue.path[0] === 'nil') {
      errors.nil = 'a nil return has no spend: clear the amounts, or untick the nil return';
      continue;
    }
    const [, index, field] = issue.path;
    const line = lines[Number(index)];
    const part = returnParts.find((p) => p.field === field);
    if (!line || !part) continue;
    const name = fieldName(line.category, part.key);
    errors[name] ??=
      line.totalPence >= 0
        ? `the ${partLabel(part.key)} amount must be between £0.00 and the total, ${formatPence(line.totalPence)}`
        : `for a credit, the ${partLabel(part.key)} amount must be between the total, ${formatPence(line.totalPence)}, and £0.00`;
  }
  if (Object.keys(errors).length === 0) errors[fieldName('other', 'total')] = 'the return could not be read';
  return { lines, errors };
}

function valuesOf(
  record: { lines: SpendLine[]; nil?: boolean; confirmImported?: boolean } | null,
): FormValues {
  const lines = record?.lines ?? [];
  const values: FormValues = {};
  if (record?.nil) values.nil = 'yes';
  if (record?.confirmImported) values.confirmImported = 'yes';
  for (const line of lines) {
    for (const p of returnParts)
      values[fieldName(line.category as Category, p.key)] = formatPence(line[p.field]);
  }
  return values;
}

async function renderReturn(
  c: WebContext,
  id: string,
  quarter: string,
  state?: { values: FormValues; errors?: FieldErrors; message?: string; askConfirmImported?: boolean },
  status: 200 | 400 | 403 | 409 | 422 = 200,
) {
  const ctx = serviceContext(c);
  if (!parseQuarter(quarter)) return c.notFound();
  const record = await spend.getSpendReturn(ctx, id, quarter);
  const organisation = await organisations.getOrganisation(ctx, id);
  const notStarted = quarterBounds(quarter).start > isoDate(c.var.deps.now());
  const canWrite = can.logProgress(c.var.caller, id) && !notStarted;
  return c.html(
    <SpendReturnPage
      shell={shellOf(c)}
      organisation={organisation}
      quarter={quarter}
      canWrite={canWrite}
      recentQuarters={recentQuarters(c.var.deps.now())}
      values={state?.values ?? valuesOf(record.current)}
      importedByCategory={record.importedByCategory}
      askConfirmImported={state?.askConfirmImported ?? record.current?.confirmImported === true}
      errors={state?.errors}
      message={
        state?.message ??
        (notStarted
          ? `${quarter} has not started yet: spend can be logged once the quarter begins.`
          : undefined)
      }
      current={record.current}
      history={record.history}
    />,
    status,
  );
}

async function renderFactors(
  c: WebContext,
  state: { values?: FormValues; errors?: FieldErrors; message?: string; outcome?: UploadOutcome } = {},
  status: 200 | 400 | 422 = 200,
) {
  const table = await carbonFactors.getCarbonFactors(serviceContext(c));
  return c.html(
    <CarbonFactorsPage
      shell={shellOf(c)}
      table={table}
      canReplace={can.replaceCarbonFactors(c.var.caller)}
      values={state.values ?? { year: String(new Date(c.var.deps.now()).getUTCFullYear() - 3) }}
      errors={state.errors}
      message={state.message}
      outcome={state.outcome}
    />,
    status,
  );
}
