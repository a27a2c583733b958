import { useContext } from 'react';
import { Field } from '../components/field.tsx';
import { TemplateField, VariablesContext } from '../components/template-field.tsx';
import { AUTH_TYPES, type Auth } from './draft.ts';

const TYPE_LABELS: Record<Auth['type'], string> = { none: 'None', bearer: 'Bearer token', api_key: 'API key', basic: 'Basic (user and password)', oauth2_client_credentials: 'OAuth 2 client credentials' };

/** Each type's fields: which hold secrets (picked from the workspace's credentials) and which are plain. */
const FIELDS: Record<Auth['type'], { name: string; label: string; secret?: boolean; choices?: string[] }[]> = {
  none: [],
  bearer: [{ name: 'token', label: 'Token', secret: true }],
  api_key: [
    { name: 'name', label: 'Header or parameter name' },
    { name: 'in', label: 'Sent in', choices: ['header', 'query'] },
    { name: 'value', label: 'Key', secret: true },
  ],
  basic: [
    { name: 'username', label: 'User name', secret: true },
    { name: 'password', label: 'Password', secret: true },
  ],
  oauth2_client_credentials: [
    { name: 'tokenUrl', label: 'Token URL' },
    { name: 'clientId', label: 'Client id', secret: true },
    { name: 'clientSecret', label: 'Client secret', secret: true },
    { name: 'scope', label: 'Scope' },
  ],
};

/**
 * A secret is a credential of the workspace, picked by name: the field holds
 * `{{credentials.NAME.field}}`, never the value. "Other" allows any template.
 */
function SecretPicker({ value, onChange, label, ...control }: { value: string; onChange: (value: string) => void; label: string; id?: string }) {
  const credentials = useContext(VariablesContext).filter((variable) => variable.name.startsWith('credentials.'));
  const chosen = credentials.find((credential) => `{{${credential.name}}}` === value);
  const other = value !== '' && !chosen;
  return (
    <div className="secret-picker">
      <select {...control} aria-label={`${label}: credential`} value={chosen ? value : other ? 'other' : ''} onChange={(event) => onChange(event.target.value === 'other' ? ' ' : event.target.value)}>
        <option value="">Choose a credential…</option>
        {credentials.map((credential) => (
          <option key={credential.name} value={`{{${credential.name}}}`}>
            {credential.name.slice('credentials.'.length)}
          </option>
        ))}
        <option value="other">Other (a template)</option>
      </select>
      {other && <TemplateField aria-label={`${label}: template`} value={value.trim()} onChange={onChange} placeholder="{{workspace.service_field}}" />}
    </div>
  );
}

/** An authentication method and its fields; `path` is where the API names its errors (`steps[0].auth`). */
export function AuthFields({ auth, onChange, path, legend }: { auth: Auth; onChange: (auth: Auth) => void; path: string; legend: string }) {
  const set = (name: string, value: string) => onChange({ ...auth, fields: { ...auth.fields, [name]: value } });
  return (
    <fieldset className="auth-fields">
      <legend>{legend}</legend>
      <Field label="Method" path={`${path}.type`}>
        <select value={auth.type} onChange={(event) => onChange({ type: event.target.value as Auth['type'], fields: event.target.value === 'api_key' ? { in: 'header', name: 'X-API-Key' } : {} })}>
          {AUTH_TYPES.map((type) => (
            <option key={type} value={type}>
              {TYPE_LABELS[type]}
            </option>
          ))}
        </select>
      </Field>
      {FIELDS[auth.type].map((field) => (
        <Field key={field.name} label={field.label} path={`${path}.${field.name}`}>
          {field.secret ? (
            <SecretPicker label={field.label} value={auth.fields[field.name] ?? ''} onChange={(value) => set(field.name, value)} />
          ) : field.choices ? (
            <select value={auth.fields[field.name] ?? field.choices[0]} onChange={(event) => set(field.name, event.target.value)}>
              {field.choices.map((choice) => (
                <option key={choice}>{choice}</option>
              ))}
            </select>
          ) : (
            <TemplateField value={auth.fields[field.name] ?? ''} onChange={(value) => set(field.name, value)} />
          )}
        </Field>
      ))}
    </fieldset>
  );
}
