import { spendApp } from '@compact-tracker/api/apps/spend';
import { lambdaHandler } from '@compact-tracker/api/lambda';

export const handler = lambdaHandler(spendApp());
