import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiProblem, session, type Workspace } from './api.ts';
import type { ComponentType } from 'react';
import { ConnectorBuilder } from './connector-builder/ConnectorBuilder.tsx';
import { mayLeave } from './leave-guard.ts';
import { FlowEditor } from './flows/FlowEditor.tsx';
import { ConnectorRuns } from './screens/ConnectorRuns.tsx';
import { ConnectorsDashboard } from './screens/ConnectorsDashboard.tsx';
import { ContactDetail } from './screens/ContactDetail.tsx';
import { Contacts } from './screens/Contacts.tsx';
import { Credentials } from './screens/Credentials.tsx';
import { AuditLog } from './screens/AuditLog.tsx';
import { Flows } from './screens/Flows.tsx';
import { SignIn } from './screens/SignIn.tsx';
import { Templates } from './screens/Templates.tsx';
import { RoleContext } from './workspace-role.ts';

type Screen = ComponentType<{ params: string[] }>;

/** Each section of the sidebar: its list, and the screens under it by the route's last part. */
const SCREENS: { path: string; label: string; Screen: Screen; detail?: Screen; under?: Record<string, Screen> }[] = [
  { path: 'connectors', label: 'Connectors', Screen: ConnectorsDashboard, detail: ConnectorBuilder, under: { edit: ConnectorBuilder, runs: ConnectorRuns } },
  { path: 'flows', label: 'Flows', Screen: Flows, detail: FlowEditor },
  { path: 'contacts', label: 'Contacts', Screen: Contacts, detail: ContactDetail },
  { path: 'templates', label: 'Templates', Screen: Templates },
  { path: 'credentials', label: 'Credentials', Screen: Credentials },
  { path: 'audit', label: 'Audit log', Screen: AuditLog },
];

/** `#/connectors/ID/runs?x` → the connectors section's runs screen with params ['ID']. */
function resolve(route: string): { section: (typeof SCREENS)[number]; Screen: Screen; params: string[] } {
  const [first, id, sub] = route.split('?')[0]!.split('/');
  const section = SCREENS.find((screen) => screen.path === first) ?? SCREENS[0]!;
  const Screen = (sub ? section.under?.[sub] : id ? section.detail : undefined) ?? section.Screen;
  return { section, Screen, params: id ? [id] : [] };
}

/** `#/contacts` → 'contacts'; a sign-in link's `#token=...` is taken and removed first. */
function useRoute(): string {
  const read = () => window.location.hash.replace(/^#\/?/, '') || SCREENS[0]!.path;
  const [route, setRoute] = useState(read);
  const shown = useRef(route);
  useEffect(() => {
    const onChange = (event: HashChangeEvent) => {
      const next = read();
      if (next === shown.current) return;
      // Unsaved work: the address goes back to the screen that holds it unless the user agrees to leave.
      if (!mayLeave()) {
        history.replaceState(null, '', event.oldURL);
        return;
      }
      shown.current = next;
      setRoute(next);
    };
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
  history.replaceState(null, '', `${window.location.pathname}#/${SCREENS[0]!.path}`);
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

  const current = resolve(route);
  const role = state.workspaces.find((one) => one.id === workspace)?.role;
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
              <a href={`#/${screen.path}`} aria-current={screen === current.section ? 'page' : undefined}>
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
        {role === 'viewer' && (
          <p className="notice viewer" role="note">
            You are a viewer in this workspace: you can look at everything, and change nothing.
          </p>
        )}
        {workspace ? (
          <RoleContext.Provider value={role ?? 'viewer'}>
            <current.Screen key={`${workspace}:${route.split('?')[0]}`} params={current.params} />
          </RoleContext.Provider>
        ) : (
          <p className="empty">You are not a member of any workspace yet.</p>
        )}
      </main>
    </div>
  );
}
