import { useState } from 'react';
import { guessContactField, resolveContactTarget } from '../../../src/engine/contact-fields.ts';
import { readXml } from '../../../src/engine/xml.ts';
import { CONTACT_FIELDS, type Contact, type RunResult } from '../api.ts';
import { ContactSelect } from '../components/contact-select.tsx';
import { Field } from '../components/field.tsx';
import { InputForm } from '../components/input-form.tsx';
import { PairsEditor } from '../components/pairs-editor.tsx';
import { JsonTree } from '../components/json-tree.tsx';
import { RunTrace } from '../components/run-trace.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { VariablesContext, type Variable } from '../components/template-field.tsx';
import { inputsOf, valueAt, type Draft } from './draft.ts';
import { outputName } from './variables.ts';
import { useCanEdit } from '../workspace-role.ts';
import { Alert } from '../page-states.tsx';

export interface TestSubject {
  contactId: string;
  /** The stored contact picked, when it was found by searching. */
  contact?: Contact;
  sample: string;
  inputs: Record<string, string>;
}

/** The contact a test runs with: a stored one, or sample fields. */
export function subjectContact(subject: TestSubject, contacts: Contact[]): Record<string, unknown> {
  const stored = subject.contact?.id === subject.contactId ? subject.contact : contacts.find((contact) => contact.id === subject.contactId);
  if (stored) return stored;
  try {
    return JSON.parse(subject.sample) as Record<string, unknown>;
  } catch {
    return {};
  }
}

const TEMPLATE_VARIABLE = /^\{\{\s*([A-Za-z_][\w]*)\.([\w.[\]]+)\s*\}\}$/;
/** Where a mapping target lands on the contact (`first_name` → `firstname`), as the engine resolves it. */
function fieldOf(target: string): string {
  const resolved = resolveContactTarget(target);
  return 'path' in resolved ? resolved.path.join('.') : target;
}

/**
 * The contact fields the mappings would set, from the last test's responses: a path mapping reads
 * its step's response; a template that names one variable reads it. Other templates are shown
 * as the last run computed them.
 */
function preview(draft: Draft, result: RunResult, contact: Record<string, unknown>, inputs: Record<string, string>): { field: string; before: unknown; after: unknown }[] {
  const body = (stepId: string) => result.steps.find((step) => step.id === stepId)?.response?.body;
  const lastStep = result.steps.at(-1)?.id ?? '';
  const output = (stepId: string, name: string) => {
    const traced = result.steps.find((step) => step.id === stepId)?.outputs[name];
    if (traced !== undefined) return traced;
    const path = draft.steps.find((step) => step.id === stepId)?.outputs.find((pair) => pair.key === name)?.value;
    return path ? valueAt(body(stepId), path) : undefined;
  };
  const rows: { field: string; after: unknown; fillsOnly?: boolean }[] = [
    ...draft.fieldMappings.map((mapping) => ({ field: mapping.targetField, after: valueAt(body(mapping.step ?? lastStep), mapping.sourcePath), fillsOnly: mapping.overwrite === false })),
    ...draft.finalMapping
      .filter((pair) => pair.key)
      .map((pair) => {
        const variable = TEMPLATE_VARIABLE.exec(pair.value);
        if (!variable) return { field: pair.key, after: valueAt(result.patch, fieldOf(pair.key)) };
        const [, root, rest] = variable as unknown as [string, string, string];
        const after = root === 'contact' ? valueAt(contact, rest) : root === 'input' ? inputs[rest] : output(root, rest);
        return { field: pair.key, after };
      }),
  ];
  const empty = (value: unknown) => value === undefined || value === null || value === '';
  return rows
    .map(({ field, after, fillsOnly }) => ({ field, before: valueAt(contact, fieldOf(field)), after, fillsOnly }))
    .filter((row) => !empty(row.after) && JSON.stringify(row.after) !== JSON.stringify(row.before) && !(row.fillsOnly && !empty(row.before)))
    .map(({ field, before, after }) => ({ field, before, after }));
}

const show = (value: unknown) => (value === undefined || value === null || value === '' ? '—' : typeof value === 'string' ? value : JSON.stringify(value));

/**
 * Runs every step on a contact or sample input, shows each step, and turns a click on a value
 * in a response into an output of its step or a contact field mapping, with a preview.
 */
export function TestAndMapping({
  draft,
  change,
  contacts,
  subject,
  setSubject,
  result,
  samples,
  setSamples,
  running,
  runError,
  onRun,
  variables,
}: {
  draft: Draft;
  change: (patch: Partial<Draft>) => void;
  contacts: Contact[];
  subject: TestSubject;
  setSubject: (subject: TestSubject) => void;
  result: RunResult | null;
  /** Answers that stand in for a call, per step id: an imported document's examples, or pasted. */
  samples: Record<string, unknown>;
  setSamples: (samples: Record<string, unknown>) => void;
  running: boolean;
  runError: string | null;
  onRun: () => void;
  variables: (stepIndex: number) => Variable[];
}) {
  const canEdit = useCanEdit();
  const [picked, setPicked] = useState<{ step: string; path: string; value: unknown } | null>(null);
  const [name, setName] = useState('');
  const [target, setTarget] = useState<string>(CONTACT_FIELDS[0]);
  const [replacing, setReplacing] = useState(false);
  const [pasted, setPasted] = useState('');
  const [pastedFor, setPastedFor] = useState('');
  const [pasteError, setPasteError] = useState<string | null>(null);
  const steps = draft.mode === 'single' ? draft.steps.slice(0, 1) : draft.steps;
  const contact = subjectContact(subject, contacts);

  const pick = (step: string, path: string, value: unknown) => {
    setPicked({ step, path, value });
    setName(outputName(path));
    // The field its name says, else the first one no mapping fills yet.
    setTarget(guessContactField(path) ?? CONTACT_FIELDS.find((field) => !draft.fieldMappings.some((mapping) => mapping.targetField === field)) ?? CONTACT_FIELDS[0]);
    setReplacing(false);
  };
  /** A pasted answer read as a step's answer is: XML as data (elements as keys, attributes as @name), else JSON. */
  const usePasted = () => {
    const xml = pasted.trimStart().startsWith('<');
    try {
      setSamples({ ...samples, [pastedFor || steps[0]!.id]: xml ? readXml(pasted) : JSON.parse(pasted) });
      setPasteError(null);
      setPasted('');
    } catch (error) {
      setPasteError(xml ? `The sample ${(error as Error).message}` : `The sample is not JSON: ${(error as Error).message.replace(/, ".*$/s, '')}`);
    }
  };
  const addOutput = () => {
    if (!picked) return;
    change({ steps: draft.steps.map((step) => (step.id === picked.step ? { ...step, outputs: [...step.outputs.filter((pair) => pair.key !== name), { key: name, value: picked.path }] } : step)) });
    setPicked(null);
  };
  /** The mapping that fills the chosen field from elsewhere: it is replaced only when the user says so. */
  const taken = picked ? draft.fieldMappings.find((mapping) => mapping.targetField === target && (mapping.sourcePath !== picked.path || (mapping.step ?? '') !== picked.step)) : undefined;
  const mapToContact = () => {
    if (!picked) return;
    if (taken && !replacing) {
      setReplacing(true);
      return;
    }
    change({ fieldMappings: [...draft.fieldMappings.filter((mapping) => mapping.targetField !== target), { sourcePath: picked.path, targetField: target, step: picked.step }] });
    setPicked(null);
    setReplacing(false);
  };
  const last = picked ? outputName(picked.path) : '';
  const changes = result ? preview(draft, result, contact, subject.inputs) : [];

  return (
    <div className="test-layout">
      <section className="card" aria-labelledby="test-title">
        <h3 id="test-title">Test with</h3>
        <Field label="Contact">
          <ContactSelect contacts={contacts} value={subject.contactId} onChange={(contactId, contact) => setSubject({ ...subject, contactId, ...(contact ? { contact } : {}) })} none="Sample data (below)" />
        </Field>
        {subject.contactId === '' && (
          <Field label="Sample contact (JSON)" hint="Fills {{contact.*}}">
            <textarea className="code" rows={4} value={subject.sample} onChange={(event) => setSubject({ ...subject, sample: event.target.value })} />
          </Field>
        )}
        <InputForm fields={inputsOf(draft)} values={subject.inputs} onChange={(inputs) => setSubject({ ...subject, inputs })} />
        <button type="button" className="primary" onClick={onRun} disabled={running || !canEdit}>
          {running ? 'Running…' : 'Run full test'}
        </button>
        <p className="muted small">Runs every step against the live API through the same engine as production. Nothing is saved.</p>
      </section>

      <section aria-labelledby="result-title" className="test-result">
        <h3 id="result-title">Result</h3>
        <Alert message={runError} />
        {!result && !runError && Object.keys(samples).length === 0 && <p className="empty">Run the test to see each step's request and response. Then click a value in a response to map it.</p>}
        {result && (
          <p role="status" className="run-summary">
            <StatusBadge status={result.status} /> {result.steps.length} {result.steps.length === 1 ? 'step' : 'steps'} in {Math.round(result.duration_ms)} ms
            {result.error && <span className="error-text"> · {result.error.message}</span>}
          </p>
        )}
        {picked && (
          <div className="card pick-panel" role="group" aria-label="Map the chosen value">
            <p>
              <code>
                {picked.step} · {picked.path}
              </code>{' '}
              = <strong>{show(picked.value)}</strong>
            </p>
            <div className="pick-actions">
              <Field label="Output name">
                <input value={name} onChange={(event) => setName(event.target.value)} />
              </Field>
              <button type="button" onClick={addOutput} disabled={!/^[A-Za-z_]\w*$/.test(name)}>
                Add as output of {picked.step}
              </button>
              <Field label="Contact field">
                <select
                  value={target}
                  onChange={(event) => {
                    setTarget(event.target.value);
                    setReplacing(false);
                  }}
                >
                  {CONTACT_FIELDS.map((field) => (
                    <option key={field} value={field}>
                      {field}
                      {draft.fieldMappings.some((mapping) => mapping.targetField === field) ? ' (mapped)' : ''}
                    </option>
                  ))}
                  <option value={`metadata.${last}`}>metadata.{last}</option>
                  <option value={`custom_fields.${last}`}>custom_fields.{last}</option>
                </select>
              </Field>
              <button type="button" className="primary" onClick={mapToContact}>
                {replacing ? `Replace the mapping to ${target}` : 'Map to contact field'}
              </button>
              <button type="button" className="link" onClick={() => setPicked(null)}>
                Cancel
              </button>
            </div>
            {replacing && taken && (
              <p className="error-text" role="alert">
                {target} is already filled from {taken.step ?? 'the last step'} · {taken.sourcePath}. Replace it, or choose another field.
              </p>
            )}
          </div>
        )}
        {result && <RunTrace steps={result.steps} onPick={pick} />}
        {!result &&
          Object.entries(samples).map(([step, sample]) => (
            <section key={step} aria-label={`Sample answer of ${step}`}>
              <h4>
                Sample answer of <code>{step}</code> <span className="muted small">(not a live call)</span>
              </h4>
              <JsonTree value={sample} label={`Sample answer of ${step}`} onPick={(path, value) => pick(step, path, value)} />
            </section>
          ))}
        <details className="paste-sample">
          <summary>Paste a sample answer</summary>
          <p className="muted small">A response copied from the API's documentation stands in for a call: click its values to map them.</p>
          {steps.length > 1 && (
            <Field label="Answer of step">
              <select value={pastedFor || steps[0]!.id} onChange={(event) => setPastedFor(event.target.value)}>
                {steps.map((step) => (
                  <option key={step.key} value={step.id}>
                    {step.name || step.id}
                  </option>
                ))}
              </select>
            </Field>
          )}
          <Field label="Sample answer (JSON or XML)">
            <textarea className="code" rows={5} value={pasted} onChange={(event) => setPasted(event.target.value)} />
          </Field>
          <Alert message={pasteError} />
          <button type="button" onClick={usePasted} disabled={pasted.trim() === ''}>
            Use as sample
          </button>
        </details>
      </section>

      <section className="card mappings" aria-labelledby="mapping-title">
        <h3 id="mapping-title">Response mapping</h3>
        {steps.map((step, index) => (
          <VariablesContext.Provider key={step.key} value={variables(index)}>
            <PairsEditor
              legend={`Outputs of ${step.name || step.id}`}
              add="output"
              keyLabel="Output"
              valueLabel="Path"
              valuePlaceholder="results[0].id"
              pairs={step.outputs}
              onChange={(outputs) => change({ steps: draft.steps.map((one) => (one.key === step.key ? { ...one, outputs } : one)) })}
              path={`steps[${index}].outputMapping`}
            />
            {step.outputs.some((pair) => pair.key !== '') && (
              <fieldset className="pairs">
                <legend className="small">Secret outputs: masked in every trace, never written to a contact</legend>
                {step.outputs
                  .filter((pair) => pair.key !== '')
                  .map((pair) => (
                    <label key={pair.key} className="inline">
                      <input
                        type="checkbox"
                        checked={step.secretOutputs.includes(pair.key)}
                        onChange={(event) => {
                          const secretOutputs = event.target.checked ? [...step.secretOutputs, pair.key] : step.secretOutputs.filter((name) => name !== pair.key);
                          change({ steps: draft.steps.map((one) => (one.key === step.key ? { ...one, secretOutputs } : one)) });
                        }}
                      />
                      {pair.key}
                    </label>
                  ))}
              </fieldset>
            )}
          </VariablesContext.Provider>
        ))}
        <h4>Contact fields</h4>
        {draft.fieldMappings.length === 0 && draft.finalMapping.length === 0 && <p className="muted small">No contact field is set yet: click a value in a response.</p>}
        {draft.fieldMappings.length > 0 && (
          <table className="table compact" aria-label="Contact field mappings">
            <thead>
              <tr>
                <th scope="col">Contact field</th>
                <th scope="col">From</th>
                <th scope="col">Writes</th>
                <th scope="col">
                  <span className="visually-hidden">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {draft.fieldMappings.map((mapping, index) => (
                <tr key={`${mapping.targetField}-${index}`}>
                  <td>
                    <code>{mapping.targetField}</code>
                  </td>
                  <td>
                    <code>
                      {mapping.step ?? 'last step'} · {mapping.sourcePath}
                    </code>
                  </td>
                  <td>
                    <select
                      aria-label={`How the mapping to ${mapping.targetField} writes`}
                      value={mapping.overwrite === false ? 'empty' : 'always'}
                      onChange={(event) => {
                        const { overwrite: _, ...rest } = mapping;
                        change({ fieldMappings: draft.fieldMappings.map((one, at) => (at === index ? (event.target.value === 'empty' ? { ...rest, overwrite: false } : rest) : one)) });
                      }}
                    >
                      <option value="always">Always overwrite</option>
                      <option value="empty">Fill empty only</option>
                    </select>
                  </td>
                  <td>
                    <button type="button" className="icon-button" aria-label={`Remove mapping to ${mapping.targetField}`} onClick={() => change({ fieldMappings: draft.fieldMappings.filter((_, at) => at !== index) })}>
                      ×
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <VariablesContext.Provider value={variables(draft.steps.length)}>
          <PairsEditor legend="Contact fields from templates" add="template mapping" keyLabel="Contact field" valueLabel="Template" valuePlaceholder="{{step_2.firstName}}" pairs={draft.finalMapping} onChange={(finalMapping) => change({ finalMapping })} path="finalMapping" />
        </VariablesContext.Provider>
        {result && (
          <>
            <h4>Preview</h4>
            {changes.length === 0 ? (
              <p className="muted small">No contact field would change.</p>
            ) : (
              <table className="table compact" aria-label="Contact fields that would change">
                <thead>
                  <tr>
                    <th scope="col">Field</th>
                    <th scope="col">Now</th>
                    <th scope="col">After the run</th>
                  </tr>
                </thead>
                <tbody>
                  {changes.map((row) => (
                    <tr key={row.field}>
                      <td>
                        <code>{row.field}</code>
                      </td>
                      <td className="muted">{show(row.before)}</td>
                      <td>
                        <strong>{show(row.after)}</strong>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </section>
    </div>
  );
}
