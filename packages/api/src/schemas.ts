// Every schema of the HTTP contract in one namespace, for tests and tools. Functions import the
// area they serve (schemas/<area>.ts), so that a bundle builds only its own routes' schemas.

export * from './schemas/common.ts';
export * from './schemas/compacts.ts';
export * from './schemas/identity.ts';
export * from './schemas/organisations.ts';
export * from './schemas/partnerships.ts';
export * from './schemas/progress.ts';
export * from './schemas/reports.ts';
export * from './schemas/spend.ts';
