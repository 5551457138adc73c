import { webApp } from '@compact-tracker/web/app';
import { lambdaHandler } from '@compact-tracker/api/lambda';

export const handler = lambdaHandler(webApp());
