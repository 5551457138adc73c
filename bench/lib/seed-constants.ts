// What the seeded compacts have in common: the eight quarters of returns, the categories and
// sectors cycled through, and the day and actor every seeded record is dated and signed by.

export const SEEDED_QUARTERS = [
  '2024-25-Q3',
  '2024-25-Q4',
  '2025-26-Q1',
  '2025-26-Q2',
  '2025-26-Q3',
  '2025-26-Q4',
  '2026-27-Q1',
  '2026-27-Q2',
] as const;
export const SEEDED_CATEGORIES = ['ict', 'construction', 'paper-print'] as const;
export const SEEDED_SECTORS = ['public', 'private', 'voluntary-community'] as const;
export const SEEDED_AT = '2024-10-01T10:00:00.000Z';
export const SEED_ACTOR = { sub: 'bench', email: 'bench@example.org', name: 'Bench' };
