import { useEffect, useState } from 'react';
import { api, ended, followEvents, type Execution } from '../api.ts';
import { Pager, PageStates } from '../page-states.tsx';
import { usePage, useResource } from '../use-resource.ts';
import { RunTrace } from './run-trace.tsx';
import { StatusBadge } from './status-badge.tsx';

/** A queued or running execution, followed live: the steps done so far, until it ends. */
function LiveStatus({ execution, onEnd }: { execution: Execution; onEnd: () => void }) {
  const [status, setStatus] = useState(execution.status);
  const [done, setDone] = useState(execution.steps_executed.length);
  const [current, setCurrent] = useState<string | null>(null);
  useEffect(
    () =>
      followEvents(
        `/executions/${execution.id}/events`,
        (event, data) => {
          if (event === 'step_started') {
            setStatus('running');
            setCurrent(String(data.name ?? data.id ?? ''));
          }
          if (event === 'step_finished') setDone((count) => Math.max(count, Number(data.index) + 1));
          if (event === 'execution') onEnd();
        },
        onEnd,
      ),
    // Followed once per execution; `onEnd` reloads the list.
    [execution.id],
  );
  return (
    <span aria-live="polite">
      <StatusBadge status={status} /> <span className="muted small">{current ? `${done} done · now: ${current}` : `${done} done`}</span>
    </span>
  );
}

/**
 * A browser keeps about six connections per server, and each followed run holds one: the newest
 * unfinished runs are followed, the list is read again while others wait.
 */
const FOLLOWED = 2;
const RELOAD_MS = 1_500;

/**
 * Runs, newest first, of a connector or for a contact (`path`); queued and running ones are
 * followed live, and any run opens to its full trace.
 */
export function ExecutionHistory({ path, refresh, label }: { path: string; refresh: number; label: (execution: Execution) => string }) {
  const { page, reload, paging } = usePage<Execution>(path, {}, 20, String(refresh));
  const [open, setOpen] = useState<string | null>(null);
  const [trace] = useResource(() => (open ? api<Execution>('GET', `/executions/${open}`) : Promise.resolve(null)), `${open}:${page.state === 'ready' ? page.value.data.map((row) => row.status).join() : ''}`);
  const unfinished = page.state === 'ready' ? page.value.data.filter((execution) => !ended(execution.status)).map((execution) => execution.id) : [];
  const followed = new Set(unfinished.slice(0, FOLLOWED));
  const waiting = unfinished.length > FOLLOWED;
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(reload, RELOAD_MS);
    return () => clearInterval(timer);
  }, [waiting, reload]);
  return (
    <>
      <PageStates page={page} what="runs" empty="No runs yet.">
        {(rows) => (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Status</th>
                <th scope="col">Run</th>
                <th scope="col">Started</th>
                <th scope="col">Time</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((execution) => (
                <ExecutionRow key={execution.id} execution={execution} live={followed.has(execution.id)} label={label(execution)} open={open === execution.id} onToggle={() => setOpen(open === execution.id ? null : execution.id)} onEnd={reload} trace={open === execution.id && trace.state === 'ready' ? trace.value : null} />
              ))}
            </tbody>
          </table>
        )}
      </PageStates>
      <Pager paging={paging} what="runs" />
    </>
  );
}

function ExecutionRow({ execution, live, label, open, onToggle, onEnd, trace }: { execution: Execution; live: boolean; label: string; open: boolean; onToggle: () => void; onEnd: () => void; trace: Execution | null }) {
  return (
    <>
      <tr>
        <td>{live ? <LiveStatus execution={execution} onEnd={onEnd} /> : <StatusBadge status={execution.status} />}</td>
        <td>
          <button type="button" className="link" aria-expanded={open} onClick={onToggle}>
            {label}
          </button>
        </td>
        <td className="small">{new Date(execution.created_at).toLocaleString()}</td>
        <td className="number small">{execution.execution_time_ms === null ? '—' : `${execution.execution_time_ms} ms`}</td>
        <td className="small">{execution.error_message ?? (execution.status === 'success' ? `${Object.keys((execution.output_data as object | null) ?? {}).length} fields set` : '—')}</td>
      </tr>
      {open && (
        <tr className="trace-row">
          <td colSpan={5}>{trace ? <RunTrace steps={trace.steps} /> : <p className="muted">Loading the trace…</p>}</td>
        </tr>
      )}
    </>
  );
}
