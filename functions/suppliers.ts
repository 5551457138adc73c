import { suppliersApp } from '@compact-tracker/api/apps/suppliers';
import { lambdaHandler } from '@compact-tracker/api/lambda';

export const handler = lambdaHandler(suppliersApp());
