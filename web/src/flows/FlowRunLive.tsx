import { useEffect, useState } from 'react';
import { api, followEvents, type FlowRun } from '../api.ts';
import { StatusBadge } from '../components/status-badge.tsx';

/** One flow run followed live: each action as it starts and ends, then the run's outcome. */
export function FlowRunLive({ runId, actionNames, onEnd }: { runId: string; actionNames: string[]; onEnd: (run: FlowRun) => void }) {
  const [states, setStates] = useState<string[]>(actionNames.map(() => 'pending'));
  const [final, setFinal] = useState<FlowRun | null>(null);
  useEffect(
    () =>
      followEvents(
        `/flow-runs/${runId}/events`,
        (event, data) => {
          const index = Number(data.index);
          if (event === 'action_started') setStates((now) => now.map((state, at) => (at === index ? 'running' : state)));
          if (event === 'action_finished') setStates((now) => now.map((state, at) => (at === index ? String(data.status) : state)));
        },
        () =>
          void api<FlowRun>('GET', `/flow-runs/${runId}`).then((run) => {
            setFinal(run);
            onEnd(run);
          }),
      ),
    // Followed once per run.
    [runId],
  );
  return (
    <div className="live-run" aria-live="polite">
      <p>
        Run {final ? <StatusBadge status={final.status} /> : <StatusBadge status="running" />}
        {final?.error_message && <span className="error-text"> {final.error_message}</span>}
      </p>
      <ol className="plain-list">
        {actionNames.map((name, index) => (
          <li key={index}>
            <StatusBadge status={final ? (final.results.find((result) => result.index === index)?.status ?? 'skipped') : (states[index] ?? 'pending')} /> {name}
          </li>
        ))}
      </ol>
    </div>
  );
}
