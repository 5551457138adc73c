import type { Deps } from '@compact-tracker/api/deps';
import * as compacts from '@compact-tracker/api/services/compacts';
import type { ServiceContext } from '@compact-tracker/api/services/context';
import * as organisations from '@compact-tracker/api/services/organisations';
import * as participation from '@compact-tracker/api/services/participation';
import * as partnerships from '@compact-tracker/api/services/partnerships';
import type { Caller } from '@compact-tracker/domain/authorisation';
import { financialYearOf, isoDate } from '@compact-tracker/domain/periods';
import { dueQuarters } from '@compact-tracker/domain/reporting-status';
import type { Sector } from '@compact-tracker/domain/schemas';
import { membershipsOf } from '@compact-tracker/store/memberships';
import { daysBefore, depsOn, endedQuartersSince, inPool } from './demo-history.ts';
import { loadDemoProgress } from './demo-progress.ts';
import { loadDemoImport, loadDemoSpend } from './demo-spend.ts';
import type { DemoUser } from './demo-users.ts';

// Illustrative demo data, loaded through the same service functions as the API so that every
// record is one a user could have made. Modelled on Birmingham's 2008 compact: twelve partners
// whose declared budgets add up to £6bn, the City Council's £900m among them, and one that left.
// The figures are illustrative, not the partners' real budgets. Dates are relative to today.

const POUND = 100;
const MILLION = 1_000_000 * POUND;

type Partner = {
  name: string;
  sector: Sector;
  postcode: string;
  budgetMillions: number;
  signatory: string;
  role: string;
  /** When it signed, in days before today: the partnership grew over the years. */
  signedDaysAgo: number;
};

export const demoPartners: Partner[] = [
  {
    name: 'Birmingham City Council',
    sector: 'public',
    postcode: 'B1 1BB',
    budgetMillions: 900,
    signatory: 'Alex Morgan',
    role: 'Chief Executive',
    signedDaysAgo: 1240,
  },
  {
    name: 'Birmingham East and North PCT',
    sector: 'public',
    postcode: 'B7 4BN',
    budgetMillions: 1150,
    signatory: 'Priya Shah',
    role: 'Director of Finance',
    signedDaysAgo: 1236,
  },
  {
    name: 'Heart of Birmingham Teaching PCT',
    sector: 'public',
    postcode: 'B16 9PA',
    budgetMillions: 800,
    signatory: 'Daniel Okafor',
    role: 'Chief Executive',
    signedDaysAgo: 1232,
  },
  {
    name: 'South Birmingham PCT',
    sector: 'public',
    postcode: 'B29 6JD',
    budgetMillions: 700,
    signatory: 'Helen Carter',
    role: 'Director of Commissioning',
    signedDaysAgo: 1228,
  },
  {
    name: 'West Midlands Police',
    sector: 'public',
    postcode: 'B4 6NQ',
    budgetMillions: 550,
    signatory: 'Mark Ellis',
    role: 'Director of Resources',
    signedDaysAgo: 900,
  },
  {
    name: 'West Midlands Fire Service',
    sector: 'public',
    postcode: 'B7 4HW',
    budgetMillions: 300,
    signatory: 'Sarah Hughes',
    role: 'Treasurer',
    signedDaysAgo: 895,
  },
  {
    name: 'Government Office for the West Midlands',
    sector: 'public',
    postcode: 'B1 1TT',
    budgetMillions: 250,
    signatory: 'James Patel',
    role: 'Regional Director',
    signedDaysAgo: 890,
  },
  {
    name: 'Jobcentre Plus Birmingham and Solihull',
    sector: 'public',
    postcode: 'B2 4ND',
    budgetMillions: 200,
    signatory: 'Fiona Grant',
    role: 'District Manager',
    signedDaysAgo: 885,
  },
  {
    name: 'Birmingham Metropolitan College',
    sector: 'public',
    postcode: 'B4 7PS',
    budgetMillions: 450,
    signatory: 'Tom Richards',
    role: 'Principal',
    signedDaysAgo: 520,
  },
  {
    name: 'Birmingham Chamber of Commerce',
    sector: 'private',
    postcode: 'B15 3DH',
    budgetMillions: 350,
    signatory: 'Nadia Hussain',
    role: 'Chief Executive',
    signedDaysAgo: 515,
  },
  {
    name: 'Birmingham Voluntary Service Council',
    sector: 'voluntary-community',
    postcode: 'B5 4TD',
    budgetMillions: 200,
    signatory: 'Grace Osei',
    role: 'Chief Officer',
    signedDaysAgo: 20,
  },
  {
    name: 'Birmingham Social Enterprise Network',
    sector: 'voluntary-community',
    postcode: 'B12 0QA',
    budgetMillions: 150,
    signatory: 'Owen Price',
    role: 'Director',
    signedDaysAgo: 700,
  },
];

export const DEMO_TOTAL_BUDGET_PENCE = demoPartners.reduce((sum, p) => sum + p.budgetMillions * MILLION, 0);

const emailOf = (name: string) =>
  `rep@${name
    .toLowerCase()
    .replace(/[^a-z]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40)}.example`;

export const demoUsers: DemoUser[] = [
  {
    email: 'admin@compact-tracker.example',
    name: 'Ada Admin',
    admin: true,
    description: 'Admin: creates partnerships and appoints coordinators',
  },
  {
    email: 'coordinator@bebirmingham.example',
    name: 'Chris Coordinator',
    admin: false,
    description: 'Coordinator of Be Birmingham: writes and publishes compacts, reads the audit trail',
  },
  {
    email: 'board@bebirmingham.example',
    name: 'Bola Board',
    admin: false,
    description: 'Board member of Be Birmingham: reads the audit trail',
  },
  {
    email: 'rep@foodnetwork.example',
    name: 'Rosa Representative',
    admin: false,
    description: 'Representative of Birmingham Community Food Network, which has not signed yet',
  },
  {
    email: emailOf('Birmingham City Council'),
    name: 'Alex Morgan',
    admin: false,
    description: 'Representative of Birmingham City Council, a signatory',
  },
];

async function as(deps: Deps, user: DemoUser): Promise<ServiceContext> {
  const caller: Caller = {
    sub: `demo-${user.email}`,
    email: user.email,
    name: user.name,
    admin: user.admin,
    memberships: await membershipsOf(deps.db, user.email),
  };
  return { deps, caller };
}

/**
 * An organisation that signed in the compact's first year and withdrew two years later: the
 * register keeps it, withdrawn, and the reports count it in the years it was a signatory.
 */
const withdrawnPartner = {
  name: 'Advantage West Midlands',
  sector: 'public' as Sector,
  postcode: 'B1 2DP',
  budgetMillions: 300,
  signatory: 'Peter Lloyd',
  role: 'Director of Finance',
  signedDaysAgo: 1225,
  withdrawnDaysAgo: 640,
  reason: 'The agency is being wound up; its programmes pass to the council and central government.',
};

/** The compact was written and published a few years ago, before anyone signed. */
const COMPACT_CREATED_DAYS_AGO = 1300;
const COMPACT_PUBLISHED_DAYS_AGO = 1290;
/** The partner whose last due quarter is missing (non-reporting), and the one whose assessment is over a year old. */
const NON_REPORTING = 'Birmingham Chamber of Commerce';
const ASSESSMENT_OVERDUE = 'Jobcentre Plus Birmingham and Solihull';
/** The council imports its first year's spend from its transparency files; the rest send returns. */
const IMPORTER = 'Birmingham City Council';
/** Progress for the first eight partners; the last two (recent and lapsed) log no spend. */
const WITH_PROGRESS = 8;
const WITH_SPEND = 10;

/**
 * Loads the demo partnership with a history, relative to today: the compact published a few years
 * ago; partners signing over the years since (one this month, so "not yet due"); one withdrawn;
 * quarterly returns and an import for the quarters since each signed (one partner missing its
 * latest due quarter: non-reporting; one never reporting: lapsed); Flexible Framework assessments
 * (one over a year old: overdue). The report jobs then give several financial years.
 */
export async function loadDemoData(deps: Deps): Promise<{ compactId: string; partnershipId: string }> {
  const [admin, coordinator, board, foodRep] = demoUsers as [DemoUser, DemoUser, DemoUser, DemoUser];
  const now = deps.now();
  const today = isoDate(now);
  const on = (daysAgo: number) => depsOn(deps, daysBefore(now, daysAgo));
  const start = on(COMPACT_CREATED_DAYS_AGO);
  const partnership = await partnerships.createPartnership(await as(start, admin), {
    name: 'Be Birmingham',
    area: 'Birmingham',
    description:
      "Birmingham's local strategic partnership: the council with health, police, fire, colleges, business and the voluntary sector.",
  });
  // Demo memberships are not announced: their invitations' links are relative and emailed to nobody.
  const quiet = { ...start, mailer: undefined };
  await partnerships.appointPartnershipMember(
    await as(quiet, admin),
    partnership.id,
    { email: coordinator.email, role: 'coordinator' },
    '',
  );
  await partnerships.appointPartnershipMember(
    await as(quiet, admin),
    partnership.id,
    { email: board.email, role: 'board' },
    '',
  );

  const compact = await compacts.createCompact(await as(start, coordinator), partnership.id, {
    title: 'Birmingham Sustainable Procurement Compact',
    summary:
      "The partners of Be Birmingham commit to use their combined buying power, about £6bn a year, to benefit the city's economy, society and environment, and to report their progress openly.",
    commitments: [
      'Name a senior sustainable procurement champion and train key procurement staff.',
      'Adopt a sustainable procurement policy endorsed by our chief executive and share it with suppliers.',
      'Open our contracts to local small firms, voluntary and community organisations and social enterprises.',
      'Include sustainability criteria in key contracts and award on whole-life value, not lowest price.',
      'Cut the greenhouse-gas emissions of what we buy and create markets for low-carbon goods.',
      'Report our spend and our progress on the Flexible Framework to the partnership every quarter.',
    ],
  });
  await compacts.publishCompact(await as(on(COMPACT_PUBLISHED_DAYS_AGO), coordinator), compact.id);
  const open = await compacts.getCompact(await as(deps, coordinator), compact.id);

  // Each partner registers, declares its budget for that year and signs on its day; in date order,
  // so that the audit trail reads as it happened.
  type Joined = {
    partner: Partner;
    index: number;
    organisationId: string;
    rep: ServiceContext;
    signedOn: string;
  };
  const joined: Joined[] = [];
  const NEWEST_SIGNATURE_DAYS_AGO = Math.min(...demoPartners.map((p) => p.signedDaysAgo));
  const join = async (partner: Partner, index: number) => {
    const day = on(partner.signedDaysAgo);
    const rep: DemoUser = {
      email: emailOf(partner.name),
      name: partner.signatory,
      admin: false,
      description: '',
    };
    const organisation = await organisations.registerOrganisation(await as(day, rep), {
      name: partner.name,
      sector: partner.sector,
      postcode: partner.postcode,
    });
    const repCtx = await as(day, rep);
    const signedOn = isoDate(day.now());
    await organisations.declareBudget(
      repCtx,
      organisation.id,
      financialYearOf(signedOn),
      partner.budgetMillions * MILLION,
    );
    await participation.signCompact(repCtx, compact.id, {
      organisationId: organisation.id,
      signatoryName: partner.signatory,
      signatoryRole: partner.role,
      version: open.version,
      textSha256: open.textSha256,
      acceptCommitments: true,
    });
    // The coordinator verifies each signature on its day, all but the newest, which awaits verification.
    if (partner.signedDaysAgo > NEWEST_SIGNATURE_DAYS_AGO) {
      await participation.verifySignature(await as(day, coordinator), compact.id, organisation.id);
    }
    joined.push({ partner, index, organisationId: organisation.id, rep: await as(deps, rep), signedOn });
  };
  const steps: { daysAgo: number; run: () => Promise<void> }[] = [
    ...demoPartners.map((partner, index) => ({
      daysAgo: partner.signedDaysAgo,
      run: () => join(partner, index),
    })),
    { daysAgo: withdrawnPartner.signedDaysAgo, run: () => join(withdrawnPartner, demoPartners.length) },
    {
      daysAgo: withdrawnPartner.withdrawnDaysAgo,
      run: async () => {
        const leaving = joined.find((j) => j.partner === withdrawnPartner) as Joined;
        const day = { ...leaving.rep, deps: on(withdrawnPartner.withdrawnDaysAgo) };
        await participation.withdraw(day, compact.id, leaving.organisationId, withdrawnPartner.reason);
      },
    },
  ];
  for (const step of steps.sort((a, b) => b.daysAgo - a.daysAgo)) await step.run();

  // Progress and spend, a few partners at a time: each partner's own steps stay in order.
  await inPool(
    4,
    joined
      .filter((j) => j.index < WITH_SPEND)
      .map((j) => async () => {
        const { partner, index, organisationId, rep } = j;
        if (index < WITH_PROGRESS) {
          await loadDemoProgress(rep, organisationId, index, {
            overdue: partner.name === ASSESSMENT_OVERDUE,
          });
        }
        let quarters = endedQuartersSince(j.signedOn, today);
        if (partner.name === NON_REPORTING) {
          const latestDue = dueQuarters(j.signedOn, today)[0];
          quarters = quarters.filter((q) => q !== latestDue);
        }
        const annual = partner.budgetMillions * MILLION;
        if (partner.name === IMPORTER) {
          await loadDemoImport(rep, organisationId, annual, index, quarters.slice(0, 4));
          quarters = quarters.slice(4);
        }
        await loadDemoSpend(rep, organisationId, annual, index, quarters);
      }),
  );

  const food = await organisations.registerOrganisation(await as(deps, foodRep), {
    name: 'Birmingham Community Food Network',
    sector: 'voluntary-community',
    postcode: 'B11 1AA',
  });
  await organisations.declareBudget(await as(deps, foodRep), food.id, financialYearOf(today), 2 * MILLION);
  return { compactId: compact.id, partnershipId: partnership.id };
}
