import { parseArgs } from 'node:util';
import { localTokenKeyFile } from './settings.ts';
import { localIssuer } from './token-issuer.ts';

// `npm run --silent token -- --email EMAIL [--name NAME] [--admin]`: prints only the token,
// signed with the user's local key (settings.ts) that `npm start` verifies with, whatever DATA_DIR.

const { values } = parseArgs({
  options: {
    email: { type: 'string' },
    name: { type: 'string' },
    admin: { type: 'boolean', default: false },
  },
});

if (!values.email || !/^[^@\s]+@[^@\s]+$/.test(values.email)) {
  console.error('usage: npm run --silent token -- --email EMAIL [--name NAME] [--admin]');
  process.exit(2);
}

const issuer = await localIssuer(localTokenKeyFile());
process.stdout.write(
  `${await issuer.issue({ email: values.email, name: values.name, admin: values.admin })}\n`,
);
