import { formatPence } from '@compact-tracker/domain/money';
import { wholePercent as pct } from '../spend-view.ts';

// Shares of classified third-party spend with their coverage, one line per partnership: "local 41%
// of the 78% classified". Payments to fellow signatories are left out of both and shown apart.

type Share = { classifiedPence: number; yesPence: number };
export type SharesView = {
  partnershipId: string | null;
  name: string | null;
  spendPence: number;
  interPartnerPence: number;
  local: Share;
  sme: Share;
  vcse: Share;
};

/** "41% of the 78% classified", or that nothing is classified yet. */
export function shareText(share: Share, thirdPartyPence: number): string {
  if (share.classifiedPence === 0) return 'not known yet (nothing classified)';
  return `${pct(share.yesPence, share.classifiedPence)} of the ${pct(share.classifiedPence, thirdPartyPence)} classified`;
}

export function SupplierShares(props: { shares: SharesView[] }) {
  return (
    <section aria-labelledby="supplier-shares" class="supplier-shares">
      <h2 id="supplier-shares">Local, SME and VCSE shares</h2>
      {props.shares.map((s) => {
        const thirdParty = s.spendPence - s.interPartnerPence;
        return (
          <dl class="facts">
            <dt>{s.name ? `Local to ${s.name}` : 'Local (no partnership area)'}</dt>
            <dd>{shareText(s.local, thirdParty)}</dd>
            <dt>SME</dt>
            <dd>{shareText(s.sme, thirdParty)}</dd>
            <dt>VCSE</dt>
            <dd>{shareText(s.vcse, thirdParty)}</dd>
            {s.name ? (
              <>
                <dt>Paid to fellow partners</dt>
                <dd>{formatPence(s.interPartnerPence)} (left out of the shares)</dd>
              </>
            ) : null}
          </dl>
        );
      })}
    </section>
  );
}
