import { resolve } from 'node:path';

/** What `npm start` honours (see the README): PORT, DATA_DIR, DEMO_DATA=0. */
export function localSettings(env: NodeJS.ProcessEnv = process.env) {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, not ${env.PORT}`);
  return {
    port,
    dataDir: resolve(env.DATA_DIR ?? '.data'),
    demoData: env.DEMO_DATA !== '0',
  };
}
