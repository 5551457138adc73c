import { createHash } from 'node:crypto';
import { importJs } from './assets/import-js.ts';

// The spend import page's script, addressed by its content hash like the stylesheet. Only that
// page and its asset route use it, so it loads with them, not at cold start.

export const jsHash = createHash('sha256').update(importJs).digest('hex').slice(0, 12);
export const importJsPath = `/assets/import.js?v=${jsHash}`;
export { importJs };
