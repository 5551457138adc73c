import { outboxMailer } from '@compact-tracker/api/mailer';
import { webApp } from '@compact-tracker/web/app';
import { beforeAll, describe, expect, test } from 'vitest';
import { world } from '../support/fixtures.ts';
import { type Harness, harness } from '../support/harness.ts';
import { WebClient } from './web-client.ts';

// Running a partnership from the pages: admins create it and appoint coordinators; coordinators
// write, edit, publish and close compacts, with a version history; others are refused as by the API.

let h: Harness;
let web: ReturnType<typeof webApp>;

beforeAll(async () => {
  h = await harness();
  web = webApp({ deps: h.deps, login: { issue: h.issuer.issue, users: [] } });
});

async function as(email: string, admin = false) {
  const client = new WebClient(web);
  await client.login({ email, admin });
  return client;
}

describe('partnership and compact pages', () => {
  test('an admin creates a partnership and appoints its coordinator; nobody else may', async () => {
    const someone = await as('someone@example.org');
    expect((await someone.get('/partnerships/new')).status).toBe(403);
    expect((await someone.post('/partnerships', { name: 'Nope', area: 'Nowhere' })).status).toBe(403);

    const admin = await as('admin@example.org', true);
    expect((await admin.get('/me')).html).toContain('Create a partnership');
    const invalid = await admin.post('/partnerships', { name: '', area: 'Walsall' });
    expect(invalid.status).toBe(400);
    expect(invalid.html).toContain('this is required');
    const created = await admin.post('/partnerships', {
      name: 'Walsall Together',
      area: 'Walsall',
      description: '',
    });
    expect(created.status).toBe(303);
    const path = created.location ?? '';
    expect(path).toMatch(/^\/partnerships\/\w+$/);
    const appointed = await admin.post(`${path}/members`, {
      email: 'Coord@Walsall.example',
      role: 'coordinator',
    });
    expect(appointed.status).toBe(303);
    const page = await admin.get(path);
    expect(page.html).toContain('coord@walsall.example is now a coordinator');
    expect(page.html).toContain('<td>coordinator</td>');
    // Members are not shown to the public.
    expect((await new WebClient(web).get(path)).html).not.toContain('coord@walsall.example');
    const list = await new WebClient(web).get('/partnerships');
    expect(list.html).toContain(`href="${path}"`);
    expect(list.html).not.toContain('Create a partnership');
    expect((await admin.get('/partnerships')).html).toContain('Create a partnership');
  });

  test('a coordinator writes a draft, publishes it, makes version 2, sees the difference, and closes it', async () => {
    const admin = await as('admin2@example.org', true);
    const path =
      (await admin.post('/partnerships', { name: 'Coventry Compact', area: 'Coventry' })).location ?? '';
    await admin.post(`${path}/members`, { email: 'coord@coventry.example', role: 'coordinator' });
    await admin.post(`${path}/members`, { email: 'board@coventry.example', role: 'board' });

    const coordinator = await as('coord@coventry.example');
    expect((await coordinator.get(`${path}/compacts/new`)).status).toBe(200);
    const empty = await coordinator.post(`${path}/compacts`, {
      title: 'X',
      summary: 'Y',
      commitments: '\n \n',
    });
    expect(empty.status).toBe(400);
    const created = await coordinator.post(`${path}/compacts`, {
      title: 'Coventry Compact',
      summary: 'We buy better.',
      commitments: 'Train staff.\nPublish a policy.',
    });
    expect(created.status).toBe(303);
    const compact = created.location ?? '';
    const draft = await coordinator.get(compact);
    expect(draft.html).toContain('Edit the draft');
    expect(draft.html).toContain('>Publish</button>');
    // A draft is the coordinators' alone.
    expect((await new WebClient(web).get(compact)).status).toBe(404);
    const board = await as('board@coventry.example');
    expect((await board.post(`${compact}/edit`, { title: 'T', summary: 'S', commitments: 'C' })).status).toBe(
      404,
    );

    expect((await coordinator.post(`${compact}/publish`, {})).status).toBe(303);
    expect((await coordinator.get(compact)).html).toContain('The compact is published');
    expect((await board.post(`${compact}/edit`, { title: 'T', summary: 'S', commitments: 'C' })).status).toBe(
      403,
    );

    const edited = await coordinator.post(`${compact}/edit`, {
      title: 'Coventry Compact',
      summary: 'We buy better, together.',
      commitments: 'Train staff.\nReport every quarter.',
    });
    expect(edited.status).toBe(303);
    expect((await coordinator.get(compact)).html).toContain('Version 2 is published');
    const versions = await new WebClient(web).get(`${compact}/versions`);
    expect(versions.status).toBe(200);
    expect(versions.html).toContain('Version 2 (current)');
    expect(versions.html).toContain('<del>Publish a policy.</del>');
    expect(versions.html).toContain('<ins>Report every quarter.</ins>');
    expect(versions.html).toMatch(/<ins>[^<]*together/);

    expect((await coordinator.post(`${compact}/close`, {})).status).toBe(303);
    const closed = await coordinator.get(compact);
    expect(closed.html).toContain('The compact is closed');
    expect(closed.html).not.toContain('Close to new signatures');
    // Closing again is refused with a message, not an error page.
    await coordinator.post(`${compact}/close`, {});
    expect((await coordinator.get(compact)).html).toMatch(/notice error/);
  });
});

describe('invitations', () => {
  test('without email the inviter gets the link; the invited person signs in with that address and accepts', async () => {
    const admin = await as('admin3@example.org', true);
    const path = (await admin.post('/partnerships', { name: 'Dudley Deal', area: 'Dudley' })).location ?? '';
    await admin.post(`${path}/members`, { email: 'dee@dudley.example', role: 'coordinator' });
    const flash = (await admin.get(path)).html;
    expect(flash).toContain('No email is configured here: pass them this link');
    const link = /http:\/\/localhost(\/invitations\/[\w-]+)/.exec(flash)?.[1] ?? '';
    expect(link).not.toBe('');

    const visitor = await new WebClient(web).get(link);
    expect(visitor.html).toContain('invites you to be a coordinator of');
    expect(visitor.html).toContain(`/login?next=${encodeURIComponent(link)}`);

    const stranger = await as('stranger@example.org');
    expect((await stranger.get(link)).html).toContain('This invitation is for dee@dudley.example');
    expect((await stranger.post(`${link}/accept`, {})).status).toBe(403);

    const dee = await as('dee@dudley.example');
    expect((await dee.get(link)).html).toContain('Accept the invitation');
    const accepted = await dee.post(`${link}/accept`, {});
    expect(accepted.status).toBe(303);
    expect(accepted.location).toBe(path);
    expect((await dee.get(link)).html).toContain('Accepted');
    expect((await new WebClient(web).get('/invitations/not-an-invitation-id')).status).toBe(404);
  });

  test('with a mailer the invitation is emailed (the laptop: the outbox page shows it)', async () => {
    const outbox = outboxMailer();
    const mailing = webApp({
      deps: { ...h.deps, mailer: outbox },
      login: { issue: h.issuer.issue, users: [] },
      outbox: outbox.messages,
    });
    const admin = new WebClient(mailing);
    await admin.login({ email: 'admin4@example.org', admin: true });
    const path =
      (await admin.post('/partnerships', { name: 'Solihull Pledge', area: 'Solihull' })).location ?? '';
    await admin.post(`${path}/members`, { email: 'bo@solihull.example', role: 'board' });
    expect((await admin.get(path)).html).toContain('is in the local outbox (/outbox)');
    expect(outbox.messages).toHaveLength(1);
    expect(outbox.messages[0]).toMatchObject({ to: 'bo@solihull.example' });
    const page = await new WebClient(mailing).get('/outbox');
    expect(page.html).toContain('invites you to Solihull Pledge');
    expect(page.html).toMatch(/href="http:\/\/localhost\/invitations\/[\w-]+"/);
  });

  test('an email the mailer refuses leaves the appointment made and gives the inviter the link', async () => {
    const refusing = {
      describe: 'emailed',
      send: async () => Promise.reject(new Error('MessageRejected: not verified')),
    };
    const app = webApp({
      deps: { ...h.deps, mailer: refusing },
      login: { issue: h.issuer.issue, users: [] },
    });
    const admin = new WebClient(app);
    await admin.login({ email: 'admin5@example.org', admin: true });
    const path =
      (await admin.post('/partnerships', { name: 'Sandwell Circle', area: 'Sandwell' })).location ?? '';
    const appointed = await admin.post(`${path}/members`, {
      email: 'sam@sandwell.example',
      role: 'coordinator',
    });
    expect(appointed.status).toBe(303);
    const page = (await admin.get(path)).html;
    expect(page).toContain('could not be sent');
    expect(page).toMatch(/http:\/\/localhost\/invitations\/[\w-]+/);
    expect(page).toContain('<td>sam@sandwell.example</td>');
  });
});

describe('verifying and rejecting signatures from the pages', () => {
  test('a coordinator rejects a signature with a reason (required): it leaves the register and stays in the audit trail; its representative may not decide', async () => {
    const w = await world(h);
    const compact = `/compacts/${w.compact.id}`;
    await w.ok('POST', `/v1/compacts/${w.compact.id}/signatures`, w.tokens.otherRep, {
      organisationId: w.org2.id,
      signatoryName: 'Sam Signer',
      signatoryRole: 'Chief Executive',
      version: w.compact.version,
      textSha256: w.compact.textSha256,
      acceptCommitments: true,
    });
    const reject = `${compact}/signatures/${w.org2.id}/reject`;
    expect((await new WebClient(web).get(compact)).html).toContain('Org Two');

    const representative = await as('rep@org2.example');
    await representative.get(compact);
    expect((await representative.post(reject, { reason: 'Mine is fake.' })).status).toBe(403);

    const coordinator = await as('coord@example.org');
    const awaiting = await coordinator.get(compact);
    expect(awaiting.html).toContain('Awaiting verification');
    expect(awaiting.html).toContain('awaiting verification');
    const noReason = await coordinator.post(reject, { reason: '  ' });
    expect(noReason.status).toBe(400);
    expect(noReason.html).toContain('give the reason for rejecting');
    const rejected = await coordinator.post(reject, { reason: 'Not a registered body at that postcode.' });
    expect(rejected.status).toBe(303);

    const register = await new WebClient(web).get(compact);
    expect(register.html).not.toContain('Org Two');
    const events = await w.ok('GET', `/v1/compacts/${w.compact.id}/events`, w.tokens.coordinator);
    expect(events.items.find((e: { type: string }) => e.type === 'signature-rejected')).toMatchObject({
      organisationId: w.org2.id,
      reason: 'Not a registered body at that postcode.',
    });
  });
});
