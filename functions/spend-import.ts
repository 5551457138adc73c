import { spendImportHandler } from '@compact-tracker/jobs/import/lambda';

export const handler = spendImportHandler();
