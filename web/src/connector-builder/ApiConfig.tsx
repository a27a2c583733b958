import { lazy, Suspense, useState } from 'react';
import { Field, FieldError } from '../components/field.tsx';
import { PairsEditor } from '../components/pairs-editor.tsx';
import { TemplateField, VariablesContext, type Variable } from '../components/template-field.tsx';
import type { StepTrace } from '../api.ts';
import { RunTrace } from '../components/run-trace.tsx';
import { useCanEdit } from '../workspace-role.ts';
import { AuthFields } from './AuthFields.tsx';
import { BODY_TYPES, HTTP_METHODS, LIMITS, newPaginate, newStep, type Draft, type DraftPaginate, type DraftStep } from './draft.ts';

/** CodeMirror is loaded when a JSON body is first edited, not with the app. */
const CodeEditor = lazy(() => import('../components/code-editor.tsx').then((module) => ({ default: module.CodeEditor })));

/** The JSON body's editor; a plain template field until CodeMirror has loaded. Field gives both its id and state. */
function JsonBody({ value, onChange, ...control }: { value: string; onChange: (value: string) => void; id?: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string }) {
  return (
    <Suspense fallback={<TemplateField multiline rows={6} className="code" value={value} onChange={onChange} {...control} />}>
      <CodeEditor label="Body" value={value} onChange={onChange} {...control} />
    </Suspense>
  );
}

const BODY_LABELS: Record<DraftStep['bodyType'], string> = { none: 'No body', json: 'JSON', form: 'Form (URL-encoded)', xml: 'XML', raw: 'Raw text' };

/** Where a page's items are and how the next page is asked for, read from each page's answer. */
function PaginateEditor({ paginate, change, path }: { paginate: DraftPaginate; change: (patch: Partial<DraftPaginate>) => void; path: string }) {
  return (
    <fieldset className="wide form-grid">
      <legend>Pages</legend>
      <Field label="Items" path={`${path}.items`} hint="Path of each page's list: data, results, _body when the answer is the list">
        <input value={paginate.items} onChange={(event) => change({ items: event.target.value })} placeholder="data" />
      </Field>
      <Field label="Next page" path={`${path}.next`}>
        <select value={paginate.next} onChange={(event) => change({ next: event.target.value as DraftPaginate['next'] })}>
          <option value="query">Query parameters from the answer (a cursor, a page number)</option>
          <option value="url">A URL from the answer (a next link, the Link header)</option>
          <option value="body">JSON body fields from the answer (a GraphQL cursor, a search's after)</option>
        </select>
      </Field>
      {paginate.next === 'body' ? (
        <div className="wide">
          <PairsEditor legend="Next page's body fields" add="field" pairs={paginate.nextBody} onChange={(nextBody) => change({ nextBody })} path={`${path}.nextBody`} keyLabel="Path" valuePlaceholder="{{ data.search.pageInfo.endCursor }}" />
        </div>
      ) : paginate.next === 'url' ? (
        <Field label="Next URL" path={`${path}.nextUrl`} className="wide" hint="{{ next }}, {{ paging.next.link }}, or {{ _links.next }} for the Link header">
          <input value={paginate.nextUrl} onChange={(event) => change({ nextUrl: event.target.value })} placeholder="{{ _links.next }}" />
        </Field>
      ) : (
        <div className="wide">
          <PairsEditor legend="Next page's query parameters" add="parameter" pairs={paginate.nextQuery} onChange={(nextQuery) => change({ nextQuery })} path={`${path}.nextQuery`} valuePlaceholder="{{ paging.next.after }}" />
        </div>
      )}
      <Field label="More pages while" path={`${path}.hasMore`} hint="Optional: {{ has_more }}, {{ _items < total }}; pages stop anyway on an empty page">
        <input value={paginate.hasMore} onChange={(event) => change({ hasMore: event.target.value })} placeholder="Until a page is empty" />
      </Field>
      <div className="numbers">
        <Field label="Pages at most" path={`${path}.maxPages`}>
          <input type="number" min={1} max={LIMITS.maxPages} value={paginate.maxPages ?? ''} placeholder={String(LIMITS.defaultMaxPages)} onChange={(event) => change({ maxPages: event.target.value === '' ? undefined : event.target.valueAsNumber })} />
        </Field>
        <Field label="Items at most" path={`${path}.maxItems`}>
          <input type="number" min={1} max={LIMITS.maxItems} value={paginate.maxItems ?? ''} placeholder={String(LIMITS.defaultMaxItems)} onChange={(event) => change({ maxItems: event.target.value === '' ? undefined : event.target.valueAsNumber })} />
        </Field>
      </div>
    </fieldset>
  );
}

function StepEditor({ step, index, change, path }: { step: DraftStep; index: number; change: (patch: Partial<DraftStep>) => void; path: string }) {
  return (
    <div className="form-grid">
      <Field label="Step id" path={`${path}.id`} hint={`Later steps read its outputs as {{${step.id || 'id'}.NAME}}`}>
        <input value={step.id} onChange={(event) => change({ id: event.target.value })} />
      </Field>
      <Field label="Step name" path={`${path}.name`}>
        <input value={step.name} onChange={(event) => change({ name: event.target.value })} placeholder={`Step ${index + 1}`} />
      </Field>
      <div className="request-line wide">
        <Field label="Method" path={`${path}.method`}>
          <select value={step.method} onChange={(event) => change({ method: event.target.value as DraftStep['method'] })}>
            {HTTP_METHODS.map((method) => (
              <option key={method}>{method}</option>
            ))}
          </select>
        </Field>
        <Field label="URL" path={`${path}.url`} className="grow">
          <TemplateField value={step.url} onChange={(url) => change({ url })} placeholder="https://api.example.com/people/{{contact.email}}" />
        </Field>
      </div>
      <div className="wide">
        <PairsEditor legend="Query parameters" add="query parameter" pairs={step.query} onChange={(query) => change({ query })} path={`${path}.queryParams`} />
      </div>
      <div className="wide">
        <PairsEditor legend="Headers" add="header" pairs={step.headers} onChange={(headers) => change({ headers })} path={`${path}.headers`} />
      </div>
      <Field label="Body type" path={`${path}.bodyType`}>
        <select value={step.bodyType} onChange={(event) => change({ bodyType: event.target.value as DraftStep['bodyType'] })}>
          {BODY_TYPES.map((type) => (
            <option key={type} value={type}>
              {BODY_LABELS[type]}
            </option>
          ))}
        </select>
      </Field>
      {step.bodyType === 'form' && (
        <div className="wide">
          <PairsEditor legend="Form fields" add="form field" pairs={step.form} onChange={(form) => change({ form })} path={`${path}.body`} />
        </div>
      )}
      {step.bodyType === 'json' && (
        <Field label="Body" path={`${path}.body`} className="wide" hint="JSON; strings may hold templates (type {{ for the variables)">
          <JsonBody value={step.body} onChange={(body) => change({ body })} />
        </Field>
      )}
      {(step.bodyType === 'xml' || step.bodyType === 'raw') && (
        <Field label="Body" path={`${path}.body`} className="wide">
          <TemplateField multiline rows={6} className="code" value={step.body} onChange={(body) => change({ body })} />
        </Field>
      )}
      <Field label="Run only when" path={`${path}.when`} hint="Skipped when this renders empty, false or 0; always runs when blank">
        <TemplateField value={step.when} onChange={(when) => change({ when })} placeholder="Always" />
      </Field>
      <label className="inline wide">
        <input type="checkbox" checked={step.paginate !== undefined} onChange={(event) => change({ paginate: event.target.checked ? newPaginate() : undefined })} /> Read every page of a list
      </label>
      {step.paginate && <PaginateEditor paginate={step.paginate} change={(patch) => change({ paginate: { ...step.paginate!, ...patch } })} path={`${path}.paginate`} />}
      <Field label="No match on statuses" path={`${path}.noMatch.statuses`} hint="Answers that mean nothing was found (404): the step succeeds with no outputs, the steps that read it are skipped">
        <input value={step.noMatchStatuses} onChange={(event) => change({ noMatchStatuses: event.target.value })} placeholder="None" />
      </Field>
      <Field label="No match when" path={`${path}.noMatch.when`} hint='Over the answer: {{ results == blank }}, {{ status == "ZERO_RESULTS" }}'>
        <input value={step.noMatchWhen} onChange={(event) => change({ noMatchWhen: event.target.value })} placeholder="Never" />
      </Field>
      <Field label="Fail when" path={`${path}.failWhen`} hint="For APIs that answer 200 with an error: {{ ok == false }}">
        <input value={step.failWhen} onChange={(event) => change({ failWhen: event.target.value })} placeholder="Only on an error status" />
      </Field>
      <Field label="Error message at" path={`${path}.errorPath`} hint="Where a failed answer says why, quoted in the run's error: error.message">
        <input value={step.errorPath} onChange={(event) => change({ errorPath: event.target.value })} placeholder="The start of the answer" />
      </Field>
      <div className="numbers">
        <Field label="Timeout (ms)" path={`${path}.timeoutMs`}>
          <input type="number" min={1} max={LIMITS.maxStepTimeoutMs} value={step.timeoutMs ?? ''} placeholder="Connector default" onChange={(event) => change({ timeoutMs: event.target.value === '' ? undefined : event.target.valueAsNumber })} />
        </Field>
        <Field label="Retries" path={`${path}.retries`}>
          <input type="number" min={0} max={LIMITS.maxRetries} value={step.retries ?? ''} placeholder="Connector default" onChange={(event) => change({ retries: event.target.value === '' ? undefined : event.target.valueAsNumber })} />
        </Field>
      </div>
      <label className="inline wide">
        <input type="checkbox" checked={step.continueOnError} onChange={(event) => change({ continueOnError: event.target.checked })} /> Continue with the next steps if this one fails
      </label>
      <Field label="Authentication" path={`${path}.auth`}>
        <select
          value={step.auth === 'inherit' ? 'inherit' : step.auth.type === 'none' ? 'none' : 'own'}
          onChange={(event) => change({ auth: event.target.value === 'inherit' ? 'inherit' : event.target.value === 'none' ? { type: 'none', fields: {} } : { type: 'bearer', fields: {} } })}
        >
          <option value="inherit">The connector's (next page)</option>
          <option value="none">None for this step</option>
          <option value="own">Its own</option>
        </select>
      </Field>
      {step.auth !== 'inherit' && step.auth.type !== 'none' && (
        <div className="wide">
          <AuthFields legend={`Authentication of step ${index + 1}`} auth={step.auth} onChange={(auth) => change({ auth })} path={`${path}.auth`} stepId={step.id} />
        </div>
      )}
    </div>
  );
}

/** Single request or steps: add, reorder and remove steps, and each step's request. */
export function ApiConfig({
  draft,
  change,
  variables,
  onSend,
  sending,
  traces,
}: {
  draft: Draft;
  change: (patch: Partial<Draft>) => void;
  variables: (stepIndex: number) => Variable[];
  /** Sends one step (by its index), with what the steps before it gave last. */
  onSend: (index: number) => void;
  /** The key of the step being sent. */
  sending: string | null;
  /** The last test's steps, with any step sent since. */
  traces: StepTrace[];
}) {
  const canEdit = useCanEdit();
  const steps = draft.mode === 'single' ? draft.steps.slice(0, 1) : draft.steps;
  const setStep = (index: number, patch: Partial<DraftStep>) => change({ steps: draft.steps.map((step, at) => (at === index ? { ...step, ...patch } : step)) });
  /** Moves the step at `from` to `to` (arrows, and dropping a dragged step). */
  const moveTo = (from: number, to: number) => {
    if (to < 0 || to >= draft.steps.length || from === to) return;
    const next = [...draft.steps];
    next.splice(to, 0, ...next.splice(from, 1));
    change({ steps: next });
  };
  const duplicate = (index: number) => {
    const original = draft.steps[index]!;
    const taken = new Set(draft.steps.map((step) => step.id));
    let id = `${original.id}_copy`;
    for (let n = 2; taken.has(id); n++) id = `${original.id}_copy${n}`;
    const copy = { ...structuredClone(original), key: newStep(index + 1).key, id, name: original.name ? `${original.name} (copy)` : '' };
    change({ steps: [...draft.steps.slice(0, index + 1), copy, ...draft.steps.slice(index + 1)] });
  };
  const [dragged, setDragged] = useState<number | null>(null);
  return (
    <>
      <fieldset className="segmented">
        <legend>Requests</legend>
        <label>
          <input type="radio" name="mode" checked={draft.mode === 'single'} onChange={() => change({ mode: 'single' })} /> Single request
        </label>
        <label>
          <input type="radio" name="mode" checked={draft.mode === 'multi'} onChange={() => change({ mode: 'multi' })} /> Multi-step (later steps use what earlier ones answered)
        </label>
      </fieldset>
      <FieldError path="steps" />
      <ol className="steps">
        {steps.map((step, index) => (
          <li
            key={step.key}
            className={`card${dragged === index ? ' dragging' : ''}`}
            onDragOver={(event) => {
              if (dragged !== null) event.preventDefault();
            }}
            onDrop={(event) => {
              event.preventDefault();
              if (dragged !== null) moveTo(dragged, index);
              setDragged(null);
            }}
          >
            <header
              className="step-header"
              draggable={draft.mode === 'multi'}
              onDragStart={(event) => {
                // Some browsers start a drag only when it carries data.
                event.dataTransfer.setData('text/plain', step.id);
                event.dataTransfer.effectAllowed = 'move';
                setDragged(index);
              }}
              onDragEnd={() => setDragged(null)}
            >
              <h3>{draft.mode === 'single' ? 'Request' : `Step ${index + 1}${step.name ? `: ${step.name}` : ''}`}</h3>
              {draft.mode === 'multi' && (
                <div className="actions">
                  <button type="button" aria-label={`Move step ${index + 1} up`} disabled={index === 0} onClick={() => moveTo(index, index - 1)}>
                    ↑
                  </button>
                  <button type="button" aria-label={`Move step ${index + 1} down`} disabled={index === steps.length - 1} onClick={() => moveTo(index, index + 1)}>
                    ↓
                  </button>
                  <button type="button" aria-label={`Duplicate step ${index + 1}`} disabled={steps.length >= LIMITS.maxSteps} onClick={() => duplicate(index)}>
                    Duplicate
                  </button>
                  <button type="button" className="danger" aria-label={`Remove step ${index + 1}`} disabled={steps.length === 1} onClick={() => change({ steps: draft.steps.filter((_, at) => at !== index) })}>
                    Remove
                  </button>
                </div>
              )}
            </header>
            <VariablesContext.Provider value={variables(index)}>
              <StepEditor step={step} index={index} change={(patch) => setStep(index, patch)} path={`steps[${index}]`} />
            </VariablesContext.Provider>
            <div className="send-step">
              <button type="button" onClick={() => onSend(index)} disabled={sending !== null || !canEdit}>
                {sending === step.key ? 'Sending…' : `Send ${draft.mode === 'single' ? 'the request' : `step ${index + 1}`}`}
              </button>
              <span className="muted small">{index > 0 ? 'With what the steps before it gave in the last test' : 'With the inputs of the test panel'}; nothing is saved.</span>
            </div>
            {traces.some((trace) => trace.id === step.id) && <RunTrace steps={traces.filter((trace) => trace.id === step.id)} />}
          </li>
        ))}
      </ol>
      {draft.mode === 'multi' && (
        <button type="button" onClick={() => change({ steps: [...draft.steps, newStep(draft.steps.length)] })}>
          + Add step
        </button>
      )}
    </>
  );
}
