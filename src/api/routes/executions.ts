import { type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Step, StepTrace } from '../../engine/index.ts';
import { connectorRefusal, definitionFromRow, EXECUTION_STATUSES, StoredDefinitionError, type Connector, type Execution, type Refusal } from '../../store/index.ts';
import { ContactIds, knownContacts, MAX_BULK } from '../bulk-contacts.ts';
import { ApiError, invalid, notFound } from '../errors.ts';
import type { Env } from '../env.ts';
import { rateLimit, takeBulkRuns } from '../rate-limit.ts';
import { streamProgress, type ProgressView } from '../progress-stream.ts';
import { eventStream, ExecutionSchema, IdParam, PAGE, Pagination } from '../schemas.ts';
import type { Services } from '../services.ts';
import { requireRole, rowId, workspaceScope } from '../workspace-scope.ts';
import { body, json, list, ok, router, routesOf } from './openapi-helpers.ts';

const route = routesOf('Executions');

const ExecuteRequest = z
  .object({
    contact_id: z.string().optional().openapi({ description: 'The contact to run for; its fields fill {{contact.*}} and the run\'s patch is applied to it' }),
    contact_ids: ContactIds.optional().openapi({ description: `Instead of \`contact_id\`: up to ${MAX_BULK} contacts, one run each (the same \`input_data\`), queued together; each counts against the workspace's bulk allowance per minute (CONNECTORS_BULK_LIMIT)` }),
    input_data: z.record(z.string(), z.unknown()).default({}).openapi({ description: '`contact` fills {{contact.*}} (over the stored contact); other keys fill {{input.*}}' }),
    idempotency_key: z.string().min(1).max(200).optional().openapi({ description: 'The same key within 24 hours returns the same execution' }),
  })
  .openapi('ExecuteRequest');

export function executionRoutes({ store, queue, rateLimitPerMinute, bulkLimitPerMinute }: Services): OpenAPIHono<Env> {
  const app = router();
  app.use('/connectors/:id/execute', workspaceScope(store), rateLimit(store, rateLimitPerMinute));
  for (const path of ['/connectors/:id/executions', '/contacts/:id/executions']) app.use(path, workspaceScope(store));
  app.use('/executions/*', workspaceScope(store));

  app.openapi(
    route({
      method: 'post',
      path: '/connectors/{id}/execute',
      operationId: 'executeConnector',
      summary: 'Queue a run of a connector',
      description: 'Answers at once with the execution id; the run happens on a worker, which applies the patch to the contact. Counts toward the rate limit. With `contact_ids`, one run per contact, all queued at once.',
      request: { params: IdParam, ...body(ExecuteRequest) },
      responses: {
        202: json(
          z.union([
            z.object({ id: z.string(), status: z.enum(EXECUTION_STATUSES), created: z.boolean() }),
            z.object({ count: z.number().int(), executions: z.array(z.object({ id: z.string(), contact_id: z.string() })).openapi({ description: 'One per contact, in the order given' }) }),
          ]),
          'Queued (or, for a repeated idempotency key, the earlier execution); for `contact_ids`, every run',
        ),
      },
      errors: [400, 403, 404, 409, 429],
    }),
    async (c) => {
      const scope = c.get('workspace');
      requireRole(scope, 'editor');
      const connectorId = rowId(c.req.valid('param').id, 'connector');
      const { contact_id: contactId, contact_ids: contactIds, input_data: inputData, idempotency_key: idempotencyKey } = c.req.valid('json');
      if (contactIds) {
        const refused = connectorRefusal(await store.connectors.get(scope.id, connectorId));
        if (refused) throw refusedError(refused);
        const clash = contactId !== undefined ? 'contact_id' : idempotencyKey !== undefined ? 'idempotency_key' : undefined;
        if (clash) throw invalid(`${clash} and contact_ids do not go together`, [{ path: clash, message: 'give either one contact (with its key) or contact_ids' }]);
        const ids = await knownContacts(store, scope.id, contactIds);
        await takeBulkRuns(store, scope.id, ids.length, bulkLimitPerMinute);
        const executions = await store.executions.createMany({ workspaceId: scope.id, connectorId, contactIds: ids, inputData, triggeredBy: c.get('caller').id }, queue.enqueue.execution);
        return c.json(ok({ count: executions.length, executions }), 202);
      }
      // The connector and the contact are checked where the run is recorded, in the same transaction.
      const made = await store.executions.create(
        { workspaceId: scope.id, connectorId, contactId: contactId === undefined ? null : rowId(contactId, 'contact'), inputData, idempotencyKey: idempotencyKey ?? null, triggeredBy: c.get('caller').id },
        queue.enqueue.execution,
      );
      if ('refused' in made) throw refusedError(made.refused);
      const { execution, created } = made;
      // A retry with the same key gets the run it made; should that run's job be gone, it gets one again.
      if (!created && execution.status === 'pending') await queue.requeueOrphans('execution', [execution.id]);
      return c.json(ok({ id: execution.id, status: execution.status, created }), 202);
    },
  );

  const ExecutionsQuery = Pagination.extend({ status: z.enum(EXECUTION_STATUSES).optional() });
  const history = (of: 'connector' | 'contact') =>
    route({
      method: 'get',
      path: `/${of}s/{id}/executions`,
      operationId: of === 'connector' ? 'listConnectorExecutions' : 'listContactExecutions',
      summary: of === 'connector' ? 'Runs of a connector' : 'Runs made for a contact',
      request: { params: IdParam, query: ExecutionsQuery },
      responses: { 200: list(ExecutionSchema, 'Newest first', PAGE) },
      errors: [400, 404],
    });

  app.openapi(history('connector'), async (c) => {
    const scope = c.get('workspace');
    const connector = await store.connectors.get(scope.id, rowId(c.req.valid('param').id, 'connector'));
    if (!connector) throw notFound('connector');
    const { status, limit, offset } = c.req.valid('query');
    const { items, total } = await store.executions.list(scope.id, { connectorId: connector.id }, { status, limit, offset });
    // Who each run was for, shown beside it: one read for the page.
    const who = await store.contacts.summaries(scope.id, items.flatMap((item) => (item.contact_id ? [item.contact_id] : [])));
    return c.json({ success: true as const, data: items.map((item) => ({ ...item, contact: (item.contact_id && who.get(item.contact_id)) || null })), total, limit, offset }, 200);
  });

  app.openapi(history('contact'), async (c) => {
    const scope = c.get('workspace');
    const contact = await store.contacts.get(scope.id, rowId(c.req.valid('param').id, 'contact'));
    if (!contact) throw notFound('contact');
    const { status, limit, offset } = c.req.valid('query');
    const { items, total } = await store.executions.list(scope.id, { contactId: contact.id }, { status, limit, offset });
    return c.json({ success: true as const, data: items, total, limit, offset }, 200);
  });

  app.openapi(
    route({ method: 'get', path: '/executions/{id}', operationId: 'getExecution', summary: 'An execution, with its full trace', request: { params: IdParam }, responses: { 200: json(ExecutionSchema, 'The execution') }, errors: [404] }),
    async (c) => {
      const execution = await store.executions.get(c.get('workspace').id, rowId(c.req.valid('param').id, 'execution'));
      if (!execution) throw notFound('execution');
      return c.json(ok(execution), 200);
    },
  );

  app.openapi(
    route({
      method: 'get',
      path: '/executions/{id}/events',
      operationId: 'followExecution',
      summary: 'Live progress of an execution (server-sent events)',
      description:
        'Events: `step_started` { index, id, name }, `step_finished` { index, id, status, attempts, duration_ms, http_status, error }, then `execution` with the final state, after which the stream ends. A finished execution replays its steps at once.',
      request: { params: IdParam },
      responses: { ...eventStream('The event stream') },
      errors: [404],
    }),
    async (c) => {
      const workspaceId = c.get('workspace').id;
      const id = rowId(c.req.valid('param').id, 'execution');
      const execution = await store.executions.get(workspaceId, id);
      if (!execution) throw notFound('execution');
      const connector = execution.connector_id ? await store.connectors.get(workspaceId, execution.connector_id) : undefined;
      const steps = connector ? stepsOf(connector) : [];
      return streamProgress(c, async () => {
        const row = await store.executions.get(workspaceId, id);
        return row && executionProgress(row);
      }, { started: 'step_started', finished: 'step_finished', final: 'execution', label: (index) => ({ id: steps[index]?.id, name: steps[index]?.name }) });
    },
  );

  return app;
}

/** The steps a connector's events are labelled with; none when it no longer reads. */
function stepsOf(connector: Connector): readonly Step[] {
  try {
    return definitionFromRow(connector).steps;
  } catch (error) {
    if (error instanceof StoredDefinitionError) return [];
    throw error;
  }
}

function executionProgress(execution: Execution): ProgressView {
  const done = !['pending', 'running'].includes(execution.status);
  return {
    finished: (execution.steps as StepTrace[]).map((step, index) => ({
      index,
      id: step.id,
      name: step.name,
      status: step.status,
      attempts: step.attempts,
      duration_ms: step.durationMs,
      http_status: step.response?.status,
      error: step.error?.message,
    })),
    // Steps run in order: while the run goes on, the one after those finished is running.
    current: execution.status === 'running' ? execution.steps.length : null,
    ...(done
      ? { final: { id: execution.id, status: execution.status, steps_executed: execution.steps_executed, execution_time_ms: execution.execution_time_ms, error_message: execution.error_message, output_data: execution.output_data } }
      : {}),
  };
}

/** Why a connector cannot be run now, as the API says it. */
function refusedError(refusal: Refusal): ApiError {
  if ('missing' in refusal) return notFound(refusal.missing);
  return new ApiError(409, 'connector_disabled', `connector "${refusal.disabled}" is disabled; enable it (PATCH { "enabled": true }) to run it`);
}
