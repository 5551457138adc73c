import { Layout, type Shell } from '../components/layout.tsx';

/** The friendly page for 403, 404, 500 and the like: what happened and where to go, never a stack trace. */
export function ProblemPage(props: { shell: Shell; status: number; title: string; message: string }) {
  return (
    <Layout shell={props.shell} title={props.title}>
      <div class="card">
        <h1>{props.title}</h1>
        <p class="lede">{props.message}</p>
        <p class="meta">Error {props.status}</p>
        <div class="actions">
          <a class="button" href="/">
            Go to the list of compacts
          </a>
          {props.status === 403 && !props.shell.caller && props.shell.loginAvailable ? (
            <a class="button secondary" href={`/login?next=${encodeURIComponent(props.shell.path)}`}>
              Sign in
            </a>
          ) : null}
        </div>
      </div>
    </Layout>
  );
}
