import { useState } from 'react';
import { api, ApiProblem, CONTACT_FIELD_LABELS, CONTACT_FIELDS, contactName, pageQuery, type Contact, type Page, type Problem } from '../api.ts';
import { Dialog } from '../components/dialog.tsx';
import { Field, ProblemsContext } from '../components/field.tsx';
import { Alert, type Outcome, OutcomeNote, PageStates } from '../page-states.tsx';
import { SearchField } from '../search-field.tsx';
import { messageOf, useDebounced, useResource } from '../use-resource.ts';
import { useCanEdit } from '../workspace-role.ts';

/** A new contact: any of the standard fields; the API names a field it refuses. */
function NewContact({ onCreated, onClose }: { onCreated: (contact: Contact) => void; onClose: () => void }) {
  const [values, setValues] = useState<Record<string, string>>({});
  const [problems, setProblems] = useState<Problem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const create = async () => {
    try {
      onCreated(await api<Contact>('POST', '/contacts', Object.fromEntries(Object.entries(values).filter(([, value]) => value.trim() !== ''))));
    } catch (caught) {
      if (caught instanceof ApiProblem) setProblems(caught.details);
      setError(messageOf(caught));
    }
  };
  return (
    <Dialog title="Add a contact" onClose={onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void create();
        }}
      >
        <ProblemsContext.Provider value={problems}>
          <div className="form-grid">
            {CONTACT_FIELDS.map((field) => (
              <Field key={field} label={CONTACT_FIELD_LABELS[field]} path={field}>
                <input value={values[field] ?? ''} onChange={(event) => setValues({ ...values, [field]: event.target.value })} type={field === 'email' ? 'email' : 'text'} />
              </Field>
            ))}
          </div>
        </ProblemsContext.Provider>
        <Alert message={error} />
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Add contact
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** The workspace's contacts, newest first, with search. */
export function Contacts() {
  const [search, setSearch] = useState('');
  const settled = useDebounced(search.trim());
  const query = pageQuery({ search: settled });
  const [contacts, reload] = useResource(() => api<Page<Contact>>('GET', `/contacts?${query}`), query);
  const [adding, setAdding] = useState(false);
  const canEdit = useCanEdit();
  const [notice, setNotice] = useState<Outcome>(null);
  return (
    <section aria-labelledby="contacts-title">
      <header className="page-header">
        <div>
          <h1 id="contacts-title">Contacts</h1>
          <p className="muted">The records connectors and flows enrich.</p>
        </div>
        {canEdit && (
          <div className="header-actions">
            <button type="button" className="primary" onClick={() => setAdding(true)}>
              Add contact
            </button>
          </div>
        )}
      </header>
      <OutcomeNote outcome={notice} />
      {adding && (
        <NewContact
          onClose={() => setAdding(false)}
          onCreated={(contact) => {
            setAdding(false);
            setNotice({ kind: 'info', text: `${contactName(contact)} added` });
            reload();
          }}
        />
      )}
      <div className="toolbar" role="search">
        <SearchField value={search} onChange={setSearch} placeholder="Name, email, phone or company" />
      </div>
      <PageStates page={contacts} what="contacts" empty={settled ? 'No contact matches this search.' : 'No contacts yet.'}>
        {(rows, total) => (
          <>
            <p className="muted small" role="status">
              {total} {total === 1 ? 'contact' : 'contacts'}
            </p>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Phone</th>
                  <th scope="col">Company</th>
                  <th scope="col">City</th>
                  <th scope="col">Updated</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((contact) => (
                  <tr key={contact.id}>
                    <td>
                      <a href={`#/contacts/${contact.id}`}>
                        <strong>{contactName(contact)}</strong>
                      </a>
                    </td>
                    <td>{contact.email ?? '—'}</td>
                    <td>{contact.phone_number ?? '—'}</td>
                    <td>{contact.company ?? '—'}</td>
                    <td>{contact.city ?? '—'}</td>
                    <td className="small">{new Date(contact.updated_at).toLocaleString()}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </PageStates>
    </section>
  );
}
