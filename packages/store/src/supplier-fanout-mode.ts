// Who moves a supplier's spend to its new classification after its facts change (the fan-out,
// store/supplier-spend reclassifySupplier). In AWS the table's stream starts the fan-out function
// (functions/supplier-fanout.ts) on every change of a supplier record, so the writer of the change
// does nothing more; on the laptop and in the tests there is no stream, and the writer runs the very
// same code in process once its change is written. The stack sets SUPPLIER_FANOUT=stream on the
// functions that change facts (the suppliers, web and register loader functions). Kept apart from
// the fan-out itself so that reading the mode at a cold start loads nothing else.

export type FanOutMode = 'in-process' | 'stream';

export const fanOutModeVariable = 'SUPPLIER_FANOUT';

export function fanOutModeFromEnvironment(): FanOutMode {
  return process.env[fanOutModeVariable] === 'stream' ? 'stream' : 'in-process';
}
