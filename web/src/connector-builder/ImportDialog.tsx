import { useState } from 'react';
import { api, ApiProblem, type ImportOperation, type ImportResult } from '../api.ts';
import { Dialog } from '../components/dialog.tsx';
import { Field, ProblemsContext } from '../components/field.tsx';
import { messageOf } from '../use-resource.ts';
import { Alert } from '../page-states.tsx';
import type { Problem } from '../api.ts';

const SOURCES = { curl: 'cURL', openapi: 'OpenAPI', postman: 'Postman' } as const;
type Source = keyof typeof SOURCES;

const PLACEHOLDERS: Record<Source, string> = {
  curl: 'curl https://api.hunter.io/v2/email-verifier?email=<EMAIL> \\\n  -H "Authorization: Bearer YOUR_API_KEY"',
  openapi: 'https://api.example.com/openapi.json, or the document itself (JSON or YAML)',
  postman: 'The collection as Postman exports it (Collection v2.1)',
};

/**
 * Starts a connector from what an API's documentation already says: cURL commands, one
 * operation of an OpenAPI document (listed and searchable), or a Postman collection. The
 * draft comes back unsaved; the secrets the source held are stored only when asked.
 */
export function ImportDialog({ onImported, onClose }: { onImported: (result: ImportResult) => void; onClose: () => void }) {
  const [source, setSource] = useState<Source>('curl');
  const [text, setText] = useState('');
  const [search, setSearch] = useState('');
  const [operations, setOperations] = useState<ImportOperation[] | null>(null);
  const [storeSecrets, setStoreSecrets] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);

  const call = async (body: Record<string, unknown>) => {
    setBusy(true);
    setError(null);
    setProblems([]);
    try {
      const result = await api<ImportResult>('POST', '/connectors/import', { ...body, store_credentials: storeSecrets });
      if (result.operations) setOperations(result.operations);
      else onImported(result);
    } catch (problem) {
      if (problem instanceof ApiProblem && problem.details.length > 0) setProblems(problem.details.map((detail) => ({ ...detail, path: detail.path === 'operation' ? 'openapi' : detail.path })));
      setError(messageOf(problem));
    } finally {
      setBusy(false);
    }
  };

  const readFile = async (file: File | undefined) => {
    if (file) setText(await file.text());
  };

  return (
    <Dialog title="Import a connector" onClose={onClose}>
      <ProblemsContext.Provider value={problems}>
        <div role="tablist" aria-label="Import from" className="tabs">
          {(Object.keys(SOURCES) as Source[]).map((one) => (
            <button
              key={one}
              type="button"
              role="tab"
              aria-selected={one === source}
              onClick={() => {
                setSource(one);
                setOperations(null);
                setProblems([]);
                setError(null);
              }}
            >
              {SOURCES[one]}
            </button>
          ))}
        </div>
        <Field label={source === 'curl' ? 'cURL commands' : source === 'openapi' ? 'OpenAPI document or its address' : 'Postman collection'} path={source} hint={source === 'curl' ? 'As the API docs print them; several commands make several steps' : undefined}>
          <textarea
            className="code"
            rows={8}
            value={text}
            placeholder={PLACEHOLDERS[source]}
            onChange={(event) => {
              setText(event.target.value);
              setOperations(null);
            }}
          />
        </Field>
        {source !== 'curl' && (
          <Field label="Or a file">
            <input type="file" accept=".json,.yaml,.yml" onChange={(event) => void readFile(event.target.files?.[0])} />
          </Field>
        )}
        <label className="inline">
          <input type="checkbox" checked={storeSecrets} onChange={(event) => setStoreSecrets(event.target.checked)} /> Store the secrets it holds as workspace credentials (never shown again)
        </label>
        <Alert message={error} />
        {operations && (
          <section aria-label="Operations">
            <Field label="Search operations">
              <input type="search" value={search} onChange={(event) => setSearch(event.target.value)} placeholder="contact, email, GET /people" />
            </Field>
            <ul className="operation-list">
              {operations
                .filter((operation) => search.toLowerCase().split(/\s+/).every((word) => `${operation.key} ${operation.method} ${operation.path} ${operation.summary ?? ''} ${operation.tags.join(' ')}`.toLowerCase().includes(word)))
                .slice(0, 100)
                .map((operation) => (
                  <li key={operation.key}>
                    <button type="button" onClick={() => void call({ openapi: text, operation: operation.key })} disabled={busy}>
                      <code>
                        {operation.method} {operation.path}
                      </code>{' '}
                      {operation.summary ?? operation.key}
                    </button>
                  </li>
                ))}
            </ul>
          </section>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="primary" disabled={busy || text.trim() === ''} onClick={() => void call({ [source]: text })}>
            {busy ? 'Reading…' : source === 'openapi' ? 'List operations' : 'Import'}
          </button>
        </div>
      </ProblemsContext.Provider>
    </Dialog>
  );
}
