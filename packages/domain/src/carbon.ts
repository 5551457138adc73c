import { z } from 'zod';
import { type Category, categories } from './categories.ts';
import defaults from './data/carbon-factors.json' with { type: 'json' };

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
