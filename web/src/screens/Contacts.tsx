import { useState } from 'react';
import { api, contactName, pageQuery, type Contact, type Page } from '../api.ts';
import { PageStates } from '../page-states.tsx';
import { SearchField } from '../search-field.tsx';
import { useDebounced, useResource } from '../use-resource.ts';

/** The workspace's contacts, newest first, with search. */
export function Contacts() {
  const [search, setSearch] = useState('');
  const settled = useDebounced(search.trim());
  const query = pageQuery({ search: settled });
  const [contacts] = useResource(() => api<Page<Contact>>('GET', `/contacts?${query}`), query);
  return (
    <section aria-labelledby="contacts-title">
      <header className="page-header">
        <div>
          <h1 id="contacts-title">Contacts</h1>
          <p className="muted">The records connectors and flows enrich.</p>
        </div>
      </header>
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
