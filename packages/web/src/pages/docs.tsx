import { Layout, type Shell } from '../components/layout.tsx';

// The API reference rendered on the server from the OpenAPI document: no CDN script, nothing for a
// strict Content-Security-Policy to block, and it reads fine printed.

type Schema = {
  $ref?: string;
  type?: string | string[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  enum?: unknown[];
  format?: string;
  description?: string;
  anyOf?: Schema[];
  oneOf?: Schema[];
};
type Parameter = { name: string; in: string; required?: boolean; description?: string; schema?: Schema };
type Operation = {
  summary?: string;
  description?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Schema }> }>;
};
export type OpenApiDocumentLike = {
  info?: { title?: string; version?: string; description?: string };
  paths?: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
};

const methods = ['get', 'post', 'put', 'patch', 'delete'];

const refName = (ref: string) => ref.split('/').pop() ?? ref;

/** Text with `backticked` parts shown as code, as the OpenAPI descriptions write them. */
function CodeSpans(props: { text: string }) {
  return <>{props.text.split('`').map((part, i) => (i % 2 === 1 ? <code>{part}</code> : part))}</>;
}

/** A schema as one short phrase: `Compact`, `string[]`, `"public" | "private"`. */
function TypeText(props: { schema: Schema | undefined }) {
  const s = props.schema;
  if (!s) return <>any</>;
  if (s.$ref) return <a href={`#schema-${refName(s.$ref)}`}>{refName(s.$ref)}</a>;
  if (s.enum) return <code>{s.enum.map((v) => JSON.stringify(v)).join(' | ')}</code>;
  const variants = s.anyOf ?? s.oneOf;
  if (variants) {
    return (
      <>
        {variants.map((v, i) => (
          <>
            {i > 0 ? ' | ' : ''}
            <TypeText schema={v} />
          </>
        ))}
      </>
    );
  }
  if (s.type === 'array') {
    return (
      <>
        <TypeText schema={s.items} />
        []
      </>
    );
  }
  const type = Array.isArray(s.type) ? s.type.join(' | ') : (s.type ?? 'object');
  return <code>{s.format ? `${type} (${s.format})` : type}</code>;
}

function Properties(props: { schema: Schema }) {
  const entries = Object.entries(props.schema.properties ?? {});
  if (entries.length === 0) return <TypeText schema={props.schema} />;
  const required = new Set(props.schema.required ?? []);
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Type</th>
            <th scope="col">Required</th>
          </tr>
        </thead>
        <tbody>
          {entries.map(([name, schema]) => (
            <tr>
              <td>
                <code>{name}</code>
              </td>
              <td>
                <TypeText schema={schema} />
                {schema.description ? <span class="meta"> {schema.description}</span> : null}
              </td>
              <td>{required.has(name) ? 'yes' : 'no'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function OperationCard(props: { method: string; path: string; op: Operation }) {
  const { op } = props;
  const body = Object.entries(op.requestBody?.content ?? {})[0];
  return (
    <article class="card op" id={`${props.method}-${props.path}`}>
      <h3>
        <span class={`method ${props.method}`}>{props.method.toUpperCase()}</span>
        <code>{props.path}</code>
      </h3>
      {op.summary ? <p>{op.summary}</p> : null}
      {op.description ? <p class="meta">{op.description}</p> : null}
      <p class="meta">{op.security?.length ? 'Needs a bearer token.' : 'Public: no token needed.'}</p>
      {op.parameters?.length ? (
        <>
          <h4>Parameters</h4>
          <ul>
            {op.parameters.map((p) => (
              <li>
                <code>{p.name}</code> (in {p.in}
                {p.required ? ', required' : ''}): <TypeText schema={p.schema} />
                {p.description ? ` ${p.description}` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {body ? (
        <>
          <h4>
            Request body <span class="meta">({body[0]})</span>
          </h4>
          {body[1].schema ? <Properties schema={body[1].schema} /> : null}
        </>
      ) : null}
      <h4>Responses</h4>
      <ul>
        {Object.entries(op.responses ?? {}).map(([status, response]) => {
          const content = Object.entries(response.content ?? {})[0];
          return (
            <li>
              <strong>{status}</strong> {response.description ?? ''}
              {content?.[1].schema ? (
                <>
                  {': '}
                  <TypeText schema={content[1].schema} />
                </>
              ) : null}
            </li>
          );
        })}
      </ul>
    </article>
  );
}

export function DocsPage(props: { shell: Shell; document: OpenApiDocumentLike }) {
  const operations = Object.entries(props.document.paths ?? {}).flatMap(([path, item]) =>
    methods.flatMap((method) => (item[method] ? [{ path, method, op: item[method] }] : [])),
  );
  const tags = [...new Set(operations.map((o) => o.op.tags?.[0] ?? 'other'))];
  const schemas = Object.entries(props.document.components?.schemas ?? {});
  return (
    <Layout shell={props.shell} title="API documentation">
      <h1>{props.document.info?.title ?? 'API'}</h1>
      <p class="meta">Version {props.document.info?.version}</p>
      {(props.document.info?.description ?? '')
        .split(/\n\n+/)
        .filter(Boolean)
        .map((paragraph, i) => (
          <p class={i === 0 ? 'lede' : undefined}>
            <CodeSpans text={paragraph} />
          </p>
        ))}
      <p>
        The machine-readable description is at <a href="/v1/openapi.json">/v1/openapi.json</a> (OpenAPI 3.1).
        Send tokens as <code>Authorization: Bearer …</code>.
      </p>
      <p>
        Errors are <code>application/problem+json</code> (RFC 9457); each problem <code>type</code> is a page
        explaining it and its fix: see <a href="/problems">API problems</a>.
      </p>
      <nav aria-label="API sections">
        <ul>
          {tags.map((tag) => (
            <li>
              <a href={`#tag-${tag}`}>{tag}</a>
            </li>
          ))}
          {schemas.length > 0 ? (
            <li>
              <a href="#schemas">Schemas</a>
            </li>
          ) : null}
        </ul>
      </nav>
      {tags.map((tag) => (
        <section aria-labelledby={`tag-${tag}`}>
          <h2 id={`tag-${tag}`}>{tag}</h2>
          {operations
            .filter((o) => (o.op.tags?.[0] ?? 'other') === tag)
            .map((o) => (
              <OperationCard method={o.method} path={o.path} op={o.op} />
            ))}
        </section>
      ))}
      {schemas.length > 0 ? (
        <section aria-labelledby="schemas">
          <h2 id="schemas">Schemas</h2>
          {schemas.map(([name, schema]) => (
            <div class="card" id={`schema-${name}`}>
              <h3>{name}</h3>
              <Properties schema={schema} />
            </div>
          ))}
        </section>
      ) : null}
    </Layout>
  );
}
