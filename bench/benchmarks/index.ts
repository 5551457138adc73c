// Every benchmark, in the order `npm run bench` runs them.

import type { Benchmark } from '../lib/types.ts';
import { aggregation } from './aggregation.ts';
import { coldStart } from './cold-start.ts';
import { cost } from './cost.ts';
import { httpThroughput } from './http-throughput.ts';
import { importRate } from './import-rate.ts';
import { ledger } from './ledger.ts';
import { registerLoad } from './register-load.ts';
import { reportSize } from './report-size.ts';
import { supplierFanOut } from './supplier-fanout.ts';
import { supplierNameMove } from './supplier-name-move.ts';
import { warmLatency } from './warm-latency.ts';

export const benchmarks: Benchmark[] = [
  warmLatency,
  httpThroughput,
  reportSize,
  importRate,
  ledger,
  registerLoad,
  supplierFanOut,
  supplierNameMove,
  aggregation,
  coldStart,
  cost,
];
