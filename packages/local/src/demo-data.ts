import type { Deps } from '@compact-tracker/api/deps';
import * as compacts from '@compact-tracker/api/services/compacts';
import type { ServiceContext } from '@compact-tracker/api/services/context';
import * as organisations from '@compact-tracker/api/services/organisations';
import * as participation from '@compact-tracker/api/services/participation';
import * as partnerships from '@compact-tracker/api/services/partnerships';
import type { Caller } from '@compact-tracker/domain/authorisation';
import { financialYearOf, isoDate } from '@compact-tracker/domain/periods';
import type { Sector } from '@compact-tracker/domain/schemas';
import { membershipsOf } from '@compact-tracker/store/memberships';
import { loadDemoProgress } from './demo-progress.ts';
import { loadDemoSpend } from './demo-spend.ts';
import type { DemoUser } from './demo-users.ts';

// Illustrative demo data, loaded through the same service functions as the API so that every
// record is one a user could have made. Modelled on Birmingham's 2008 compact: twelve partners
// whose declared budgets add up to £6bn, the City Council's £900m among them. The figures are
// illustrative, not the partners' real budgets.

const POUND = 100;
const MILLION = 1_000_000 * POUND;

type Partner = {
  name: string;
  sector: Sector;
  postcode: string;
  budgetMillions: number;
  signatory: string;
  role: string;
};

export const demoPartners: Partner[] = [
  {
    name: 'Birmingham City Council',
    sector: 'public',
    postcode: 'B1 1BB',
    budgetMillions: 900,
    signatory: 'Alex Morgan',
    role: 'Chief Executive',
  },
  {
    name: 'Birmingham East and North PCT',
    sector: 'public',
    postcode: 'B7 4BN',
    budgetMillions: 1150,
    signatory: 'Priya Shah',
    role: 'Director of Finance',
  },
  {
    name: 'Heart of Birmingham Teaching PCT',
    sector: 'public',
    postcode: 'B16 9PA',
    budgetMillions: 800,
    signatory: 'Daniel Okafor',
    role: 'Chief Executive',
  },
  {
    name: 'South Birmingham PCT',
    sector: 'public',
    postcode: 'B29 6JD',
    budgetMillions: 700,
    signatory: 'Helen Carter',
    role: 'Director of Commissioning',
  },
  {
    name: 'West Midlands Police',
    sector: 'public',
    postcode: 'B4 6NQ',
    budgetMillions: 550,
    signatory: 'Mark Ellis',
    role: 'Director of Resources',
  },
  {
    name: 'West Midlands Fire Service',
    sector: 'public',
    postcode: 'B7 4HW',
    budgetMillions: 300,
    signatory: 'Sarah Hughes',
    role: 'Treasurer',
  },
  {
    name: 'Government Office for the West Midlands',
    sector: 'public',
    postcode: 'B1 1TT',
    budgetMillions: 250,
    signatory: 'James Patel',
    role: 'Regional Director',
  },
  {
    name: 'Jobcentre Plus Birmingham and Solihull',
    sector: 'public',
    postcode: 'B2 4ND',
    budgetMillions: 200,
    signatory: 'Fiona Grant',
    role: 'District Manager',
  },
  {
    name: 'Birmingham Metropolitan College',
    sector: 'public',
    postcode: 'B4 7PS',
    budgetMillions: 450,
    signatory: 'Tom Richards',
    role: 'Principal',
  },
  {
    name: 'Birmingham Chamber of Commerce',
    sector: 'private',
    postcode: 'B15 3DH',
    budgetMillions: 350,
    signatory: 'Nadia Hussain',
    role: 'Chief Executive',
  },
  {
    name: 'Birmingham Voluntary Service Council',
    sector: 'voluntary-community',
    postcode: 'B5 4TD',
    budgetMillions: 200,
    signatory: 'Grace Osei',
    role: 'Chief Officer',
  },
  {
    name: 'Birmingham Social Enterprise Network',
    sector: 'voluntary-community',
    postcode: 'B12 0QA',
    budgetMillions: 150,
    signatory: 'Owen Price',
    role: 'Director',
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

/** Loads the demo partnership, compact and signatories; returns what it made. */
export async function loadDemoData(deps: Deps): Promise<{ compactId: string; partnershipId: string }> {
  const [admin, coordinator, board, foodRep] = demoUsers as [DemoUser, DemoUser, DemoUser, DemoUser];
  const partnership = await partnerships.createPartnership(await as(deps, admin), {
    name: 'Be Birmingham',
    area: 'Birmingham',
    description:
      "Birmingham's local strategic partnership: the council with health, police, fire, colleges, business and the voluntary sector.",
  });
  // Demo memberships are not announced: their invitations' links are relative and emailed to nobody.
  const quiet = { ...deps, mailer: undefined };
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

  const coordinatorCtx = await as(deps, coordinator);
  const compact = await compacts.createCompact(coordinatorCtx, partnership.id, {
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
  await compacts.publishCompact(coordinatorCtx, compact.id);
  const open = await compacts.getCompact(coordinatorCtx, compact.id);

  const year = financialYearOf(isoDate(deps.now()));
  for (const [index, partner] of demoPartners.entries()) {
    const rep: DemoUser = {
      email: emailOf(partner.name),
      name: partner.signatory,
      admin: false,
      description: '',
    };
    const organisation = await organisations.registerOrganisation(await as(deps, rep), {
      name: partner.name,
      sector: partner.sector,
      postcode: partner.postcode,
    });
    const repCtx = await as(deps, rep);
    await organisations.declareBudget(repCtx, organisation.id, year, partner.budgetMillions * MILLION);
    await participation.signCompact(repCtx, compact.id, {
      organisationId: organisation.id,
      signatoryName: partner.signatory,
      signatoryRole: partner.role,
      version: open.version,
      textSha256: open.textSha256,
      acceptCommitments: true,
    });
    // The coordinator has verified all but the newest signature, which awaits verification.
    if (index < demoPartners.length - 1) {
      await participation.verifySignature(coordinatorCtx, compact.id, organisation.id);
    }
    if (index < 8) await loadDemoProgress(repCtx, organisation.id, index);
    // Two signatories have logged nothing: the reports show who is not reporting.
    if (index < 10) await loadDemoSpend(repCtx, organisation.id, partner.budgetMillions * MILLION, index);
  }

  const food = await organisations.registerOrganisation(await as(deps, foodRep), {
    name: 'Birmingham Community Food Network',
    sector: 'voluntary-community',
    postcode: 'B11 1AA',
  });
  await organisations.declareBudget(await as(deps, foodRep), food.id, year, 2 * MILLION);
  return { compactId: compact.id, partnershipId: partnership.id };
}
