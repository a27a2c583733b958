import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { documentFromRow } from '../../store/index.ts';
import { notFound } from '../errors.ts';
import type { Env } from '../env.ts';
import { ConnectorSchema, PAGE, Pagination, TemplateSchema } from '../schemas.ts';
import type { Services } from '../services.ts';
import { requireRole, workspaceScope } from '../workspace-scope.ts';
import { checked } from './connectors.ts';
import { freeName, uniqueName } from './connector-names.ts';
import { json, list, ok, router, routesOf, userSecurity } from './openapi-helpers.ts';

const route = routesOf('Templates');
const TemplateParam = z.object({
  id: z.string().max(100).openapi({ param: { name: 'id', in: 'path' }, description: 'The template\'s id, or its slug', example: 'phone-enrichment' }),
});
const ListQuery = Pagination.extend({ search: z.string().max(200).optional(), category: z.string().max(100).optional() });
const InstallBody = z
  .object({
    name: z.string().min(1).max(200).optional().openapi({ description: 'Defaults to the template\'s name (made unique)' }),
    credentials: z
      .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/), z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/), z.string().min(1).max(10_000)))
      .optional()
      .openapi({ description: 'Credentials to store with it: `{ service_name: { field: value } }`' }),
  })
  .openapi('InstallRequest', { example: { credentials: { api_key: { value: 'your-key' } } } });
const InstallResult = z.object({
  connector: ConnectorSchema,
  credentials: z.array(z.object({ service_name: z.string(), fields: z.array(z.string()), description: z.string(), stored: z.boolean() })).openapi({ description: 'What the connector needs, and whether the workspace has it; store missing ones at /workspace/credentials' }),
});

export function templateRoutes({ store }: Services): OpenAPIHono<Env> {
  const app = router();
  app.use('/connector-templates/:id/install', workspaceScope(store));

  app.openapi(
    route({
      method: 'get',
      path: '/connector-templates',
      operationId: 'listTemplates',
      security: userSecurity,
      summary: 'List connector templates',
      request: { query: ListQuery },
      responses: { 200: list(TemplateSchema, 'A page of templates, featured first, then by name', { ...PAGE, categories: z.array(z.string()).openapi({ description: 'Every category templates have, for a filter' }) }) },
      errors: [400],
    }),
    async (c) => {
      const query = c.req.valid('query');
      const { items, total, categories } = await store.templates.list(query);
      return c.json({ success: true as const, data: items, total, limit: query.limit, offset: query.offset, categories }, 200);
    },
  );

  app.openapi(
    route({ method: 'get', path: '/connector-templates/{id}', operationId: 'getTemplate', security: userSecurity, summary: 'Get a template', request: { params: TemplateParam }, responses: { 200: json(TemplateSchema, 'The template') }, errors: [404] }),
    async (c) => {
      const template = await store.templates.get(c.req.valid('param').id);
      if (!template) throw notFound('template');
      return c.json(ok(template), 200);
    },
  );

  app.openapi(
    route({
      method: 'post',
      path: '/connector-templates/{id}/install',
      operationId: 'installTemplate',
      summary: 'Install a template into the workspace',
      description: 'Creates a connector from the template and stores any credentials given; the answer says which credentials it still needs.',
      request: { params: TemplateParam, body: { content: { 'application/json': { schema: InstallBody } }, required: false } },
      responses: { 201: json(InstallResult, 'Installed') },
      errors: [400, 403, 404, 409],
    }),
    async (c) => {
      const scope = c.get('workspace');
      requireRole(scope, 'editor');
      const template = await store.templates.get(c.req.valid('param').id);
      if (!template) throw notFound('template');
      const given = c.req.valid('json') ?? {};
      const actor = c.get('caller').id;
      const name = given.name ?? (await freeName(store, scope.id, template.name));
      const connector = await uniqueName(() => store.connectors.create(scope.id, checked(documentFromRow({ ...template, name })), actor, { template: template.slug }), name);
      await store.templates.countInstall(template.id);
      for (const [service, fields] of Object.entries(given.credentials ?? {})) await store.credentials.put(scope.id, service, fields, actor);
      const stored = new Set((await store.credentials.list(scope.id)).map((credential) => credential.service_name));
      return c.json(ok({ connector, credentials: template.credentials.map((needed) => ({ ...needed, stored: stored.has(needed.service_name) })) }), 201);
    },
  );

  return app;
}
