import { useState } from 'react';
import { api, type Connector, type Contact } from '../api.ts';
import { ExecutionHistory } from '../components/execution-history.tsx';
import { Field } from '../components/field.tsx';
import { InputForm, typedInputs } from '../components/input-form.tsx';
import { draftFromConnector, inputsOf } from '../connector-builder/draft.ts';
import { messageOf, useFirstPage, useResource } from '../use-resource.ts';
import { useCanEdit } from '../workspace-role.ts';
import { Alert, Pending } from '../page-states.tsx';
import { ContactSelect } from '../components/contact-select.tsx';

/** A connector's runs with live status, and a form to run it on a contact now. */
export function ConnectorRuns({ params }: { params: string[] }) {
  const id = params[0] ?? '';
  const [connector] = useResource(() => api<Connector>('GET', `/connectors/${id}`), id);
  const people = useFirstPage<Contact>('/contacts');
  const [contactId, setContactId] = useState('');
  const [inputs, setInputs] = useState<Record<string, string>>({});
  const [refresh, setRefresh] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const canEdit = useCanEdit();

  if (connector.state !== 'ready') return <Pending resource={connector} what="the connector" />;
  const fields = inputsOf(draftFromConnector(connector.value));
  const chosen = contactId || people[0]?.id || '';
  const run = async () => {
    setError(null);
    try {
      await api('POST', `/connectors/${id}/execute`, { contact_id: chosen, input_data: typedInputs(fields, inputs) });
      setRefresh(refresh + 1);
    } catch (caught) {
      setError(messageOf(caught));
    }
  };
  return (
    <section aria-labelledby="runs-title">
      <header className="page-header">
        <div>
          <p className="muted small">
            <a href="#/connectors">Connectors</a> /
          </p>
          <h1 id="runs-title">Runs of {connector.value.name}</h1>
          <p className="muted">{connector.value.description}</p>
        </div>
        <div className="header-actions">
          <a className="button" href={`#/connectors/${id}/edit`}>
            Edit
          </a>
        </div>
      </header>
      <form
        className="card run-form"
        aria-label="Run on a contact"
        onSubmit={(event) => {
          event.preventDefault();
          void run();
        }}
      >
        <Field label="Contact">
          <ContactSelect contacts={people} value={chosen} onChange={setContactId} />
        </Field>
        <InputForm fields={fields} values={inputs} onChange={setInputs} />
        <button type="submit" className="primary" disabled={!chosen || !canEdit}>
          Run on contact
        </button>
        <Alert message={error} />
      </form>
      <ExecutionHistory path={`/connectors/${id}/executions`} refresh={refresh} label={(execution) => (execution.contact ? [execution.contact.name, execution.contact.email].filter(Boolean).join(' · ') || 'A contact' : execution.contact_id ? 'A deleted contact' : 'No contact')} />
    </section>
  );
}
