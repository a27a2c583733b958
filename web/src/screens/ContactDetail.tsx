import { api, CONTACT_FIELD_LABELS, CONTACT_FIELDS, contactName, type Connector, type Contact, type ContactField } from '../api.ts';
import { ExecutionHistory } from '../components/execution-history.tsx';
import { JsonTree } from '../components/json-tree.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { useFirstPage, useResource } from '../use-resource.ts';
import { Alert, Pending } from '../page-states.tsx';
import { useState } from 'react';
import { ContactForm } from '../components/contact-form.tsx';
import { ConfirmDialog } from '../components/dialog.tsx';
import { messageOf } from '../use-resource.ts';
import { useCanEdit } from '../workspace-role.ts';

interface ResponseNote {
  connector_id: string | null;
  connector_name: string;
  execution_id: string;
  executed_at: string;
  status: string;
  raw_response?: unknown;
  fields?: string[];
}

/** One contact: its fields, which connector set each and when, the connector responses, and its runs. */
export function ContactDetail({ params }: { params: string[] }) {
  const id = params[0] ?? '';
  const [contact, reload] = useResource(() => api<Contact>('GET', `/contacts/${id}`), id);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const canEdit = useCanEdit();
  const connectorNames = new Map(useFirstPage<Connector>('/connectors').map((one) => [one.id, one.name]));
  if (contact.state !== 'ready') return <Pending resource={contact} what="the contact" />;
  // The runs, oldest first, as the original design keeps them.
  const { connector_responses: responses, ...metadata } = contact.value.metadata as { connector_responses?: ResponseNote[] };
  const notes = Array.isArray(responses) ? [...responses] : [];
  // The latest successful run that wrote a field set it.
  const setBy = new Map<string, ResponseNote>();
  for (const note of notes) if (note.status === 'success') for (const field of note.fields ?? []) setBy.set(field, note);
  const extra = [...Object.entries(contact.value.custom_fields).map(([key, value]) => [`custom_fields.${key}`, value] as const), ...Object.entries(metadata).map(([key, value]) => [`metadata.${key}`, value] as const)];
  return (
    <section aria-labelledby="contact-title">
      <header className="page-header">
        <div>
          <p className="muted small">
            <a href="#/contacts">Contacts</a> /
          </p>
          <h1 id="contact-title">{contactName(contact.value)}</h1>
          <p className="muted small">Updated {new Date(contact.value.updated_at).toLocaleString()}</p>
        </div>
        {canEdit && (
          <div className="header-actions">
            <button type="button" onClick={() => setEditing(true)}>
              Edit
            </button>
            <button type="button" className="danger" onClick={() => setDeleting(true)}>
              Delete
            </button>
          </div>
        )}
      </header>
      <Alert message={error} />
      {editing && (
        <ContactForm
          contact={contact.value}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            reload();
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete ${contactName(contact.value)}?`}
          text="The contact, its fields and the record of what connectors set go; its runs stay in the connectors' history."
          confirm="Delete the contact"
          onCancel={() => setDeleting(false)}
          onConfirm={() =>
            void api('DELETE', `/contacts/${id}`).then(
              () => void (window.location.hash = '#/contacts'),
              (caught: unknown) => {
                setDeleting(false);
                setError(messageOf(caught));
              },
            )
          }
        />
      )}
      <div className="two-columns">
        <section className="card" aria-labelledby="fields-title">
          <h2 id="fields-title">Fields</h2>
          <table className="table compact" aria-label="Contact fields">
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">Value</th>
                <th scope="col">Set by</th>
              </tr>
            </thead>
            <tbody>
              {[...CONTACT_FIELDS.map((field) => [field, contact.value[field]] as const), ...extra].map(([field, value]) => {
                const note = setBy.get(field);
                return (
                  <tr key={field}>
                    <th scope="row">{CONTACT_FIELD_LABELS[field as ContactField] ?? <code>{field}</code>}</th>
                    <td>{value === null || value === undefined ? <span className="muted">—</span> : typeof value === 'string' ? value : <code>{JSON.stringify(value)}</code>}</td>
                    <td className="small">
                      {note ? (
                        <>
                          {note.connector_name}
                          <div className="muted">{new Date(note.executed_at).toLocaleString()}</div>
                        </>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
        <section className="card" aria-labelledby="responses-title">
          <h2 id="responses-title">Connector responses</h2>
          {notes.length === 0 ? (
            <p className="empty">No connector has run for this contact yet.</p>
          ) : (
            <ul className="plain-list">
              {notes.reverse().map((note) => (
                <li key={note.execution_id}>
                  <StatusBadge status={note.status} /> <strong>{note.connector_name}</strong> <span className="muted small">{new Date(note.executed_at).toLocaleString()}</span>
                  {note.fields && note.fields.length > 0 && <div className="small muted">set {note.fields.join(', ')}</div>}
                  {note.raw_response !== undefined && note.raw_response !== null && <JsonTree label={`Raw response of ${note.connector_name}`} value={note.raw_response} />}
                </li>
              ))}
            </ul>
          )}
          {Object.keys(metadata).length > 0 && (
            <>
              <h3>Metadata</h3>
              <JsonTree label="Metadata" value={metadata} />
            </>
          )}
        </section>
      </div>
      <h2>Runs for this contact</h2>
      <ExecutionHistory path={`/contacts/${id}/executions`} refresh={0} label={(execution) => connectorNames.get(execution.connector_id ?? '') ?? 'A deleted connector'} />
    </section>
  );
}
