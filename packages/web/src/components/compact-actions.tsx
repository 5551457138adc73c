import type { CompactView } from '@compact-tracker/api/services/compacts';
import { CsrfField } from './fields.tsx';
import type { Shell } from './layout.tsx';

/** For the partnership's coordinators: edit the text, publish a draft, close an open compact. */
export function CompactActions(props: { base: string; shell: Shell; compact: CompactView }) {
  const { compact } = props;
  return (
    <div class="actions no-print">
      {compact.status !== 'closed' ? (
        <a class="button secondary" href={`${props.base}/edit`}>
          {compact.status === 'open' ? 'Edit (makes a new version)' : 'Edit the draft'}
        </a>
      ) : null}
      {compact.status === 'draft' ? (
        <form method="post" action={`${props.base}/publish`} class="inline-form">
          <CsrfField token={props.shell.csrfToken} />
          <button type="submit">Publish</button>
        </form>
      ) : null}
      {compact.status === 'open' ? (
        <form method="post" action={`${props.base}/close`} class="inline-form">
          <CsrfField token={props.shell.csrfToken} />
          <button type="submit" class="button secondary">
            Close to new signatures
          </button>
        </form>
      ) : null}
    </div>
  );
}
