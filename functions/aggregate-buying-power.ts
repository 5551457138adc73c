import { aggregateBuyingPowerHandler } from '@compact-tracker/jobs/reports/lambda';

export const handler = aggregateBuyingPowerHandler();
