import { useState } from 'react';
import { api, type Credential } from '../api.ts';
import { ConfirmDialog } from '../components/dialog.tsx';
import { Field } from '../components/field.tsx';
import { messageOf, useResource } from '../use-resource.ts';
import { useCanEdit } from '../workspace-role.ts';
import { Alert, type Outcome, OutcomeNote, PageStates } from '../page-states.tsx';

type Row = { name: string; value: string };

/** Add or replace a credential: a service name and its fields. Values go in and never come back. */
function CredentialForm({ initial, onSaved, onCancel }: { initial?: Credential; onSaved: (service: string) => void; onCancel: () => void }) {
  const [service, setService] = useState(initial?.service_name ?? '');
  const [rows, setRows] = useState<Row[]>(initial ? Object.keys(initial.fields).map((name) => ({ name, value: '' })) : [{ name: 'token', value: '' }]);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    try {
      await api('POST', '/workspace/credentials', { service_name: service, credentials: Object.fromEntries(rows.map((row) => [row.name, row.value])) });
      onSaved(service);
    } catch (caught) {
      setError(messageOf(caught));
    }
  };
  const set = (index: number, change: Partial<Row>) => setRows(rows.map((row, at) => (at === index ? { ...row, ...change } : row)));
  return (
    <form
      className="card"
      aria-label={initial ? `Replace ${initial.service_name}` : 'Add a credential'}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <Field label="Service name" hint="Templates read it as {{credentials.SERVICE.FIELD}}">
        <input value={service} onChange={(event) => setService(event.target.value)} readOnly={Boolean(initial)} required autoFocus={!initial} />
      </Field>
      {rows.map((row, index) => (
        <div className="pair" key={index}>
          <input aria-label={`Field ${index + 1} name`} placeholder="Field" value={row.name} onChange={(event) => set(index, { name: event.target.value })} required />
          <input aria-label={`Field ${index + 1} value`} type="password" autoComplete="off" placeholder="Value" value={row.value} onChange={(event) => set(index, { value: event.target.value })} required />
          <button type="button" className="icon-button" aria-label={`Remove field ${index + 1}`} disabled={rows.length === 1} onClick={() => setRows(rows.filter((_, at) => at !== index))}>
            ×
          </button>
        </div>
      ))}
      <button type="button" className="link" onClick={() => setRows([...rows, { name: '', value: '' }])}>
        + Add field
      </button>
      <Alert message={error} />
      <div className="dialog-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary">
          {initial ? 'Replace' : 'Save credential'}
        </button>
      </div>
    </form>
  );
}

/** The workspace's credentials by service: masked hints only; add, replace, delete. */
export function Credentials() {
  const [list, reload] = useResource(() => api<{ data: Credential[] }>('GET', '/workspace/credentials'), 'credentials');
  const [editing, setEditing] = useState<Credential | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Credential | null>(null);
  const [notice, setNotice] = useState<Outcome>(null);
  const canEdit = useCanEdit();
  const done = (text: string) => {
    setEditing(null);
    setNotice({ kind: 'info', text });
    reload();
  };
  return (
    <section aria-labelledby="credentials-title">
      <header className="page-header">
        <div>
          <h1 id="credentials-title">Credentials</h1>
          <p className="muted">API keys and tokens, encrypted at rest. Values are write-only: connectors use them, nobody reads them back.</p>
        </div>
        {canEdit && (
          <div className="header-actions">
            <button type="button" className="primary" onClick={() => setEditing('new')}>
              Add credential
            </button>
          </div>
        )}
      </header>
      <OutcomeNote outcome={notice} />
      {editing && <CredentialForm key={editing === 'new' ? 'new' : editing.service_name} initial={editing === 'new' ? undefined : editing} onSaved={(service) => done(`${service} saved`)} onCancel={() => setEditing(null)} />}
      <PageStates page={list} what="credentials" empty="No credentials yet. Add one, or give them when installing a template.">
        {(rows) => (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Service</th>
                <th scope="col">Fields</th>
                <th scope="col">Updated</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((credential) => (
                <tr key={credential.service_name}>
                  <td>
                    <strong>{credential.service_name}</strong>
                  </td>
                  <td>
                    {Object.entries(credential.fields).map(([field, hint]) => (
                      <div key={field} className="small">
                        <code>{field}</code> <span className="muted">{hint}</span>
                      </div>
                    ))}
                  </td>
                  <td className="small">{new Date(credential.updated_at).toLocaleString()}</td>
                  <td className="actions">
                    <div hidden={!canEdit}>
                      <button type="button" onClick={() => setEditing(credential)}>
                        Replace
                      </button>
                      <button type="button" className="danger" onClick={() => setDeleting(credential)}>
                        Delete
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </PageStates>
      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting.service_name}?`}
          text="Connectors that use it will fail until it is added again."
          confirm="Delete"
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            const target = deleting;
            setDeleting(null);
            void api('DELETE', `/workspace/credentials/${target.service_name}`).then(
              () => done(`${target.service_name} deleted`),
              (error: unknown) => setNotice({ kind: 'error', text: messageOf(error) }),
            );
          }}
        />
      )}
    </section>
  );
}
