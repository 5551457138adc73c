import { computeScoresHandler } from '@compact-tracker/jobs/reports/lambda';

export const handler = computeScoresHandler();
