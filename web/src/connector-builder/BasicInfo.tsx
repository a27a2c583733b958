import { Field, FieldError } from '../components/field.tsx';
import { INPUT_TYPES, type Draft, type InputField } from './draft.ts';

/** Name, description, icon, category, and the inputs the connector takes (its `input_schema`). */
export function BasicInfo({ draft, change, categories }: { draft: Draft; change: (patch: Partial<Draft>) => void; categories: string[] }) {
  const setInput = (index: number, patch: Partial<InputField>) => change({ inputs: draft.inputs.map((input, at) => (at === index ? { ...input, ...patch } : input)) });
  return (
    <div className="form-grid">
      <Field label="Name" path="name">
        <input value={draft.name} onChange={(event) => change({ name: event.target.value })} required autoFocus />
      </Field>
      <Field label="Category" path="category" hint="Groups connectors on the dashboard">
        <input value={draft.category} list="categories" onChange={(event) => change({ category: event.target.value })} />
      </Field>
      <datalist id="categories">
        {categories.map((category) => (
          <option key={category} value={category} />
        ))}
      </datalist>
      <Field label="Description" path="description" className="wide">
        <textarea rows={2} value={draft.description} onChange={(event) => change({ description: event.target.value })} />
      </Field>
      <Field label="Icon" path="icon" hint="An emoji, or an image as a data:image/… URL; otherwise its initial is shown">
        <input value={draft.icon} onChange={(event) => change({ icon: event.target.value })} />
      </Field>
      <fieldset className="wide inputs-editor">
        <legend>Inputs</legend>
        <p className="muted small">Values the connector asks for when it is used, read in templates as {'{{input.NAME}}'}.</p>
        {draft.inputs.map((input, index) => (
          <div className="pair" key={index}>
            <input aria-label={`Input ${index + 1} name`} placeholder="Name" value={input.name} onChange={(event) => setInput(index, { name: event.target.value })} />
            <select aria-label={`Input ${index + 1} type`} value={input.type} onChange={(event) => setInput(index, { type: event.target.value as InputField['type'] })}>
              {INPUT_TYPES.map((type) => (
                <option key={type}>{type}</option>
              ))}
            </select>
            <label className="inline">
              <input type="checkbox" checked={input.required} onChange={(event) => setInput(index, { required: event.target.checked })} /> Required
            </label>
            <input aria-label={`Input ${index + 1} description`} placeholder="Description" value={input.description} onChange={(event) => setInput(index, { description: event.target.value })} />
            <button type="button" className="icon-button" aria-label={`Remove input ${index + 1}`} onClick={() => change({ inputs: draft.inputs.filter((_, at) => at !== index) })}>
              ×
            </button>
          </div>
        ))}
        <FieldError path="input_schema" />
        <button type="button" className="link" onClick={() => change({ inputs: [...draft.inputs, { name: '', type: 'string', required: false, description: '' }] })}>
          + Add input
        </button>
      </fieldset>
    </div>
  );
}
