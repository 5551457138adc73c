// Small files in the official register layouts, for the loaders' tests and the browser's.

/** The header line of Companies House "basic company data" as published, leading spaces and all. */
export const companiesHeader =
  'CompanyName, CompanyNumber,RegAddress.CareOf,RegAddress.POBox,RegAddress.AddressLine1, RegAddress.AddressLine2,' +
  'RegAddress.PostTown,RegAddress.County,RegAddress.Country,RegAddress.PostCode,CompanyCategory,CompanyStatus,' +
  'CountryOfOrigin,DissolutionDate,IncorporationDate,Accounts.AccountRefDay,Accounts.AccountRefMonth,' +
  'Accounts.NextDueDate,Accounts.LastMadeUpDate,Accounts.AccountCategory,Returns.NextDueDate,Returns.LastMadeUpDate,' +
  'Mortgages.NumMortCharges,Mortgages.NumMortOutstanding,Mortgages.NumMortPartSatisfied,Mortgages.NumMortSatisfied,' +
  'SICCode.SicText_1,SICCode.SicText_2,SICCode.SicText_3,SICCode.SicText_4,LimitedPartnerships.NumGenPartners,' +
  'LimitedPartnerships.NumLimPartners,URI';

/** One company's line in that layout: the cells the loader reads, the others as published. */
export function companyLine(
  name: string,
  number: string,
  postcode: string,
  category: string,
  accounts: string,
) {
  const cells = [
    name,
    number,
    '',
    '',
    '1 HIGH STREET',
    '',
    'OXFORD',
    '',
    'UNITED KINGDOM',
    postcode,
    category,
    'Active',
    'United Kingdom',
    '',
    '01/01/2010',
    '31',
    '3',
    '31/12/2026',
    '31/03/2025',
    accounts,
    '',
    '',
    '0',
    '0',
    '0',
    '0',
    '78200 - Temporary employment agency activities',
    '',
    '',
    '',
    '0',
    '0',
    `http://business.data.gov.uk/id/company/${number}`,
  ];
  return cells.map((c) => (/[,"]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
}
