import type { CompactView } from '@compact-tracker/api/services/compacts';
import { CsrfField, ErrorSummary, FormError, TextField } from '../components/fields.tsx';
import { Layout, type Shell } from '../components/layout.tsx';
import type { FieldErrors, FormValues } from '../forms.ts';

// Writing a compact (a new draft) and editing one: a draft changes in place; an open compact gets
// a new version, which signatories of the old one have not accepted.

/** The form's fields: commitments one per line. */
export const compactTextLabels = { title: 'Title', summary: 'Summary', commitments: 'Commitments' };

export function CompactTextPage(props: {
  shell: Shell;
  action: string;
  heading: string;
  /** Editing: the compact as it is. */
  compact?: CompactView;
  values: FormValues;
  errors?: FieldErrors;
  message?: string;
}) {
  const common = { form: 'compact', values: props.values, errors: props.errors };
  const open = props.compact?.status === 'open';
  return (
    <Layout shell={props.shell} title={props.heading}>
      <h1>{props.heading}</h1>
      {props.compact ? (
        <p class="lede">
          {open
            ? `This compact is open: saving makes version ${props.compact.version + 1}. Those who signed version ${props.compact.version} keep their signature of it; new signatures are of the new version.`
            : 'This draft is changed in place until it is published.'}
        </p>
      ) : (
        <p class="lede">
          The compact starts as a draft that only the partnership's coordinators see, until it is published.
        </p>
      )}
      <div class="card">
        <form method="post" action={props.action} class="stack" novalidate>
          <ErrorSummary form="compact" errors={props.errors} labels={compactTextLabels} />
          <FormError message={props.message} />
          <CsrfField token={props.shell.csrfToken} />
          <TextField {...common} name="title" label="Title" required />
          <TextField {...common} name="summary" label="Summary" multiline required />
          <TextField
            {...common}
            name="commitments"
            label="Commitments"
            hint="One commitment per line."
            multiline
            required
          />
          <div class="actions">
            <button type="submit">{props.compact ? 'Save' : 'Save as draft'}</button>
          </div>
        </form>
      </div>
    </Layout>
  );
}
