import { useState } from 'react';
import { api, type Connector, type Contact, type FlowAction, type RunResult } from '../api.ts';
import { Field } from '../components/field.tsx';
import { InputForm } from '../components/input-form.tsx';
import { SearchSelect } from '../components/search-select.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { draftFromConnector, inputsOf } from '../connector-builder/draft.ts';
import { messageOf, useResource } from '../use-resource.ts';
import { useCanEdit } from '../workspace-role.ts';

type ConnectorStep = Extract<FlowAction, { type: 'connector' }>;

const CONTACT_VARIABLE = /^\{\{\s*contact\.(\w+)\s*\}\}$/;

/** A connector action: the picker with the connector's details, its inputs as a form, and Quick Test. */
export function ConnectorAction({ action, index, change, connectors, contact }: { action: ConnectorStep; index: number; change: (action: ConnectorStep) => void; connectors: Connector[]; contact: Contact | undefined }) {
  // The connector may be past the first page the editor holds: found by searching, or read by its id.
  const [picked, setPicked] = useState<Connector | null>(null);
  const listed = (picked?.id === action.connector_id ? picked : undefined) ?? connectors.find((one) => one.id === action.connector_id);
  const [read] = useResource(() => (!listed && action.connector_id && connectors.length > 0 ? api<Connector>('GET', `/connectors/${action.connector_id}`) : Promise.resolve(null)), `${action.connector_id}:${listed ? 'listed' : connectors.length}`);
  const connector = listed ?? (read.state === 'ready' ? (read.value ?? undefined) : undefined);
  const fields = connector ? inputsOf(draftFromConnector(connector)) : [];
  const canEdit = useCanEdit();
  const [test, setTest] = useState<{ running: boolean; result?: RunResult; error?: string }>({ running: false });

  const quickTest = async () => {
    if (!connector) return;
    setTest({ running: true });
    // Inputs that name one contact field are read from the test contact; others go as written.
    const inputs = Object.fromEntries(Object.entries(action.inputs ?? {}).map(([name, template]) => {
      const field = typeof template === 'string' ? CONTACT_VARIABLE.exec(template)?.[1] : undefined;
      return [name, field && contact ? (contact as unknown as Record<string, unknown>)[field] : template];
    }));
    try {
      const result = await api<RunResult>('POST', `/connectors/${connector.id}/test`, { ...(contact ? { contact_id: contact.id } : {}), input_data: inputs });
      setTest({ running: false, result });
    } catch (error) {
      setTest({ running: false, error: messageOf(error) });
    }
  };

  return (
    <>
      <Field label={`Connector of action ${index + 1}`} path={`actions[${index}].connector_id`}>
        <SearchSelect
          path="/connectors"
          items={connectors}
          value={action.connector_id}
          current={connector}
          onChange={(id, picked) => {
            setPicked(picked ?? null);
            change({ ...action, connector_id: id, inputs: {} });
          }}
          labelOf={(one) => one.name}
          listLabel="Connectors"
          unavailable={(one) => (one.enabled ? undefined : 'disabled')}
        />
      </Field>
      {connector && (
        <div className="connector-details muted small">
          {connector.description ?? 'No description.'} · {connector.type === 'multi-step' ? `${(connector.config.steps as unknown[]).length} steps` : 'single request'} · {connector.category ?? 'no category'}
        </div>
      )}
      {connector && <InputForm fields={fields} values={textsOf(action.inputs)} onChange={(inputs) => change({ ...action, inputs })} templates path={`actions[${index}].inputs`} />}
      <label className="inline">
        <input type="checkbox" checked={action.continue_on_error ?? false} onChange={(event) => change({ ...action, continue_on_error: event.target.checked })} /> Continue the flow if this action fails
      </label>
      {connector && (
        <div className="quick-test">
          <button type="button" onClick={() => void quickTest()} disabled={test.running || !canEdit}>
            {test.running ? 'Testing…' : 'Quick test'}
          </button>
          {test.error && <span className="error-text">{test.error}</span>}
          {test.result && (
            <span role="status">
              <StatusBadge status={test.result.status} /> {Math.round(test.result.duration_ms)} ms
              {test.result.error
                ? ` · ${test.result.error.message}`
                : ` · would set ${Object.entries(test.result.patch)
                    .map(([field, value]) => `${field} = ${typeof value === 'string' ? value : JSON.stringify(value)}`)
                    .join(', ') || 'nothing'}`}
            </span>
          )}
        </div>
      )}
    </>
  );
}

/** An action's inputs as the form edits them: templates, as text. */
function textsOf(inputs: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(inputs).map(([name, value]) => [name, typeof value === 'string' ? value : JSON.stringify(value)]));
}
