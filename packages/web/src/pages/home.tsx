import type { CompactView } from '@compact-tracker/api/services/compacts';
import { Badge } from '../components/badges.tsx';
import { Layout, type Shell } from '../components/layout.tsx';

export type CompactSummary = CompactView & { partnershipName: string };

function CompactCard(props: { compact: CompactSummary }) {
  const { compact } = props;
  const count = compact.signatoryCount;
  return (
    <article class="card">
      <h3>
        <a href={`/compacts/${encodeURIComponent(compact.id)}`}>{compact.title}</a>
      </h3>
      <p class="meta">
        {compact.partnershipName} · <Badge value={compact.status} />
      </p>
      <p>{compact.summary}</p>
      <p class="meta">
        <strong>{count}</strong> {count === 1 ? 'signatory' : 'signatories'} · version {compact.version}
      </p>
    </article>
  );
}

export function HomePage(props: { shell: Shell; compacts: CompactSummary[] }) {
  const open = props.compacts.filter((c) => c.status === 'open');
  const others = props.compacts.filter((c) => c.status !== 'open');
  return (
    <Layout shell={props.shell} title="Sustainable procurement compacts">
      <h1>Sustainable procurement compacts</h1>
      <p class="lede">
        Local partnerships pledge to use their combined buying power for the good of their area: more spend
        with small firms and social enterprises, lower emissions, markets for low-carbon goods. Here is each
        compact, who has signed it and whether they report their progress.
      </p>
      <h2>Open for signatures</h2>
      {open.length === 0 ? (
        <p>No compact is open for signatures at the moment.</p>
      ) : (
        <ul class="cards">
          {open.map((compact) => (
            <li>
              <CompactCard compact={compact} />
            </li>
          ))}
        </ul>
      )}
      {others.length > 0 ? (
        <>
          <h2>Other compacts</h2>
          <ul class="cards">
            {others.map((compact) => (
              <li>
                <CompactCard compact={compact} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {props.shell.caller ? (
        <p>
          Representing an organisation that is not listed yet?{' '}
          <a href="/organisations/new">Register your organisation</a>.
        </p>
      ) : null}
    </Layout>
  );
}
