import * as z from 'zod';
import { type Category, categories, sicDivisions } from './categories.ts';
import defaults from './data/carbon-factors.json' with { type: 'json' };
import './messages.ts';

// GHG Protocol Scope 3 category 1, spend-based: kgCO2e = spend in £ x factor (kgCO2e per £).
// The factors are data with their source and year, never code; categories without a sourced
// factor use the default (the 2023 mean of all SIC multipliers), labelled as such.

const factorSchema = z.object({
  kgCo2ePerPound: z.number().min(0).max(100),
  source: z.string().min(1),
  year: z.number().int().min(1990).max(2100),
});

export const carbonFactorTableSchema = z.object({
  version: z.string().min(1),
  description: z.string().optional(),
  defaultFactor: factorSchema,
  factors: z.array(factorSchema.extend({ category: z.enum(categories) })),
});

export type CarbonFactorTable = z.infer<typeof carbonFactorTableSchema>;
export type CarbonFactor = z.infer<typeof factorSchema> & { category: Category; isDefault: boolean };

export const defaultCarbonFactors: CarbonFactorTable = carbonFactorTableSchema.parse(defaults);

/** Every category's factor: its own where the table has one, else the table's default, labelled. */
export function factorsByCategory(table: CarbonFactorTable): Record<Category, CarbonFactor> {
  const result = {} as Record<Category, CarbonFactor>;
  for (const category of categories) {
    const own = table.factors.find((f) => f.category === category);
    result[category] = own
      ? { ...own, isDefault: false }
      : { ...table.defaultFactor, category, isDefault: true };
  }
  return result;
}

/** kgCO2e for an amount in pence; rounded to 0.001 kg so that sums stay readable. */
export function estimateKgCo2e(pence: number, factor: { kgCo2ePerPound: number }): number {
  return Math.round(((pence * factor.kgCo2ePerPound) / 100) * 1000) / 1000;
}

export type SicMultiplierRow = { divisions: number[]; kgCo2ePerPound: number; label: string };

/**
 * Builds a factor table from the official SIC multipliers: each category's factor is the mean of
 * the rows of its SIC divisions; categories the rows do not cover, and `other`, take the mean of
 * every row, labelled as such.
 */
export function factorTableFromSicRows(
  rows: SicMultiplierRow[],
  meta: { version: string; source: string; year: number },
): CarbonFactorTable {
  if (rows.length === 0) throw new RangeError('no rows');
  const mean = (values: number[]) =>
    Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 1e6) / 1e6;
  const factors: CarbonFactorTable['factors'] = [];
  for (const category of categories) {
    if (category === 'other') continue;
    const divisions = sicDivisions[category];
    const matching = rows.filter((row) => row.divisions.some((d) => divisions.includes(d)));
    if (matching.length === 0) continue;
    factors.push({
      category,
      kgCo2ePerPound: mean(matching.map((row) => row.kgCo2ePerPound)),
      source: `${meta.source}: mean of SIC ${[...new Set(matching.flatMap((r) => r.divisions))].sort((a, b) => a - b).join(', ')} (${matching.length} rows)`,
      year: meta.year,
    });
  }
  return {
    version: meta.version,
    description: `Uploaded SIC multipliers: ${meta.source}, ${meta.year}`,
    defaultFactor: {
      kgCo2ePerPound: mean(rows.map((row) => row.kgCo2ePerPound)),
      source: `${meta.source}: unweighted mean of all ${rows.length} rows (default where a category has no rows)`,
      year: meta.year,
    },
    factors,
  };
}
