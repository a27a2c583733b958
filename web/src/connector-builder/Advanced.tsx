import { Field } from '../components/field.tsx';
import { LIMITS, type Draft } from './draft.ts';

/** Timeout, retries, continue on error, and what the remote API allows. */
export function Advanced({ draft, change }: { draft: Draft; change: (patch: Partial<Draft>) => void }) {
  const limit = draft.rateLimit;
  return (
    <div className="form-grid">
      <Field label="Timeout per request (ms)" path="timeout_ms" hint={`From 1 to ${LIMITS.maxStepTimeoutMs.toLocaleString()}`}>
        <input type="number" min={1} max={LIMITS.maxStepTimeoutMs} value={draft.timeoutMs} onChange={(event) => change({ timeoutMs: event.target.valueAsNumber })} />
      </Field>
      <Field label="Retries" path="max_retries" hint="On network errors, 429 and 5xx, with backoff">
        <input type="number" min={0} max={LIMITS.maxRetries} value={draft.maxRetries} onChange={(event) => change({ maxRetries: event.target.valueAsNumber })} />
      </Field>
      <label className="inline wide">
        <input type="checkbox" checked={draft.continueOnError} onChange={(event) => change({ continueOnError: event.target.checked })} /> Continue on error: a failed step does not stop the steps after it
      </label>
      <label className="inline wide">
        <input type="checkbox" checked={limit !== null} onChange={(event) => change({ rateLimit: event.target.checked ? { requests: 10, per_seconds: 1 } : null })} /> Limit requests to the remote API (held across every worker)
      </label>
      {limit && (
        <>
          <Field label="Requests" path="rate_limit.requests">
            <input type="number" min={1} value={limit.requests} onChange={(event) => change({ rateLimit: { ...limit, requests: event.target.valueAsNumber } })} />
          </Field>
          <Field label="Per seconds" path="rate_limit.per_seconds">
            <input type="number" min={1} value={limit.per_seconds} onChange={(event) => change({ rateLimit: { ...limit, per_seconds: event.target.valueAsNumber } })} />
          </Field>
        </>
      )}
      <label className="inline wide">
        <input type="checkbox" checked={draft.enabled} onChange={(event) => change({ enabled: event.target.checked })} /> Enabled: flows and the API may run it
      </label>
    </div>
  );
}
