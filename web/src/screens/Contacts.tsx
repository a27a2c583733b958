import { useState } from 'react';
import { contactName, session, type Contact } from '../api.ts';
import { ContactForm } from '../components/contact-form.tsx';
import { type Outcome, OutcomeNote, Pager, PageStates } from '../page-states.tsx';
import { SearchField } from '../search-field.tsx';
import { messageOf, useDebounced, usePage } from '../use-resource.ts';
import { useCanEdit } from '../workspace-role.ts';
import { CsvImport } from './CsvImport.tsx';

/** Downloads the contacts (those the search finds) as CSV: fetched with the token, saved from memory. */
async function exportCsv(search: string): Promise<void> {
  const response = await fetch(`/api/v1/contacts/export?${new URLSearchParams(search ? { search } : {})}`, { headers: { authorization: `Bearer ${session.token ?? ''}`, 'x-workspace-id': session.workspace ?? '' } });
  if (!response.ok) throw new Error(`the export failed (${response.status})`);
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await response.blob());
  link.download = 'contacts.csv';
  link.click();
  URL.revokeObjectURL(link.href);
}

/** The workspace's contacts, newest first, with search. */
export function Contacts() {
  const [search, setSearch] = useState('');
  const settled = useDebounced(search.trim());
  const { page: contacts, reload, paging } = usePage<Contact>('/contacts', { search: settled });
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);
  const canEdit = useCanEdit();
  const [notice, setNotice] = useState<Outcome>(null);
  return (
    <section aria-labelledby="contacts-title">
      <header className="page-header">
        <div>
          <h1 id="contacts-title">Contacts</h1>
          <p className="muted">The records connectors and flows enrich.</p>
        </div>
        <div className="header-actions">
          <button type="button" onClick={() => void exportCsv(settled).catch((error: unknown) => setNotice({ kind: 'error', text: messageOf(error) }))}>
            Export CSV
          </button>
          {canEdit && (
            <>
              <button type="button" onClick={() => setImporting(true)}>
                Import CSV
              </button>
              <button type="button" className="primary" onClick={() => setAdding(true)}>
                Add contact
              </button>
            </>
          )}
        </div>
      </header>
      <OutcomeNote outcome={notice} />
      {adding && (
        <ContactForm
          onClose={() => setAdding(false)}
          onSaved={(contact) => {
            setAdding(false);
            setNotice({ kind: 'info', text: `${contactName(contact)} added` });
            reload();
          }}
        />
      )}
      {importing && (
        <CsvImport
          onClose={() => setImporting(false)}
          onDone={(imported) => {
            setNotice({ kind: 'info', text: `${imported} contacts imported` });
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
            <Pager paging={paging} what="contacts" />
          </>
        )}
      </PageStates>
    </section>
  );
}
