import { useEffect, useState } from 'react';
import { api, ApiProblem, type Connector, type Contact, type Flow, type FlowAction, type Problem } from '../api.ts';
import { Field, ProblemsContext } from '../components/field.tsx';
import { TemplateField, VariablesContext } from '../components/template-field.tsx';
import { messageOf, useFirstPage, useResource } from '../use-resource.ts';
import { ConnectorAction } from './ConnectorAction.tsx';
import { FlowRunPanel } from './FlowRunPanel.tsx';
import { useCanEdit } from '../workspace-role.ts';
import { type Outcome, OutcomeNote, Pending } from '../page-states.tsx';
import { ContactSelect } from '../components/contact-select.tsx';
import { contactVariables } from '../connector-builder/variables.ts';

/** An action with a key of its own, so a reordered action keeps its form and Quick Test result. */
type Keyed = FlowAction & { key: number };
let lastKey = 0;
const keyed = (action: FlowAction): Keyed => ({ ...action, key: ++lastKey });
const unkeyed = ({ key: _key, ...action }: Keyed): FlowAction => action as FlowAction;

const CONTACT_VARIABLES = contactVariables('Contact field, as earlier actions left it');

/** A flow's name and ordered actions (connectors with inputs, conditions); once saved, its runs. */
export function FlowEditor({ params }: { params: string[] }) {
  const id = params[0] && params[0] !== 'new' ? params[0] : null;
  const [loaded] = useResource(() => (id ? api<Flow>('GET', `/flows/${id}`) : Promise.resolve(null)), id ?? 'new');
  const all = useFirstPage<Connector>('/connectors');
  const people = useFirstPage<Contact>('/contacts');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [actions, setActions] = useState<Keyed[]>([]);
  const [testContact, setTestContact] = useState('');
  const [testPicked, setTestPicked] = useState<Contact | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [message, setMessage] = useState<Outcome>(null);
  const canEdit = useCanEdit();

  useEffect(() => {
    if (loaded.state !== 'ready' || !loaded.value) return;
    setName(loaded.value.name);
    setDescription(loaded.value.description ?? '');
    setActions(loaded.value.actions.map(keyed));
  }, [loaded]);

  // A contact found by searching may be past the first page the editor holds.
  const contact = (testPicked?.id === testContact ? testPicked : undefined) ?? people.find((one) => one.id === testContact) ?? people[0];
  const set = (index: number, action: FlowAction) => setActions(actions.map((one, at) => (at === index ? { ...action, key: one.key } : one)));
  const move = (index: number, by: -1 | 1) => {
    const next = [...actions];
    [next[index], next[index + by]] = [next[index + by]!, next[index]!];
    setActions(next);
  };
  const actionName = (action: FlowAction) => (action.type === 'condition' ? `Only if ${action.when}` : (all.find((one) => one.id === action.connector_id)?.name ?? 'Connector'));

  const save = async () => {
    setMessage(null);
    try {
      const saved = await api<Flow>(id ? 'PUT' : 'POST', id ? `/flows/${id}` : '/flows', { name, description: description || null, actions: actions.map(unkeyed) });
      setProblems([]);
      if (!id) window.location.hash = `#/flows/${saved.id}`;
      else setMessage({ kind: 'info', text: 'Flow saved' });
    } catch (error) {
      if (error instanceof ApiProblem) setProblems(error.details);
      setMessage({ kind: 'error', text: messageOf(error) });
    }
  };

  if (loaded.state !== 'ready') return <Pending resource={loaded} what="the flow" />;
  return (
    <section aria-labelledby="flow-title">
      <header className="page-header">
        <div>
          <p className="muted small">
            <a href="#/flows">Flows</a> /
          </p>
          <h1 id="flow-title">{id ? name || 'Flow' : 'New flow'}</h1>
        </div>
        <div className="header-actions">
          <button type="button" className="primary" onClick={() => void save()} disabled={!canEdit}>
            {id ? 'Save flow' : 'Create flow'}
          </button>
        </div>
      </header>
      <OutcomeNote outcome={message} />
      <ProblemsContext.Provider value={problems}>
        <VariablesContext.Provider value={CONTACT_VARIABLES}>
          <div className="form-grid card">
            <Field label="Flow name" path="name">
              <input value={name} onChange={(event) => setName(event.target.value)} required />
            </Field>
            <Field label="Test contact" hint="Quick Test runs on this contact">
              <ContactSelect
                contacts={people}
                value={contact?.id ?? ''}
                onChange={(chosen, picked) => {
                  setTestContact(chosen);
                  setTestPicked(picked ?? null);
                }}
              />
            </Field>
            <Field label="Description" path="description" className="wide">
              <input value={description} onChange={(event) => setDescription(event.target.value)} />
            </Field>
          </div>
          <h2>Actions</h2>
          {actions.length === 0 && <p className="empty">No actions yet: add a connector.</p>}
          <ol className="steps">
            {actions.map((action, index) => (
              <li key={action.key} className="card" aria-label={`Action ${index + 1}`}>
                <header className="step-header">
                  <h3>
                    {index + 1}. {action.type === 'condition' ? 'Condition' : actionName(action)}
                  </h3>
                  <div className="actions">
                    <button type="button" aria-label={`Move action ${index + 1} up`} disabled={index === 0} onClick={() => move(index, -1)}>
                      ↑
                    </button>
                    <button type="button" aria-label={`Move action ${index + 1} down`} disabled={index === actions.length - 1} onClick={() => move(index, 1)}>
                      ↓
                    </button>
                    <button type="button" className="danger" aria-label={`Remove action ${index + 1}`} onClick={() => setActions(actions.filter((_, at) => at !== index))}>
                      Remove
                    </button>
                  </div>
                </header>
                {action.type === 'connector' ? (
                  <ConnectorAction action={action} index={index} change={(next) => set(index, next)} connectors={all} contact={contact} />
                ) : (
                  <Field label={`Condition of action ${index + 1}`} path={`actions[${index}].when`} hint="The actions after it run only when this is not empty, false or 0">
                    <TemplateField value={action.when} onChange={(when) => set(index, { type: 'condition', when })} placeholder="{{contact.email}}" />
                  </Field>
                )}
              </li>
            ))}
          </ol>
          <div className="add-actions">
            <button type="button" onClick={() => setActions([...actions, keyed({ type: 'connector', connector_id: '', inputs: {}, continue_on_error: false })])}>
              + Connector action
            </button>
            <button type="button" onClick={() => setActions([...actions, keyed({ type: 'condition', when: '' })])}>
              + Condition
            </button>
          </div>
        </VariablesContext.Provider>
      </ProblemsContext.Provider>
      {id && loaded.value && <FlowRunPanel flow={loaded.value} actionNames={actions.map(actionName)} contacts={people} />}
    </section>
  );
}
