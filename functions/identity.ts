import { identityApp } from '@compact-tracker/api/apps/identity';
import { lambdaHandler } from '@compact-tracker/api/lambda';

export const handler = lambdaHandler(identityApp());
