import { useEffect, useState } from 'react';
import { api, ApiProblem, categoriesOf, type Connector, type Contact, type Credential, type Problem, type RunResult } from '../api.ts';
import { ProblemsContext } from '../components/field.tsx';
import { typedInputs } from '../components/input-form.tsx';
import { VariablesContext } from '../components/template-field.tsx';
import { messageOf, useFirstPage, useResource } from '../use-resource.ts';
import { Advanced } from './Advanced.tsx';
import { ApiConfig } from './ApiConfig.tsx';
import { AuthFields, ConnectAccount } from './AuthFields.tsx';
import { BasicInfo } from './BasicInfo.tsx';
import { documentFromDraft, draftFromConnector, inputsOf, newDraft, type Draft } from './draft.ts';
import { subjectContact, TestAndMapping, type TestSubject } from './TestAndMapping.tsx';
import { variablesFor } from './variables.ts';
import { VersionHistory } from './VersionHistory.tsx';
import { useCanEdit } from '../workspace-role.ts';
import { type Outcome, OutcomeNote, Pending } from '../page-states.tsx';

const PAGES = ['Basic info', 'API configuration', 'Authentication', 'Test and mapping', 'Advanced'] as const;

/** The wizard page that holds the field an API error names. */
function pageOf(path: string): number {
  if (/^(name|description|icon|category|input_schema)\b/.test(path)) return 0;
  if (/^(timeout_ms|max_retries|continue_on_error|rate_limit|enabled)\b/.test(path)) return 4;
  if (/^(field_mappings|finalMapping)\b/.test(path) || /^steps\[\d+\]\.outputMapping/.test(path)) return 3;
  return /^auth\b/.test(path) ? 2 : 1;
}

/**
 * The API names each step's auth; a step that uses the connector's has its errors shown once,
 * on the Authentication page (`auth.token`).
 */
function onBuilderFields(problems: Problem[], draft: Draft, strip: string | RegExp): Problem[] {
  const named = problems.map((problem) => ({
    ...problem,
    path: problem.path.replace(strip, '').replace(/^steps\[(\d+)\]\.auth/, (whole, index: string) => (draft.steps[Number(index)]?.auth === 'inherit' ? 'auth' : whole)),
  }));
  return named.filter((problem, index) => named.findIndex((other) => other.path === problem.path && other.message === problem.message) === index);
}

/**
 * How connecting an account went, when the provider has just sent the browser back
 * (`#/connectors/ID?connected=NAME` or `?oauth_error=...`); the address is then made plain again.
 */
function connectionOutcome(): Outcome {
  const hash = window.location.hash;
  const query = new URLSearchParams(hash.slice(hash.indexOf('?') + 1 || hash.length));
  const connected = query.get('connected');
  const failed = query.get('oauth_error');
  if (!connected && !failed) return null;
  history.replaceState(null, '', `${window.location.pathname}${hash.split('?')[0]}`);
  return connected ? { kind: 'info', text: `Account connected: its tokens are stored, encrypted, as the credential "${connected}".` } : { kind: 'error', text: `The account was not connected: ${failed}` };
}

/** Create or edit a connector, page by page; errors the API names land on their fields. */
export function ConnectorBuilder({ params }: { params: string[] }) {
  const id = params[0] && params[0] !== 'new' ? params[0] : null;
  const [loaded] = useResource(() => (id ? api<Connector>('GET', `/connectors/${id}`) : Promise.resolve(null)), id ?? 'new');
  const [credentials] = useResource(() => api<{ data: Credential[] }>('GET', '/workspace/credentials'), 'credentials');
  const people = useFirstPage<Contact>('/contacts');
  const connectors = useFirstPage<Connector>('/connectors');
  const [draft, setDraft] = useState<Draft | null>(id ? null : newDraft());
  const [returned] = useState(connectionOutcome);
  const [page, setPage] = useState(returned ? 2 : 0);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [message, setMessage] = useState<Outcome>(returned);
  const [saving, setSaving] = useState(false);
  const [history, setHistory] = useState(false);
  const [subject, setSubject] = useState<TestSubject>({ contactId: '', sample: '{\n  "email": "jose.tayzon@example.com",\n  "phone_number": "+16266958105"\n}', inputs: {} });
  const [result, setResult] = useState<RunResult | null>(null);
  const [running, setRunning] = useState(false);
  const [runError, setRunError] = useState<string | null>(null);
  const canEdit = useCanEdit();

  useEffect(() => {
    if (loaded.state === 'ready' && loaded.value) setDraft(draftFromConnector(loaded.value));
  }, [loaded]);

  if (loaded.state !== 'ready' || !draft) return <Pending resource={loaded} what="the connector" />;

  const stored = credentials.state === 'ready' ? credentials.value.data : [];
  const variables = (stepIndex: number) => variablesFor(draft, stored, stepIndex);
  const change = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });

  const show = (error: unknown, strip: string | RegExp = '') => {
    if (error instanceof ApiProblem && error.details.length > 0) {
      const named = onBuilderFields(error.details, draft, strip);
      setProblems(named);
      setPage(pageOf(named[0]!.path));
      setMessage({ kind: 'error', text: `${error.message}: ${named.length} ${named.length === 1 ? 'field needs' : 'fields need'} a change` });
    } else setMessage({ kind: 'error', text: messageOf(error) });
  };

  /** Saves the draft, then goes on with `next`: back to the list unless told otherwise. */
  const save = async (next: (saved: Connector) => Promise<void> | void = (saved) => void (window.location.hash = `#/connectors?saved=${encodeURIComponent(saved.name)}`)) => {
    setSaving(true);
    setMessage(null);
    try {
      const saved = await api<Connector>(id ? 'PUT' : 'POST', id ? `/connectors/${id}` : '/connectors', documentFromDraft(draft));
      setProblems([]);
      await next(saved);
    } catch (error) {
      show(error);
    } finally {
      setSaving(false);
    }
  };

  /** The callback reads the auth settings from the stored connector: it is saved first, then the browser goes to the provider. */
  const connect = (stepId?: string) =>
    save(async (saved) => {
      const { authorization_url: url } = await api<{ authorization_url: string }>('POST', `/workspace/connectors/${saved.id}/oauth/authorize`, stepId ? { step_id: stepId } : {});
      window.location.assign(url);
    });

  const runTest = async () => {
    setRunning(true);
    setRunError(null);
    try {
      const contact = subject.contactId ? {} : { contact: subjectContact(subject, people) };
      const run = await api<RunResult>('POST', '/connectors/test', {
        definition: documentFromDraft(draft),
        ...(subject.contactId ? { contact_id: subject.contactId } : {}),
        input_data: { ...typedInputs(inputsOf(draft), subject.inputs), ...contact },
      });
      setResult(run);
      // The definition read: what the last save complained about is stale.
      setProblems([]);
      setMessage(null);
    } catch (error) {
      if (error instanceof ApiProblem && error.details.length > 0) show(error, /^definition\.?/);
      setRunError(messageOf(error));
    } finally {
      setRunning(false);
    }
  };

  return (
    <section aria-labelledby="builder-title" className="builder">
      <header className="page-header">
        <div>
          <p className="muted small">
            <a href="#/connectors">Connectors</a> /
          </p>
          <h1 id="builder-title">{id ? `Edit ${loaded.state === 'ready' ? loaded.value?.name : ''}` : 'New connector'}</h1>
        </div>
        <div className="header-actions">
          {id && (
            <button type="button" onClick={() => setHistory(true)}>
              Version history
            </button>
          )}
          <button type="button" className="primary" onClick={() => void save()} disabled={saving || !canEdit}>
            {saving ? 'Saving…' : id ? 'Save changes' : 'Save connector'}
          </button>
        </div>
      </header>
      <nav aria-label="Builder pages">
        <ol className="wizard-nav">
          {PAGES.map((label, index) => (
            <li key={label}>
              <button type="button" aria-current={index === page ? 'step' : undefined} onClick={() => setPage(index)}>
                <span className="wizard-number">{index + 1}</span> {label}
              </button>
            </li>
          ))}
        </ol>
      </nav>
      <OutcomeNote outcome={message} />
      <ConnectAccount.Provider value={{ connect: (stepId) => void connect(stepId), stored, busy: saving || !canEdit }}>
      <ProblemsContext.Provider value={problems}>
        <div className="wizard-page" role="region" aria-label={PAGES[page]}>
          {page === 0 && <BasicInfo draft={draft} change={change} categories={categoriesOf(connectors)} />}
          {page === 1 && <ApiConfig draft={draft} change={change} variables={variables} />}
          {page === 2 && (
            <VariablesContext.Provider value={variables(0)}>
              <p className="muted">
                Used by every step that does not set its own. Secrets come from the workspace's credentials, picked by name; their values are never shown here. <a href="#/credentials">Manage credentials</a>
              </p>
              <AuthFields legend="Connector authentication" auth={draft.auth} onChange={(auth) => change({ auth })} path="auth" />
              {stored.length === 0 && <p className="muted small">This workspace has no credentials yet.</p>}
            </VariablesContext.Provider>
          )}
          {page === 3 && <TestAndMapping draft={draft} change={change} contacts={people} subject={subject} setSubject={setSubject} result={result} running={running} runError={runError} onRun={() => void runTest()} variables={variables} />}
          {page === 4 && <Advanced draft={draft} change={change} />}
        </div>
      </ProblemsContext.Provider>
      </ConnectAccount.Provider>
      <footer className="wizard-footer">
        <button type="button" onClick={() => setPage(page - 1)} disabled={page === 0}>
          Back
        </button>
        {page < PAGES.length - 1 ? (
          <button type="button" className="primary" onClick={() => setPage(page + 1)}>
            Next: {PAGES[page + 1]}
          </button>
        ) : (
          <button type="button" className="primary" onClick={() => void save()} disabled={saving || !canEdit}>
            {id ? 'Save changes' : 'Save connector'}
          </button>
        )}
      </footer>
      {history && id && (
        <VersionHistory
          connectorId={id}
          onClose={() => setHistory(false)}
          onRestored={() => {
            setHistory(false);
            window.location.reload();
          }}
        />
      )}
    </section>
  );
}
