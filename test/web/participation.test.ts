import { webApp } from '@compact-tracker/web/app';
import { beforeAll, describe, expect, test } from 'vitest';
import { type Harness, harness } from '../support/harness.ts';
import { openCompact, organisation, WebClient } from './web-client.ts';

let h: Harness;
let web: ReturnType<typeof webApp>;
let compact: Awaited<ReturnType<typeof openCompact>>;
let path: string;

beforeAll(async () => {
  h = await harness();
  web = webApp({ deps: h.deps, login: { issue: h.issuer.issue, users: [] } });
  compact = await openCompact(h);
  path = `/compacts/${compact.compactId}`;
});

async function representativeOf(name: string) {
  const email = `rep@${name.toLowerCase().replace(/\W+/g, '-')}.example`;
  const org = await organisation(h, email, name);
  const client = new WebClient(web);
  await client.login({ email, name: 'Rosa Rep' });
  await client.get(path);
  return { client, org };
}

const signature = (fields: Record<string, string>) => ({
  signatoryName: 'Rosa Rep',
  signatoryRole: 'Chief Officer',
  version: '1',
  textSha256: compact.textSha256,
  acceptCommitments: 'yes',
  ...fields,
});

describe('taking part through the compact page', () => {
  test('a representative registers interest, signs and withdraws, each time back on the page', async () => {
    const { client, org } = await representativeOf('Food Network');
    let page = await client.get(path);
    expect(page.html).toContain('Register interest');
    expect(page.html).toContain(`name="textSha256" value="${compact.textSha256}"`);

    let response = await client.post(`${path}/interest`, { organisationId: org.id });
    expect(response.status).toBe(303);
    expect(response.location).toBe(path);
    page = await client.get(path);
    expect(page.html).toContain('Food Network is now registered as interested.');
    expect(page.html).toMatch(
      /Food Network<\/a><\/th><td>voluntary and community<\/td><td><span class="badge interested">/,
    );

    response = await client.post(`${path}/sign`, signature({ organisationId: org.id }));
    expect(response.status).toBe(303);
    page = await client.get(path);
    expect(page.html).toContain('Rosa Rep signed version 1 of the compact for Food Network.');
    expect(page.html).toContain('badge signed');
    expect(page.html).toContain('Withdraw from the compact');
    expect(page.html).not.toContain('Sign the compact</button>');
    // The message shows once.
    expect((await client.get(path)).html).not.toContain('Rosa Rep signed version 1');

    const noReason = await client.post(`${path}/withdraw`, { organisationId: org.id, reason: ' ' });
    expect(noReason.status).toBe(400);
    expect(noReason.html).toContain('this is required');

    response = await client.post(`${path}/withdraw`, {
      organisationId: org.id,
      reason: 'Merging with another charity',
    });
    expect(response.status).toBe(303);
    page = await client.get(path);
    expect(page.html).toContain('Food Network has withdrawn from the compact.');
    expect(page.html).toContain('badge withdrawn');
    expect(page.html).toContain('Sign the compact</button>'); // may sign again
  });

  test('signing without accepting the commitments shows the error by the box and keeps what was typed', async () => {
    const { client, org } = await representativeOf('Garden Trust');
    const page = await client.post(
      `${path}/sign`,
      signature({ organisationId: org.id, acceptCommitments: '', signatoryName: 'Gita Gardener' }),
    );
    expect(page.status).toBe(400);
    expect(page.html).toContain('the commitments must be accepted to sign');
    expect(page.html).toContain('value="Gita Gardener"');
    expect(page.html).toContain('value="Chief Officer"');
    expect(page.html).toMatch(/id="sign-acceptCommitments"[^>]*aria-invalid="true"/);
  });

  test('signing twice is a readable 409 on the page', async () => {
    const { client, org } = await representativeOf('Twice Ltd');
    expect((await client.post(`${path}/sign`, signature({ organisationId: org.id }))).status).toBe(303);
    await client.get(path);
    const again = await client.post(`${path}/sign`, signature({ organisationId: org.id }));
    expect(again.status).toBe(409);
    expect(again.html).toContain('The organisation has already signed this compact');
  });

  test('signing a text that has changed since is a 422 showing the new text, acceptance unticked', async () => {
    const { client, org } = await representativeOf('Late Readers');
    const stale = await client.post(
      `${path}/sign`,
      signature({ organisationId: org.id, version: '1', textSha256: 'f'.repeat(64) }),
    );
    expect(stale.status).toBe(422);
    expect(stale.html).toContain('The wording of the compact has changed since the page was loaded');
    expect(stale.html).toContain('read it, then sign again');
    expect(stale.html).toContain('value="Rosa Rep"');
    expect(stale.html).not.toMatch(/id="sign-acceptCommitments"[^>]*checked/);
    expect(stale.html).toContain(`name="textSha256" value="${compact.textSha256}"`);
  });

  test('someone who represents no organisation is told how to take part', async () => {
    const client = new WebClient(web);
    await client.login({ email: 'nobody@example.org' });
    const page = await client.get(path);
    expect(page.html).toContain('Only an organisation&#39;s representatives can sign for it.');
    expect(page.html).toContain('href="/organisations/new"');
    expect(page.html).not.toContain('Sign the compact</button>');
    const refused = await client.post(`${path}/interest`, { organisationId: 'someone-else' });
    expect([403, 404]).toContain(refused.status);
  });

  test('a representative of several organisations picks one', async () => {
    const email = 'multi@example.org';
    const first = await organisation(h, email, 'Alpha Org');
    await h.call('POST', '/v1/organisations', {
      token: first.token,
      body: { name: 'Beta Org', sector: 'private', postcode: 'B1 1BB' },
    });
    const client = new WebClient(web);
    await client.login({ email });
    const page = await client.get(path);
    expect(page.html).toMatch(/<select id="sign-organisationId" name="organisationId"/);
    expect(page.html).toContain('Alpha Org');
    expect(page.html).toContain('Beta Org');
    // Nothing is chosen beforehand, in any of the forms: the first organisation is never the default.
    for (const form of ['interest', 'sign']) {
      const select = new RegExp(
        `<select id="${form}-organisationId"[^>]*required[^>]*>\\s*<option value="" selected="">Choose an organisation</option>`,
      );
      expect(page.html).toMatch(select);
    }
    expect(page.html).toContain('On behalf of the organisation chosen above');

    // Sent without a choice (as a browser without the required check would): asked, nothing recorded.
    const unchosen = await client.post(`${path}/sign`, signature({}));
    expect(unchosen.status).toBe(400);
    expect(unchosen.html).toContain('Choose the organisation you sign for');
    expect(unchosen.html).toContain('value="Rosa Rep"');
    const interest = await client.post(`${path}/interest`, {});
    expect(interest.status).toBe(400);
    expect(interest.html).toContain('Choose the organisation that intends to sign');
    const register = await h.call('GET', `/v1/compacts/${compact.compactId}/signatories`);
    expect(register.body.items.map((s: { name: string }) => s.name)).not.toContain('Alpha Org');

    // Beta signs (chosen). Alpha can still sign; withdrawing asks again, with only Beta on offer.
    const signed = await client.post(`${path}/sign`, signature({ organisationId: betaId(page.html) }));
    expect(signed.status).toBe(303);
    const after = await client.get(path);
    expect(after.html).toMatch(
      /<select id="withdraw-organisationId"[^>]*>\s*<option value="" selected="">Choose an organisation<\/option>\s*<option value="[^"]+">Beta Org<\/option>\s*<\/select>/,
    );
    expect(after.html).toMatch(
      /<select id="sign-organisationId"[^>]*>\s*<option value="" selected="">Choose an organisation<\/option>\s*<option value="[^"]+">Alpha Org<\/option>\s*<\/select>/,
    );
    const withdrawn = await client.post(`${path}/withdraw`, { reason: 'Merging' });
    expect(withdrawn.status).toBe(400);
    expect(withdrawn.html).toContain('Choose the organisation that withdraws');
    const still = await h.call('GET', `/v1/compacts/${compact.compactId}/signatories`);
    expect(still.body.items.find((s: { name: string }) => s.name === 'Beta Org')?.status).toBe('signed');
  });
});

/** Beta Org's id, from the sign form's options. */
const betaId = (html: string) => /<option value="([^"]+)">Beta Org<\/option>/.exec(html)?.[1] ?? '';

describe('the audit trail page', () => {
  test('coordinators see every event; representatives are refused; visitors are sent to sign in', async () => {
    const coordinator = new WebClient(web);
    await coordinator.login({ email: compact.coordinatorEmail });
    const compactPage = await coordinator.get(path);
    expect(compactPage.html).toContain(`href="${path}/events"`);
    const events = await coordinator.get(`${path}/events`);
    expect(events.status).toBe(200);
    expect(events.html).toContain('Compact created');
    expect(events.html).toContain('Published');
    expect(events.html).toContain('Reason: Merging with another charity');

    const { client } = await representativeOf('Nosy Parkers');
    expect((await client.get(path)).html).not.toContain(`${path}/events`);
    const refused = await client.get(`${path}/events`);
    expect(refused.status).toBe(403);
    expect(refused.html).toContain('Not allowed');

    const visitor = await new WebClient(web).get(`${path}/events`);
    expect(visitor.status).toBe(303);
    expect(visitor.location).toBe(`/login?next=${encodeURIComponent(`${path}/events`)}`);
  });
});
