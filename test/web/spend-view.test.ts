import { formatShare, wholePercent } from '@compact-tracker/web/spend-view';
import { describe, expect, it } from 'vitest';

describe('whole percentages of shares and their coverage', () => {
  it('says a sliver is under 1%, not 0%, and nearly all over 99%, not 100%', () => {
    expect(wholePercent(40, 10_000_000)).toBe('<1%');
    expect(wholePercent(9_999, 10_000)).toBe('>99%');
  });

  it('rounds to whole percentages otherwise, and has no share of nothing', () => {
    expect(wholePercent(41, 100)).toBe('41%');
    expect(wholePercent(0, 100)).toBe('0%');
    expect(wholePercent(100, 100)).toBe('100%');
    expect(wholePercent(5, 0)).toBe('–');
  });
});

describe('shares to one decimal', () => {
  it('keeps a sliver from reading as none and nearly all from reading as all', () => {
    expect(formatShare(0.0004)).toBe('<0.1%');
    expect(formatShare(0.9996)).toBe('>99.9%');
    expect(formatShare(0.4123)).toBe('41.2%');
    expect(formatShare(0)).toBe('0.0%');
    expect(formatShare(1)).toBe('100.0%');
    expect(formatShare(null)).toBe('–');
  });
});
