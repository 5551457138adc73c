import { formatPence } from '@compact-tracker/domain/money';
import type { Shares } from '@compact-tracker/store/report-shapes';
import { formatShare } from '../spend-view.ts';

// Beside the shares chart: each share with its coverage ("local 41% of the 78% classified"), and
// spend between partners, which is left out of both. Snapshots made before coverage was kept
// have none: only spend between partners is said then.

const labels: [keyof Shares, string][] = [
  ['local', 'Local'],
  ['sme', 'SME'],
  ['vcse', 'VCSE'],
  ['criteria', 'Criteria'],
];

export function ShareCoverage(props: {
  shares: Shares;
  coverage: Shares | null;
  interPartnerPence: number | null;
}) {
  const { shares, coverage } = props;
  return (
    <p class="meta share-coverage">
      {coverage
        ? `${labels
            .map(
              ([key, label]) =>
                `${label} ${formatShare(shares[key])} of the ${formatShare(coverage[key])} classified`,
            )
            .join('; ')}. `
        : ''}
      {props.interPartnerPence
        ? `${formatPence(props.interPartnerPence)} paid between partners is left out of the shares.`
        : 'No spend between partners.'}
    </p>
  );
}
