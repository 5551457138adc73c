import { organisationsApp } from '@compact-tracker/api/apps/organisations';
import { lambdaHandler } from '@compact-tracker/api/lambda';

export const handler = lambdaHandler(organisationsApp());
