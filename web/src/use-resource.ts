import { useCallback, useEffect, useState } from 'react';
import { api, ApiProblem, firstPage, type Page } from './api.ts';

export type Resource<T> = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; value: T };

/** Loads `load()` when `key` changes; `reload` loads again (after a change the user made). */
export function useResource<T>(load: () => Promise<T>, key: string): [Resource<T>, () => void] {
  const [resource, setResource] = useState<Resource<T>>({ state: 'loading' });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    load().then(
      (value) => current && setResource({ state: 'ready', value }),
      (error: unknown) => current && setResource({ state: 'error', message: messageOf(error) }),
    );
    return () => {
      current = false;
    };
    // `load` is rebuilt on every render; `key` says when what it loads changed.
  }, [key, generation]);
  return [resource, useCallback(() => setGeneration((n) => n + 1), [])];
}

/** Where a paged list is: its rows from `offset`, `limit` at a time, of `total`. */
export interface Paging {
  offset: number;
  limit: number;
  total: number;
  onOffset: (offset: number) => void;
}

/**
 * A list read a page at a time over the API's pagination (`limit`, `offset`), with its filters;
 * a change of filter goes back to the first page. `refresh` reads it again when it changes.
 */
export function usePage<T, Beside extends object = object>(path: string, filters: Record<string, string>, limit = 50, refresh = ''): { page: Resource<Page<T> & Beside>; reload: () => void; paging: Paging } {
  const filtered = new URLSearchParams(Object.entries(filters).filter(([, value]) => value !== '')).toString();
  const [at, setAt] = useState({ filtered, offset: 0 });
  const offset = at.filtered === filtered ? at.offset : 0;
  const query = `${filtered}${filtered ? '&' : ''}limit=${limit}&offset=${offset}`;
  const [page, reload] = useResource(() => api<Page<T> & Beside>('GET', `${path}?${query}`), `${path}?${query}:${refresh}`);
  const total = page.state === 'ready' ? page.value.total : 0;
  return { page, reload, paging: { offset, limit, total, onOffset: (next) => setAt({ filtered, offset: next }) } };
}

/** The first page of a list (`/contacts`) for a picker; empty until it has loaded, or if it could not. */
export function useFirstPage<T>(path: string): T[] {
  const [page] = useResource(() => firstPage<T>(path), path);
  return page.state === 'ready' ? page.value.data : [];
}

export function messageOf(error: unknown): string {
  return error instanceof ApiProblem ? error.message : 'the server could not be reached; try again';
}

/** A value that follows `value` once it has stopped changing for `ms`. */
export function useDebounced<T>(value: T, ms = 250): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
