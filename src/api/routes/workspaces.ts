import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { ApiError, notFound } from '../errors.ts';
import type { Env } from '../env.ts';
import { MemberSchema, RoleSchema, WorkspaceSchema } from '../schemas.ts';
import type { Services } from '../services.ts';
import { memberScope, requireRole } from '../workspace-scope.ts';
import { body, json, list, ok, router, routesOf, userSecurity } from './openapi-helpers.ts';

const route = routesOf('Workspaces');
const WorkspaceParam = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) });
const MemberParams = WorkspaceParam.extend({ user_id: z.string().max(200).openapi({ param: { name: 'user_id', in: 'path' } }) });

export function workspaceRoutes({ store }: Services): OpenAPIHono<Env> {
  const app = router();

  app.openapi(
    route({ method: 'get', path: '/workspaces', operationId: 'listWorkspaces', security: userSecurity, summary: 'Your workspaces', responses: { 200: list(WorkspaceSchema, 'With your role in each')} }),
    async (c) => c.json(ok(await store.workspaces.listForUser(c.get('caller').id)), 200),
  );

  app.openapi(
    route({ method: 'post', path: '/workspaces', operationId: 'createWorkspace', security: userSecurity, summary: 'Create a workspace', description: 'You become its owner.', request: body(z.object({ name: z.string().trim().min(1).max(200) }).openapi('WorkspaceInput')), responses: { 201: json(WorkspaceSchema, 'Created') }, errors: [400, 413] }),
    async (c) => c.json(ok(await store.workspaces.create(c.req.valid('json').name, c.get('caller').id)), 201),
  );

  app.openapi(
    route({ method: 'get', path: '/workspaces/{id}', operationId: 'getWorkspace', security: userSecurity, summary: 'Get a workspace', request: { params: WorkspaceParam }, responses: { 200: json(WorkspaceSchema, 'The workspace') }, errors: [404] }),
    async (c) => c.json(ok(await memberScope(store, c.req.valid('param').id, c.get('caller').id)), 200),
  );

  app.openapi(
    route({ method: 'get', path: '/workspaces/{id}/members', operationId: 'listMembers', security: userSecurity, summary: 'Members of a workspace', request: { params: WorkspaceParam }, responses: { 200: list(MemberSchema, 'Oldest first') }, errors: [404] }),
    async (c) => {
      const scope = await memberScope(store, c.req.valid('param').id, c.get('caller').id);
      return c.json(ok(await store.workspaces.members(scope.id)), 200);
    },
  );

  app.openapi(
    route({ method: 'put', path: '/workspaces/{id}/members/{user_id}', operationId: 'putMember', security: userSecurity, summary: 'Add a member or change their role', description: 'Owners only. `user_id` is the `sub` of their token.', request: { params: MemberParams, ...body(z.object({ role: RoleSchema }).openapi('MemberInput')) }, responses: { 200: json(MemberSchema, 'The member') }, errors: [400, 403, 404] }),
    async (c) => {
      const { id, user_id: userId } = c.req.valid('param');
      const scope = await memberScope(store, id, c.get('caller').id);
      requireRole(scope, 'owner');
      const member = await store.workspaces.putMember(scope.id, userId, c.req.valid('json').role, c.get('caller').id);
      if (member === 'last-owner') throw lastOwner();
      return c.json(ok(member), 200);
    },
  );

  app.openapi(
    route({ method: 'delete', path: '/workspaces/{id}/members/{user_id}', operationId: 'removeMember', security: userSecurity, summary: 'Remove a member', description: 'Owners only; the last owner stays.', request: { params: MemberParams }, responses: { 204: { description: 'Removed' } }, errors: [403, 404, 409] }),
    async (c) => {
      const { id, user_id: userId } = c.req.valid('param');
      const scope = await memberScope(store, id, c.get('caller').id);
      requireRole(scope, 'owner');
      const outcome = await store.workspaces.removeMember(scope.id, userId, c.get('caller').id);
      if (outcome === 'not-found') throw notFound('member');
      if (outcome === 'last-owner') throw lastOwner();
      return c.body(null, 204);
    },
  );

  return app;
}

function lastOwner(): ApiError {
  return new ApiError(409, 'last_owner', 'a workspace keeps at least one owner; make someone else owner first');
}
