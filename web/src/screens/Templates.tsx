import { useState } from 'react';
import { api, type Credential, type Template } from '../api.ts';
import { ConnectorIcon } from '../components/connector-icon.tsx';
import { Dialog } from '../components/dialog.tsx';
import { Field } from '../components/field.tsx';
import { SearchField } from '../search-field.tsx';
import { messageOf, useDebounced, usePage, useResource } from '../use-resource.ts';
import { useCanEdit } from '../workspace-role.ts';
import { Alert, Pager, PageStates } from '../page-states.tsx';

/** Install a template: its name, and the credentials it needs (left empty, a stored one is kept). */
function InstallDialog({ template, stored, onClose }: { template: Template; stored: Credential[]; onClose: () => void }) {
  const [name, setName] = useState(template.name);
  const [values, setValues] = useState<Record<string, Record<string, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const install = async () => {
    setBusy(true);
    setError(null);
    // Only credentials whose every field was given are sent; others stay as stored.
    const credentials = Object.fromEntries(
      template.credentials.flatMap((needed) => {
        const given = values[needed.service_name] ?? {};
        return needed.fields.every((field) => given[field]) ? [[needed.service_name, given]] : [];
      }),
    );
    try {
      const { connector } = await api<{ connector: { id: string } }>('POST', `/connector-templates/${template.id}/install`, { name, credentials });
      window.location.hash = `#/connectors/${connector.id}/runs`;
    } catch (caught) {
      setError(messageOf(caught));
      setBusy(false);
    }
  };
  return (
    <Dialog title={`Install ${template.name}`} onClose={onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void install();
        }}
      >
        <Field label="Connector name">
          <input value={name} onChange={(event) => setName(event.target.value)} required autoFocus />
        </Field>
        {template.credentials.map((needed) => {
          const has = stored.some((credential) => credential.service_name === needed.service_name);
          return (
            <fieldset key={needed.service_name}>
              <legend>
                Credential <code>{needed.service_name}</code> {has && <span className="badge status-success">stored</span>}
              </legend>
              <p className="muted small">
                {needed.description}
                {has ? '. Leave it empty to keep the stored one.' : ''}
              </p>
              {needed.fields.map((field) => (
                <Field key={field} label={`${needed.service_name} ${field}`}>
                  <input
                    type="password"
                    autoComplete="off"
                    value={values[needed.service_name]?.[field] ?? ''}
                    onChange={(event) => setValues({ ...values, [needed.service_name]: { ...values[needed.service_name], [field]: event.target.value } })}
                  />
                </Field>
              ))}
            </fieldset>
          );
        })}
        <Alert message={error} />
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            Install
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** The shipped connector templates by category; installing one makes a connector of this workspace. */
export function Templates() {
  const [credentials] = useResource(() => api<{ data: Credential[] }>('GET', '/workspace/credentials'), 'credentials');
  const [category, setCategory] = useState('');
  const [search, setSearch] = useState('');
  const settled = useDebounced(search);
  const { page: templates, paging } = usePage<Template, { categories: string[] }>('/connector-templates', { search: settled, category }, 24);
  // Every category, whatever the filter; the last page read stays while the next one loads.
  const categories = templates.state === 'ready' ? templates.value.categories : [];
  const [installing, setInstalling] = useState<Template | null>(null);
  const canEdit = useCanEdit();
  return (
    <section aria-labelledby="templates-title">
      <header className="page-header">
        <div>
          <h1 id="templates-title">Templates</h1>
          <p className="muted">Ready-made connectors for common APIs. Install one, give it its credentials, and run it.</p>
        </div>
      </header>
      <div className="toolbar" role="search">
        <SearchField value={search} onChange={setSearch} placeholder="Name or description" />
      </div>
      <div className="chips" role="group" aria-label="Category">
        {['', ...categories].map((one) => (
          <button key={one || 'all'} type="button" aria-pressed={category === one} onClick={() => setCategory(one)}>
            {one || 'All'}
          </button>
        ))}
      </div>
      <PageStates page={templates} what="templates" empty="No template matches these filters.">
        {(shown) => (
          <ul className="card-grid">
            {shown.map((template) => (
              <li key={template.id} className="card template-card">
                <div className="with-icon">
                  <ConnectorIcon icon={template.icon} name={template.name} />
                  <h2>{template.name}</h2>
                </div>
                {template.category && <span className="badge">{template.category}</span>}
                {template.is_featured && <span className="badge">Featured</span>}
                <p>{template.description}</p>
                <p className="muted small">Installed {template.usage_count === 1 ? 'once' : `${template.usage_count} times`}</p>
                <p className="muted small">Needs: {template.credentials.map((needed) => needed.service_name).join(', ') || 'no credentials'}</p>
                <button type="button" className="primary" aria-label={`Install ${template.name}`} onClick={() => setInstalling(template)} disabled={!canEdit}>
                  Install
                </button>
              </li>
            ))}
          </ul>
        )}
      </PageStates>
      <Pager paging={paging} what="templates" />
      {installing && <InstallDialog template={installing} stored={credentials.state === 'ready' ? credentials.value.data : []} onClose={() => setInstalling(null)} />}
    </section>
  );
}
