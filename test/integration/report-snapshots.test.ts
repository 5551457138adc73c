import { latestSnapshot, PARTNERS_PER_PART, writeSnapshot } from '@compact-tracker/store/report-snapshots';
import { countingDb } from '@compact-tracker/store/request-counter';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Harness, harness } from '../support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});

const snapshot = (scheduledTime: string, partners: number) => ({
  compactId: 'C1',
  partnershipId: 'P1',
  financialYear: '2026-27',
  job: 'compute-scores' as const,
  scheduledTime,
  generatedAt: scheduledTime,
  asOf: scheduledTime.slice(0, 10),
  partnerCount: partners,
  parts: 0,
  aggregates: { signatories: partners },
  partners: Array.from({ length: partners }, (_, i) => ({ organisationId: `O${i}`, name: `Org ${i}` })),
});

describe('latestSnapshot', () => {
  it('assembles a snapshot from its parts once, then answers from one pointer read', async () => {
    const partners = PARTNERS_PER_PART * 3 + 7;
    expect(await writeSnapshot(h.deps.db, snapshot('2026-11-01T06:00:00.000Z', partners))).toBe('written');
    const counted = countingDb(h.deps.db);

    const first = await latestSnapshot(counted.db, 'C1', '2026-27', 'compute-scores');
    expect(first?.partners).toHaveLength(partners);
    const afterFirst = counted.requests().total;
    const second = await latestSnapshot(counted.db, 'C1', '2026-27', 'compute-scores');
    expect(second).toEqual(first);
    expect(counted.requests().total - afterFirst).toBe(1);
  });

  it('follows the pointer to a newer snapshot at once', async () => {
    expect(await writeSnapshot(h.deps.db, snapshot('2026-11-02T06:00:00.000Z', 5))).toBe('written');
    const latest = await latestSnapshot(h.deps.db, 'C1', '2026-27', 'compute-scores');
    expect(latest?.scheduledTime).toBe('2026-11-02T06:00:00.000Z');
    expect(latest?.partners).toHaveLength(5);
  });
});
