import { supplierRegisterHandler } from '@compact-tracker/jobs/registers/lambda';

export const handler = supplierRegisterHandler();
