import { partnershipsApp } from '@compact-tracker/api/apps/partnerships';
import { lambdaHandler } from '@compact-tracker/api/lambda';

export const handler = lambdaHandler(partnershipsApp());
