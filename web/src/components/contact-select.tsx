import { useId, useState } from 'react';
import { api, contactName, type Contact, type Page } from '../api.ts';
import { useDebounced, useResource } from '../use-resource.ts';

/** Contacts offered at once: the search narrows them, over every contact of the workspace. */
const SHOWN = 20;

function labelOf(contact: Contact): string {
  const name = contactName(contact);
  return contact.email && contact.email !== name ? `${name} · ${contact.email}` : name;
}

/**
 * Picks one of the workspace's contacts: a combobox whose typing searches them all through the
 * API (name, email, phone, company), each shown with its email. `contacts` are offered before
 * anything is typed; `none` labels an empty choice when there is one. `onChange` is given the
 * contact too, for callers that show its fields.
 */
export function ContactSelect({ contacts, value, onChange, none, ...control }: { contacts: Contact[]; value: string; onChange: (id: string, contact?: Contact) => void; none?: string; id?: string }) {
  const [typed, setTyped] = useState<string | null>(null);
  const [picked, setPicked] = useState<Contact | null>(null);
  const [active, setActive] = useState(0);
  const listId = useId();
  const settled = useDebounced(typed ?? '');
  const open = typed !== null;
  const [found] = useResource(() => (open && settled ? api<Page<Contact>>('GET', `/contacts?${new URLSearchParams({ search: settled, limit: String(SHOWN) })}`) : Promise.resolve(null)), `${open}:${settled}`);
  const offered = settled && found.state === 'ready' && found.value ? found.value.data : contacts.slice(0, SHOWN);
  const options: { id: string; label: string; contact?: Contact }[] = [...(none === undefined ? [] : [{ id: '', label: none }]), ...offered.map((contact) => ({ id: contact.id, label: labelOf(contact), contact }))];
  const current = value === '' ? (none ?? '') : [...contacts, ...(picked ? [picked] : [])].find((contact) => contact.id === value);
  const shown = typeof current === 'string' ? current : current ? labelOf(current) : '';

  const choose = (option: (typeof options)[number]) => {
    if (option.contact) setPicked(option.contact);
    onChange(option.id, option.contact);
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
        placeholder="Search contacts"
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
        <ul className="suggestions" role="listbox" id={listId} aria-label="Contacts">
          {options.map((option, index) => (
            <li
              key={option.id || 'none'}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === active}
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
