import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    // One DynamoDB Local for the whole run; each test file makes its own table.
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two test files at a time even on two cores: most of a file's time is spent waiting (on
    // DynamoDB Local, on retry backoff under injected faults, on Chromium), not computing.
    maxWorkers: 2,
    // GitHub's workflow parser imports its JSON schema without an import attribute, which only a
    // bundler accepts: let Vite transform it (test/delivery/workflows.test.ts).
    server: { deps: { inline: ['@actions/workflow-parser'] } },
  },
});
