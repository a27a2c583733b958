import { useEffect, useState } from 'react';
import { api, contactName, type Contact, type Flow, type FlowRun, type Page } from '../api.ts';
import { Field } from '../components/field.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { messageOf, usePage } from '../use-resource.ts';
import { FlowRunLive } from './FlowRunLive.tsx';
import { useCanEdit } from '../workspace-role.ts';
import { Alert, Pager, PageStates } from '../page-states.tsx';
import { ContactSelect } from '../components/contact-select.tsx';
import { ConfirmDialog } from '../components/dialog.tsx';

type Counts = Record<'pending' | 'running' | 'success' | 'failed', number>;

/** A bulk run's progress, read from the batch's counts until every run ended. */
function BatchProgress({ flowId, batchId, total, onEnd }: { flowId: string; batchId: string; total: number; onEnd: () => void }) {
  const [counts, setCounts] = useState<Counts | null>(null);
  useEffect(() => {
    let stopped = false;
    const poll = async () => {
      const page = await api<{ counts: Counts }>('GET', `/flows/${flowId}/runs?batch_id=${batchId}&limit=1`).catch(() => null);
      if (stopped) return;
      if (page) setCounts(page.counts);
      if (page && page.counts.success + page.counts.failed >= total) onEnd();
      else setTimeout(() => void poll(), 500);
    };
    void poll();
    return () => {
      stopped = true;
    };
  }, [flowId, batchId]);
  const done = counts ? counts.success + counts.failed : 0;
  return (
    <div className="batch">
      <progress max={total} value={done} aria-label="Bulk run progress" />
      <span role="status">
        {done} of {total} done{counts ? ` · ${counts.success} succeeded, ${counts.failed} failed` : ''}
      </span>
    </div>
  );
}

/** Send the flow to one contact and watch it live; run it on a filtered list; its run history. */
export function FlowRunPanel({ flow, actionNames, contacts }: { flow: Flow; actionNames: string[]; contacts: Contact[] }) {
  const [contactId, setContactId] = useState('');
  const [live, setLive] = useState<{ id: string; contactId: string } | null>(null);
  const [search, setSearch] = useState('');
  const [missing, setMissing] = useState('');
  const [batch, setBatch] = useState<{ id: string; count: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [refresh, setRefresh] = useState(0);
  const canEdit = useCanEdit();
  const { page: runs, paging } = usePage<FlowRun>(`/flows/${flow.id}/runs`, {}, 20, String(refresh));
  const chosen = contactId || contacts[0]?.id || '';
  const names = new Map(contacts.map((contact) => [contact.id, contactName(contact)]));

  const send = async () => {
    setError(null);
    try {
      const run = await api<{ id: string }>('POST', `/flows/${flow.id}/run`, { contact_id: chosen });
      setLive({ id: run.id, contactId: chosen });
      setRefresh((n) => n + 1);
    } catch (caught) {
      setError(messageOf(caught));
    }
  };
  /** How many contacts the bulk run would take, asked before it starts. */
  const [confirming, setConfirming] = useState<number | null>(null);
  const filterQuery = new URLSearchParams({ limit: '1', ...(search ? { search } : {}), ...(missing ? { missing } : {}) });
  const ask = async () => {
    setError(null);
    try {
      setConfirming((await api<Page<Contact>>('GET', `/contacts?${filterQuery}`)).total);
    } catch (caught) {
      setError(messageOf(caught));
    }
  };
  const bulk = async () => {
    setConfirming(null);
    setError(null);
    try {
      const started = await api<{ batch_id: string; count: number }>('POST', `/flows/${flow.id}/runs`, { filter: { ...(search ? { search } : {}), ...(missing ? { missing } : {}) } });
      setBatch({ id: started.batch_id, count: started.count });
    } catch (caught) {
      setError(messageOf(caught));
    }
  };

  return (
    <section className="card" aria-labelledby="run-title">
      <h2 id="run-title">Run</h2>
      <div className="run-row">
        <Field label="Contact">
          <ContactSelect contacts={contacts} value={chosen} onChange={setContactId} />
        </Field>
        <button type="button" className="primary" onClick={() => void send()} disabled={!chosen || !canEdit}>
          Send flow to contact
        </button>
      </div>
      {live && (
        <>
          <FlowRunLive key={live.id} runId={live.id} actionNames={actionNames} onEnd={() => setRefresh((n) => n + 1)} />
          <a href={`#/contacts/${live.contactId}`}>Open {names.get(live.contactId) ?? 'the contact'}</a>
        </>
      )}
      <h3>Run on many contacts</h3>
      <div className="run-row">
        <Field label="Contacts matching">
          <input type="search" value={search} onChange={(event) => setSearch(event.target.value)} placeholder="All contacts" />
        </Field>
        <Field label="Only where empty">
          <select value={missing} onChange={(event) => setMissing(event.target.value)}>
            <option value="">Any</option>
            {['firstname', 'lastname', 'company', 'city', 'email', 'phone_number'].map((field) => (
              <option key={field}>{field}</option>
            ))}
          </select>
        </Field>
        <button type="button" onClick={() => void ask()} disabled={!canEdit}>
          Run on matching contacts
        </button>
      </div>
      {confirming !== null &&
        (confirming === 0 ? (
          <ConfirmDialog title="No contact matches" text="No contact matches this filter: there is nothing to run." confirm="OK" onConfirm={() => setConfirming(null)} onCancel={() => setConfirming(null)} />
        ) : (
          <ConfirmDialog
            title={`Run ${flow.name} on ${confirming.toLocaleString()} ${confirming === 1 ? 'contact' : 'contacts'}?`}
            text={`Each of the ${confirming.toLocaleString()} contacts matching ${search ? `"${search}"` : 'no search (all of them)'}${missing ? ` with no ${missing}` : ''} gets one run of this flow, and its fields may change.`}
            confirm={`Run on ${confirming.toLocaleString()} ${confirming === 1 ? 'contact' : 'contacts'}`}
            onConfirm={() => void bulk()}
            onCancel={() => setConfirming(null)}
          />
        ))}
      {batch && <BatchProgress key={batch.id} flowId={flow.id} batchId={batch.id} total={batch.count} onEnd={() => setRefresh((n) => n + 1)} />}
      <Alert message={error} />
      <h3>Run history</h3>
      <PageStates page={runs} what="runs" empty="No runs yet.">
        {(rows) => (
          <table className="table compact" aria-label="Run history">
            <thead>
              <tr>
                <th scope="col">Status</th>
                <th scope="col">Contact</th>
                <th scope="col">Started</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((run) => (
                <tr key={run.id}>
                  <td>
                    <StatusBadge status={run.status} />
                  </td>
                  <td>{run.contact_id ? <a href={`#/contacts/${run.contact_id}`}>{names.get(run.contact_id) ?? 'Contact'}</a> : '—'}</td>
                  <td className="small">{new Date(run.created_at).toLocaleString()}</td>
                  <td className="small">
                    {run.results.map((result) => (
                      <span key={result.index} className="action-result">
                        {result.index + 1}. <StatusBadge status={result.status} />
                        {result.error ? ` ${result.error}` : ''}
                      </span>
                    ))}
                    {run.error_message && <span className="error-text"> {run.error_message}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </PageStates>
      <Pager paging={paging} what="runs" />
    </section>
  );
}
