import { useId, useState } from 'react';
import { api, type Page } from '../api.ts';
import { useDebounced, useResource } from '../use-resource.ts';

/** Offered at once: the search narrows them, over every row the list holds. */
const SHOWN = 20;

export interface SearchSelectProps<T extends { id: string }> {
  /** The API list searched (`/contacts`, `/connectors`): it takes `search` and `limit`. */
  path: string;
  /** Offered before anything is typed, and known by id. */
  items: T[];
  value: string;
  /** Given the row too, for callers that show its details. */
  onChange: (id: string, item?: T) => void;
  labelOf: (item: T) => string;
  /** What the list of choices is called (read out). */
  listLabel: string;
  /** Labels an empty choice, when there is one. */
  none?: string;
  /** Rows that cannot be chosen (a disabled connector), with why. */
  unavailable?: (item: T) => string | undefined;
  /** The row `value` names when it is none of `items` (one chosen earlier, past their page). */
  current?: T;
  id?: string;
}

/**
 * Picks one row of a list the API holds: a combobox whose typing searches all of them through
 * the API. Arrows choose, Enter picks, Escape closes.
 */
export function SearchSelect<T extends { id: string }>({ path, items, value, onChange, labelOf, listLabel, none, unavailable, current, ...control }: SearchSelectProps<T>) {
  const [typed, setTyped] = useState<string | null>(null);
  const [picked, setPicked] = useState<T | null>(null);
  const [active, setActive] = useState(0);
  const listId = useId();
  const settled = useDebounced(typed ?? '');
  const open = typed !== null;
  const [found] = useResource(() => (open && settled ? api<Page<T>>('GET', `${path}?${new URLSearchParams({ search: settled, limit: String(SHOWN) })}`) : Promise.resolve(null)), `${path}:${open}:${settled}`);
  const offered = settled && found.state === 'ready' && found.value ? found.value.data : items.slice(0, SHOWN);
  const options: { id: string; label: string; item?: T; disabled?: boolean }[] = [
    ...(none === undefined ? [] : [{ id: '', label: none }]),
    ...offered.map((item) => {
      const why = unavailable?.(item);
      return { id: item.id, label: why ? `${labelOf(item)} (${why})` : labelOf(item), item, disabled: why !== undefined };
    }),
  ];
  const chosen = value === '' ? (none ?? '') : [...items, ...(picked ? [picked] : []), ...(current ? [current] : [])].find((item) => item.id === value);
  const shown = typeof chosen === 'string' ? chosen : chosen ? labelOf(chosen) : '';

  const choose = (option: (typeof options)[number]) => {
    if (option.disabled) return;
    if (option.item) setPicked(option.item);
    onChange(option.id, option.item);
    setTyped(null);
  };

  return (
    <div className="template-field combobox">
      <input
        {...control}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open && options.length > 0}
        aria-controls={listId}
        aria-activedescendant={open && options[active] ? `${listId}-${active}` : undefined}
        value={typed ?? shown}
        placeholder="Search"
        onFocus={(event) => event.target.select()}
        onChange={(event) => {
          setTyped(event.target.value);
          setActive(0);
        }}
        onBlur={() => setTyped(null)}
        onKeyDown={(event) => {
          if (!open && (event.key === 'ArrowDown' || event.key === 'Enter')) {
            event.preventDefault();
            setTyped('');
            return;
          }
          if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
            event.preventDefault();
            if (options.length > 0) setActive((active + (event.key === 'ArrowDown' ? 1 : options.length - 1)) % options.length);
          } else if (event.key === 'Enter' && options[active]) {
            event.preventDefault();
            choose(options[active]);
          } else if (event.key === 'Escape' && open) {
            event.stopPropagation();
            setTyped(null);
          }
        }}
      />
      {open && options.length > 0 && (
        <ul className="suggestions" role="listbox" id={listId} aria-label={listLabel}>
          {options.map((option, index) => (
            <li
              key={option.id || 'none'}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === active}
              aria-disabled={option.disabled || undefined}
              // Chosen before the field loses the focus.
              onMouseDown={(event) => {
                event.preventDefault();
                choose(option);
              }}
            >
              {option.label}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
