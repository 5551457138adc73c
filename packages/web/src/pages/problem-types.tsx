import type { ProblemType } from '@compact-tracker/api/problem-types';
import { Layout, type Shell } from '../components/layout.tsx';

// The pages a problem's `type` URI resolves to: what the problem means and how to put it right.

/** Text with `code` spans, as the explanations are written. */
function Prose(props: { text: string }) {
  return <>{props.text.split('`').map((part, i) => (i % 2 === 1 ? <code>{part}</code> : part))}</>;
}

export function ProblemTypePage(props: { shell: Shell; type: ProblemType }) {
  const { type } = props;
  return (
    <Layout shell={props.shell} title={type.title}>
      <p class="meta">
        <a href="/problems">API problems</a>
      </p>
      <h1>{type.title}</h1>
      <p class="meta">
        Problem type <code>/problems/{type.name}</code>
        {type.status ? `, HTTP status ${type.status}` : ''}
      </p>
      <p class="lede">
        <Prose text={type.explanation} />
      </p>
      <h2>How to put it right</h2>
      <ol>
        {type.fix.map((step) => (
          <li>
            <Prose text={step} />
          </li>
        ))}
      </ol>
      <p>
        Every error of the API is an <code>application/problem+json</code> body (RFC 9457) with{' '}
        <code>type</code>, <code>title</code>, <code>status</code> and <code>detail</code>, and for invalid
        fields <code>errors</code>. The <a href="/docs">API reference</a> lists what each operation can
        answer.
      </p>
    </Layout>
  );
}

export function ProblemTypesPage(props: { shell: Shell; types: readonly ProblemType[] }) {
  return (
    <Layout shell={props.shell} title="API problems">
      <h1>API problems</h1>
      <p class="lede">
        When the API cannot do what was asked it answers with a problem: its <code>type</code> is one of these
        addresses, each explaining the problem and how to put it right.
      </p>
      <ul>
        {props.types.map((type) => (
          <li>
            <a href={`/problems/${type.name}`}>{type.title}</a>
            {type.status ? <span class="meta"> ({type.status})</span> : null}
          </li>
        ))}
      </ul>
    </Layout>
  );
}
