import { useEffect, useRef, useState } from 'react';
import { api, ApiProblem, categoriesOf, type Connector, type Contact, type Credential, type ImportResult, type Problem, type RunResult } from '../api.ts';
import { ProblemsContext } from '../components/field.tsx';
import { typedInputs } from '../components/input-form.tsx';
import { DeclareContext, VariablesContext, type Declaration } from '../components/template-field.tsx';
import { messageOf, useFirstPage, useResource } from '../use-resource.ts';
import { Advanced } from './Advanced.tsx';
import { ApiConfig } from './ApiConfig.tsx';
import { AuthFields, ConnectAccount } from './AuthFields.tsx';
import { BasicInfo } from './BasicInfo.tsx';
import { documentFromDraft, draftFromConnector, draftFromImport, draftProblems, inputsOf, newDraft, newStep, type Draft } from './draft.ts';
import { ImportDialog } from './ImportDialog.tsx';
import { guardLeaving } from '../leave-guard.ts';
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
 * (`#/connectors/ID?connected=NAME` or `?oauth_error=...`: on the Authentication page), or that
 * a new connector was just saved (`?saved=NAME&page=N`: on the page it was saved from); the
 * address is then made plain again.
 */
function arrival(): { outcome: Outcome; page: number } {
  const hash = window.location.hash;
  const query = new URLSearchParams(hash.slice(hash.indexOf('?') + 1 || hash.length));
  const connected = query.get('connected');
  const failed = query.get('oauth_error');
  const saved = query.get('saved');
  if (!connected && !failed && !saved) return { outcome: null, page: 0 };
  history.replaceState(null, '', `${window.location.pathname}${hash.split('?')[0]}`);
  if (saved) return { outcome: { kind: 'info', text: `${saved} saved` }, page: Math.min(PAGES.length - 1, Math.max(0, Number(query.get('page')) || 0)) };
  return { outcome: connected ? { kind: 'info', text: `Account connected: its tokens are stored, encrypted, as the credential "${connected}".` } : { kind: 'error', text: `The account was not connected: ${failed}` }, page: 2 };
}

/** Create or edit a connector, page by page; errors the API names land on their fields. */
export function ConnectorBuilder({ params }: { params: string[] }) {
  const id = params[0] && params[0] !== 'new' ? params[0] : null;
  const [loaded] = useResource(() => (id ? api<Connector>('GET', `/connectors/${id}`) : Promise.resolve(null)), id ?? 'new');
  const [credentials] = useResource(() => api<{ data: Credential[] }>('GET', '/workspace/credentials'), 'credentials');
  const people = useFirstPage<Contact>('/contacts');
  const connectors = useFirstPage<Connector>('/connectors');
  const [draft, setDraft] = useState<Draft | null>(id ? null : newDraft());
  const [returned] = useState(arrival);
  const [page, setPage] = useState(returned.page);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [message, setMessage] = useState<Outcome>(returned.outcome);
  const [saving, setSaving] = useState(false);
  const [history, setHistory] = useState(false);
  const [subject, setSubject] = useState<TestSubject>({ contactId: '', sample: '{\n  "email": "jose.tayzon@example.com",\n  "phone_number": "+16266958105"\n}', inputs: {} });
  const [result, setResult] = useState<RunResult | null>(null);
  const [running, setRunning] = useState(false);
  const [runError, setRunError] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  const [sending, setSending] = useState<string | null>(null);
  const [samples, setSamples] = useState<Record<string, unknown>>({});
  const [kept, setKept] = useState<KeptDraft | null>(null);
  const canEdit = useCanEdit();
  // What was last saved (or loaded), as the API stores it: the draft is unsaved while it differs.
  const [blank] = useState(() => (id ? null : asStored(newDraft())));
  const baseline = useRef<string | null>(blank);
  const current = useRef(draft);
  current.current = draft;
  const unsaved = () => current.current !== null && baseline.current !== null && asStored(current.current) !== baseline.current;
  const keptKey = `connectors.draft.${id ?? 'new'}`;

  useEffect(() => {
    if (loaded.state !== 'ready' || !loaded.value) return;
    const opened = draftFromConnector(loaded.value);
    baseline.current = asStored(opened);
    setDraft(opened);
  }, [loaded]);

  // A draft kept in this browser from before (a reload, a closed tab) is offered back, once the connector is open.
  const offered = useRef(false);
  useEffect(() => {
    if (draft === null || offered.current) return;
    offered.current = true;
    const found = readKept(keptKey);
    if (found && asStored(found.draft) !== baseline.current) setKept(found);
  }, [draft, keptKey]);

  // Unsaved work is kept in this browser until saved, and leaving asks first.
  useEffect(() => {
    if (draft === null || kept !== null) return;
    if (unsaved()) localStorage.setItem(keptKey, JSON.stringify({ savedAt: new Date().toISOString(), draft }));
    else localStorage.removeItem(keptKey);
    // Written when the draft changes, not at every render (a test's answer, a page change).
  }, [draft, kept, keptKey]);
  useEffect(() => guardLeaving(() => (unsaved() ? 'This connector has unsaved changes. Leave without saving them?' : null)), []);
  // Ctrl+S (Cmd+S) saves, wherever the focus is.
  const saveNow = useRef<() => void>(() => undefined);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
        event.preventDefault();
        saveNow.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (loaded.state !== 'ready' || !draft) return <Pending resource={loaded} what="the connector" />;

  const stored = credentials.state === 'ready' ? credentials.value.data : [];
  // Each step's last answer: the last test's (or the step's last send), else a sample.
  const answers: Record<string, unknown> = { ...samples };
  for (const trace of result?.steps ?? []) if (trace.status === 'success' && trace.response) answers[trace.id] = trace.response.body;
  const variables = (stepIndex: number) => variablesFor(draft, stored, stepIndex, answers);
  // Functional, so that two changes in one event (a template and the output it declares) both land.
  const change = (patch: Partial<Draft>) => setDraft((current) => current && { ...current, ...patch });
  const declare = ({ step, output, path }: Declaration) =>
    setDraft((current) => current && { ...current, steps: current.steps.map((one) => (one.key === step && !one.outputs.some((pair) => pair.key === output) ? { ...one, outputs: [...one.outputs, { key: output, value: path }] } : one)) });

  /**
   * Sends one step, as Postman's Send does: with the inputs of the test panel and, standing in
   * for the steps before it, what they gave last (their outputs, or their answers).
   */
  const sendStep = async (index: number) => {
    const step = draft.steps[index]!;
    setSending(step.key);
    setRunError(null);
    try {
      const earlier = Object.fromEntries(
        draft.steps.slice(0, index).flatMap((one) => {
          const trace = result?.steps.find((traced) => traced.id === one.id && traced.status === 'success');
          if (trace) return [[one.id, one.outputs.some((pair) => pair.key) ? trace.outputs : trace.response?.body]];
          return Object.hasOwn(samples, one.id) ? [[one.id, samples[one.id]]] : [];
        }),
      );
      const contact = subject.contactId ? {} : { contact: subjectContact(subject, people) };
      const sent = await api<RunResult>('POST', '/connectors/test', {
        definition: documentFromDraft(draft),
        step: step.id,
        earlier,
        ...(subject.contactId ? { contact_id: subject.contactId } : {}),
        input_data: { ...typedInputs(inputsOf(draft), subject.inputs), ...contact },
      });
      const trace = sent.steps.find((one) => one.id === step.id)!;
      // The step's answer joins the last test's: the rest of it stays as it was.
      setResult(result ? { ...result, steps: result.steps.map((one) => (one.id === step.id ? trace : one)) } : sent);
      setProblems([]);
    } catch (error) {
      if (error instanceof ApiProblem && error.details.length > 0) show(error, /^definition\.?/);
      else setMessage({ kind: 'error', text: messageOf(error) });
    } finally {
      setSending(null);
    }
  };

  const show = (error: unknown, strip: string | RegExp = '') => {
    if (error instanceof ApiProblem && error.details.length > 0) {
      const named = onBuilderFields(error.details, draft, strip);
      setProblems(named);
      setPage(pageOf(named[0]!.path));
      setMessage({ kind: 'error', text: `${error.message}: ${named.length} ${named.length === 1 ? 'field needs' : 'fields need'} a change` });
    } else setMessage({ kind: 'error', text: messageOf(error) });
  };

  /** Saves the draft, then goes on with `next`: stays in the builder unless told otherwise. */
  const save = async (next: (saved: Connector) => Promise<void> | void = stay) => {
    // Shown on their fields as they are typed: saving only says where.
    const local = draftProblems(draft);
    if (local.length > 0) {
      setPage(pageOf(local[0]!.path));
      setMessage({ kind: 'error', text: `the connector definition is not valid: ${local.length} ${local.length === 1 ? 'field needs' : 'fields need'} a change` });
      return;
    }
    setSaving(true);
    setMessage(null);
    try {
      const saved = await api<Connector>(id ? 'PUT' : 'POST', id ? `/connectors/${id}` : '/connectors', documentFromDraft(draft));
      baseline.current = asStored(draft);
      localStorage.removeItem(keptKey);
      setProblems([]);
      await next(saved);
    } catch (error) {
      show(error);
    } finally {
      setSaving(false);
    }
  };

  /** A new connector's builder becomes the saved one's; an edited one stays as it is. */
  function stay(saved: Connector) {
    if (!id) window.location.hash = `#/connectors/${saved.id}?${new URLSearchParams({ saved: saved.name, page: String(page) })}`;
    else setMessage({ kind: 'info', text: `${saved.name} saved` });
  }

  const imported = (result: ImportResult) => {
    const next = draftFromImport(result.definition ?? {});
    setDraft(next);
    setSamples(result.samples ?? {});
    setImporting(false);
    setProblems([]);
    setPage(1);
    const missing = result.credentials.filter((credential) => credential.missing.length > 0).map((credential) => `the credential "${credential.service_name}" needs ${credential.missing.join(', ')} (Credentials)`);
    const storedNote = result.credentials.filter((credential) => credential.stored).map((credential) => `the secrets it held are stored as the credential "${credential.service_name}"`);
    setMessage({ kind: 'info', text: [`Imported ${next.steps.length} ${next.steps.length === 1 ? 'step' : 'steps'}`, ...storedNote, ...missing, ...result.notes].join(' · ') });
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

  saveNow.current = () => {
    if (canEdit && !saving) void save();
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
          {!id && (
            <button type="button" onClick={() => setImporting(true)} disabled={!canEdit}>
              Import…
            </button>
          )}
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
      {kept && (
        <div className="notice" role="region" aria-label="Unsaved changes kept">
          <p>Unsaved changes from {new Date(kept.savedAt).toLocaleString()} were kept in this browser.</p>
          <button
            type="button"
            className="primary"
            onClick={() => {
              // Fresh keys: the kept ones may be given to new steps again.
              setDraft({ ...kept.draft, steps: kept.draft.steps.map((step, index) => ({ ...step, key: newStep(index).key })) });
              setKept(null);
            }}
          >
            Restore them
          </button>{' '}
          <button
            type="button"
            onClick={() => {
              localStorage.removeItem(keptKey);
              setKept(null);
            }}
          >
            Discard them
          </button>
        </div>
      )}
      {importing && <ImportDialog onImported={imported} onClose={() => setImporting(false)} />}
      <ConnectAccount.Provider value={{ connect: (stepId) => void connect(stepId), stored, busy: saving || !canEdit }}>
      <DeclareContext.Provider value={declare}>
      <ProblemsContext.Provider value={[...problems, ...draftProblems(draft).filter((local) => !problems.some((problem) => problem.path === local.path))]}>
        <div className="wizard-page" role="region" aria-label={PAGES[page]}>
          {page === 0 && <BasicInfo draft={draft} change={change} categories={categoriesOf(connectors)} />}
          {page === 1 && <ApiConfig draft={draft} change={change} variables={variables} onSend={(index) => void sendStep(index)} sending={sending} traces={result?.steps ?? []} />}
          {page === 2 && (
            <VariablesContext.Provider value={variables(0)}>
              <p className="muted">
                Used by every step that does not set its own. Secrets come from the workspace's credentials, picked by name; their values are never shown here. <a href="#/credentials">Manage credentials</a>
              </p>
              <AuthFields legend="Connector authentication" auth={draft.auth} onChange={(auth) => change({ auth })} path="auth" />
              {stored.length === 0 && <p className="muted small">This workspace has no credentials yet.</p>}
            </VariablesContext.Provider>
          )}
          {page === 3 && <TestAndMapping draft={draft} change={change} contacts={people} subject={subject} setSubject={setSubject} result={result} samples={samples} setSamples={setSamples} running={running} runError={runError} onRun={() => void runTest()} variables={variables} />}
          {page === 4 && <Advanced draft={draft} change={change} />}
        </div>
      </ProblemsContext.Provider>
      </DeclareContext.Provider>
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

/** A draft as it would be stored: what "unsaved" compares. */
function asStored(draft: Draft): string {
  return JSON.stringify(documentFromDraft(draft));
}

interface KeptDraft {
  savedAt: string;
  draft: Draft;
}

function readKept(key: string): KeptDraft | null {
  try {
    const kept = JSON.parse(localStorage.getItem(key) ?? 'null') as KeptDraft | null;
    return kept && typeof kept.savedAt === 'string' && kept.draft && Array.isArray(kept.draft.steps) ? kept : null;
  } catch {
    return null;
  }
}
