import type { FieldErrors, FormValues } from '../forms.ts';

// Form fields with their label, hint and error wired together through ids and aria attributes,
// so that a screen reader announces the error with the field.

export function CsrfField(props: { token: string }) {
  return props.token ? <input type="hidden" name="_csrf" value={props.token} /> : null;
}

type FieldProps = {
  /** Prefix for ids, so that one page can hold several forms with the same field names. */
  form: string;
  name: string;
  label: string;
  hint?: string;
  values?: FormValues;
  errors?: FieldErrors;
};

function ids(props: FieldProps) {
  const id = `${props.form}-${props.name}`;
  const error = props.errors?.[props.name];
  const describedBy =
    [props.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return { id, error, describedBy };
}

function Feedback(props: FieldProps & { id: string; error: string | undefined }) {
  return (
    <>
      {props.hint ? (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p class="error-message" id={`${props.id}-error`}>
          <span class="visually-hidden">Error: </span>
          {props.error}
        </p>
      ) : null}
    </>
  );
}

export function TextField(
  props: FieldProps & {
    type?: 'text' | 'email' | 'url';
    required?: boolean;
    autocomplete?: string;
    inputmode?: 'decimal' | 'numeric';
    multiline?: boolean;
  },
) {
  const { id, error, describedBy } = ids(props);
  const common = {
    id,
    name: props.name,
    required: props.required,
    'aria-invalid': error ? ('true' as const) : undefined,
    'aria-describedby': describedBy,
  };
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <label for={id}>
        {props.label}
        {props.required ? null : <span class="hint"> (optional)</span>}
      </label>
      <Feedback {...props} id={id} error={error} />
      {props.multiline ? (
        <textarea {...common}>{props.values?.[props.name] ?? ''}</textarea>
      ) : (
        <input
          {...common}
          type={props.type ?? 'text'}
          value={props.values?.[props.name] ?? ''}
          autocomplete={props.autocomplete}
          inputmode={props.inputmode}
        />
      )}
    </div>
  );
}

/**
 * A list to pick from. With `placeholder`, nothing is chosen until the person chooses (a first
 * option with an empty value, which `required` refuses), so that no option is taken by default.
 */
export function SelectField(
  props: FieldProps & {
    options: { value: string; label: string }[];
    required?: boolean;
    placeholder?: string;
  },
) {
  const { id, error, describedBy } = ids(props);
  const selected = props.values?.[props.name];
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <label for={id}>{props.label}</label>
      <Feedback {...props} id={id} error={error} />
      <select
        id={id}
        name={props.name}
        required={props.required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy}
      >
        {props.placeholder ? (
          <option value="" selected={!props.options.some((o) => o.value === selected)}>
            {props.placeholder}
          </option>
        ) : null}
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === selected}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function CheckboxField(props: FieldProps & { value?: string; required?: boolean }) {
  const { id, error, describedBy } = ids(props);
  const value = props.value ?? 'yes';
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      {props.hint || error ? <Feedback {...props} id={id} error={error} /> : null}
      <div class="checkbox">
        <input
          type="checkbox"
          id={id}
          name={props.name}
          value={value}
          checked={props.values?.[props.name] === value}
          required={props.required}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={describedBy}
        />
        <label for={id}>{props.label}</label>
      </div>
    </div>
  );
}

/** Lists a form's errors at its top, each linking to its field, as GOV.UK's pattern does. */
export function ErrorSummary(props: { form: string; errors?: FieldErrors; labels: Record<string, string> }) {
  const entries = Object.entries(props.errors ?? {});
  if (entries.length === 0) return null;
  return (
    <div class="notice error" role="alert" aria-labelledby={`${props.form}-error-title`}>
      <h3 id={`${props.form}-error-title`}>There is a problem</h3>
      <ul>
        {entries.map(([name, message]) => (
          <li>
            {props.labels[name] ? (
              <a href={`#${props.form}-${name}`}>
                {props.labels[name]}: {message}
              </a>
            ) : (
              message
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A page-level error from the service (409, 422, 403) rather than from one field. */
export function FormError(props: { message?: string | null }) {
  return props.message ? (
    <div class="notice error" role="alert">
      <p>{props.message}</p>
    </div>
  ) : null;
}
