import { reportsApp } from '@compact-tracker/api/apps/reports';
import { lambdaHandler } from '@compact-tracker/api/lambda';

export const handler = lambdaHandler(reportsApp());
