import * as z from 'zod';
import { canonicalTime } from './run.ts';

// What EventBridge Scheduler sends (the stack sets the target's Input to
// `{"scheduledTime": "<aws.scheduler.scheduled-time>", "job": "..."}`), or an EventBridge rule's
// "Scheduled Event" (`time`). Anything else falls back to the time of the invocation.

const schedulerInput = z.object({
  scheduledTime: z.string().min(1),
  job: z.string().optional(),
  // A run started on demand (jobs/src/reports/invoke.ts) names itself and its partnerships.
  runId: z.string().min(1).max(100).optional(),
  partnershipIds: z.array(z.string().min(1).max(100)).max(1000).nullable().optional(),
});
const scheduledEvent = z.object({ time: z.string().min(1), 'detail-type': z.string().optional() });

export type Invocation = {
  scheduledTime: string;
  job: string | null;
  source: 'scheduler' | 'rule' | 'now' | 'run';
  /** A run started on demand: its id and partnerships (null: every compact). */
  run?: { runId: string; partnershipIds: string[] | null };
};

export function readInvocation(event: unknown, now: Date): Invocation {
  const input = schedulerInput.safeParse(event);
  if (input.success && isTime(input.data.scheduledTime)) {
    const { runId, partnershipIds } = input.data;
    return {
      scheduledTime: canonicalTime(input.data.scheduledTime),
      job: input.data.job ?? null,
      source: runId ? 'run' : 'scheduler',
      ...(runId ? { run: { runId, partnershipIds: partnershipIds ?? null } } : {}),
    };
  }
  const rule = scheduledEvent.safeParse(event);
  if (rule.success && isTime(rule.data.time)) {
    return { scheduledTime: canonicalTime(rule.data.time), job: null, source: 'rule' };
  }
  return { scheduledTime: canonicalTime(now), job: null, source: 'now' };
}

const isTime = (value: string) => !Number.isNaN(Date.parse(value));
