import type { Caller } from './auth.ts';
import type { Role } from '../store/index.ts';

export interface WorkspaceScope {
  id: string;
  name: string;
  role: Role;
}

/** What middleware leaves on the request context for the routes. */
export interface Env {
  Variables: {
    caller: Caller;
    workspace: WorkspaceScope;
  };
}
