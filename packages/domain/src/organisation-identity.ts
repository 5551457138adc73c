// What makes two organisations the same (DOMAIN.md, "Who may appear on the register"): the same
// company number, the same charity number, or the same normalised name at the same postcode. Each
// is a key that only one organisation may hold.

export type OrganisationIdentity = {
  name: string;
  postcode: string;
  companyNumber?: string;
  charityNumber?: string;
};

export type IdentityKind = 'company-number' | 'charity-number' | 'name-and-postcode';

/** Words that do not tell one organisation from another: legal forms and "the". */
const legalForms = new Set(['ltd', 'limited', 'plc', 'llp', 'cic', 'cio', 'inc', 'co', 'company', 'the']);

/**
 * A name as people may type it differently: case, accents, punctuation, "&" for "and", legal
 * forms ("Ltd", "Limited", "CIC") and "the". "The Birmingham Food Co-op Ltd." and "birmingham
 * food co op" are the same.
 */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .split(' ')
    .filter((word) => word !== '' && !legalForms.has(word))
    .join(' ');
}

export const normalisePostcode = (postcode: string) => postcode.toUpperCase().replace(/\s+/g, '');

/** Companies House numbers are 8 characters; leading zeros are often left off purely numeric ones. */
export function normaliseCompanyNumber(value: string): string {
  const compact = value.toUpperCase().replace(/\s+/g, '');
  return /^\d{1,8}$/.test(compact) ? compact.padStart(8, '0') : compact;
}

export const normaliseCharityNumber = (value: string) => value.replace(/\s+/g, '').toUpperCase();

/** The keys an organisation holds; a new organisation holding any of them is a lookalike. */
export function identityKeys(org: OrganisationIdentity): { kind: IdentityKind; value: string }[] {
  const name = normaliseName(org.name);
  return [
    ...(org.companyNumber
      ? [{ kind: 'company-number' as const, value: normaliseCompanyNumber(org.companyNumber) }]
      : []),
    ...(org.charityNumber
      ? [{ kind: 'charity-number' as const, value: normaliseCharityNumber(org.charityNumber) }]
      : []),
    // A name of legal forms alone ("The Company Ltd") still counts as itself.
    {
      kind: 'name-and-postcode' as const,
      value: `${name || org.name.toLowerCase().trim()}|${normalisePostcode(org.postcode)}`,
    },
  ];
}

export const identityDescriptions: Record<IdentityKind, string> = {
  'company-number': 'the same company number',
  'charity-number': 'the same charity number',
  'name-and-postcode': 'the same name at the same postcode',
};
