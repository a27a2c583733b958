import { type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Env } from '../env.ts';
import { AuditEntrySchema } from '../schemas.ts';
import type { Services } from '../services.ts';
import { workspaceScope } from '../workspace-scope.ts';
import { list, ok, router, routesOf } from './openapi-helpers.ts';

const AuditQuery = z.object({
  resource_type: z.enum(['workspace', 'member', 'connector', 'contact', 'credential']).optional(),
  resource_id: z.string().max(200).optional(),
  before: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional().openapi({ description: 'The id of the last entry of the previous page' }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const route = routesOf('Audit log');

export function auditRoutes({ store }: Services): OpenAPIHono<Env> {
  const app = router();
  app.use('/audit', workspaceScope(store));

  app.openapi(
    route({ method: 'get', path: '/audit', operationId: 'listAuditEntries', summary: 'Who created, changed, deleted or ran what, when', request: { query: AuditQuery }, responses: { 200: list(AuditEntrySchema, 'Newest first') }, errors: [400, 404] }),
    async (c) => {
      const { resource_type: resourceType, resource_id: resourceId, before, limit } = c.req.valid('query');
      return c.json(ok(await store.audit.list(c.get('workspace').id, { resourceType, resourceId, before, limit })), 200);
    },
  );

  return app;
}
