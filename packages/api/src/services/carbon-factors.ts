import { can } from '@compact-tracker/domain/authorisation';
import { factorsByCategory, factorTableFromSicRows } from '@compact-tracker/domain/carbon';
import { categories } from '@compact-tracker/domain/categories';
import { csvReadProblem } from '@compact-tracker/domain/csv-errors';
import { ruleBroken } from '@compact-tracker/domain/errors';
import {
  currentCarbonFactors,
  replaceCarbonFactors,
  type StoredCarbonFactors,
} from '@compact-tracker/store/carbon-factors';
import { authorise, type ServiceContext } from './context.ts';

function view(table: StoredCarbonFactors) {
  const byCategory = factorsByCategory(table);
  return {
    version: table.version,
    description: table.description ?? null,
    replacedAt: table.replacedAt ?? null,
    replacedBy: table.replacedBy ?? null,
    defaultFactor: table.defaultFactor,
    factors: categories.map((category) => byCategory[category]),
  };
}

export async function getCarbonFactors(ctx: ServiceContext) {
  return view(await currentCarbonFactors(ctx.deps.db));
}

/** Replaces the table from the official SIC multipliers CSV; rows it cannot read are listed. */
export async function uploadSicMultipliers(
  ctx: ServiceContext,
  input: { csv: string; source: string; year: number },
) {
  const caller = authorise(
    ctx,
    can.replaceCarbonFactors,
    'replace the carbon factors (admins and coordinators only)',
  );
  // The CSV reader (csv-parse) is loaded for this rare upload only, not by every cold start.
  const { readSicMultipliersCsv } = await import('../carbon-factors-csv.ts');
  let parsed: ReturnType<typeof readSicMultipliersCsv>;
  try {
    parsed = readSicMultipliersCsv(input.csv);
  } catch (error) {
    throw ruleBroken(`the file is not a SIC multipliers table: ${csvReadProblem(error)}`);
  }
  if (parsed.rows.length === 0) throw ruleBroken('the file has no readable rows of SIC codes and factors');
  const now = ctx.deps.now().toISOString();
  const table: StoredCarbonFactors = {
    ...factorTableFromSicRows(parsed.rows, {
      version: `${input.year}-${now}`,
      source: input.source,
      year: input.year,
    }),
    replacedAt: now,
    replacedBy: caller.email,
  };
  await replaceCarbonFactors(ctx.deps.db, table);
  return { ...view(table), rowsRead: parsed.rows.length, rejected: parsed.rejected };
}
