import type { Pair } from '../connector-builder/draft.ts';
import { FieldError } from './field.tsx';
import { TemplateField } from './template-field.tsx';

/** Rows of name and value (headers, query parameters, outputs), with add and remove. */
export function PairsEditor({ legend, add, pairs, onChange, path, keyLabel = 'Name', valueLabel = 'Value', valuePlaceholder }: { legend: string; add: string; pairs: Pair[]; onChange: (pairs: Pair[]) => void; path: string; keyLabel?: string; valueLabel?: string; valuePlaceholder?: string }) {
  const set = (index: number, change: Partial<Pair>) => onChange(pairs.map((pair, at) => (at === index ? { ...pair, ...change } : pair)));
  return (
    <fieldset className="pairs">
      <legend>{legend}</legend>
      {pairs.map((pair, index) => (
        <div className="pair" key={index}>
          <input aria-label={`${legend}: ${keyLabel.toLowerCase()} ${index + 1}`} placeholder={keyLabel} value={pair.key} onChange={(event) => set(index, { key: event.target.value })} />
          <TemplateField aria-label={`${legend}: ${valueLabel.toLowerCase()} ${index + 1}`} placeholder={valuePlaceholder ?? valueLabel} value={pair.value} onChange={(value) => set(index, { value })} />
          <button type="button" className="icon-button" aria-label={`Remove ${legend.toLowerCase()} ${index + 1}`} onClick={() => onChange(pairs.filter((_, at) => at !== index))}>
            ×
          </button>
        </div>
      ))}
      <FieldError path={path} />
      <button type="button" className="link" onClick={() => onChange([...pairs, { key: '', value: '' }])}>
        + Add {add}
      </button>
    </fieldset>
  );
}
