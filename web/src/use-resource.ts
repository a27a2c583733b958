import { useCallback, useEffect, useState } from 'react';
import { ApiProblem, firstPage } from './api.ts';

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
