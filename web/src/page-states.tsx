import type { ReactNode } from 'react';
import type { Page } from './api.ts';
import type { Resource } from './use-resource.ts';

/** A page of rows once loaded; until then, and when there are none, the state says so. */
export function PageStates<T>({ page, what, empty, children }: { page: Resource<Page<T>>; what: string; empty: string; children: (rows: T[], total: number) => ReactNode }) {
  if (page.state === 'loading') return <p className="muted">Loading {what}…</p>;
  if (page.state === 'error') {
    return (
      <p className="error" role="alert">
        Could not load the {what}: {page.message}
      </p>
    );
  }
  if (page.value.data.length === 0) return <p className="empty">{empty}</p>;
  return children(page.value.data, page.value.total);
}
