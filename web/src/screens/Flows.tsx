import { useState } from 'react';
import type { Flow } from '../api.ts';
import { Pager, PageStates } from '../page-states.tsx';
import { SearchField } from '../search-field.tsx';
import { useDebounced, usePage } from '../use-resource.ts';
import { useCanEdit } from '../workspace-role.ts';

/** The workspace's flows: ordered actions run for one contact at a time. */
export function Flows() {
  const [search, setSearch] = useState('');
  const settled = useDebounced(search.trim());
  const canEdit = useCanEdit();
  const { page: flows, paging } = usePage<Flow>('/flows', { search: settled });
  return (
    <section aria-labelledby="flows-title">
      <header className="page-header">
        <div>
          <h1 id="flows-title">Flows</h1>
          <p className="muted">Connectors and conditions run in order for a contact: send one contact, or a whole list.</p>
        </div>
        {canEdit && (
          <div className="header-actions">
            <a className="button primary" href="#/flows/new">
              New flow
            </a>
          </div>
        )}
      </header>
      <div className="toolbar" role="search">
        <SearchField value={search} onChange={setSearch} placeholder="Flow name" />
      </div>
      <PageStates page={flows} what="flows" empty={settled ? 'No flow matches this search.' : 'No flows yet. Create one to run connectors on contacts.'}>
        {(rows) => (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Actions</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((flow) => (
                <tr key={flow.id}>
                  <td>
                    <a href={`#/flows/${flow.id}`}>
                      <strong>{flow.name}</strong>
                    </a>
                    {flow.description && <div className="muted small">{flow.description}</div>}
                  </td>
                  <td className="number">{flow.actions.length}</td>
                  <td className="small">{new Date(flow.updated_at).toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </PageStates>
      <Pager paging={paging} what="flows" />
    </section>
  );
}
