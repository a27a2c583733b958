import { useState } from 'react';
import { api, categoriesOf, type Connector } from '../api.ts';
import { ConnectorIcon } from '../components/connector-icon.tsx';
import { ConfirmDialog } from '../components/dialog.tsx';
import { type Outcome, OutcomeNote, Pager, PageStates } from '../page-states.tsx';
import { SearchField } from '../search-field.tsx';
import { messageOf, useDebounced, useFirstPage, usePage } from '../use-resource.ts';
import { useCanEdit } from '../workspace-role.ts';

function successRate(connector: Connector): string {
  return connector.total_executions === 0 ? '—' : `${Math.round((connector.successful_executions / connector.total_executions) * 100)}%`;
}

function when(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString() : 'never';
}

/** Every connector of the workspace: search and filters, enable or disable, clone, delete. */
export function ConnectorsDashboard() {
  const [search, setSearch] = useState('');
  const [category, setCategory] = useState('');
  const [enabled, setEnabled] = useState('');
  const [notice, setNotice] = useState<Outcome>(null);
  const [deleting, setDeleting] = useState<Connector | null>(null);
  const canEdit = useCanEdit();
  const settled = useDebounced(search.trim());
  const { page: connectors, reload, paging } = usePage<Connector>('/connectors', { search: settled, category, enabled });
  const categories = categoriesOf(useFirstPage<Connector>('/connectors'));

  const act = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work();
      setNotice({ kind: 'info', text: done });
    } catch (error) {
      setNotice({ kind: 'error', text: messageOf(error) });
    }
    reload();
  };

  return (
    <section aria-labelledby="connectors-title">
      <header className="page-header">
        <div>
          <h1 id="connectors-title">Connectors</h1>
          <p className="muted">HTTP integrations of this workspace: one request, or steps that use what earlier steps answered.</p>
        </div>
        <div className="header-actions">
          <a className="button" href="#/templates">
            Browse templates
          </a>
          {canEdit && (
            <a className="button primary" href="#/connectors/new">
              New connector
            </a>
          )}
        </div>
      </header>
      <div className="toolbar" role="search">
        <SearchField value={search} onChange={setSearch} placeholder="Name or description" />
        <label className="field">
          <span>Category</span>
          <select value={category} onChange={(event) => setCategory(event.target.value)}>
            <option value="">All</option>
            {categories.map((one) => (
              <option key={one}>{one}</option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Status</span>
          <select value={enabled} onChange={(event) => setEnabled(event.target.value)}>
            <option value="">All</option>
            <option value="true">Enabled</option>
            <option value="false">Disabled</option>
          </select>
        </label>
      </div>
      <OutcomeNote outcome={notice} />
      <PageStates
        page={connectors}
        what="connectors"
        empty={settled || category || enabled ? 'No connector matches these filters.' : 'No connectors yet. Create one, or install one from the templates.'}
      >
        {(rows) => (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Type</th>
                <th scope="col">Category</th>
                <th scope="col">Runs</th>
                <th scope="col">Success</th>
                <th scope="col">Last run</th>
                <th scope="col">Enabled</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((connector) => (
                <tr key={connector.id}>
                  <td>
                    <div className="with-icon">
                      <ConnectorIcon icon={connector.icon} name={connector.name} />
                      <div>
                        <a href={`#/connectors/${connector.id}/edit`}>
                          <strong>{connector.name}</strong>
                        </a>
                        {connector.description && <div className="muted small">{connector.description}</div>}
                      </div>
                    </div>
                  </td>
                  <td>
                    <span className="badge">{connector.type === 'multi-step' ? 'Multi-step' : 'Single request'}</span>
                  </td>
                  <td>{connector.category ?? '—'}</td>
                  <td className="number">{connector.total_executions}</td>
                  <td className="number">{successRate(connector)}</td>
                  <td className="small">{when(connector.last_executed_at)}</td>
                  <td>
                    <label className="switch">
                      <input
                        type="checkbox"
                        role="switch"
                        checked={connector.enabled}
                        aria-label={`${connector.name} enabled`}
                        disabled={!canEdit}
                        onChange={(event) => {
                          const on = event.target.checked;
                          void act(() => api('PATCH', `/connectors/${connector.id}`, { enabled: on }), `${connector.name} ${on ? 'enabled' : 'disabled'}`);
                        }}
                      />
                      <span aria-hidden="true" />
                    </label>
                  </td>
                  <td className="actions">
                    <div>
                      <a className="button" href={`#/connectors/${connector.id}/runs`} aria-label={`Runs of ${connector.name}`}>
                        Runs
                      </a>
                      {canEdit && (
                        <>
                          <button type="button" onClick={() => void act(() => api('POST', `/connectors/${connector.id}/clone`, {}), `${connector.name} copied`)}>
                            Clone
                          </button>
                          <button type="button" className="danger" onClick={() => setDeleting(connector)}>
                            Delete
                          </button>
                        </>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </PageStates>
      <Pager paging={paging} what="connectors" />
      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting.name}?`}
          text="Its versions go with it. Its past runs stay in the history. This cannot be undone."
          confirm="Delete"
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            const target = deleting;
            setDeleting(null);
            void act(() => api('DELETE', `/connectors/${target.id}`), `${target.name} deleted`);
          }}
        />
      )}
    </section>
  );
}
