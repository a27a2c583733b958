import { useCallback, useEffect, useState } from 'react';
import { api, ApiProblem, session, type Workspace } from './api.ts';
import { ConnectorsDashboard } from './screens/ConnectorsDashboard.tsx';
import { Contacts } from './screens/Contacts.tsx';
import { SignIn } from './screens/SignIn.tsx';

const SCREENS = [
  { path: 'connectors', label: 'Connectors', Screen: ConnectorsDashboard },
  { path: 'contacts', label: 'Contacts', Screen: Contacts },
] as const;

/** `#/contacts` → 'contacts'; a sign-in link's `#token=...` is taken and removed first. */
function useRoute(): string {
  const read = () => window.location.hash.replace(/^#\/?/, '') || SCREENS[0].path;
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const onChange = () => setRoute(read());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

/** Takes the token from a sign-in link (`#token=...`) and removes it from the address bar and the history. */
function takeTokenFromLink(): boolean {
  const match = /^#token=([^&]+)/.exec(window.location.hash);
  if (!match) return false;
  session.token = decodeURIComponent(match[1]!);
  history.replaceState(null, '', `${window.location.pathname}#/${SCREENS[0].path}`);
  return true;
}
takeTokenFromLink();

type State = { kind: 'loading' } | { kind: 'signed-out'; message?: string } | { kind: 'ready'; workspaces: Workspace[] };

export function App() {
  const route = useRoute();
  const [state, setState] = useState<State>(session.token ? { kind: 'loading' } : { kind: 'signed-out' });
  const [workspace, setWorkspace] = useState<string | null>(session.workspace);

  const load = useCallback(async () => {
    try {
      const { data } = await api<{ data: Workspace[] }>('GET', '/workspaces');
      const chosen = data.find((one) => one.id === session.workspace) ?? data[0];
      session.workspace = chosen?.id ?? null;
      setWorkspace(session.workspace);
      setState({ kind: 'ready', workspaces: data });
    } catch (error) {
      session.token = null;
      setState({ kind: 'signed-out', message: error instanceof ApiProblem ? error.message : 'the server could not be reached' });
    }
  }, []);

  useEffect(() => {
    if (state.kind === 'loading') void load();
  }, [state.kind, load]);

  // A sign-in link opened in a tab already showing the app changes only the fragment.
  useEffect(() => {
    const onLink = () => {
      if (takeTokenFromLink()) setState({ kind: 'loading' });
    };
    window.addEventListener('hashchange', onLink);
    return () => window.removeEventListener('hashchange', onLink);
  }, []);

  if (state.kind === 'signed-out') {
    return (
      <SignIn
        message={state.message}
        onToken={(token) => {
          session.token = token;
          setState({ kind: 'loading' });
        }}
      />
    );
  }
  if (state.kind === 'loading') return <p className="centered muted">Signing in…</p>;

  const current = SCREENS.find((screen) => route.startsWith(screen.path)) ?? SCREENS[0];
  const choose = (id: string) => {
    session.workspace = id;
    setWorkspace(id);
  };
  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Main">
        <div className="brand">Connectors</div>
        <ul>
          {SCREENS.map((screen) => (
            <li key={screen.path}>
              <a href={`#/${screen.path}`} aria-current={screen === current ? 'page' : undefined}>
                {screen.label}
              </a>
            </li>
          ))}
        </ul>
        <label className="field workspace-switcher">
          <span>Workspace</span>
          <select value={workspace ?? ''} onChange={(event) => choose(event.target.value)}>
            {state.workspaces.map((one) => (
              <option key={one.id} value={one.id}>
                {one.name}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="link"
          onClick={() => {
            session.token = null;
            setState({ kind: 'signed-out' });
          }}
        >
          Sign out
        </button>
      </nav>
      <main className="content">
        {workspace ? <current.Screen key={workspace} /> : <p className="empty">You are not a member of any workspace yet.</p>}
      </main>
    </div>
  );
}
