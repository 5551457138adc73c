import { financialYearOf, isoDate } from '@compact-tracker/domain/periods';
import { runReportJobs } from '@compact-tracker/jobs/reports/run';
import { DEMO_TOTAL_BUDGET_PENCE, demoPartners, loadDemoData } from '@compact-tracker/local/demo-data';
import { describe, expect, it } from 'vitest';
import { harness } from '../support/harness.ts';

// The demo partnership as `npm start` loads it: a history relative to today, so that a newcomer
// sees every reporting status, a withdrawal, an import, an overdue assessment and a trend over
// several financial years.

type Signatory = { name: string; organisationId: string; status: string; reportingStatus?: string };

describe('demo data', () => {
  it('loads Be Birmingham with a history: twelve signatories over the years (£6bn), one withdrawn, every status, several years', async () => {
    const h = await harness();
    const started = Date.now();
    const { compactId } = await loadDemoData(h.deps);
    const loadSeconds = (Date.now() - started) / 1000;
    console.log(`demo data loaded in ${loadSeconds.toFixed(1)} s`);
    const compact = await h.call('GET', `/v1/compacts/${compactId}`);
    expect(compact.body).toMatchObject({ status: 'open', version: 1, signatoryCount: 12 });
    const register = (await h.call('GET', `/v1/compacts/${compactId}/signatories`)).body.items as Signatory[];
    expect(register).toHaveLength(13);
    expect(register.filter((s) => s.status === 'signed')).toHaveLength(12);
    expect(register.find((s) => s.name === 'Advantage West Midlands')?.status).toBe('withdrawn');
    expect(DEMO_TOTAL_BUDGET_PENCE).toBe(6_000_000_000 * 100);
    expect(demoPartners.find((p) => p.name === 'Birmingham City Council')?.budgetMillions).toBe(900);

    // The register shows every reporting status.
    const statusOf = (name: string) => register.find((s) => s.name === name)?.reportingStatus;
    expect(statusOf('Birmingham City Council')).toBe('reporting');
    expect(statusOf('Birmingham Chamber of Commerce')).toBe('non-reporting');
    expect(statusOf('Birmingham Social Enterprise Network')).toBe('lapsed');
    expect(statusOf('Birmingham Voluntary Service Council')).toBe('not-yet-due');

    // Flexible Framework progress: the council's two assessments and targets; one partner overdue.
    const council = register.find((s) => s.name === 'Birmingham City Council') as Signatory;
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

    // The council's first year came from an import of its transparency file; later quarters from returns.
    const imports = await h.call('GET', `/v1/organisations/${council.organisationId}/spend-imports`, {
      token: coordinator,
    });
    expect(imports.body.items).toHaveLength(1);
    expect(imports.body.items[0]).toMatchObject({ status: 'completed', rowsRejected: 0 });
    const spend = await h.call('GET', `/v1/organisations/${council.organisationId}/spend`, {
      token: coordinator,
    });
    const quarters = new Set(spend.body.items.map((i: { quarter: string }) => i.quarter));
    expect(quarters.size).toBeGreaterThanOrEqual(12);

    // The report jobs give a snapshot per financial year since the first signature, with a trend.
    await runReportJobs(h.deps.db, { scheduledTime: new Date().toISOString(), now: h.deps.now });
    const years = (await h.call('GET', `/v1/compacts/${compactId}/reports`)).body.items;
    expect(years.length).toBeGreaterThanOrEqual(4);
    const thisYear = financialYearOf(isoDate(new Date()));
    const report = (
      await h.call('GET', `/v1/compacts/${compactId}/reports/${thisYear}`, { token: coordinator })
    ).body;
    expect(report.signatories).toBe(12);
    expect(report.combinedBuyingPowerPence).toBe(DEMO_TOTAL_BUDGET_PENCE);
    expect(
      Object.keys(report.reportingStatusCounts)
        .filter((k) => report.reportingStatusCounts[k] > 0)
        .sort(),
    ).toEqual(['lapsed', 'non-reporting', 'not-yet-due', 'reporting']);
    expect(report.assessmentOverdue.map((o: { name: string }) => o.name)).toContain(
      'Jobcentre Plus Birmingham and Solihull',
    );
    const first = (await h.call('GET', `/v1/compacts/${compactId}/reports/${years.at(-1).financialYear}`))
      .body;
    expect(first.signatories).toBeLessThan(12);
    expect(first.combinedBuyingPowerPence).toBeLessThan(report.combinedBuyingPowerPence);
    // Quick enough for `npm start`'s first run.
    expect(loadSeconds).toBeLessThan(60);
  }, 120_000);
});
