import { useState } from 'react';
import { api } from '../api.ts';
import { Dialog } from '../components/dialog.tsx';
import { messageOf, useResource } from '../use-resource.ts';
import { useCanEdit } from '../workspace-role.ts';
import { Alert, Pending } from '../page-states.tsx';

interface Version {
  version: number;
  created_by: string | null;
  created_at: string;
  document: Record<string, unknown>;
}

/** Earlier definitions of a connector, newest first: view one, or make it current again. */
export function VersionHistory({ connectorId, onRestored, onClose }: { connectorId: string; onRestored: () => void; onClose: () => void }) {
  const [versions] = useResource(() => api<{ current_version: number; data: Version[] }>('GET', `/connectors/${connectorId}/versions`), connectorId);
  const [viewing, setViewing] = useState<Version | null>(null);
  const [error, setError] = useState<string | null>(null);
  const canEdit = useCanEdit();
  const restore = async (version: number) => {
    try {
      await api('POST', `/connectors/${connectorId}/versions/${version}/restore`);
      onRestored();
    } catch (caught) {
      setError(messageOf(caught));
    }
  };
  return (
    <Dialog title="Version history" onClose={onClose}>
      {versions.state !== 'ready' && <Pending resource={versions} what="the versions" />}
      <Alert message={error} />
      {versions.state === 'ready' && (
        <>
          <p className="muted small">Current version: {versions.value.current_version}. Restoring keeps the current one as a version too.</p>
          {versions.value.data.length === 0 ? (
            <p className="empty">No earlier version: this connector has not been changed since it was created.</p>
          ) : (
            <table className="table compact">
              <thead>
                <tr>
                  <th scope="col">Version</th>
                  <th scope="col">Saved</th>
                  <th scope="col">By</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {versions.value.data.map((version) => (
                  <tr key={version.version}>
                    <td>{version.version}</td>
                    <td className="small">{new Date(version.created_at).toLocaleString()}</td>
                    <td className="small">{version.created_by ?? '—'}</td>
                    <td className="actions">
                      <div>
                        <button type="button" onClick={() => setViewing(viewing?.version === version.version ? null : version)}>
                          {viewing?.version === version.version ? 'Hide' : 'View'}
                        </button>
                        <button type="button" onClick={() => void restore(version.version)} disabled={!canEdit}>
                          Restore version {version.version}
                        </button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {viewing && <pre className="code scroll" aria-label={`Version ${viewing.version}`}>{JSON.stringify(viewing.document, null, 2)}</pre>}
        </>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
