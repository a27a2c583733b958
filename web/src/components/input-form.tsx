import type { InputField } from '../connector-builder/draft.ts';
import { Field } from './field.tsx';
import { TemplateField } from './template-field.tsx';

/**
 * A connector's `input_schema` as a form: one field per input, with its type, whether it is
 * required and its description. In a flow the values are templates over the contact.
 */
export function InputForm({ fields, values, onChange, templates, path = 'inputs' }: { fields: InputField[]; values: Record<string, string>; onChange: (values: Record<string, string>) => void; templates?: boolean; path?: string }) {
  if (fields.length === 0) return <p className="muted small">This connector takes no inputs.</p>;
  const set = (name: string, value: string) => onChange({ ...values, [name]: value });
  return (
    <div className="input-form">
      {fields.map((field) => {
        const label = (
          <>
            {field.name} <span className="muted small">({field.type})</span>
            {field.required && (
              <span className="required" aria-label="required">
                {' '}*
              </span>
            )}
          </>
        );
        const value = values[field.name] ?? '';
        const control = templates ? (
          <TemplateField value={value} onChange={(next) => set(field.name, next)} aria-required={field.required} />
        ) : field.enum ? (
          <select value={value} onChange={(event) => set(field.name, event.target.value)} aria-required={field.required}>
            <option value="">—</option>
            {field.enum.map((choice) => (
              <option key={String(choice)} value={String(choice)}>
                {String(choice)}
              </option>
            ))}
          </select>
        ) : field.type === 'boolean' ? (
          <select value={value} onChange={(event) => set(field.name, event.target.value)} aria-required={field.required}>
            <option value="">—</option>
            <option value="true">true</option>
            <option value="false">false</option>
          </select>
        ) : (
          <input type={field.type === 'number' ? 'number' : 'text'} value={value} onChange={(event) => set(field.name, event.target.value)} aria-required={field.required} placeholder={field.type === 'object' || field.type === 'array' ? 'JSON' : undefined} />
        );
        return (
          <Field key={field.name} label={label} path={`${path}.${field.name}`} hint={field.description || undefined}>
            {control}
          </Field>
        );
      })}
    </div>
  );
}

/** What a test sends as `input_data`: the form's text typed as each input declares. */
export function typedInputs(fields: InputField[], values: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const text = values[field.name];
    if (text === undefined || text === '') continue;
    if (field.type === 'number') out[field.name] = Number(text);
    else if (field.type === 'boolean') out[field.name] = text === 'true';
    else if (field.type === 'object' || field.type === 'array') {
      try {
        out[field.name] = JSON.parse(text);
      } catch {
        out[field.name] = text;
      }
    } else out[field.name] = text;
  }
  return out;
}
