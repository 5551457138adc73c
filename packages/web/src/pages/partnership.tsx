import type { CompactView } from '@compact-tracker/api/services/compacts';
import { Badge, DateText } from '../components/badges.tsx';
import { CsrfField, ErrorSummary, FormError, SelectField, TextField } from '../components/fields.tsx';
import { Layout, type Shell } from '../components/layout.tsx';
import type { FieldErrors, FormValues } from '../forms.ts';

// A partnership's page: its compacts (drafts for its coordinators), and for admins and its
// coordinators the members and the form to appoint coordinators and board members. Admins create
// partnerships from /partnerships/new.

export type PartnershipView = { id: string; name: string; area: string; description?: string };

export type FormState = { values: FormValues; errors?: FieldErrors; message?: string };

export function NewPartnershipPage(props: { shell: Shell; state?: FormState }) {
  const common = { form: 'partnership', values: props.state?.values, errors: props.state?.errors };
  return (
    <Layout shell={props.shell} title="Create a partnership">
      <h1>Create a partnership</h1>
      <p class="lede">
        A local partnership writes compacts for its partners to sign. After creating it, appoint its first
        coordinator.
      </p>
      <div class="card">
        <form method="post" action="/partnerships" class="stack" novalidate>
          <ErrorSummary
            form="partnership"
            errors={props.state?.errors}
            labels={{ name: 'Name', area: 'Area', description: 'Description' }}
          />
          <FormError message={props.state?.message} />
          <CsrfField token={props.shell.csrfToken} />
          <TextField {...common} name="name" label="Name" hint="Such as Be Birmingham." required />
          <TextField
            {...common}
            name="area"
            label="Area"
            hint="The place it covers, such as Birmingham."
            required
          />
          <TextField {...common} name="description" label="Description" multiline />
          <div class="actions">
            <button type="submit">Create the partnership</button>
          </div>
        </form>
      </div>
    </Layout>
  );
}

export function PartnershipPage(props: {
  shell: Shell;
  partnership: PartnershipView;
  compacts: CompactView[];
  members: { email: string; role: string; createdAt: string }[] | null;
  canAppoint: boolean;
  canWriteCompacts: boolean;
  /** Coordinators and board: a link to the signatories' shared suppliers and the area. */
  canReadSuppliers: boolean;
  state?: FormState;
}) {
  const { partnership } = props;
  const base = `/partnerships/${encodeURIComponent(partnership.id)}`;
  const common = { form: 'appoint', values: props.state?.values, errors: props.state?.errors };
  return (
    <Layout shell={props.shell} title={partnership.name}>
      <p class="meta">
        <a href="/">Compacts</a> › <a href="/partnerships">Partnerships</a>
      </p>
      <h1>{partnership.name}</h1>
      <p class="meta">{partnership.area}</p>
      {partnership.description ? <p class="lede">{partnership.description}</p> : null}

      <h2 id="compacts">Compacts</h2>
      {props.compacts.length === 0 ? (
        <p>No compact yet.</p>
      ) : (
        <ul>
          {props.compacts.map((c) => (
            <li>
              <a href={`/compacts/${encodeURIComponent(c.id)}`}>{c.title}</a> <Badge value={c.status} />{' '}
              <span class="meta">version {c.version}</span>
            </li>
          ))}
        </ul>
      )}
      {props.canWriteCompacts ? (
        <p class="no-print">
          <a class="button" href={`${base}/compacts/new`}>
            Write a new compact
          </a>
        </p>
      ) : null}

      {props.canReadSuppliers ? (
        <section aria-labelledby="suppliers">
          <h2 id="suppliers">Suppliers</h2>
          <p>
            The signatories' suppliers by combined spend, local to the partnership's area, and spend between
            partners.
          </p>
          <p class="no-print">
            <a class="button secondary" href={`${base}/suppliers`}>
              Shared suppliers and area
            </a>
          </p>
        </section>
      ) : null}

      {props.members ? (
        <section aria-labelledby="members">
          <h2 id="members">Coordinators and board</h2>
          {props.members.length === 0 ? (
            <p>Nobody has been appointed yet.</p>
          ) : (
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Email</th>
                    <th scope="col">Role</th>
                    <th scope="col">Since</th>
                  </tr>
                </thead>
                <tbody>
                  {props.members.map((m) => (
                    <tr>
                      <td>{m.email}</td>
                      <td>{m.role}</td>
                      <td>
                        <DateText at={m.createdAt} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {props.canAppoint ? (
            <div class="card no-print">
              <form method="post" action={`${base}/members`} class="stack" novalidate>
                <h3>Appoint a coordinator or board member</h3>
                <p class="hint">
                  Coordinators write and publish compacts and verify signatures; board members read the full
                  reports. They sign in with this email address (signing up with it if they have no account).
                </p>
                <ErrorSummary
                  form="appoint"
                  errors={props.state?.errors}
                  labels={{ email: 'Email', role: 'Role' }}
                />
                <FormError message={props.state?.message} />
                <CsrfField token={props.shell.csrfToken} />
                <TextField {...common} name="email" type="email" label="Email" autocomplete="off" required />
                <SelectField
                  {...common}
                  name="role"
                  label="Role"
                  options={[
                    { value: 'coordinator', label: 'Coordinator' },
                    { value: 'board', label: 'Board member' },
                  ]}
                  required
                />
                <div class="actions">
                  <button type="submit">Appoint</button>
                </div>
              </form>
            </div>
          ) : null}
        </section>
      ) : null}
    </Layout>
  );
}

/** Every partnership, for anyone; admins may create one. */
export function PartnershipsPage(props: {
  shell: Shell;
  partnerships: PartnershipView[];
  canCreate: boolean;
}) {
  return (
    <Layout shell={props.shell} title="Partnerships">
      <h1>Partnerships</h1>
      {props.partnerships.length === 0 ? <p>No partnership yet.</p> : null}
      <ul>
        {props.partnerships.map((p) => (
          <li>
            <a href={`/partnerships/${encodeURIComponent(p.id)}`}>{p.name}</a>{' '}
            <span class="meta">{p.area}</span>
          </li>
        ))}
      </ul>
      {props.canCreate ? (
        <p class="no-print">
          <a class="button" href="/partnerships/new">
            Create a partnership
          </a>
        </p>
      ) : null}
    </Layout>
  );
}
