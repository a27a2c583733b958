import type { StepTrace } from '../api.ts';
import { JsonTree } from './json-tree.tsx';
import { StatusBadge } from './status-badge.tsx';

/**
 * Each step of a run: status, time, the request as sent (secrets masked) and the response as a
 * JSON tree. With `onPick`, clicking a value in a response gives its step and path.
 */
export function RunTrace({ steps, onPick }: { steps: StepTrace[]; onPick?: (step: string, path: string, value: unknown) => void }) {
  if (steps.length === 0) return <p className="muted">No step has run yet.</p>;
  return (
    <ol className="trace">
      {steps.map((step) => (
        <li key={step.id} className="card trace-step" aria-label={`Step ${step.name ?? step.id}`}>
          <header>
            <StatusBadge status={step.status} />
            <strong>{step.name ?? step.id}</strong>
            <code className="muted">{step.id}</code>
            {step.response && <span className="badge">HTTP {step.response.status}</span>}
            <span className="muted small">
              {step.durationMs} ms{step.attempts > 1 ? ` · ${step.attempts} attempts` : ''}
            </span>
          </header>
          {step.error && (
            <p className="error" role="alert">
              {step.error.message}
            </p>
          )}
          {step.notes.map((note) => (
            <p key={note} className="muted small">
              {note}
            </p>
          ))}
          {step.request && (
            <details>
              <summary>
                Request as sent: <code>{step.request.method} {step.request.url}</code>
              </summary>
              <table className="table compact">
                <tbody>
                  {Object.entries(step.request.headers).map(([name, value]) => (
                    <tr key={name}>
                      <th scope="row">{name}</th>
                      <td>
                        <code>{value}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {step.request.body && <pre className="code">{step.request.body}</pre>}
            </details>
          )}
          {step.response && <JsonTree label={`Response of ${step.name ?? step.id}`} value={step.response.body} onPick={onPick && ((path, value) => onPick(step.id, path, value))} />}
        </li>
      ))}
    </ol>
  );
}
