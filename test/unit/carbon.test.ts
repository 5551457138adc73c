import { divisionsOf, readSicMultipliersCsv } from '@compact-tracker/api/carbon-factors-csv';
import {
  defaultCarbonFactors,
  estimateKgCo2e,
  factorsByCategory,
  factorTableFromSicRows,
} from '@compact-tracker/domain/carbon';
import { describe, expect, it } from 'vitest';

describe('carbon factors', () => {
  it('ships the sourced 2023 values and labels the mean as the default', () => {
    const factors = factorsByCategory(defaultCarbonFactors);
    expect(factors.ict).toMatchObject({ kgCo2ePerPound: 0.1, year: 2023, isDefault: false });
    expect(factors['professional-services'].kgCo2ePerPound).toBe(0.126);
    expect(factors['paper-print'].kgCo2ePerPound).toBe(0.669);
    expect(factors.construction).toMatchObject({ kgCo2ePerPound: 0.496, isDefault: true });
    expect(factors.construction.source).toMatch(/mean/);
  });

  it('estimates kgCO2e from pence without float drift in the money', () => {
    expect(estimateKgCo2e(1_000_000, { kgCo2ePerPound: 0.1 })).toBe(1000);
    expect(estimateKgCo2e(-5000, { kgCo2ePerPound: 0.496 })).toBe(-24.8);
  });

  it('reads SIC codes as councils and ONS write them', () => {
    expect(divisionsOf('62')).toEqual([62]);
    expect(divisionsOf('62.01')).toEqual([62]);
    expect(divisionsOf('01-03')).toEqual([1, 2, 3]);
    expect(divisionsOf('10.1 & 10.2')).toEqual([10]);
    expect(divisionsOf('SIC 17')).toEqual([17]);
    expect(divisionsOf('41 - 43')).toEqual([41, 42, 43]);
    expect(divisionsOf('n/a')).toEqual([]);
  });

  it('builds a table from the official multipliers: category means, the overall mean as default', () => {
    const { rows, rejected } = readSicMultipliersCsv(
      [
        'GHG SIC multipliers 2023,,',
        'SIC code,Description,kgCO2e per £',
        '62,Computer programming,0.100',
        '26,Electronics,0.536',
        '74,Other professional,0.126',
        '17,Paper,0.669',
        '22,Rubber and plastics,0.644',
        'total,,',
        '41-43,Construction,0.300',
      ].join('\r\n'),
    );
    expect(rejected).toEqual([{ row: 8, reason: 'no SIC code in "total"' }]);
    const table = factorTableFromSicRows(rows, { version: 'v', source: 'Defra 2023', year: 2023 });
    const factors = factorsByCategory(table);
    expect(factors.ict.kgCo2ePerPound).toBe(0.318); // mean of SIC 62 and 26
    expect(factors.construction.kgCo2ePerPound).toBe(0.3);
    expect(factors.health).toMatchObject({ isDefault: true, kgCo2ePerPound: 0.395833 });
  });
});
