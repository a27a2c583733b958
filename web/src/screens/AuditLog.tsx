import { useState } from 'react';
import { api, type AuditEntry } from '../api.ts';
import { PageStates } from '../page-states.tsx';
import { useResource } from '../use-resource.ts';

const PAGE = 50;
const KINDS = ['workspace', 'member', 'connector', 'contact', 'credential'] as const;

/**
 * Who created, changed, deleted or ran what, newest first, 50 at a time. The log only grows, so
 * its pages are read from an entry back (`before`), which new entries do not shift.
 */
export function AuditLog() {
  const [kind, setKind] = useState('');
  // The last entry of each earlier page: where the next one starts, and the way back.
  const [pages, setPages] = useState<number[]>([]);
  const before = pages.at(-1);
  const query = new URLSearchParams({ limit: String(PAGE), ...(kind ? { resource_type: kind } : {}), ...(before ? { before: String(before) } : {}) }).toString();
  const [entries] = useResource(() => api<{ data: AuditEntry[] }>('GET', `/audit?${query}`), query);
  const rows = entries.state === 'ready' ? entries.value.data : [];
  return (
    <section aria-labelledby="audit-title">
      <header className="page-header">
        <div>
          <h1 id="audit-title">Audit log</h1>
          <p className="muted">Who created, changed, deleted or ran what in this workspace, and when.</p>
        </div>
      </header>
      <div className="toolbar" role="search">
        <label className="field">
          <span>Kind</span>
          <select
            value={kind}
            onChange={(event) => {
              setKind(event.target.value);
              setPages([]);
            }}
          >
            <option value="">All</option>
            {KINDS.map((one) => (
              <option key={one}>{one}</option>
            ))}
          </select>
        </label>
      </div>
      <PageStates page={entries} what="entries" empty="Nothing has been recorded yet.">
        {(shown) => (
          <table className="table compact">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Did</th>
                <th scope="col">To</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((entry) => (
                <tr key={entry.id}>
                  <td className="small">{new Date(entry.created_at).toLocaleString()}</td>
                  <td className="small">{entry.user_id ?? '—'}</td>
                  <td>{entry.action}</td>
                  <td>
                    {entry.resource_type} <code className="muted small">{entry.resource_id ?? ''}</code>
                  </td>
                  <td className="small">
                    <code>{Object.keys(entry.details).length > 0 ? JSON.stringify(entry.details) : ''}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </PageStates>
      {(pages.length > 0 || rows.length === PAGE) && (
        <nav className="pager" aria-label="Pages of entries">
          <span className="muted small">
            {pages.length * PAGE + 1}–{pages.length * PAGE + rows.length}
          </span>
          <button type="button" onClick={() => setPages(pages.slice(0, -1))} disabled={pages.length === 0}>
            Newer
          </button>
          <button type="button" onClick={() => setPages([...pages, rows.at(-1)!.id])} disabled={rows.length < PAGE}>
            Older
          </button>
        </nav>
      )}
    </section>
  );
}
