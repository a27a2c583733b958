import type { Caller } from './auth.ts';
import type { Role, Workspace } from '../store/index.ts';

/** The workspace a request works in, with the caller's role in it. */
export type WorkspaceScope = Workspace & { role: Role };

/** What middleware leaves on the request context for the routes. */
export interface Env {
  Variables: {
    caller: Caller;
    workspace: WorkspaceScope;
  };
}
