import { mapLimit } from '@compact-tracker/store/concurrency';
import { describe, expect, it } from 'vitest';

describe('mapLimit', () => {
  it('keeps the order and never has more than the limit in flight, reaching it', async () => {
    let inFlight = 0;
    let most = 0;
    const results = await mapLimit([50, 10, 30, 0, 20, 40, 10], 3, async (ms) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, ms));
      inFlight -= 1;
      return ms * 2;
    });
    expect(results).toEqual([100, 20, 60, 0, 40, 80, 20]);
    expect(most).toBe(3);
  });

  it('takes nothing and an empty list alike, and passes a failure on', async () => {
    expect(await mapLimit([], 4, async () => 1)).toEqual([]);
    await expect(
      mapLimit([1, 2, 3], 2, async (n) => {
        if (n === 2) throw new Error('two');
        return n;
      }),
    ).rejects.toThrow('two');
  });
});
