// The cast the API benchmarks need, made through the API itself so that every record is what the
// app writes: a partnership with a coordinator, an open compact, and organisations each with its
// own representative (who log spend and assessments; they need not sign). The compact's
// signatories come from seed-compact.ts, so the register and report stay the same size whatever
// the number of representatives.

// biome-ignore lint/suspicious/noExplicitAny: JSON answers of every shape
type Json = any;

export type ApiCall = (
  method: string,
  path: string,
  options?: { token?: string; body?: unknown },
) => Promise<{ status: number; body: Json }>;

export type Representative = { organisationId: string; email: string; token: string };

export type World = {
  partnershipId: string;
  compactId: string;
  tokens: { admin: string; coordinator: string };
  representatives: Representative[];
};

export async function seedWorld(
  call: ApiCall,
  token: (email: string, options?: { admin?: boolean; name?: string }) => Promise<string>,
  options: { representatives: number },
): Promise<World> {
  const ok = async (method: string, path: string, bearer: string, body?: unknown) => {
    const response = await call(method, path, { token: bearer, body });
    if (response.status >= 300) {
      throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    }
    return response.body;
  };
  const tokens = {
    admin: await token('admin@bench.example', { admin: true, name: 'Admin' }),
    coordinator: await token('coord@bench.example', { name: 'Coordinator' }),
  };
  const partnership = await ok('POST', '/v1/partnerships', tokens.admin, {
    name: 'Bench Partnership',
    area: 'Benchshire',
  });
  await ok('POST', `/v1/partnerships/${partnership.id}/members`, tokens.admin, {
    email: 'coord@bench.example',
    role: 'coordinator',
  });
  const draft = await ok('POST', `/v1/partnerships/${partnership.id}/compacts`, tokens.coordinator, {
    title: 'Bench Sustainable Procurement Compact',
    summary: 'We use our buying power for local good.',
    commitments: ['Name a champion.', 'Buy local.'],
  });
  const compact = await ok('POST', `/v1/compacts/${draft.id}/publish`, tokens.coordinator);
  const representatives: Representative[] = [];
  for (let k = 0; k < options.representatives; k++) {
    const email = `rep@org${k}.bench.example`;
    const repToken = await token(email, { name: `Rep ${k}` });
    const organisation = await ok('POST', '/v1/organisations', repToken, {
      name: `Bench Organisation ${k}`,
      sector: (['public', 'private', 'voluntary-community'] as const)[k % 3],
      postcode: 'B1 1BB',
    });
    representatives.push({ organisationId: organisation.id, email, token: repToken });
  }
  return { partnershipId: partnership.id, compactId: compact.id, tokens, representatives };
}

/** A return with a line per category; `variant` 0 or 1 gives two returns that differ in every line. */
export function spendReturnBody(variant: number) {
  const lines = (['ict', 'construction', 'paper-print'] as const).map((category, c) => {
    const total = 1_200_000 + c * 50_000 + (variant % 2) * 10_000;
    return {
      category,
      totalPence: total,
      localPence: Math.round(total / 2),
      smePence: Math.round(total / 4),
      vcsePence: Math.round(total / 10),
      criteriaPence: Math.round(total / 5),
    };
  });
  return { lines };
}

/** A self-assessment dated yesterday (never in the future, whatever the time zone) ticking `criteria`. */
export function assessmentBody(criteria: string[]) {
  return {
    assessedOn: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
    criteriaMet: criteria,
  };
}
