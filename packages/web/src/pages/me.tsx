import { Layout, type Shell } from '../components/layout.tsx';

export type MyMembership = { href: string; name: string; role: string };

/** The signed-in user's organisations and partnerships, from their memberships. */
export function MePage(props: { shell: Shell; organisations: MyMembership[]; partnerships: MyMembership[] }) {
  const caller = props.shell.caller;
  return (
    <Layout shell={props.shell} title="My organisations">
      <h1>My organisations</h1>
      {caller ? (
        <p class="meta">
          Signed in as {caller.name} ({caller.email}){caller.admin ? ', an administrator' : ''}.
        </p>
      ) : null}
      <h2>Organisations</h2>
      {props.organisations.length === 0 ? (
        <p>You are not a member of any organisation yet.</p>
      ) : (
        <MembershipList items={props.organisations} />
      )}
      <p>
        <a class="button secondary" href="/organisations/new">
          Register an organisation
        </a>
      </p>
      {props.partnerships.length > 0 || caller?.admin ? <h2>Partnerships</h2> : null}
      {props.partnerships.length > 0 ? <MembershipList items={props.partnerships} /> : null}
      {caller?.admin ? (
        <p>
          <a class="button secondary" href="/partnerships/new">
            Create a partnership
          </a>
        </p>
      ) : null}
    </Layout>
  );
}

function MembershipList(props: { items: MyMembership[] }) {
  return (
    <ul>
      {props.items.map((item) => (
        <li>
          <a href={item.href}>{item.name}</a> <span class="meta">({item.role})</span>
        </li>
      ))}
    </ul>
  );
}
