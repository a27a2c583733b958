import type { ReactNode } from 'react';
import type { Paging, Resource } from './use-resource.ts';

/** An error the user should see, when there is one. */
export function Alert({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <p className="error" role="alert">
      {message}
    </p>
  );
}

/** The outcome of what the user just did: done (a status), or why not (an alert). */
export type Outcome = { kind: 'error' | 'info'; text: string } | null;

export function OutcomeNote({ outcome }: { outcome: Outcome }) {
  if (!outcome) return null;
  if (outcome.kind === 'error') return <Alert message={outcome.text} />;
  return (
    <p className="notice" role="status">
      {outcome.text}
    </p>
  );
}

/** What shows while `what` ("the connector") loads, or why it could not be. */
export function Pending({ resource, what }: { resource: Resource<unknown>; what: string }) {
  return resource.state === 'error' ? <Alert message={`Could not load ${what}: ${resource.message}`} /> : <p className="muted">Loading {what}…</p>;
}

/** A value once loaded; until then, or when it could not be, the state says so. */
export function Loaded<T>({ resource, what, children }: { resource: Resource<T>; what: string; children: (value: T) => ReactNode }) {
  return resource.state === 'ready' ? children(resource.value) : <Pending resource={resource} what={what} />;
}

/** A list's rows once loaded; until then, and when there are none, the state says so. */
export function PageStates<T>({ page, what, empty, children }: { page: Resource<{ data: T[]; total?: number }>; what: string; empty: string; children: (rows: T[], total: number) => ReactNode }) {
  return (
    <Loaded resource={page} what={`the ${what}`}>
      {({ data, total }) => (data.length === 0 ? <p className="empty">{empty}</p> : children(data, total ?? data.length))}
    </Loaded>
  );
}

/** Which rows of a paged list are shown, of how many, and the way to the pages before and after. */
export function Pager({ paging, what }: { paging: Paging; what: string }) {
  const { offset, limit, total, onOffset } = paging;
  if (total <= limit && offset === 0) return null;
  const last = Math.min(offset + limit, total);
  return (
    <nav className="pager" aria-label={`Pages of ${what}`}>
      <span className="muted small">
        {total === 0 ? 0 : offset + 1}–{last} of {total.toLocaleString()}
      </span>
      <button type="button" onClick={() => onOffset(Math.max(0, offset - limit))} disabled={offset === 0}>
        Previous
      </button>
      <button type="button" onClick={() => onOffset(offset + limit)} disabled={last >= total}>
        Next
      </button>
    </nav>
  );
}
