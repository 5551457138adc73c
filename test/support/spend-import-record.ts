import { initialCounters, type SpendImportRecord } from '@compact-tracker/store/spend-imports';
import { transparencyMapping } from './transparency-csv.ts';

/** A waiting import of a generated transparency file, as POST spend-imports would make it. */
export function waitingImport(
  organisationId: string,
  id: string,
  overrides: Partial<SpendImportRecord> = {},
) {
  return {
    id,
    organisationId,
    status: 'waiting',
    mapping: transparencyMapping as unknown as SpendImportRecord['mapping'],
    dateFormat: 'dd/mm/yyyy',
    uploadKey: `imports/${organisationId}/${id}.csv`,
    createdAt: new Date().toISOString(),
    createdBy: 'officer@org1.example',
    ...initialCounters(),
    ...overrides,
  } satisfies SpendImportRecord;
}
