import { DomainError } from '@compact-tracker/domain/errors';
import { nextParticipationStatus, type ParticipationStatus } from '@compact-tracker/domain/participation';
import { describe, expect, it } from 'vitest';

const outcome = (from: ParticipationStatus | undefined, action: 'interest' | 'sign' | 'withdraw') => {
  try {
    return nextParticipationStatus(from, action);
  } catch (error) {
    return error instanceof DomainError ? `error:${error.kind}` : 'error:other';
  }
};

describe('participation lifecycle', () => {
  it.each([
    [undefined, 'interest', 'interested'],
    [undefined, 'sign', 'signed'],
    [undefined, 'withdraw', 'error:rule'],
    ['interested', 'interest', 'error:conflict'],
    ['interested', 'sign', 'signed'],
    ['interested', 'withdraw', 'error:rule'],
    ['signed', 'interest', 'error:conflict'],
    ['signed', 'sign', 'error:conflict'],
    ['signed', 'withdraw', 'withdrawn'],
    ['withdrawn', 'interest', 'interested'],
    ['withdrawn', 'sign', 'signed'],
    ['withdrawn', 'withdraw', 'error:rule'],
  ] as const)('from %s, %s gives %s', (from, action, expected) => {
    expect(outcome(from, action)).toBe(expected);
  });
});
