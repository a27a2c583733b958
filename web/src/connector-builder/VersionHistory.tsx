import { diffLines } from 'diff';
import { useState } from 'react';
import { api } from '../api.ts';
import { ConfirmDialog, Dialog } from '../components/dialog.tsx';
import { messageOf, useResource } from '../use-resource.ts';
import { useCanEdit } from '../workspace-role.ts';
import { Alert, Pending } from '../page-states.tsx';

interface Version {
  version: number;
  created_by: string | null;
  created_at: string;
  document: Record<string, unknown>;
}

/** One row of a side-by-side diff: the line on each side (null where a side has none), and whether they differ. */
interface DiffRow {
  before: string | null;
  after: string | null;
  changed: boolean;
}

/** Two definitions side by side, line by line, as JSON: removed lines left, added right, the rest on both. */
function sideBySide(before: unknown, after: unknown): DiffRow[] {
  const rows: DiffRow[] = [];
  let removed: string[] = [];
  const lines = (text: string) => text.replace(/\n$/, '').split('\n');
  const flush = (added: string[]) => {
    for (let at = 0; at < Math.max(removed.length, added.length); at++) rows.push({ before: removed[at] ?? null, after: added[at] ?? null, changed: true });
    removed = [];
  };
  for (const part of diffLines(`${JSON.stringify(canonical(before), null, 2)}\n`, `${JSON.stringify(canonical(after), null, 2)}\n`)) {
    if (part.removed) removed.push(...lines(part.value));
    else if (part.added) flush(lines(part.value));
    else {
      flush([]);
      for (const line of lines(part.value)) rows.push({ before: line, after: line, changed: false });
    }
  }
  flush([]);
  return rows;
}

/** Keys in one order at every level: two definitions differ only where their values do. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical((value as Record<string, unknown>)[key])]));
}

/** Lines kept around each change; longer unchanged runs are folded. */
const CONTEXT = 3;

function Diff({ rows, left, right }: { rows: DiffRow[]; left: string; right: string }) {
  const near = (index: number) => rows.slice(Math.max(0, index - CONTEXT), index + CONTEXT + 1).some((row) => row.changed);
  return (
    <table className="table compact diff" aria-label={`${left} and ${right}, side by side`}>
      <thead>
        <tr>
          <th scope="col">{left}</th>
          <th scope="col">{right}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) =>
          near(index) ? (
            <tr key={index} className={row.changed ? 'changed' : undefined}>
              <td className={row.changed && row.before !== null ? 'removed' : undefined}>
                <code>{row.before ?? ''}</code>
              </td>
              <td className={row.changed && row.after !== null ? 'added' : undefined}>
                <code>{row.after ?? ''}</code>
              </td>
            </tr>
          ) : near(index - 1) ? (
            <tr key={index}>
              <td colSpan={2} className="muted small">
                …
              </td>
            </tr>
          ) : null,
        )}
      </tbody>
    </table>
  );
}

/** Earlier definitions of a connector, newest first: view one beside the current one, or make it current again (asked first). */
export function VersionHistory({ connectorId, onRestored, onClose }: { connectorId: string; onRestored: () => void; onClose: () => void }) {
  const [versions] = useResource(() => api<{ current_version: number; current_document: Record<string, unknown>; data: Version[] }>('GET', `/connectors/${connectorId}/versions`), connectorId);
  const [viewing, setViewing] = useState<Version | null>(null);
  const [restoring, setRestoring] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const canEdit = useCanEdit();
  const restore = async (version: number) => {
    setRestoring(null);
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
                          {viewing?.version === version.version ? 'Hide' : 'Compare with current'}
                        </button>
                        <button type="button" onClick={() => setRestoring(version.version)} disabled={!canEdit}>
                          Restore version {version.version}
                        </button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {viewing && <Diff rows={sideBySide(viewing.document, versions.value.current_document)} left={`Version ${viewing.version}`} right={`Current (version ${versions.value.current_version})`} />}
          {restoring !== null && (
            <ConfirmDialog
              title={`Restore version ${restoring}?`}
              text={`Version ${restoring} becomes the current definition; the current one (version ${versions.value.current_version}) is kept as a version, so this can be undone.`}
              confirm={`Restore version ${restoring}`}
              onConfirm={() => void restore(restoring)}
              onCancel={() => setRestoring(null)}
            />
          )}
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
