import { compactsApp } from '@compact-tracker/api/apps/compacts';
import { lambdaHandler } from '@compact-tracker/api/lambda';

export const handler = lambdaHandler(compactsApp());
