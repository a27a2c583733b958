import { createContext, useContext, useId, useRef, useState, type InputHTMLAttributes } from 'react';
import type { Declaration, Variable } from './variable.ts';

export type { Declaration, Variable };

/** The variables a template may use where it is written: contact fields, inputs, credentials, earlier steps. */
export const VariablesContext = createContext<Variable[]>([]);

/** Declares the output a picked variable reads. */
export const DeclareContext = createContext<(declaration: Declaration) => void>(() => undefined);

const OPENING = /\{\{\s*([\w.]*)$/;

type Props = { value: string; onChange: (value: string) => void; multiline?: boolean; rows?: number } & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'>;

/**
 * A text field for templates. Typing `{{` offers the variables that exist here; arrows choose,
 * Enter or Tab inserts `{{name}}`, Escape closes the list.
 */
export function TemplateField({ value, onChange, multiline, ...rest }: Props) {
  const variables = useContext(VariablesContext);
  const declare = useContext(DeclareContext);
  const ref = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const [opening, setOpening] = useState<{ start: number; query: string } | null>(null);
  const [active, setActive] = useState(0);
  const listId = useId();
  const matches = opening ? variables.filter((variable) => variable.name.toLowerCase().includes(opening.query.toLowerCase())).slice(0, 12) : [];
  const open = matches.length > 0;

  const scan = (text: string, caret: number) => {
    const found = OPENING.exec(text.slice(0, caret));
    setOpening(found ? { start: found.index, query: found[1] ?? '' } : null);
    setActive(0);
  };

  const insert = (variable: Variable) => {
    const field = ref.current;
    if (!field || !opening) return;
    const caret = field.selectionStart ?? value.length;
    // Whatever of a name and closing braces follows the caret is replaced too.
    const rest = value.slice(caret).replace(/^[\w.]*\s*(\}\})?/, '');
    const inserted = `{{${variable.name}}}`;
    onChange(value.slice(0, opening.start) + inserted + rest);
    if (variable.declares) declare(variable.declares);
    setOpening(null);
    const at = opening.start + inserted.length;
    requestAnimationFrame(() => field.setSelectionRange(at, at));
  };

  const Tag = multiline ? 'textarea' : 'input';
  return (
    <div className="template-field">
      <Tag
        {...(rest as Record<string, unknown>)}
        ref={ref}
        value={value}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open ? `${listId}-${active}` : undefined}
        spellCheck={false}
        onChange={(event) => {
          onChange(event.target.value);
          scan(event.target.value, event.target.selectionStart ?? event.target.value.length);
        }}
        onBlur={() => setOpening(null)}
        onKeyDown={(event) => {
          if (!open) return;
          if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
            event.preventDefault();
            setActive((active + (event.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length);
          } else if (event.key === 'Enter' || event.key === 'Tab') {
            event.preventDefault();
            insert(matches[active]!);
          } else if (event.key === 'Escape') {
            event.stopPropagation();
            setOpening(null);
          }
        }}
      />
      {open && (
        <ul className="suggestions" role="listbox" id={listId} aria-label="Variables">
          {matches.map((variable, index) => (
            <li
              key={variable.name}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === active}
              onMouseDown={(event) => {
                event.preventDefault();
                insert(variable);
              }}
            >
              <code>{variable.name}</code>
              <span className="muted small">{variable.detail}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
