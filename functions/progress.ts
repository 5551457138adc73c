import { progressApp } from '@compact-tracker/api/apps/progress';
import { lambdaHandler } from '@compact-tracker/api/lambda';

export const handler = lambdaHandler(progressApp());
