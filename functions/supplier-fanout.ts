import { supplierFanOutHandler } from '@compact-tracker/jobs/suppliers/lambda';

export const handler = supplierFanOutHandler();
