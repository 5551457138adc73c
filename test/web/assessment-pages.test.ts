import { isoDate } from '@compact-tracker/domain/periods';
import { webApp } from '@compact-tracker/web/app';
import { beforeAll, describe, expect, test } from 'vitest';
import { type Harness, harness } from '../support/harness.ts';
import { openCompact, organisation, WebClient } from './web-client.ts';

let h: Harness;
let web: ReturnType<typeof webApp>;
let compact: Awaited<ReturnType<typeof openCompact>>;

const DAY = 86_400_000;
const today = () => isoDate(new Date());
const daysFromNow = (days: number) => isoDate(new Date(Date.now() + days * DAY));

beforeAll(async () => {
  h = await harness();
  web = webApp({ deps: h.deps, login: { issue: h.issuer.issue, users: [] } });
  compact = await openCompact(h);
});

/** An organisation taking part in the test compact, and its representative signed in. */
async function signatory(name: string) {
  const email = `rep@${name.toLowerCase().replace(/\W+/g, '-')}.example`;
  const org = await organisation(h, email, name);
  const interest = await h.call('POST', `/v1/compacts/${compact.compactId}/interest`, {
    token: org.token,
    body: { organisationId: org.id },
  });
  expect(interest.status).toBe(201);
  const client = new WebClient(web);
  await client.login({ email, name: 'Olu Officer' });
  return { client, org, base: `/organisations/${org.id}` };
}

const ticks = (...ids: string[]) => Object.fromEntries(ids.map((id) => [`met:${id}`, 'yes']));
const LEVEL_1 = [
  'people.1.a',
  'people.1.b',
  'people.1.c',
  'policy.1.a',
  'policy.1.b',
  'policy.1.c',
  'process.1.a',
  'process.1.b',
  'process.1.c',
  'process.1.d',
  'suppliers.1.a',
  'suppliers.1.b',
  'measurement.1.a',
];

/** Collapses the markup's whitespace and tags, to read a page as text. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');

describe('Flexible Framework pages', () => {
  test('the matrix: five themes by five levels, a checkbox and a labelled evidence field per criterion, dated today', async () => {
    const { client, base } = await signatory('Matrix Body');
    const page = await client.get(`${base}/assessments/new`);
    expect(page.status).toBe(200);
    for (const name of ['Foundation', 'Embed', 'Practice', 'Enhance', 'Lead', 'Engaging suppliers']) {
      expect(page.html).toContain(name);
    }
    // DOMAIN.md's paraphrase has 70 criteria.
    expect(page.html.match(/type="checkbox"/g)?.length).toBe(70);
    expect(page.html.match(/name="evidence:/g)?.length).toBe(70);
    expect(page.html).toContain('name="met:people.3.b"');
    expect(page.html).toMatch(
      /<label for="evidence-people-3-b" class="visually-hidden">Evidence for People 3b/,
    );
    expect(page.html).toContain('In performance objectives and appraisal');
    expect(page.html).toContain(`value="${today()}" max="${today()}"`);
    expect(page.html).not.toMatch(/checked/); // a first assessment starts empty
    expect(page.html).not.toMatch(/<script|style=/);
  });

  test('saving shows levels with their names, the overall level and what is missing; the next one starts from it', async () => {
    const { client, base } = await signatory('Round Trip Trust');
    await client.get(`${base}/assessments/new`);
    const saved = await client.post(`${base}/assessments`, {
      assessedOn: daysFromNow(-10),
      ...ticks(...LEVEL_1, 'people.2.a', 'people.2.b', 'people.3.a'),
      'evidence:people.1.a': ' https://example.org/champion ',
      'evidence:people.1.b': 'javascript:alert(1)',
      'evidence:policy.1.b': 'Signed by the chief executive <b>in May</b>',
      'evidence:people.3.b': '',
    });
    expect(saved.status).toBe(303);
    expect(saved.location).toMatch(new RegExp(`^${base}/assessments/\\w+$`));
    const page = await client.get(saved.location ?? '');
    expect(page.status).toBe(200);
    const words = text(page.html);
    expect(words).toContain(`The assessment of ${daysFromNow(-10)} is saved: overall level 1`);
    expect(words).toContain('Overall level: 1 Foundation');
    expect(words).toMatch(/People 2 Embed Policy, strategy and communications 1 Foundation/);
    expect(words).toContain('To reach Practice in people: 3b, 3c');
    expect(words).toContain('To reach Embed in policy: 2a, 2b, 2c');
    expect(words).toContain('In performance objectives and appraisal'); // what 3b is
    // Evidence: a link only for a whole http(s) URL, everything else as escaped text.
    expect(page.html).toContain(
      '<a href="https://example.org/champion" rel="noopener noreferrer nofollow">https://example.org/champion</a>',
    );
    expect(page.html).toContain('javascript:alert(1)');
    expect(page.html).not.toContain('href="javascript');
    expect(page.html).toContain('Signed by the chief executive &lt;b&gt;in May&lt;/b&gt;');
    // The first assessment: everything is gained.
    expect(words).toContain('The first assessment');
    expect(words).toMatch(/People 0, not yet Foundation → 2 Embed \(up 2\)/);

    // A new assessment starts from this one's ticks and evidence.
    const next = await client.get(`${base}/assessments/new`);
    expect(next.html).toMatch(/name="met:people\.3\.a" value="yes" checked/);
    expect(next.html).not.toMatch(/name="met:people\.3\.b" value="yes" checked/);
    expect(next.html).toContain('value="https://example.org/champion"');
    expect(text(next.html)).toContain('The ticks and evidence are copied from the assessment of');

    const second = await client.post(`${base}/assessments`, {
      assessedOn: today(),
      ...ticks(
        ...LEVEL_1,
        'people.2.a',
        'people.2.b',
        'people.3.a',
        'people.3.b',
        'people.3.c',
        'policy.2.a',
      ),
    });
    expect(second.status).toBe(303);
    const latest = await client.get(second.location ?? '');
    const latestWords = text(latest.html);
    expect(latestWords).toContain('Changes since the previous assessment');
    expect(latestWords).toMatch(/People 2 Embed → 3 Practice \(up 1\)/);
    expect(latestWords).toContain('3b In performance objectives and appraisal');

    // History: the chart, the table newest first, and the comparison of two.
    const history = await client.get(`${base}/assessments`);
    expect(history.status).toBe(200);
    expect(history.html).toMatch(
      /<svg viewBox="0 0 760 320" role="img" aria-labelledby="levels-chart-title levels-chart-desc"/,
    );
    expect(history.html).toContain(
      '<title id="levels-chart-title">Flexible Framework theme levels over time</title>',
    );
    expect(history.html).toMatch(
      /<desc id="levels-chart-desc">2 assessments from .*People from level 2 to 3/,
    );
    expect(history.html.match(/<polyline/g)?.length).toBe(5);
    expect(history.html).toMatch(/class="legend"/);
    const rows = [...history.html.matchAll(/<time datetime="(\d{4}-\d{2}-\d{2})">/g)].map((m) => m[1]);
    expect(rows.slice(0, 2)).toEqual([today(), daysFromNow(-10)]);
    const ids = [...history.html.matchAll(/<option value="(\w+)"/g)].map((m) => m[1]);
    const compared = await client.get(`${base}/assessments?from=${ids[1]}&to=${ids[0]}`);
    expect(compared.status).toBe(200);
    expect(text(compared.html)).toMatch(/overall level 1 Foundation → 1 Foundation \(no change\)/);
    expect(text(compared.html)).toMatch(/Policy, strategy and communications 1 Foundation \(no change\) 2a/);
    const bad = await client.get(`${base}/assessments?from=nope&to=${ids[0]}`);
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('Choose two of the assessments listed to compare.');

    // The organisation page leads to all this.
    const org = await client.get(base);
    expect(text(org.html)).toContain('Latest self-assessment:');
    expect(org.html).toContain(`href="${base}/assessments/new"`);
  });

  test('what is wrong is explained: evidence for a criterion not ticked, a future date, unknown ids, bad links', async () => {
    const { client, base } = await signatory('Validation Council');
    await client.get(`${base}/assessments/new`);
    const page = await client.post(`${base}/assessments`, {
      assessedOn: daysFromNow(3),
      ...ticks('people.1.a', 'people.9.z'),
      'evidence:people.3.b': 'Appraisal form v2',
      'evidence:people.1.a': 'https://exa mple.org',
    });
    expect(page.status).toBe(400);
    const words = text(page.html);
    expect(words).toContain('There is a problem');
    expect(words).toContain('people.9.z is not a criterion of the Flexible Framework');
    expect(words).toContain(
      'Evidence is given for People 3b (In performance objectives and appraisal), which is not ticked: tick it, or clear its evidence',
    );
    expect(words).toContain('a link must be a whole http(s) URL');
    expect(page.html).toContain('href="#evidence-people-3-b"');
    // What was typed is kept, its <details> open, the field marked invalid.
    expect(page.html).toMatch(/<details class="evidence" open="">/);
    expect(page.html).toMatch(
      /value="Appraisal form v2" placeholder="[^"]*" maxlength="2000" aria-invalid="true"/,
    );
    expect(page.html).toMatch(/name="met:people\.1\.a" value="yes" checked/);

    const future = await client.post(`${base}/assessments`, {
      assessedOn: daysFromNow(3),
      ...ticks('people.1.a'),
    });
    expect(future.status).toBe(400);
    expect(text(future.html)).toContain(`${daysFromNow(3)} is in the future: the date can be today`);
    expect(future.html).toContain('id="assessment-assessedOn-error"');

    const noDate = await client.post(`${base}/assessments`, { assessedOn: '2025-02-30' });
    expect(text(noDate.html)).toContain('must be a real calendar date');
    expect(
      (
        await h.call('GET', `/v1${base}/assessments`, {
          token: await h.token('rep@validation-council.example'),
        })
      ).body.items,
    ).toEqual([]);
  });

  test('targets: a level and a date per theme, each met, on track, at risk or missed', async () => {
    const { client, base } = await signatory('Target Borough');
    await client.get(`${base}/assessments/new`);
    await client.post(`${base}/assessments`, { assessedOn: today(), ...ticks(...LEVEL_1) });
    await client.get(`${base}/targets`);
    const bad = await client.post(`${base}/targets`, {
      'level:people': '3',
      'by:people': '',
      'level:policy': '',
      'by:policy': daysFromNow(30),
    });
    expect(bad.status).toBe(400);
    expect(text(bad.html)).toContain('enter the date to reach the level by');
    expect(text(bad.html)).toContain('choose the level to reach by that date, or clear the date');
    expect(bad.html).toContain('href="#targets-by-people"');

    const saved = await client.post(`${base}/targets`, {
      'level:people': '3',
      'by:people': daysFromNow(200),
      'level:policy': '2',
      'by:policy': daysFromNow(30),
      'level:process': '4',
      'by:process': daysFromNow(-5),
      'level:suppliers': '1',
      'by:suppliers': daysFromNow(10),
      'level:measurement': '',
      'by:measurement': '',
    });
    expect(saved.status).toBe(303);
    const page = await client.get(`${base}/targets`);
    const words = text(page.html);
    expect(words).toContain('The targets are saved: 4 of 5 themes.');
    expect(words).toMatch(/People 3 Practice .* 1 Foundation on track 200 days left/);
    expect(words).toMatch(/Policy, strategy and communications 2 Embed .* at risk 30 days left/);
    expect(words).toMatch(/Procurement process 4 Enhance .* missed passed 5 days ago/);
    expect(words).toMatch(/Engaging suppliers 1 Foundation .* met reached in the latest assessment/);
    expect(page.html).toMatch(/<option value="3" selected="">3 Practice<\/option>/);
  });

  test("the partnership's coordinator reads every page without a form; another partnership's coordinator may not", async () => {
    const { client, base } = await signatory('Read Only Fire Service');
    await client.get(`${base}/assessments/new`);
    const saved = await client.post(`${base}/assessments`, {
      assessedOn: today(),
      ...ticks(...LEVEL_1),
      'evidence:people.1.a': 'https://example.org/a',
    });
    await client.post(`${base}/targets`, { 'level:people': '2', 'by:people': daysFromNow(100) });
    const assessmentPath = saved.location ?? '';

    const coordinator = new WebClient(web);
    await coordinator.login({ email: compact.coordinatorEmail });
    const org = await coordinator.get(base);
    expect(org.html).toContain(`href="${base}/assessments"`);
    expect(org.html).not.toContain(`href="${base}/assessments/new"`);
    for (const path of [`${base}/assessments`, assessmentPath, `${base}/targets`]) {
      const page = await coordinator.get(path);
      expect(page.status, path).toBe(200);
      expect(page.html, path).not.toContain('New assessment');
      expect(page.html, path).not.toMatch(/<form method="post" action="\/organisations/);
    }
    expect(text((await coordinator.get(assessmentPath)).html)).toContain('Overall level: 1 Foundation');
    expect(text((await coordinator.get(`${base}/targets`)).html)).toContain('on track 100 days left');
    expect((await coordinator.get(`${base}/assessments/new`)).status).toBe(403);
    const refused = await coordinator.post(`${base}/targets`, { 'level:people': '5', 'by:people': today() });
    expect(refused.status).toBe(403);
    expect(text(refused.html)).toContain("log this organisation's progress");

    const admin = await h.token('admin@example.org', { admin: true });
    const other = await h.call('POST', '/v1/partnerships', {
      token: admin,
      body: { name: 'Elsewhere Partnership', area: 'Elsewhere' },
    });
    await h.call('POST', `/v1/partnerships/${other.body.id}/members`, {
      token: admin,
      body: { email: 'coordinator@elsewhere.example', role: 'coordinator' },
    });
    const stranger = new WebClient(web);
    await stranger.login({ email: 'coordinator@elsewhere.example' });
    for (const path of [`${base}/assessments`, assessmentPath, `${base}/targets`]) {
      const page = await stranger.get(path);
      expect(page.status, path).toBe(403);
      expect(page.html).toContain('Not allowed');
    }
    expect((await stranger.get(base)).html).not.toContain(`href="${base}/assessments"`);
    // Signed out: to the sign-in page.
    const anonymous = await new WebClient(web).get(`${base}/assessments`);
    expect(anonymous.status).toBe(303);
    expect(anonymous.location).toContain('/login?next=');
  });
});
