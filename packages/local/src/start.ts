import { startTracker } from './server.ts';
import { localSettings } from './settings.ts';

// `npm start`: the tracker on this machine until Ctrl-C, which stops everything it started.

const settings = localSettings();
const tracker = await startTracker({ ...settings, scheduler: true }).catch((error: Error) => {
  console.error(`Could not start: ${error.message}`);
  process.exit(1);
});

console.log(`
Compact Tracker is running at ${tracker.url}
  data:     ${settings.dataDir} (kept between runs; delete it to start again${settings.demoData ? ' with demo data' : ''})
  sign in:  ${tracker.url}/login, through the local OpenID Connect issuer at ${tracker.oidc.url}:
            pick a demo user (e.g. ${tracker.demoUsers[3]?.email ?? 'any email'}) or type any email
  API:      ${tracker.url}/v1/health, docs at ${tracker.url}/docs
  reports:  buying power hourly, scores daily (first runs in a few seconds); now: npm run aggregate
  token:    npm run --silent token -- --email you@example.org [--name NAME] [--admin]
${tracker.fresh && settings.demoData ? '  Demo data loaded: Be Birmingham, an open compact, twelve signatories over several years and one withdrawn (illustrative figures).\n' : ''}Press Ctrl-C to stop.`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    tracker.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
