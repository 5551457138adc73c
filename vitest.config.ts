import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    // One DynamoDB Local for the whole run; each test file makes its own table.
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // GitHub's workflow parser imports its JSON schema without an import attribute, which only a
    // bundler accepts: let Vite transform it (test/delivery/workflows.test.ts).
    server: { deps: { inline: ['@actions/workflow-parser'] } },
  },
});
