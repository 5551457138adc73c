import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** What `npm start` honours (see the README): PORT, DATA_DIR, DEMO_DATA=0. */
export function localSettings(env: NodeJS.ProcessEnv = process.env) {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, not ${env.PORT}`);
  return {
    port,
    dataDir: resolve(env.DATA_DIR ?? '.data'),
    demoData: env.DEMO_DATA !== '0',
    /** The local OpenID Connect issuer: the next port after PORT (any free one when PORT is 0). */
    issuerPort: port === 0 ? 0 : port + 1,
    tokenKeyFile: localTokenKeyFile(env),
  };
}

/**
 * The key `npm run token` signs with and `npm start` verifies with: one per user, not per
 * DATA_DIR, so a token made as the README shows works whatever DATA_DIR the tracker runs with.
 */
export function localTokenKeyFile(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TOKEN_KEY_FILE) return resolve(env.TOKEN_KEY_FILE);
  const config = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(config, 'compact-tracker', 'local-token-key.json');
}
