// Spend categories and the UK SIC 2007 divisions each covers, so spend can be turned into an
// estimate of emissions with the government's SIC-based multipliers.

export const categories = [
  'construction',
  'energy-utilities',
  'ict',
  'professional-services',
  'facilities',
  'social-care',
  'health',
  'food-catering',
  'transport',
  'waste',
  'paper-print',
  'other',
] as const;

export type Category = (typeof categories)[number];

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** SIC divisions per category; `other` is everything not listed. */
export const sicDivisions: Record<Exclude<Category, 'other'>, number[]> = {
  construction: range(41, 43),
  'energy-utilities': range(35, 36),
  ict: [26, ...range(61, 63)],
  'professional-services': range(69, 74),
  facilities: [81],
  'social-care': range(87, 88),
  health: [86],
  'food-catering': [10, 11, 56],
  transport: [29, 30, ...range(49, 52)],
  waste: range(37, 39),
  'paper-print': [17, 18, 58],
};

export function categoryOfSicDivision(division: number): Category {
  for (const [category, divisions] of Object.entries(sicDivisions)) {
    if (divisions.includes(division)) return category as Category;
  }
  return 'other';
}

export const categoryLabels: Record<Category, string> = {
  construction: 'Construction',
  'energy-utilities': 'Energy and utilities',
  ict: 'ICT',
  'professional-services': 'Professional services',
  facilities: 'Facilities',
  'social-care': 'Social care',
  health: 'Health',
  'food-catering': 'Food and catering',
  transport: 'Transport',
  waste: 'Waste',
  'paper-print': 'Paper and print',
  other: 'Other',
};
