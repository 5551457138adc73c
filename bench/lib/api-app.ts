// The full API app in-process over a fresh table, with a local token issuer: how the benchmarks
// seed their data through the API before measuring something else.

import { join } from 'node:path';
import { fullApiApp } from '@compact-tracker/api/app';
import { type Deps, localDeps } from '@compact-tracker/api/deps';
import { ensureTable } from '@compact-tracker/local/dynamodb-local';
import { type LocalIssuer, localIssuer } from '@compact-tracker/local/token-issuer';
import type { ApiCall } from './seed-world.ts';

export type InProcessApi = {
  deps: Deps;
  issuer: LocalIssuer;
  call: ApiCall;
  token: (email: string, options?: { admin?: boolean; name?: string }) => Promise<string>;
};

export async function inProcessApi(options: {
  endpoint: string;
  table: string;
  workDir: string;
  issuer?: LocalIssuer;
}): Promise<InProcessApi> {
  await ensureTable(options.endpoint, options.table);
  const issuer = options.issuer ?? (await localIssuer(join(options.workDir, 'issuer-key.json')));
  const deps = localDeps({ endpoint: options.endpoint, table: options.table, verifyToken: issuer.verify });
  const app = fullApiApp(deps);
  return {
    deps,
    issuer,
    token: (email, extra = {}) => issuer.issue({ email, ...extra }),
    call: async (method, path, callOptions = {}) => {
      const headers: Record<string, string> = {};
      if (callOptions.token) headers.authorization = `Bearer ${callOptions.token}`;
      let body: string | undefined;
      if (callOptions.body !== undefined) {
        body = JSON.stringify(callOptions.body);
        headers['content-type'] = 'application/json';
      }
      const response = await app.request(path, { method, headers, body });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null };
    },
  };
}
