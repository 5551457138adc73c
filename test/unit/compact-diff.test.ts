import { compactDiff } from '@compact-tracker/domain/compact-diff';
import { describe, expect, it } from 'vitest';

describe('the difference between two versions of a compact', () => {
  const v1 = {
    title: 'Compact',
    summary: 'We buy better.',
    commitments: ['Train staff.', 'Publish a policy.'],
  };

  it('lists commitments kept, removed and added, in order', () => {
    const diff = compactDiff(v1, { ...v1, commitments: ['Train staff.', 'Report every quarter.'] });
    expect(diff.changed).toBe(true);
    expect(diff.commitments).toEqual([
      { text: 'Train staff.', change: 'same' },
      { text: 'Publish a policy.', change: 'removed' },
      { text: 'Report every quarter.', change: 'added' },
    ]);
  });

  it('marks the words changed in the summary; an identical text has no change', () => {
    const diff = compactDiff(v1, { ...v1, summary: 'We buy better together.' });
    expect(diff.summary.filter((p) => p.change === 'added').map((p) => p.text.trim())).toEqual(['together']);
    expect(compactDiff(v1, v1).changed).toBe(false);
  });
});
