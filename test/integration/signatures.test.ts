import { beforeAll, describe, expect, it } from 'vitest';
import { compactText, expectProblem, tableItems, world } from '../support/fixtures.ts';
import { type Harness, harness, runReportsNow } from '../support/harness.ts';

let h: Harness;
let w: Awaited<ReturnType<typeof world>>;
beforeAll(async () => {
  h = await harness();
  w = await world(h);
});

/** A fresh open compact of the test partnership. */
async function openCompact() {
  const created = await w.ok(
    'POST',
    `/v1/partnerships/${w.partnership.id}/compacts`,
    w.tokens.coordinator,
    compactText,
  );
  return w.ok('POST', `/v1/compacts/${created.id}/publish`, w.tokens.coordinator);
}

const signatureFor = (compact: { version: number; textSha256: string }, organisationId: string) => ({
  organisationId,
  signatoryName: 'Sam Signer',
  signatoryRole: 'Chief Executive',
  version: compact.version,
  textSha256: compact.textSha256,
  acceptCommitments: true,
});

describe('interest, signing, withdrawing and signing again', () => {
  it('follows the lifecycle, keeps every step in the audit trail and the register', async () => {
    const compact = await openCompact();
    const interest = await h.call('POST', `/v1/compacts/${compact.id}/interest`, {
      token: w.tokens.rep,
      body: { organisationId: w.org1.id },
    });
    expect(interest.status).toBe(201);
    expect(interest.body).toMatchObject({ status: 'interested' });

    const signed = await h.call('POST', `/v1/compacts/${compact.id}/signatures`, {
      token: w.tokens.rep,
      body: signatureFor(compact, w.org1.id),
    });
    expect(signed.status).toBe(201);
    expect(signed.body).toMatchObject({
      organisationId: w.org1.id,
      status: 'signed',
      version: 1,
      signedAt: expect.any(String),
    });
    expect((await h.call('GET', `/v1/compacts/${compact.id}`)).body.signatoryCount).toBe(1);

    const again = await h.call('POST', `/v1/compacts/${compact.id}/signatures`, {
      token: w.tokens.rep,
      body: signatureFor(compact, w.org1.id),
    });
    expectProblem(again, 409);

    const withdrawn = await h.call('POST', `/v1/compacts/${compact.id}/signatures/${w.org1.id}/withdraw`, {
      token: w.tokens.rep,
      body: { reason: 'Merging with another body' },
    });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', withdrawnAt: expect.any(String) });
    expect((await h.call('GET', `/v1/compacts/${compact.id}`)).body.signatoryCount).toBe(0);

    const register = await h.call('GET', `/v1/compacts/${compact.id}/signatories`);
    expect(register.body.items).toEqual([
      expect.objectContaining({
        organisationId: w.org1.id,
        name: 'Org One',
        sector: 'public',
        status: 'withdrawn',
        version: 1,
      }),
    ]);

    const reinterest = await h.call('POST', `/v1/compacts/${compact.id}/interest`, {
      token: w.tokens.rep,
      body: { organisationId: w.org1.id },
    });
    expect(reinterest.status).toBe(201);
    const interested = await h.call('GET', `/v1/compacts/${compact.id}/signatories`);
    expect(interested.body.items[0]).toMatchObject({
      status: 'interested',
      signedAt: null,
      withdrawnAt: null,
      version: null,
    });

    const resigned = await h.call('POST', `/v1/compacts/${compact.id}/signatures`, {
      token: w.tokens.rep,
      body: signatureFor(compact, w.org1.id),
    });
    expect(resigned.status).toBe(201);
    const after = await h.call('GET', `/v1/compacts/${compact.id}/signatories`);
    expect(after.body.items[0]).toMatchObject({
      status: 'signed',
      withdrawnAt: null,
      reportingStatus: 'not-yet-due',
    });

    const events = await h.call('GET', `/v1/compacts/${compact.id}/events`, { token: w.tokens.coordinator });
    const trail = events.body.items.filter(
      (e: { organisationId?: string }) => e.organisationId === w.org1.id,
    );
    expect(trail.map((e: { type: string }) => e.type)).toEqual([
      'interest-registered',
      'signed',
      'withdrawn',
      'interest-registered',
      'signed',
    ]);
    expect(trail[1]).toMatchObject({
      actor: { email: 'rep@org1.example' },
      signatoryName: 'Sam Signer',
      signatoryRole: 'Chief Executive',
      version: 1,
      textSha256: compact.textSha256,
    });
    expect(trail[2]).toMatchObject({ reason: 'Merging with another body' });
  });

  it('lets a coordinator of the partnership withdraw an organisation', async () => {
    const compact = await openCompact();
    await w.ok(
      'POST',
      `/v1/compacts/${compact.id}/signatures`,
      w.tokens.rep,
      signatureFor(compact, w.org1.id),
    );
    const withdrawn = await h.call('POST', `/v1/compacts/${compact.id}/signatures/${w.org1.id}/withdraw`, {
      token: w.tokens.coordinator,
      body: { reason: 'Organisation dissolved' },
    });
    expect(withdrawn.status).toBe(200);
  });
});

describe('refusals', () => {
  it('refuses to sign a stale version or a wrong hash (422), writing nothing', async () => {
    const compact = await openCompact();
    const v2 = await w.ok('PUT', `/v1/compacts/${compact.id}`, w.tokens.coordinator, {
      ...compactText,
      title: 'Revised',
    });
    const before = await tableItems(h);
    const stale = await h.call('POST', `/v1/compacts/${compact.id}/signatures`, {
      token: w.tokens.rep,
      body: signatureFor(compact, w.org1.id),
    });
    expectProblem(stale, 422);
    expect(stale.body.detail).toMatch(/version 1 is not the current version \(2\)/);
    const wrongHash = await h.call('POST', `/v1/compacts/${compact.id}/signatures`, {
      token: w.tokens.rep,
      body: { ...signatureFor(v2, w.org1.id), textSha256: compact.textSha256 },
    });
    expectProblem(wrongHash, 422);
    expect(await tableItems(h)).toEqual(before);
    const current = await h.call('POST', `/v1/compacts/${compact.id}/signatures`, {
      token: w.tokens.rep,
      body: signatureFor(v2, w.org1.id),
    });
    expect(current.status).toBe(201);
    expect(current.body.version).toBe(2);
  });

  it('refuses to sign a draft (404: only its coordinators know it exists) or a closed compact (422)', async () => {
    const drafted = await w.ok(
      'POST',
      `/v1/partnerships/${w.partnership.id}/compacts`,
      w.tokens.coordinator,
      compactText,
    );
    expectProblem(
      await h.call('POST', `/v1/compacts/${drafted.id}/signatures`, {
        token: w.tokens.rep,
        body: signatureFor(drafted, w.org1.id),
      }),
      404,
    );
    const closedCompact = await openCompact();
    await w.ok('POST', `/v1/compacts/${closedCompact.id}/close`, w.tokens.coordinator);
    expectProblem(
      await h.call('POST', `/v1/compacts/${closedCompact.id}/signatures`, {
        token: w.tokens.rep,
        body: signatureFor(closedCompact, w.org1.id),
      }),
      422,
    );
    expectProblem(
      await h.call('POST', `/v1/compacts/${closedCompact.id}/interest`, {
        token: w.tokens.rep,
        body: { organisationId: w.org1.id },
      }),
      422,
    );
  });

  it("refuses another organisation's representative, officers, coordinators and anonymous callers", async () => {
    const compact = await openCompact();
    const before = await tableItems(h);
    const body = signatureFor(compact, w.org1.id);
    expectProblem(await h.call('POST', `/v1/compacts/${compact.id}/signatures`, { body }), 401);
    for (const token of [
      w.tokens.otherRep,
      w.tokens.officer,
      w.tokens.coordinator,
      w.tokens.admin,
      w.tokens.nobody,
    ]) {
      expectProblem(await h.call('POST', `/v1/compacts/${compact.id}/signatures`, { token, body }), 403);
      expectProblem(
        await h.call('POST', `/v1/compacts/${compact.id}/interest`, {
          token,
          body: { organisationId: w.org1.id },
        }),
        403,
      );
    }
    expect(await tableItems(h)).toEqual(before);
  });

  it('refuses withdrawal by others, of unsigned organisations, and without a reason', async () => {
    const compact = await openCompact();
    await w.ok(
      'POST',
      `/v1/compacts/${compact.id}/signatures`,
      w.tokens.rep,
      signatureFor(compact, w.org1.id),
    );
    const path = `/v1/compacts/${compact.id}/signatures/${w.org1.id}/withdraw`;
    for (const token of [
      w.tokens.otherRep,
      w.tokens.officer,
      w.tokens.board,
      w.tokens.otherCoordinator,
      w.tokens.admin,
    ]) {
      expectProblem(await h.call('POST', path, { token, body: { reason: 'x' } }), 403);
    }
    expectProblem(await h.call('POST', path, { body: { reason: 'x' } }), 401);
    const noReason = await h.call('POST', path, { token: w.tokens.rep, body: {} });
    expectProblem(noReason, 400);
    expect(noReason.body.errors).toEqual([expect.objectContaining({ path: 'reason' })]);
    expectProblem(
      await h.call('POST', `/v1/compacts/${compact.id}/signatures/${w.org2.id}/withdraw`, {
        token: w.tokens.otherRep,
        body: { reason: 'never signed' },
      }),
      422,
    );
  });

  it('refuses a signature without accepting the commitments, naming the field', async () => {
    const compact = await openCompact();
    const response = await h.call('POST', `/v1/compacts/${compact.id}/signatures`, {
      token: w.tokens.rep,
      body: { ...signatureFor(compact, w.org1.id), acceptCommitments: false, signatoryName: '' },
    });
    expectProblem(response, 400);
    expect(response.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'acceptCommitments',
      'signatoryName',
    ]);
  });

  it('answers unknown compacts and organisations with 404', async () => {
    const compact = await openCompact();
    expectProblem(
      await h.call('POST', '/v1/compacts/01UNKNOWN/signatures', {
        token: w.tokens.rep,
        body: signatureFor(compact, w.org1.id),
      }),
      404,
    );
    expectProblem(
      await h.call('POST', `/v1/compacts/${compact.id}/signatures`, {
        token: w.tokens.rep,
        body: signatureFor(compact, '01UNKNOWN'),
      }),
      404,
    );
    expectProblem(await h.call('GET', '/v1/compacts/01UNKNOWN/signatories'), 404);
  });
});

describe('the audit trail', () => {
  it('is for coordinators and board members of the partnership only', async () => {
    const path = `/v1/compacts/${w.compact.id}/events`;
    expect((await h.call('GET', path, { token: w.tokens.coordinator })).status).toBe(200);
    expect((await h.call('GET', path, { token: w.tokens.board })).status).toBe(200);
    expectProblem(await h.call('GET', path), 401);
    for (const token of [w.tokens.rep, w.tokens.otherCoordinator, w.tokens.admin, w.tokens.nobody]) {
      expectProblem(await h.call('GET', path, { token }), 403);
    }
  });
});

describe('concurrency', () => {
  it('turns 20 concurrent signatures of one organisation into exactly one', async () => {
    const compact = await openCompact();
    const attempts = await Promise.all(
      Array.from({ length: 20 }, () =>
        h.call('POST', `/v1/compacts/${compact.id}/signatures`, {
          token: w.tokens.rep,
          body: signatureFor(compact, w.org1.id),
        }),
      ),
    );
    const statuses = attempts.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    expect((await h.call('GET', `/v1/compacts/${compact.id}`)).body.signatoryCount).toBe(1);
    const events = await h.call('GET', `/v1/compacts/${compact.id}/events`, { token: w.tokens.coordinator });
    expect(events.body.items.filter((e: { type: string }) => e.type === 'signed')).toHaveLength(1);
  });
});

describe('verifying and rejecting signatures (coordinators)', () => {
  const decide = (compactId: string, organisationId: string, decision: 'verify' | 'reject', token: string) =>
    h.call('POST', `/v1/compacts/${compactId}/signatures/${organisationId}/${decision}`, {
      token,
      ...(decision === 'reject' ? { body: { reason: 'Not a registered body at that postcode.' } } : {}),
    });
  const register = async (compactId: string) =>
    (await h.call('GET', `/v1/compacts/${compactId}/signatories`)).body.items as Record<string, unknown>[];

  it('a new signature awaits verification; a coordinator verifies it, once, with an event', async () => {
    const compact = await openCompact();
    await w.ok(
      'POST',
      `/v1/compacts/${compact.id}/signatures`,
      w.tokens.rep,
      signatureFor(compact, w.org1.id),
    );
    expect((await register(compact.id))[0]).toMatchObject({ status: 'signed', verifiedAt: null });

    for (const token of [w.tokens.rep, w.tokens.board, w.tokens.otherCoordinator, w.tokens.admin]) {
      const before = await tableItems(h);
      expectProblem(await decide(compact.id, w.org1.id, 'verify', token), 403);
      expect(await tableItems(h)).toEqual(before);
    }
    expect((await decide(compact.id, w.org1.id, 'verify', '')).status).toBe(401);

    const verified = await decide(compact.id, w.org1.id, 'verify', w.tokens.coordinator);
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({
      organisationId: w.org1.id,
      status: 'signed',
      verifiedAt: expect.any(String),
    });
    expect((await register(compact.id))[0]).toMatchObject({
      status: 'signed',
      verifiedAt: verified.body.verifiedAt,
    });
    expectProblem(await decide(compact.id, w.org1.id, 'verify', w.tokens.coordinator), 409);
    // A verified signature is not rejected: the organisation is withdrawn instead, with the reason.
    expectProblem(await decide(compact.id, w.org1.id, 'reject', w.tokens.coordinator), 422);

    const events = await w.ok('GET', `/v1/compacts/${compact.id}/events`, w.tokens.coordinator);
    const verifiedEvents = events.items.filter((e: { type: string }) => e.type === 'signature-verified');
    expect(verifiedEvents).toHaveLength(1);
    expect(verifiedEvents[0]).toMatchObject({
      organisationId: w.org1.id,
      actor: { email: 'coord@example.org' },
    });
  });

  it('a rejected signature leaves the public register and the count, stays in the audit trail, and cannot sign again', async () => {
    const compact = await openCompact();
    await w.ok(
      'POST',
      `/v1/compacts/${compact.id}/signatures`,
      w.tokens.rep,
      signatureFor(compact, w.org1.id),
    );
    await w.ok(
      'POST',
      `/v1/compacts/${compact.id}/signatures`,
      w.tokens.otherRep,
      signatureFor(compact, w.org2.id),
    );
    expect((await h.call('GET', `/v1/compacts/${compact.id}`)).body.signatoryCount).toBe(2);

    const noReason = await h.call('POST', `/v1/compacts/${compact.id}/signatures/${w.org2.id}/reject`, {
      token: w.tokens.coordinator,
      body: { reason: '  ' },
    });
    expectProblem(noReason, 400);

    const rejected = await decide(compact.id, w.org2.id, 'reject', w.tokens.coordinator);
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({
      organisationId: w.org2.id,
      status: 'rejected',
      rejectedAt: expect.any(String),
    });
    const rows = await register(compact.id);
    expect(rows.map((r) => r.organisationId)).toEqual([w.org1.id]);
    expect((await h.call('GET', `/v1/compacts/${compact.id}`)).body.signatoryCount).toBe(1);

    const events = await w.ok('GET', `/v1/compacts/${compact.id}/events`, w.tokens.coordinator);
    expect(events.items.find((e: { type: string }) => e.type === 'signature-rejected')).toMatchObject({
      organisationId: w.org2.id,
      reason: 'Not a registered body at that postcode.',
    });
    expectProblem(await decide(compact.id, w.org2.id, 'reject', w.tokens.coordinator), 409);
    expectProblem(await decide(compact.id, w.org2.id, 'verify', w.tokens.coordinator), 409);
    const again = await h.call('POST', `/v1/compacts/${compact.id}/signatures`, {
      token: w.tokens.otherRep,
      body: signatureFor(compact, w.org2.id),
    });
    expectProblem(again, 422);
    expect(await register(compact.id)).toHaveLength(1);

    // The reports count the rejected organisation out, as a withdrawal would.
    await runReportsNow(h.call, w.tokens.admin);
    const years = await w.ok('GET', `/v1/compacts/${compact.id}/reports`, w.tokens.coordinator);
    const fy = years.items[0].financialYear;
    const report = await w.ok('GET', `/v1/compacts/${compact.id}/reports/${fy}`, w.tokens.coordinator);
    expect(report.signatories).toBe(1);
    expect(report.partners.map((p: { organisationId: string }) => p.organisationId)).toEqual([w.org1.id]);
  });

  it('only a signature can be verified: interest alone, or nothing, is 422; an unknown organisation 404', async () => {
    const compact = await openCompact();
    await w.ok('POST', `/v1/compacts/${compact.id}/interest`, w.tokens.rep, { organisationId: w.org1.id });
    expectProblem(await decide(compact.id, w.org1.id, 'verify', w.tokens.coordinator), 422);
    expectProblem(await decide(compact.id, w.org2.id, 'reject', w.tokens.coordinator), 422);
    expectProblem(
      await decide(compact.id, '01ZZZZZZZZZZZZZZZZZZZZZZZZ', 'verify', w.tokens.coordinator),
      404,
    );
  });

  it('a verification and a rejection at once: exactly one decision wins', async () => {
    const compact = await openCompact();
    await w.ok(
      'POST',
      `/v1/compacts/${compact.id}/signatures`,
      w.tokens.rep,
      signatureFor(compact, w.org1.id),
    );
    const results = await Promise.all([
      decide(compact.id, w.org1.id, 'verify', w.tokens.coordinator),
      decide(compact.id, w.org1.id, 'reject', w.tokens.coordinator),
      decide(compact.id, w.org1.id, 'verify', w.tokens.coordinator),
    ]);
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    const events = await w.ok('GET', `/v1/compacts/${compact.id}/events`, w.tokens.coordinator);
    const decisions = events.items.filter((e: { type: string }) => e.type.startsWith('signature-'));
    expect(decisions).toHaveLength(1);
  });
});
