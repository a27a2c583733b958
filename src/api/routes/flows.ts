import { randomUUID } from 'node:crypto';
import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { STANDARD_CONTACT_FIELDS, type Issue } from '../../engine/index.ts';
import { parseFlow } from '../../jobs/flow-definition.ts';
import { FLOW_RUN_STATUSES, type FlowAction, type FlowRun, type Store } from '../../store/index.ts';
import { ContactIds, knownContacts, MAX_BULK } from '../bulk-contacts.ts';
import { ApiError, invalid, invalidDefinition, notFound } from '../errors.ts';
import type { Env } from '../env.ts';
import { streamProgress, type ProgressView } from '../progress-stream.ts';
import { rateLimit, takeBulkRuns } from '../rate-limit.ts';
import { eventStream, FlowDocumentSchema, FlowRunSchema, FlowSchema, IdParam, PAGE, Pagination } from '../schemas.ts';
import type { Services } from '../services.ts';
import { requireRole, rowId, workspaceScope } from '../workspace-scope.ts';
import { uniqueName } from './connector-names.ts';
import { body, json, list, ok, router, routesOf } from './openapi-helpers.ts';

const route = routesOf('Flows');

const RunRequest = z.object({ contact_id: z.uuid('must be a contact id') }).openapi('FlowRunRequest');
const BulkRunRequest = z
  .object({
    contact_ids: ContactIds.optional(),
    filter: z
      .object({
        search: z.string().max(200).optional().openapi({ description: 'Matches name, email, phone and company' }),
        missing: z.enum(STANDARD_CONTACT_FIELDS).optional().openapi({ description: 'Only contacts where this field is empty' }),
      })
      .optional()
      .openapi({ description: `The contacts to run for (at most ${MAX_BULK}, oldest first) when no ids are given` }),
  })
  .openapi('BulkFlowRunRequest');
const RunsQuery = Pagination.extend({ status: z.enum(FLOW_RUN_STATUSES).optional(), batch_id: z.uuid().optional() });
const Counts = z.object(Object.fromEntries(FLOW_RUN_STATUSES.map((status) => [status, z.number().int()])) as Record<(typeof FLOW_RUN_STATUSES)[number], z.ZodNumber>);

export function flowRoutes({ store, queue, rateLimitPerMinute, bulkLimitPerMinute }: Services): OpenAPIHono<Env> {
  const app = router();
  for (const path of ['/flows', '/flows/*', '/flow-runs/*']) app.use(path, workspaceScope(store));
  app.on('POST', ['/flows/:id/run', '/flows/:id/runs'], rateLimit(store, rateLimitPerMinute));

  app.openapi(
    route({ method: 'get', path: '/flows', operationId: 'listFlows', summary: 'List flows', request: { query: Pagination.extend({ search: z.string().max(200).optional() }) }, responses: { 200: list(FlowSchema, 'A page of flows, by name', PAGE) }, errors: [400, 404] }),
    async (c) => {
      const { search, limit, offset } = c.req.valid('query');
      const { items, total } = await store.flows.list(c.get('workspace').id, { search, limit, offset });
      return c.json({ success: true as const, data: items, total, limit, offset }, 200);
    },
  );

  app.openapi(
    route({ method: 'post', path: '/flows', operationId: 'createFlow', summary: 'Create a flow', request: body(FlowDocumentSchema), responses: { 201: json(FlowSchema, 'Created') }, errors: [400, 403, 404, 409, 413] }),
    async (c) => {
      const scope = c.get('workspace');
      requireRole(scope, 'editor');
      const flow = await checkedFlow(store, scope.id, c.req.valid('json'));
      return c.json(ok(await uniqueName(() => store.flows.create(scope.id, flow, c.get('caller').id), flow.name, 'flow')), 201);
    },
  );

  app.openapi(
    route({ method: 'get', path: '/flows/{id}', operationId: 'getFlow', summary: 'Get a flow', request: { params: IdParam }, responses: { 200: json(FlowSchema, 'The flow') }, errors: [404] }),
    async (c) => c.json(ok(await findFlow(store, c.get('workspace').id, c.req.valid('param').id)), 200),
  );

  app.openapi(
    route({ method: 'put', path: '/flows/{id}', operationId: 'replaceFlow', summary: 'Replace a flow', description: 'Runs already made keep the actions they were made with.', request: { params: IdParam, ...body(FlowDocumentSchema) }, responses: { 200: json(FlowSchema, 'Updated') }, errors: [400, 403, 404, 409, 413] }),
    async (c) => {
      const scope = c.get('workspace');
      requireRole(scope, 'editor');
      const id = rowId(c.req.valid('param').id, 'flow');
      const flow = await checkedFlow(store, scope.id, c.req.valid('json'));
      const row = await uniqueName(() => store.flows.update(scope.id, id, flow, c.get('caller').id), flow.name, 'flow');
      if (!row) throw notFound('flow');
      return c.json(ok(row), 200);
    },
  );

  app.openapi(
    route({ method: 'delete', path: '/flows/{id}', operationId: 'deleteFlow', summary: 'Delete a flow', description: 'Its runs are kept (with `flow_id` null) until pruned.', request: { params: IdParam }, responses: { 204: { description: 'Deleted' } }, errors: [403, 404] }),
    async (c) => {
      const scope = c.get('workspace');
      requireRole(scope, 'editor');
      if (!(await store.flows.delete(scope.id, rowId(c.req.valid('param').id, 'flow'), c.get('caller').id))) throw notFound('flow');
      return c.body(null, 204);
    },
  );

  app.openapi(
    route({
      method: 'post',
      path: '/flows/{id}/run',
      operationId: 'runFlow',
      summary: 'Send a flow to a contact',
      description: 'Queues one run; answers at once with its id. Counts toward the rate limit.',
      request: { params: IdParam, ...body(RunRequest) },
      responses: { 202: json(z.object({ id: z.string(), status: z.enum(FLOW_RUN_STATUSES) }), 'Queued') },
      errors: [400, 403, 404, 409, 429],
    }),
    async (c) => {
      const scope = c.get('workspace');
      requireRole(scope, 'editor');
      const flow = await runnableFlow(store, scope.id, c.req.valid('param').id);
      const contactId = rowId(c.req.valid('json').contact_id, 'contact');
      if (!(await store.contacts.get(scope.id, contactId))) throw notFound('contact');
      const [id] = await store.flowRuns.create({ workspaceId: scope.id, flowId: flow.id, actions: flow.actions, contactIds: [contactId], batchId: null, triggeredBy: c.get('caller').id }, queue.enqueue.flowRun);
      return c.json(ok({ id: id!, status: 'pending' as const }), 202);
    },
  );

  app.openapi(
    route({
      method: 'post',
      path: '/flows/{id}/runs',
      operationId: 'runFlowInBulk',
      summary: 'Send a flow to many contacts',
      description: `Up to ${MAX_BULK} contact ids, or a contact filter; each contact counts against the workspace's bulk allowance per minute (CONNECTORS_BULK_LIMIT). Every run is queued at once and shares a \`batch_id\`; follow them with \`GET /flows/{id}/runs?batch_id=\`, whose \`counts\` give the progress.`,
      request: { params: IdParam, ...body(BulkRunRequest) },
      responses: { 202: json(z.object({ batch_id: z.string(), count: z.number().int() }), 'Queued') },
      errors: [400, 403, 404, 409, 429],
    }),
    async (c) => {
      const scope = c.get('workspace');
      requireRole(scope, 'editor');
      const flow = await runnableFlow(store, scope.id, c.req.valid('param').id);
      const { contact_ids: given, filter } = c.req.valid('json');
      let contactIds: string[];
      if (given) {
        contactIds = await knownContacts(store, scope.id, given);
      } else if (filter) {
        contactIds = await store.contacts.ids(scope.id, filter, MAX_BULK);
      } else {
        throw invalid('say which contacts', [{ path: 'contact_ids', message: 'give contact_ids or a filter' }]);
      }
      await takeBulkRuns(store, scope.id, contactIds.length, bulkLimitPerMinute);
      const batchId = randomUUID();
      // Every run and its job in one transaction: the request is accepted whole, or not at all.
      const ids = await store.flowRuns.create({ workspaceId: scope.id, flowId: flow.id, actions: flow.actions, contactIds, batchId, triggeredBy: c.get('caller').id }, queue.enqueue.flowRun);
      return c.json(ok({ batch_id: batchId, count: ids.length }), 202);
    },
  );

  app.openapi(
    route({
      method: 'get',
      path: '/flows/{id}/runs',
      operationId: 'listFlowRuns',
      summary: 'Runs of a flow',
      request: { params: IdParam, query: RunsQuery },
      responses: { 200: list(FlowRunSchema, 'Newest first', { ...PAGE, counts: Counts.openapi({ description: 'Runs in each status, for the flow (or the batch), whatever the status filter' }) }) },
      errors: [400, 404],
    }),
    async (c) => {
      const scope = c.get('workspace');
      const flow = await findFlow(store, scope.id, c.req.valid('param').id);
      const { status, batch_id: batchId, limit, offset } = c.req.valid('query');
      const { items, total, counts } = await store.flowRuns.list(scope.id, flow.id, { status, batchId, limit, offset });
      return c.json({ success: true as const, data: items, total, limit, offset, counts }, 200);
    },
  );

  app.openapi(
    route({ method: 'get', path: '/flow-runs/{id}', operationId: 'getFlowRun', summary: 'A flow run, with each action\'s result', request: { params: IdParam }, responses: { 200: json(FlowRunSchema, 'The flow run') }, errors: [404] }),
    async (c) => {
      const run = await store.flowRuns.get(c.get('workspace').id, rowId(c.req.valid('param').id, 'flow run'));
      if (!run) throw notFound('flow run');
      return c.json(ok(run), 200);
    },
  );

  app.openapi(
    route({
      method: 'get',
      path: '/flow-runs/{id}/events',
      operationId: 'followFlowRun',
      summary: 'Live progress of a flow run (server-sent events)',
      description: 'Events: `action_started` { index, type, name, connector_id }, `action_finished` (the action\'s result), then `flow_run` with the final state, after which the stream ends.',
      request: { params: IdParam },
      responses: { ...eventStream('The event stream') },
      errors: [404],
    }),
    async (c) => {
      const workspaceId = c.get('workspace').id;
      const id = rowId(c.req.valid('param').id, 'flow run');
      const run = await store.flowRuns.get(workspaceId, id);
      if (!run) throw notFound('flow run');
      const actions = run.actions as FlowAction[];
      return streamProgress(c, async () => {
        const row = await store.flowRuns.get(workspaceId, id);
        return row && flowRunProgress(row);
      }, {
        started: 'action_started',
        finished: 'action_finished',
        final: 'flow_run',
        label: (index) => {
          const action = actions[index];
          return { type: action?.type, name: action?.name, ...(action?.type === 'connector' ? { connector_id: action.connector_id } : {}) };
        },
      });
    },
  );

  return app;
}

function flowRunProgress(run: FlowRun): ProgressView {
  const done = run.status === 'success' || run.status === 'failed';
  return {
    finished: run.results as unknown as Record<string, unknown>[],
    current: run.current_action,
    ...(done ? { final: { id: run.id, status: run.status, actions_done: run.actions_done, error_message: run.error_message } } : {}),
  };
}

/** A flow as written, checked, with each connector it names found in the workspace. */
async function checkedFlow(store: Store, workspaceId: string, document: Record<string, unknown>) {
  const parsed = parseFlow(document);
  if (!parsed.ok) throw invalidDefinition(parsed.issues, 'flow');
  const issues: Issue[] = [];
  for (const [index, action] of parsed.flow.actions.entries()) {
    if (action.type === 'connector' && !(await store.connectors.get(workspaceId, action.connector_id))) {
      issues.push({ path: `actions[${index}].connector_id`, message: 'no connector with this id in this workspace' });
    }
  }
  if (issues.length > 0) throw invalidDefinition(issues, 'flow');
  return parsed.flow;
}

async function findFlow(store: Store, workspaceId: string, id: string) {
  const flow = await store.flows.get(workspaceId, rowId(id, 'flow'));
  if (!flow) throw notFound('flow');
  return flow;
}

async function runnableFlow(store: Store, workspaceId: string, id: string) {
  const flow = await findFlow(store, workspaceId, id);
  if (!flow.enabled) throw new ApiError(409, 'flow_disabled', `flow "${flow.name}" is disabled; enable it to run it`);
  return flow;
}
