import { lambdaHandler } from '@compact-tracker/api/lambda';
import { webApp } from '@compact-tracker/web/app';

export const handler = lambdaHandler(webApp());
