import { type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Definition } from '../../engine/index.ts';
import { buildRunContext, connectionRenewer, MissingContactError } from '../../jobs/run-context.ts';
import { columnsFromDocument, definitionFromRow, documentFromRow, StoredDefinitionError, type Connector, type ConnectorDocument, type Store } from '../../store/index.ts';
import { ApiError, invalid, invalidDefinition, notFound } from '../errors.ts';
import type { Env } from '../env.ts';
import { rateLimit } from '../rate-limit.ts';
import {
  ConnectorDocumentSchema,
  ConnectorSchema,
  DraftTestRequestSchema,
  IdParam,
  MAX_INT,
  PAGE,
  Pagination,
  RunResultSchema,
  TestRequestSchema,
  type TestRequest,
} from '../schemas.ts';
import type { Services } from '../services.ts';
import { freeName, uniqueName } from './connector-names.ts';
import { body, json, list, ok, router, routesOf } from './openapi-helpers.ts';
import { requireRole, rowId, workspaceScope } from '../workspace-scope.ts';

const route = routesOf('Connectors');

const ListQuery = Pagination.extend({
  search: z.string().max(200).optional(),
  category: z.string().max(100).optional(),
  enabled: z.enum(['true', 'false']).optional(),
});
const VersionParams = IdParam.extend({ version: z.coerce.number().int().min(1).max(MAX_INT).openapi({ param: { name: 'version', in: 'path' } }) });
const CloneBody = z.object({ name: z.string().min(1).max(200).optional() }).openapi('CloneRequest');
const VersionSchema = z.object({ version: z.number().int(), created_by: z.string().nullable(), created_at: z.string(), document: z.record(z.string(), z.unknown()) }).openapi('ConnectorVersion');

export function connectorRoutes(services: Services): OpenAPIHono<Env> {
  const { store } = services;
  const app = router();
  // Scoped path by path: /connectors/:id/execute and /executions belong to the executions routes.
  const scoped = workspaceScope(store);
  for (const path of ['/connectors', '/connectors/:id', '/connectors/:id/:action{clone|test|versions}', '/connectors/:id/versions/*']) app.use(path, scoped);
  for (const path of ['/connectors/test', '/connectors/:id/test']) app.use(path, rateLimit(store, services.rateLimitPerMinute));

  app.openapi(
    route({ method: 'get', path: '/connectors', operationId: 'listConnectors', summary: 'List connectors', request: { query: ListQuery }, responses: { 200: list(ConnectorSchema, 'A page of connectors, by name', PAGE) }, errors: [400, 404] }),
    async (c) => {
      const { search, category, enabled, limit, offset } = c.req.valid('query');
      const { items, total } = await store.connectors.list(c.get('workspace').id, { search, category, enabled: enabled === undefined ? undefined : enabled === 'true', limit, offset });
      return c.json({ success: true as const, data: items, total, limit, offset }, 200);
    },
  );

  app.openapi(
    route({ method: 'post', path: '/connectors', operationId: 'createConnector', summary: 'Create a connector', description: 'Accepts both formats of the original design verbatim.', request: body(ConnectorDocumentSchema), responses: { 201: json(ConnectorSchema, 'Created') }, errors: [400, 403, 404, 409, 413] }),
    async (c) => {
      const scope = c.get('workspace');
      requireRole(scope, 'editor');
      const columns = checked(c.req.valid('json'));
      const row = await uniqueName(() => store.connectors.create(scope.id, columns, c.get('caller').id), columns.name);
      return c.json(ok(row), 201);
    },
  );

  app.openapi(
    route({ method: 'post', path: '/connectors/validate', operationId: 'validateConnector', summary: 'Check a definition without saving it', request: body(ConnectorDocumentSchema), responses: { 200: json(z.object({ valid: z.literal(true), type: z.string(), steps: z.array(z.string()) }), 'The definition is valid') }, errors: [400, 403, 404] }),
    (c) => {
      requireRole(c.get('workspace'), 'editor');
      const parsed = columnsFromDocument(c.req.valid('json'));
      if (!parsed.ok) throw invalidDefinition(parsed.issues);
      return c.json(ok({ valid: true as const, type: parsed.definition.type, steps: parsed.definition.steps.map((step) => step.id) }), 200);
    },
  );

  app.openapi(
    route({ method: 'get', path: '/connectors/{id}', operationId: 'getConnector', summary: 'Get a connector', request: { params: IdParam }, responses: { 200: json(ConnectorSchema, 'The connector') }, errors: [404] }),
    async (c) => c.json(ok(await find(store, c.get('workspace').id, c.req.valid('param').id)), 200),
  );

  app.openapi(
    route({ method: 'put', path: '/connectors/{id}', operationId: 'replaceConnector', summary: 'Replace a connector', description: 'The definition it replaces is kept as a version.', request: { params: IdParam, ...body(ConnectorDocumentSchema) }, responses: { 200: json(ConnectorSchema, 'Updated') }, errors: [400, 403, 404, 409, 413] }),
    async (c) => {
      const scope = c.get('workspace');
      requireRole(scope, 'editor');
      const id = rowId(c.req.valid('param').id, 'connector');
      const columns = checked(c.req.valid('json'));
      return c.json(ok(await updated(store, scope.id, id, columns, c.get('caller').id)), 200);
    },
  );

  app.openapi(
    route({ method: 'patch', path: '/connectors/{id}', operationId: 'updateConnector', summary: 'Change some fields of a connector', description: 'Top-level keys replace those of the stored definition (`enabled`, `name`, `steps`, ...); the result is checked whole.', request: { params: IdParam, ...body(ConnectorDocumentSchema) }, responses: { 200: json(ConnectorSchema, 'Updated') }, errors: [400, 403, 404, 409, 413] }),
    async (c) => {
      const scope = c.get('workspace');
      requireRole(scope, 'editor');
      const current = await find(store, scope.id, c.req.valid('param').id);
      const columns = checked({ ...documentFromRow(current), ...c.req.valid('json') });
      return c.json(ok(await updated(store, scope.id, current.id, columns, c.get('caller').id)), 200);
    },
  );

  app.openapi(
    route({ method: 'delete', path: '/connectors/{id}', operationId: 'deleteConnector', summary: 'Delete a connector', request: { params: IdParam }, responses: { 204: { description: 'Deleted' } }, errors: [403, 404] }),
    async (c) => {
      const scope = c.get('workspace');
      requireRole(scope, 'editor');
      if (!(await store.connectors.delete(scope.id, rowId(c.req.valid('param').id, 'connector'), c.get('caller').id))) throw notFound('connector');
      return c.body(null, 204);
    },
  );

  app.openapi(
    route({ method: 'post', path: '/connectors/{id}/clone', operationId: 'cloneConnector', summary: 'Copy a connector', description: 'The copy is named `NAME (copy)` unless a name is given.', request: { params: IdParam, body: { content: { 'application/json': { schema: CloneBody } }, required: false } }, responses: { 201: json(ConnectorSchema, 'The copy') }, errors: [400, 403, 404, 409] }),
    async (c) => {
      const scope = c.get('workspace');
      requireRole(scope, 'editor');
      const source = await find(store, scope.id, c.req.valid('param').id);
      const wanted = c.req.valid('json')?.name;
      const name = wanted ?? (await freeName(store, scope.id, `${source.name} (copy)`));
      const columns = checked({ ...documentFromRow(source), name });
      const row = await uniqueName(() => store.connectors.create(scope.id, columns, c.get('caller').id, { cloned_from: source.id }), name);
      return c.json(ok(row), 201);
    },
  );

  app.openapi(
    route({
      method: 'post',
      path: '/connectors/test',
      operationId: 'testDraftConnector',
      summary: 'Run a definition that is not saved yet and see what it would do',
      description: 'What the connector builder tests a draft with: the same engine, run context and rate limit as a stored connector\'s test. Changes nothing. Errors in the definition are named under `definition`.',
      request: body(DraftTestRequestSchema),
      responses: { 200: json(RunResultSchema, 'The run (also when it failed: see `status` and `error`)') },
      errors: [400, 403, 404, 429],
    }),
    async (c) => {
      const scope = c.get('workspace');
      requireRole(scope, 'editor');
      const { definition: document, ...request } = c.req.valid('json');
      const parsed = columnsFromDocument(document);
      if (!parsed.ok) throw invalidDefinition(parsed.issues.map((issue) => ({ ...issue, path: issue.path ? `definition.${issue.path}` : 'definition' })));
      const result = await testRun(services, c, parsed.definition, request);
      return c.json(ok(result), 200);
    },
  );

  app.openapi(
    route({
      method: 'post',
      path: '/connectors/{id}/test',
      operationId: 'testConnector',
      summary: 'Run a connector now and see what it would do',
      description: 'Runs through the same engine as executions, against the live API, and returns the trace and the patch it would apply. Changes nothing. Counts toward the rate limit.',
      request: { params: IdParam, ...body(TestRequestSchema) },
      responses: { 200: json(RunResultSchema, 'The run (also when it failed: see `status` and `error`)') },
      errors: [400, 403, 404, 429],
    }),
    async (c) => {
      const scope = c.get('workspace');
      requireRole(scope, 'editor');
      const connector = await find(store, scope.id, c.req.valid('param').id);
      const result = await testRun(services, c, runnable(connector), c.req.valid('json'), connector.id);
      return c.json(ok(result), 200);
    },
  );

  app.openapi(
    route({ method: 'get', path: '/connectors/{id}/versions', operationId: 'listConnectorVersions', summary: 'Earlier definitions of a connector', request: { params: IdParam }, responses: { 200: list(VersionSchema, 'Newest first', { current_version: z.number().int(), current_document: z.record(z.string(), z.unknown()).openapi({ description: 'The current definition, as the versions hold theirs: what a version is compared with' }) }) }, errors: [404] }),
    async (c) => {
      const scope = c.get('workspace');
      const connector = await find(store, scope.id, c.req.valid('param').id);
      return c.json({ success: true as const, data: await store.connectors.versions(scope.id, connector.id), current_version: connector.version, current_document: documentFromRow(connector) as Record<string, unknown> }, 200);
    },
  );

  app.openapi(
    route({ method: 'post', path: '/connectors/{id}/versions/{version}/restore', operationId: 'restoreConnectorVersion', summary: 'Make an earlier definition current again', description: 'The definition it replaces is kept as a version too.', request: { params: VersionParams }, responses: { 200: json(ConnectorSchema, 'Restored') }, errors: [400, 403, 404, 409] }),
    async (c) => {
      const scope = c.get('workspace');
      requireRole(scope, 'editor');
      const { id, version } = c.req.valid('param');
      const stored = await store.connectors.version(scope.id, rowId(id, 'connector'), version);
      if (!stored) throw notFound('version');
      const columns = checked(stored.document);
      const row = await uniqueName(() => store.connectors.update(scope.id, id, columns, c.get('caller').id, 'restore', { from_version: version }), columns.name);
      if (!row) throw notFound('connector');
      return c.json(ok(row), 200);
    },
  );

  return app;
}

export function checked(document: ConnectorDocument) {
  const parsed = columnsFromDocument(document);
  if (!parsed.ok) throw invalidDefinition(parsed.issues);
  return parsed.columns;
}

/** A test run: the run context a real execution would get, the engine, an audit entry; nothing else changes. */
async function testRun(services: Services, c: Context<Env>, definition: Definition, request: TestRequest, connectorId: string | null = null) {
  const scope = c.get('workspace');
  let context;
  try {
    context = await buildRunContext(services.store, scope, { contactId: request.contact_id === undefined ? undefined : rowId(request.contact_id, 'contact'), inputData: request.input_data });
  } catch (error) {
    if (error instanceof MissingContactError) throw notFound('contact');
    throw error;
  }
  if (request.step !== undefined && !definition.steps.some((step) => step.id === request.step)) throw invalid('the request body is not valid', [{ path: 'step', message: `no step has id "${request.step}"` }]);
  const only = request.step === undefined ? {} : { only: { step: request.step, earlier: request.earlier } };
  const { durationMs, ...rest } = await services.engine.run(definition, { ...context, ...only }, { renewConnection: connectionRenewer(services.store, scope.id) });
  await services.store.audit.record({ workspace_id: scope.id, user_id: c.get('caller').id, action: 'test', resource_type: 'connector', resource_id: connectorId, details: { status: rest.status, duration_ms: durationMs, ...(connectorId ? {} : { draft: definition.name }) } });
  return { ...rest, duration_ms: durationMs };
}

/** A stored connector's definition, or a 409 naming what no longer passes. */
export function runnable(connector: Connector): Definition {
  try {
    return definitionFromRow(connector);
  } catch (error) {
    if (error instanceof StoredDefinitionError) throw new ApiError(409, 'connector_invalid', error.message, error.issues.map(({ path, message }) => ({ path, message })));
    throw error;
  }
}

async function find(store: Store, workspaceId: string, id: string) {
  const row = await store.connectors.get(workspaceId, rowId(id, 'connector'));
  if (!row) throw notFound('connector');
  return row;
}

async function updated(store: Store, workspaceId: string, id: string, columns: ReturnType<typeof checked>, actor: string) {
  const row = await uniqueName(() => store.connectors.update(workspaceId, id, columns, actor), columns.name);
  if (!row) throw notFound('connector');
  return row;
}
