import { createMiddleware } from 'hono/factory';
import { isUuid, type Role, type Store } from '../store/index.ts';
import { ApiError, notFound } from './errors.ts';
import type { Env, WorkspaceScope } from './env.ts';

/**
 * Resolves `X-Workspace-Id` to a workspace the caller is a member of. Any other workspace,
 * existing or not, answers 404: its existence is not revealed.
 */
export function workspaceScope(store: Store) {
  return createMiddleware<Env>(async (c, next) => {
    // Routers whose paths overlap (/contacts/* and /contacts/:id/executions) resolve it once.
    if (c.get('workspace')) return next();
    const id = c.req.header('x-workspace-id') ?? c.get('caller').workspaceId;
    if (!id) throw new ApiError(400, 'workspace_required', 'send the workspace in the X-Workspace-Id header', [{ path: 'X-Workspace-Id', message: 'is required' }]);
    c.set('workspace', await memberScope(store, id, c.get('caller').id));
    await next();
  });
}

/** The workspace with the caller's role in it, or 404. */
export async function memberScope(store: Store, workspaceId: string, userId: string): Promise<WorkspaceScope> {
  const found = isUuid(workspaceId) ? await store.workspaces.findForMember(workspaceId, userId) : undefined;
  if (!found) throw notFound('workspace');
  return found;
}

const RANK: Record<Role, number> = { viewer: 0, editor: 1, owner: 2 };

/** Viewers read; editors and owners change; owners manage members. */
export function requireRole(scope: WorkspaceScope, role: Role): void {
  if (RANK[scope.role] < RANK[role]) {
    throw new ApiError(403, 'forbidden', `this needs the ${role} role in the workspace; you are ${scope.role === 'editor' ? 'an' : 'a'} ${scope.role}`);
  }
}

/** Path ids that are not UUIDs cannot name a row: 404 like any other unknown id. */
export function rowId(id: string, what: string): string {
  if (!isUuid(id)) throw notFound(what);
  return id;
}
