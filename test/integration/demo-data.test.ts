import { DEMO_TOTAL_BUDGET_PENCE, demoPartners, loadDemoData } from '@compact-tracker/local/demo-data';
import { describe, expect, it } from 'vitest';
import { harness } from '../support/harness.ts';

describe('demo data', () => {
  it('loads Be Birmingham with an open compact and twelve signatories whose budgets add up to £6bn', async () => {
    const h = await harness();
    const { compactId } = await loadDemoData(h.deps);
    const compact = await h.call('GET', `/v1/compacts/${compactId}`);
    expect(compact.body).toMatchObject({ status: 'open', version: 1, signatoryCount: 12 });
    const register = await h.call('GET', `/v1/compacts/${compactId}/signatories`);
    expect(register.body.items).toHaveLength(12);
    expect(register.body.items.every((s: { status: string }) => s.status === 'signed')).toBe(true);
    expect(DEMO_TOTAL_BUDGET_PENCE).toBe(6_000_000_000 * 100);
    expect(demoPartners.find((p) => p.name === 'Birmingham City Council')?.budgetMillions).toBe(900);

    // Flexible Framework progress for eight of them: two assessments and targets each.
    const council = register.body.items.find((s: { name: string }) => s.name === 'Birmingham City Council');
    const coordinator = await h.token('coordinator@bebirmingham.example');
    const progress = await h.call('GET', `/v1/organisations/${council.organisationId}/assessments`, {
      token: coordinator,
    });
    expect(progress.body.items).toHaveLength(2);
    expect(progress.body.items[0].themeLevels).toEqual({
      people: 3,
      policy: 2,
      process: 2,
      suppliers: 1,
      measurement: 2,
    });
    const targets = await h.call('GET', `/v1/organisations/${council.organisationId}/targets`, {
      token: coordinator,
    });
    expect(targets.body.targets).toHaveLength(5);
    expect(targets.body.targets[0].state).toBe('met');
  });
});
