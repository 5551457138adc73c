import { CheckboxField, CsrfField, ErrorSummary, TextField } from '../components/fields.tsx';
import { Layout, type Shell } from '../components/layout.tsx';
import type { LocalLogin } from '../env.ts';
import type { FieldErrors, FormValues } from '../forms.ts';

/** Page tests' direct sign-in: pick a user or type any identity; the local token issuer signs a token. */
export function LoginPage(props: {
  shell: Shell;
  users: LocalLogin['users'];
  next: string;
  values?: FormValues;
  errors?: FieldErrors;
}) {
  const common = { form: 'login', values: props.values, errors: props.errors };
  return (
    <Layout shell={props.shell} title="Sign in">
      <h1>Sign in</h1>
      <div class="notice info">
        <p>
          This is the direct sign-in of a test server: choose anyone. Elsewhere people sign in through OpenID
          Connect (the user pool on AWS, the local issuer under npm start).
        </p>
      </div>
      {props.users.length > 0 ? (
        <>
          <h2>Demo users</h2>
          <ul class="users">
            {props.users.map((user) => (
              <li>
                <form method="post" action="/login">
                  <CsrfField token={props.shell.csrfToken} />
                  <input type="hidden" name="email" value={user.email} />
                  <input type="hidden" name="name" value={user.name} />
                  {user.admin ? <input type="hidden" name="admin" value="yes" /> : null}
                  <input type="hidden" name="next" value={props.next} />
                  <button type="submit">
                    <span class="name">{user.name}</span>
                    <span class="email">{user.email}</span>
                    {user.description}
                  </button>
                </form>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>Anyone else</h2>
      <div class="card">
        <form method="post" action="/login" class="stack" novalidate>
          <ErrorSummary form="login" errors={props.errors} labels={{ email: 'Email', name: 'Name' }} />
          <CsrfField token={props.shell.csrfToken} />
          <input type="hidden" name="next" value={props.next} />
          <TextField {...common} name="email" type="email" label="Email" autocomplete="email" required />
          <TextField {...common} name="name" label="Name" autocomplete="name" />
          <CheckboxField {...common} name="admin" label="Administrator (may create partnerships)" />
          <div class="actions">
            <button type="submit">Sign in</button>
          </div>
        </form>
      </div>
    </Layout>
  );
}

export function NoLoginPage(props: { shell: Shell }) {
  return (
    <Layout shell={props.shell} title="Sign in">
      <h1>Sign in</h1>
      <p class="lede">
        Sign-in is not configured on this server. These pages can be read without signing in; to act for an
        organisation, use the API with a bearer token.
      </p>
      <p>
        <a href="/">Back to the compacts</a>
      </p>
    </Layout>
  );
}

/** A callback that sets no session: why, and the way to start again. */
export function SignInRefusedPage(props: { shell: Shell; message: string }) {
  return (
    <Layout shell={props.shell} title="Not signed in">
      <div class="card">
        <h1>Not signed in</h1>
        <p class="lede">{props.message}</p>
        <p>
          Sign-in links work once, in the browser that started them, for ten minutes. Start again and it will
          work.
        </p>
        <div class="actions">
          <a class="button" href="/login">
            Sign in again
          </a>
          <a class="button secondary" href="/">
            Go to the list of compacts
          </a>
        </div>
      </div>
    </Layout>
  );
}
