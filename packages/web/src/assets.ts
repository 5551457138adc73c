import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { siteCss } from './assets/site-css.ts';

// The stylesheet is addressed by its content hash, so browsers may cache it for a year and still
// see a new one the moment it changes.
const cssHash = createHash('sha256').update(siteCss).digest('hex').slice(0, 12);
export const siteCssPath = `/assets/site.css?v=${cssHash}`;

export function assetRoutes() {
  const app = new Hono();
  app.get('/assets/site.css', (c) => {
    const versioned = c.req.query('v') === cssHash;
    return c.body(siteCss, 200, {
      'content-type': 'text/css; charset=utf-8',
      'cache-control': versioned ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
      etag: `"${cssHash}"`,
    });
  });
  // The spend import script, served the same way (import-asset.ts), loaded when first asked for.
  app.get('/assets/import.js', async (c) => {
    const { importJs, jsHash } = await import('./import-asset.ts');
    const versioned = c.req.query('v') === jsHash;
    return c.body(importJs, 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': versioned ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
      etag: `"${jsHash}"`,
    });
  });
  return app;
}
