import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { notFound } from '../errors.ts';
import type { Env } from '../env.ts';
import { CredentialInput, CredentialSummarySchema } from '../schemas.ts';
import type { Services } from '../services.ts';
import { requireRole, workspaceScope } from '../workspace-scope.ts';
import { body, json, list, ok, router, routesOf } from './openapi-helpers.ts';

const route = routesOf('Credentials');
const ServiceParam = z.object({ service_name: z.string().max(64).openapi({ param: { name: 'service_name', in: 'path' } }) });

export function credentialRoutes({ store }: Services): OpenAPIHono<Env> {
  const app = router();
  app.use('/workspace/credentials', workspaceScope(store));
  app.use('/workspace/credentials/*', workspaceScope(store));

  app.openapi(
    route({ method: 'get', path: '/workspace/credentials', operationId: 'listCredentials', summary: 'List stored credentials', description: 'Service names and masked hints only; values are never returned.', responses: { 200: list(CredentialSummarySchema, 'By service name') }, errors: [404] }),
    async (c) => c.json(ok(await store.credentials.list(c.get('workspace').id)), 200),
  );

  app.openapi(
    route({
      method: 'post',
      path: '/workspace/credentials',
      operationId: 'storeCredential',
      summary: 'Store a credential',
      description: 'Encrypted at rest (AES-256-GCM). Replaces the service\'s earlier value. A single-value credential such as `api_key` is `{ "value": "..." }` and reads as `{{workspace.api_key}}`; others read as `{{credentials.SERVICE.FIELD}}`.',
      request: body(CredentialInput),
      responses: { 201: json(CredentialSummarySchema, 'Stored') },
      errors: [400, 403, 404, 413],
    }),
    async (c) => {
      const scope = c.get('workspace');
      requireRole(scope, 'editor');
      const { service_name: serviceName, credentials } = c.req.valid('json');
      return c.json(ok(await store.credentials.put(scope.id, serviceName, credentials, c.get('caller').id)), 201);
    },
  );

  app.openapi(
    route({ method: 'delete', path: '/workspace/credentials/{service_name}', operationId: 'deleteCredential', summary: 'Delete a credential', request: { params: ServiceParam }, responses: { 204: { description: 'Deleted' } }, errors: [403, 404] }),
    async (c) => {
      const scope = c.get('workspace');
      requireRole(scope, 'editor');
      if (!(await store.credentials.delete(scope.id, c.req.valid('param').service_name, c.get('caller').id))) throw notFound('credential');
      return c.body(null, 204);
    },
  );

  return app;
}
