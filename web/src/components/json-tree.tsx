/** A node shows this many children; a huge response stays quick to draw. */
const SHOWN = 200;

/** Where a key goes in a path: `a.b`, `a[0]`, and `a["x@y.z"]` for a key that is not a name. */
function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) return `${parent}[${JSON.stringify(key)}]`;
  return parent ? `${parent}.${key}` : key;
}

function Leaf({ value, path, onPick }: { value: unknown; path: string; onPick?: (path: string, value: unknown) => void }) {
  const shown = JSON.stringify(value) ?? 'undefined';
  const kind = value === null ? 'null' : typeof value;
  if (!onPick) return <code className={`json-${kind}`}>{shown}</code>;
  return (
    <button type="button" className={`json-value json-${kind}`} aria-label={`${path} = ${shown}`} title="Map this value" onClick={() => onPick(path, value)}>
      {shown}
    </button>
  );
}

function Node({ name, value, path, depth, onPick }: { name: string; value: unknown; path: string; depth: number; onPick?: (path: string, value: unknown) => void }) {
  if (value === null || typeof value !== 'object') {
    return (
      <li>
        <span className="json-key">{name}</span> <Leaf value={value} path={path} onPick={onPick} />
      </li>
    );
  }
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((item, index) => [index, item]) : Object.entries(value);
  return (
    <li>
      <details open={depth < 4}>
        <summary>
          <span className="json-key">{name}</span> <span className="muted">{Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`}</span>
        </summary>
        <ul>
          {entries.slice(0, SHOWN).map(([key, item]) => (
            <Node key={key} name={typeof key === 'number' ? `[${key}]` : key} value={item} path={childPath(path, key)} depth={depth + 1} onPick={onPick} />
          ))}
          {entries.length > SHOWN && <li className="muted">… and {entries.length - SHOWN} more</li>}
        </ul>
      </details>
    </li>
  );
}

/** A JSON value as a tree; with `onPick`, each value is a button that gives its path (`results[0].id`). */
export function JsonTree({ value, onPick, label }: { value: unknown; onPick?: (path: string, value: unknown) => void; label: string }) {
  return (
    <ul className="json-tree" aria-label={label}>
      <Node name="response" value={value} path="" depth={0} onPick={onPick} />
    </ul>
  );
}
