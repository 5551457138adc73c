import type { CompactView } from '@compact-tracker/api/services/compacts';
import type { EventRecord } from '@compact-tracker/store/events';
import { DateText } from '../components/badges.tsx';
import { Layout, type Shell } from '../components/layout.tsx';

const describe: Record<EventRecord['type'], string> = {
  'compact-created': 'Compact created',
  'compact-edited': 'Draft edited',
  'compact-versioned': 'New version',
  'compact-published': 'Published',
  'compact-closed': 'Closed',
  'interest-registered': 'Interest registered',
  signed: 'Signed',
  withdrawn: 'Withdrawn',
  'signature-verified': 'Signature verified',
  'signature-rejected': 'Signature rejected',
};

/** The audit trail: every change to the compact and to each organisation's participation, oldest first. */
export function CompactEventsPage(props: {
  shell: Shell;
  compact: CompactView;
  events: EventRecord[];
  organisationNames: Map<string, string>;
}) {
  const base = `/compacts/${encodeURIComponent(props.compact.id)}`;
  return (
    <Layout shell={props.shell} title={`Audit trail: ${props.compact.title}`}>
      <p class="meta">
        <a href="/">Compacts</a> › <a href={base}>{props.compact.title}</a> › Audit trail
      </p>
      <h1>Audit trail</h1>
      <p class="lede">
        Every change to <a href={base}>{props.compact.title}</a> and to each organisation's participation,
        oldest first. Entries are kept forever.
      </p>
      <div class="table-wrap">
        <table>
          <caption>{props.events.length} events</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">What</th>
              <th scope="col">Organisation</th>
              <th scope="col">By</th>
              <th scope="col" class="num">
                Version
              </th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {props.events.map((event) => (
              <tr>
                <td>
                  <DateText at={event.at} withTime />
                </td>
                <td>{describe[event.type] ?? event.type}</td>
                <td>
                  {event.organisationId ? (
                    <a href={`/organisations/${encodeURIComponent(event.organisationId)}`}>
                      {props.organisationNames.get(event.organisationId) ?? event.organisationId}
                    </a>
                  ) : (
                    '–'
                  )}
                </td>
                <td>
                  {event.actor.name}
                  {event.actor.name !== event.actor.email ? (
                    <>
                      <br />
                      <span class="meta">{event.actor.email}</span>
                    </>
                  ) : null}
                </td>
                <td class="num">{event.version ?? '–'}</td>
                <td>
                  {event.signatoryName ? (
                    <>
                      Signatory: {event.signatoryName}
                      {event.signatoryRole ? `, ${event.signatoryRole}` : ''}
                      <br />
                    </>
                  ) : null}
                  {event.reason ? (
                    <>
                      Reason: {event.reason}
                      <br />
                    </>
                  ) : null}
                  {event.textSha256 ? <span class="hash meta">SHA-256 {event.textSha256}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}
