import type { AggregationRunView } from '@compact-tracker/api/services/reports';
import type { RunJobState } from '@compact-tracker/store/aggregation-runs';
import { Layout, type Shell } from '../components/layout.tsx';

// A report run's progress, after "Run aggregation now": each job's state, reloaded every few
// seconds until both have finished, then a link back to the report.

const jobNames = {
  'aggregate-buying-power': 'Buying power, spend and carbon',
  'compute-scores': 'Scores and reporting status',
} as const;

const statusText = {
  queued: 'Waiting to start',
  running: 'Running',
  succeeded: 'Finished',
  failed: 'Failed',
} as const;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function jobDetail(state: RunJobState): string {
  if (state.status === 'failed') return 'It will be tried again at the next scheduled run.';
  if (state.status !== 'succeeded')
    return state.startedAt ? `Started ${state.startedAt.slice(11, 19)} UTC` : '';
  const written = state.snapshotsWritten ?? 0;
  const unchanged = state.snapshotsUnchanged ?? 0;
  return `${plural(written, 'snapshot')} written, ${unchanged} unchanged, in ${((state.durationMs ?? 0) / 1000).toFixed(1)} s`;
}

export function ReportRunPage(props: { shell: Shell; run: AggregationRunView; back: string }) {
  const { run } = props;
  const finished = run.status === 'succeeded' || run.status === 'failed';
  return (
    <Layout shell={props.shell} title="Report run" {...(finished ? {} : { refreshSeconds: 2 })}>
      <h1>Report run</h1>
      <p role="status" aria-live="polite">
        {finished
          ? run.status === 'succeeded'
            ? 'The report jobs have finished: the report shows the new figures.'
            : 'A report job failed; the figures shown are those of the last run that finished.'
          : 'The report jobs are running. This page updates itself every few seconds.'}
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">Job</th>
            <th scope="col">Status</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {(Object.keys(jobNames) as (keyof typeof jobNames)[]).map((job) => (
            <tr>
              <td>{jobNames[job]}</td>
              <td>{statusText[run.jobs[job].status]}</td>
              <td>{jobDetail(run.jobs[job])}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <a href={props.back}>{finished ? 'Back to the report' : 'Back to the report (the run carries on)'}</a>
      </p>
    </Layout>
  );
}
