import { UploadsUnavailable } from '@compact-tracker/api/services/spend-imports';
import * as registers from '@compact-tracker/api/services/supplier-registers';
import { DomainError, forbidden } from '@compact-tracker/domain/errors';
import { canSupplier } from '@compact-tracker/domain/supplier-authorisation';
import { supplierRegisterInput } from '@compact-tracker/domain/supplier-facts';
import { Hono } from 'hono';
import { shellOf } from '../components/layout.tsx';
import { serviceContext, type WebEnv } from '../env.ts';
import { capitalise, domainStatus } from '../errors.tsx';
import { loginPath, readForm } from '../forms.ts';
import { NewRegisterLoadPage, RegisterLoadPage, registerProgressText } from '../pages/supplier-registers.tsx';

// Register loads from the pages (admins), through the same service as POST /v1/supplier-registers.

export function supplierRegisterRoutes() {
  const app = new Hono<WebEnv>();

  app.get('/supplier-registers', (c) => {
    if (!c.var.caller) return c.redirect(loginPath(c), 303);
    if (!canSupplier.loadRegisters(c.var.caller)) throw forbidden('load register files (admins only)');
    return c.html(<NewRegisterLoadPage shell={shellOf(c)} />);
  });

  // Called by the page's script: answers the upload URL and where to follow the load.
  app.post('/supplier-registers', async (c) => {
    const values = await readForm(c);
    const parsed = supplierRegisterInput.safeParse({ kind: values.kind });
    if (!parsed.success) {
      return c.json({ errors: ['Register: choose Companies House or the Charity Commission.'] }, 400);
    }
    try {
      const created = await registers.createRegisterLoad(serviceContext(c), parsed.data);
      return c.json(
        {
          id: created.id,
          uploadUrl: created.uploadUrl,
          href: `/supplier-registers/${encodeURIComponent(created.id)}`,
        },
        201,
      );
    } catch (error) {
      if (error instanceof UploadsUnavailable) {
        return c.json({ message: 'Loading register files is not available here at the moment.' }, 503);
      }
      if (!(error instanceof DomainError)) throw error;
      return c.json({ message: capitalise(error.message) }, domainStatus[error.kind]);
    }
  });

  app.get('/supplier-registers/:id', async (c) => {
    if (!c.var.caller) return c.redirect(loginPath(c), 303);
    const load = await registers.getRegisterLoad(serviceContext(c), c.req.param('id'));
    return c.html(<RegisterLoadPage shell={shellOf(c)} load={load} />);
  });

  // Polled by the script every second while a load runs.
  app.get('/supplier-registers/:id/status', async (c) => {
    const load = await registers.getRegisterLoad(serviceContext(c), c.req.param('id'));
    return c.json({
      status: load.status,
      rowsProcessed: load.rowsProcessed,
      progressText: registerProgressText(load),
    });
  });

  return app;
}
