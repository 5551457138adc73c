import * as organisations from '@compact-tracker/api/services/organisations';
import * as spendImports from '@compact-tracker/api/services/spend-imports';
import { can } from '@compact-tracker/domain/authorisation';
import { DomainError } from '@compact-tracker/domain/errors';
import { dateFormats } from '@compact-tracker/domain/spend-import';
import type { Hono } from 'hono';
import { shellOf } from '../components/layout.tsx';
import { serviceContext, type WebContext, type WebEnv } from '../env.ts';
import { capitalise, domainStatus } from '../errors.tsx';
import { readForm } from '../forms.ts';
import { spendBase } from '../pages/spend.tsx';
import { ImportPage } from '../pages/spend-imports.tsx';
import { setFlash } from '../session.ts';

// An import's page and what an officer does from it: run it again with the format the file reads
// as, import the valid rows after review, revert it (with a confirmation). Each posts to the same
// services as the API and comes back to the page.

const IMPORT = '/organisations/:id/spend/imports/:iid';

export async function renderImport(
  c: WebContext,
  message?: string,
  status: 200 | 400 | 409 | 422 | 503 = 200,
) {
  const id = c.req.param('id') as string;
  const ctx = serviceContext(c);
  const imp = await spendImports.getSpendImport(ctx, id, c.req.param('iid') as string);
  const organisation = await organisations.getOrganisation(ctx, id);
  return c.html(
    <ImportPage
      shell={shellOf(c)}
      organisation={organisation}
      imp={imp}
      canWrite={can.logProgress(c.var.caller, id)}
      message={message}
    />,
    status,
  );
}

export function importActionRoutes(app: Hono<WebEnv>) {
  app.get(IMPORT, async (c) => renderImport(c));

  const act = (name: string, run: (c: WebContext, values: Record<string, string>) => Promise<string>) =>
    app.post(`${IMPORT}/${name}`, async (c) => {
      const values = await readForm(c);
      try {
        const flash = await run(c, values);
        setFlash(c, { kind: 'success', text: flash });
        return c.redirect(
          `${spendBase(c.req.param('id'))}/imports/${encodeURIComponent(c.req.param('iid'))}`,
          303,
        );
      } catch (error) {
        if (error instanceof spendImports.UploadsUnavailable)
          return renderImport(c, 'Running an import again is not available here at the moment.', 503);
        if (!(error instanceof DomainError) || error.kind === 'not-found' || error.kind === 'forbidden')
          throw error;
        return renderImport(c, capitalise(error.message), domainStatus[error.kind] as 409 | 422);
      }
    });

  act('retry', async (c, values) => {
    const format = dateFormats.find((f) => f === values.dateFormat);
    await spendImports.retrySpendImport(
      serviceContext(c),
      c.req.param('id') as string,
      c.req.param('iid') as string,
      {
        ...(format ? { dateFormat: format } : {}),
      },
    );
    return format ? `The import runs again, reading dates as ${format}.` : 'The import runs again.';
  });

  act('confirm', async (c) => {
    await spendImports.confirmSpendImport(
      serviceContext(c),
      c.req.param('id') as string,
      c.req.param('iid') as string,
    );
    return 'The import runs again and imports the valid rows.';
  });

  app.post(`${IMPORT}/revert`, async (c) => {
    const values = await readForm(c);
    if (values.confirm !== 'yes')
      return renderImport(c, 'Tick the box to confirm the revert: nothing was changed.', 400);
    try {
      const after = await spendImports.revertSpendImport(
        serviceContext(c),
        c.req.param('id'),
        c.req.param('iid'),
      );
      // Most imports revert within the request; a large one goes on in the background.
      setFlash(c, {
        kind: 'success',
        text:
          after.status === 'reverted'
            ? 'The import is reverted: the ledger is back where it was before it.'
            : 'The import is being reverted: its page shows the progress, and the ledger is back where it was before it once it says reverted.',
      });
      return c.redirect(
        `${spendBase(c.req.param('id'))}/imports/${encodeURIComponent(c.req.param('iid'))}`,
        303,
      );
    } catch (error) {
      if (!(error instanceof DomainError) || error.kind === 'not-found' || error.kind === 'forbidden')
        throw error;
      return renderImport(c, capitalise(error.message), domainStatus[error.kind] as 409 | 422);
    }
  });
}
