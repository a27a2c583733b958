import { createContext, useContext, type ContextType } from 'react';
import type { Credential } from '../api.ts';
import { Field } from '../components/field.tsx';
import { TemplateField, VariablesContext } from '../components/template-field.tsx';
import { AUTH_TYPES, type Auth } from './draft.ts';

/** How the builder connects an account (it saves the connector first), and the credentials stored now. */
export const ConnectAccount = createContext<{ connect: (stepId?: string) => void; stored: Credential[]; busy: boolean } | null>(null);

const TYPE_LABELS: Record<Auth['type'], string> = {
  none: 'None',
  bearer: 'Bearer token',
  api_key: 'API key',
  basic: 'Basic (user and password)',
  oauth2_client_credentials: 'OAuth 2 client credentials',
  oauth2_refresh_token: 'OAuth 2 refresh token (pasted)',
  oauth2_authorization_code: 'OAuth 2: connect an account',
  aws_sigv4: 'AWS Signature V4',
};

type FieldSpec = { name: string; label: string; secret?: boolean; choices?: string[]; hint?: string };

const OAUTH_CLIENT: FieldSpec[] = [
  { name: 'tokenUrl', label: 'Token URL' },
  { name: 'clientId', label: 'Client id', secret: true },
  { name: 'clientSecret', label: 'Client secret', secret: true },
  { name: 'scope', label: 'Scope' },
  { name: 'clientAuthentication', label: 'Client id and secret sent', choices: ['basic', 'body'], hint: 'basic: in an Authorization header; body: in the form' },
];
const CONNECTION: FieldSpec = { name: 'connection', label: 'Connection (credential name)', hint: 'The credential holding the account\'s tokens: access_token, refresh_token, expires_at' };

/** Each type's fields: which hold secrets (picked from the workspace's credentials) and which are plain. */
const FIELDS: Record<Auth['type'], FieldSpec[]> = {
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
  oauth2_client_credentials: OAUTH_CLIENT,
  oauth2_refresh_token: [...OAUTH_CLIENT, { ...CONNECTION, hint: 'The credential you stored the refresh_token in' }],
  oauth2_authorization_code: [{ name: 'authorizationUrl', label: 'Authorization URL', hint: "The provider's consent page" }, ...OAUTH_CLIENT, CONNECTION],
  aws_sigv4: [
    { name: 'accessKeyId', label: 'Access key id', secret: true },
    { name: 'secretAccessKey', label: 'Secret access key', secret: true },
    { name: 'sessionToken', label: 'Session token (temporary keys)', secret: true },
    { name: 'region', label: 'Region', hint: 'us-east-1' },
    { name: 'service', label: 'Service', hint: 'execute-api, geo, s3, ...' },
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
export function AuthFields({ auth, onChange, path, legend, stepId }: { auth: Auth; onChange: (auth: Auth) => void; path: string; legend: string; stepId?: string }) {
  const set = (name: string, value: string) => onChange({ ...auth, fields: { ...auth.fields, [name]: value } });
  const account = useContext(ConnectAccount);
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
        <Field key={field.name} label={field.label} path={`${path}.${field.name}`} hint={field.hint}>
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
      {auth.type === 'oauth2_authorization_code' && account && <ConnectionStatus connection={auth.fields.connection ?? ''} stepId={stepId} account={account} />}
    </fieldset>
  );
}

/** Whether an account is connected as the credential named, and the button that connects one. */
function ConnectionStatus({ connection, stepId, account }: { connection: string; stepId: string | undefined; account: NonNullable<ContextType<typeof ConnectAccount>> }) {
  const stored = account.stored.find((credential) => credential.service_name === connection);
  return (
    <div className="connect-account">
      <p className="muted small" role="status">
        {!connection ? 'Name the connection to connect an account.' : stored?.fields.refresh_token || stored?.fields.access_token ? `Connected as "${connection}" (tokens stored ${new Date(stored.updated_at).toLocaleString()}).` : `No account is connected as "${connection}" yet.`}
      </p>
      <button type="button" onClick={() => account.connect(stepId)} disabled={!connection || account.busy}>
        {stored ? 'Connect again' : 'Connect account'}
      </button>
      <p className="muted small">Saves the connector, then opens the provider's consent page. Register {`${window.location.origin}/api/v1/oauth/callback`} as its redirect URI.</p>
    </div>
  );
}
