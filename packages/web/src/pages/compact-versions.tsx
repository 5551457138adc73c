import type { CompactView } from '@compact-tracker/api/services/compacts';
import type { CompactDiff, TextPart } from '@compact-tracker/domain/compact-diff';
import type { CompactVersionRecord } from '@compact-tracker/store/compacts';
import { DateText } from '../components/badges.tsx';
import { Layout, type Shell } from '../components/layout.tsx';

// A compact's versions, newest first, each with what changed from the one before it.

function Parts(props: { parts: TextPart[] }) {
  return (
    <>
      {props.parts.map((p) =>
        p.change === 'added' ? (
          <ins>{p.text}</ins>
        ) : p.change === 'removed' ? (
          <del>{p.text}</del>
        ) : (
          <span>{p.text}</span>
        ),
      )}
    </>
  );
}

export function CompactVersionsPage(props: {
  shell: Shell;
  compact: CompactView;
  versions: { version: CompactVersionRecord; diff: CompactDiff | null }[];
}) {
  const base = `/compacts/${encodeURIComponent(props.compact.id)}`;
  return (
    <Layout shell={props.shell} title={`Versions of ${props.compact.title}`}>
      <p class="meta">
        <a href={base}>{props.compact.title}</a> › Versions
      </p>
      <h1>Version history</h1>
      <p class="lede">
        Every version's words are kept: a signature names the version it accepted. Added words are underlined,
        removed ones struck through.
      </p>
      {props.versions.map(({ version, diff }) => (
        <section class="card" aria-labelledby={`v${version.version}`}>
          <h2 id={`v${version.version}`}>
            Version {version.version}
            {version.version === props.compact.version ? ' (current)' : ''}
          </h2>
          <p class="meta">
            Saved <DateText at={version.savedAt} withTime /> · <span class="hash">{version.textSha256}</span>
          </p>
          {diff ? (
            <div class="diff">
              <h3>Changes from version {version.version - 1}</h3>
              {diff.changed ? null : <p>No change to the words.</p>}
              <p>
                <strong>Title: </strong>
                <Parts parts={diff.title} />
              </p>
              <p>
                <strong>Summary: </strong>
                <Parts parts={diff.summary} />
              </p>
              <ol class="commitments">
                {diff.commitments.map((c) => (
                  <li class={c.change}>
                    {c.change === 'added' ? (
                      <ins>{c.text}</ins>
                    ) : c.change === 'removed' ? (
                      <del>{c.text}</del>
                    ) : (
                      c.text
                    )}
                  </li>
                ))}
              </ol>
            </div>
          ) : (
            <>
              <p>
                <strong>{version.title}</strong>
              </p>
              <p>{version.summary}</p>
              <ol class="commitments">
                {version.commitments.map((text) => (
                  <li>{text}</li>
                ))}
              </ol>
            </>
          )}
        </section>
      ))}
    </Layout>
  );
}
