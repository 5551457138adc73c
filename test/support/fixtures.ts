import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import type { Harness } from './harness.ts';

export const compactText = {
  title: 'Test Sustainable Procurement Compact',
  summary: 'We use our buying power for local good.',
  commitments: ['Name a champion.', 'Buy local.'],
};

/** Every item in the table, sorted: to prove that a refused request wrote nothing. */
export async function tableItems(h: Harness) {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await h.deps.db.doc.send(new ScanCommand({ TableName: h.table, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items.sort((a, b) => `${a.PK}|${a.SK}`.localeCompare(`${b.PK}|${b.SK}`));
}

/**
 * The table's items once no report run started in the background is still queued or running (a
 * run-now posted by an earlier step writes its progress after the answer), so that a "nothing
 * written" comparison sees only what the step under test wrote.
 */
export async function settledTableItems(h: Harness, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const items = await tableItems(h);
    if (!/"status":"(queued|running)"/.test(JSON.stringify(items))) return items;
    if (Date.now() > deadline) throw new Error('a report run started in the background did not finish');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Asserts a problem+json answer with the given status. */
export function expectProblem(response: { status: number; body: any; headers: Headers }, status: number) {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({
    status,
    type: expect.any(String),
    title: expect.any(String),
    detail: expect.any(String),
  });
}

/**
 * A partnership with a coordinator and a board member, an open compact, and two organisations
 * each with a representative and an officer: the cast of most tests.
 */
export async function world(h: Harness) {
  const tokens = {
    admin: await h.token('admin@example.org', { admin: true, name: 'Admin' }),
    coordinator: await h.token('coord@example.org', { name: 'Coordinator' }),
    otherCoordinator: await h.token('coord@elsewhere.example', { name: 'Other Coordinator' }),
    board: await h.token('board@example.org', { name: 'Board' }),
    rep: await h.token('rep@org1.example', { name: 'Rep One' }),
    officer: await h.token('officer@org1.example', { name: 'Officer One' }),
    otherRep: await h.token('rep@org2.example', { name: 'Rep Two' }),
    nobody: await h.token('nobody@example.org', { name: 'Nobody' }),
  };
  const ok = async (method: string, path: string, token: string, body?: unknown) => {
    const response = await h.call(method, path, { token, body });
    expect(response.status, `${method} ${path}: ${JSON.stringify(response.body)}`).toBeLessThan(300);
    return response.body;
  };
  const partnership = await ok('POST', '/v1/partnerships', tokens.admin, {
    name: 'Test Partnership',
    area: 'Testshire',
  });
  const other = await ok('POST', '/v1/partnerships', tokens.admin, {
    name: 'Other Partnership',
    area: 'Elsewhere',
  });
  await ok('POST', `/v1/partnerships/${partnership.id}/members`, tokens.admin, {
    email: 'coord@example.org',
    role: 'coordinator',
  });
  await ok('POST', `/v1/partnerships/${partnership.id}/members`, tokens.coordinator, {
    email: 'board@example.org',
    role: 'board',
  });
  await ok('POST', `/v1/partnerships/${other.id}/members`, tokens.admin, {
    email: 'coord@elsewhere.example',
    role: 'coordinator',
  });
  const compact = await ok(
    'POST',
    `/v1/partnerships/${partnership.id}/compacts`,
    tokens.coordinator,
    compactText,
  );
  const open = await ok('POST', `/v1/compacts/${compact.id}/publish`, tokens.coordinator);
  const org1 = await ok('POST', '/v1/organisations', tokens.rep, {
    name: 'Org One',
    sector: 'public',
    postcode: 'B1 1BB',
  });
  await ok('POST', `/v1/organisations/${org1.id}/members`, tokens.rep, {
    email: 'officer@org1.example',
    role: 'officer',
  });
  const org2 = await ok('POST', '/v1/organisations', tokens.otherRep, {
    name: 'Org Two',
    sector: 'private',
    postcode: 'B2 2BB',
  });
  const signature = (organisationId: string) => ({
    organisationId,
    signatoryName: 'Sam Signer',
    signatoryRole: 'Chief Executive',
    version: open.version,
    textSha256: open.textSha256,
    acceptCommitments: true,
  });
  return { tokens, partnership, other, compact: open, org1, org2, signature, ok };
}
