import { AbortTaskRunError, logger, task, wait } from '@trigger.dev/sdk';
import { openStoreAndEngine } from '../cli/runtime.ts';
import { readSettings } from '../cli/settings.ts';
import { ExecutionRunner } from '../jobs/execution-runner.ts';
import { FlowRunner } from '../jobs/flow-runner.ts';
import { isUuid, type Execution, type Store } from '../store/index.ts';

/*
 * Trigger.dev tasks over the same runners as `connectors worker`. With CONNECTORS_EXECUTOR=
 * trigger.dev the API triggers them for every run it accepts; they can also be triggered by hand,
 * with `{ execution_id }` (a run the API made) or with the original design's payload, which makes
 * the execution itself. A run is claimed before it runs and finished once, so a task retried by
 * Trigger.dev still patches the contact once. Settings come from the same environment variables
 * (DATABASE_URL, CONNECTORS_ENCRYPTION_KEY, ...).
 */

let opened: Promise<{ store: Store; executions: ExecutionRunner; flows: FlowRunner }> | undefined;

/** One store and engine per Trigger.dev worker process, opened on first use. No queue: Trigger.dev is the queue. */
function runners(): Promise<{ store: Store; executions: ExecutionRunner; flows: FlowRunner }> {
  opened ??= readSettings().then(async (settings) => {
    const { store, engine } = await openStoreAndEngine(settings, {});
    const executions = new ExecutionRunner(store, engine);
    return { store, executions, flows: new FlowRunner(store, executions) };
  });
  return opened;
}

/** Runs until done, waiting out a connector's remote rate limit the Trigger.dev way (no compute held). */
async function untilDone(run: () => Promise<{ retryAt: Date } | undefined>): Promise<void> {
  for (let later = await run(); later; later = await run()) {
    logger.info('remote rate limit used up; waiting', { until: later.retryAt.toISOString() });
    await wait.until({ date: later.retryAt });
  }
}

/** The original design's payload: the task makes the execution. */
export interface DesignPayload {
  connectorId: string;
  workspaceId: string;
  contactId?: string | null;
  inputs?: Record<string, unknown>;
  flowRunId?: string | null;
}

export type ExecuteConnectorPayload = { execution_id: string } | DesignPayload;

/** What the original design's task returns, and the run's status beside it. */
export interface ExecuteConnectorResult {
  success: boolean;
  executionId: string;
  contactId: string | null;
  /** The contact fields the run set. */
  enrichedFields: string[];
  stepsExecuted: number;
  executionTimeMs: number;
  status: Execution['status'];
  error?: string;
}

/** A payload's id, or the task refused for good: no attempt can find a row by a malformed id. */
function idIn(value: unknown, name: string): string {
  if (typeof value !== 'string' || !isUuid(value)) throw new AbortTaskRunError(`${name} must be an id`);
  return value;
}

/** The key an execution the task made is found again by, on a retry of the same Trigger.dev run. */
function madeBy(runId: string): string {
  return `trigger.dev:${runId}`;
}

/** The execution a payload names, or the one made for it (once per Trigger.dev run); refused for good when it cannot be. */
async function executionFor(store: Store, payload: ExecuteConnectorPayload, runId: string): Promise<Execution> {
  if ('execution_id' in payload) {
    const execution = await store.executions.noteTriggerRun(idIn(payload.execution_id, 'execution_id'), runId);
    if (!execution) throw new AbortTaskRunError(`execution ${payload.execution_id} not found`);
    return execution;
  }
  const workspaceId = idIn(payload.workspaceId, 'workspaceId');
  const connectorId = idIn(payload.connectorId, 'connectorId');
  const contactId = payload.contactId == null ? null : idIn(payload.contactId, 'contactId');
  const flowRunId = payload.flowRunId == null ? null : idIn(payload.flowRunId, 'flowRunId');
  const { inputs = {} } = payload;
  if (typeof inputs !== 'object' || inputs === null || Array.isArray(inputs)) throw new AbortTaskRunError('inputs must be an object');
  if (flowRunId !== null && !(await store.flowRuns.get(workspaceId, flowRunId))) throw new AbortTaskRunError(`Flow run not found: ${flowRunId}`);
  const made = await store.executions.create(
    { workspaceId, connectorId, contactId, inputData: inputs, idempotencyKey: madeBy(runId), triggeredBy: 'trigger.dev', triggerRunId: runId, ...(flowRunId ? { flowRunId } : {}) },
    async () => {},
  );
  if ('execution' in made) return made.execution;
  const { refused } = made;
  if ('disabled' in refused) throw new AbortTaskRunError(`Connector is disabled: ${refused.disabled}`);
  throw new AbortTaskRunError(refused.missing === 'connector' ? `Connector not found: ${connectorId}` : `Contact not found: ${contactId}`);
}

function resultOf(execution: Execution): ExecuteConnectorResult {
  return {
    success: execution.status === 'success',
    executionId: execution.id,
    contactId: execution.contact_id,
    enrichedFields: Object.keys(execution.output_data ?? {}),
    stepsExecuted: execution.steps_executed.length,
    executionTimeMs: execution.execution_time_ms ?? 0,
    status: execution.status,
    ...(execution.error_message ? { error: execution.error_message } : {}),
  };
}

export const executeConnector = task({
  id: 'execute-connector',
  run: async (payload: ExecuteConnectorPayload, { ctx }): Promise<ExecuteConnectorResult> => {
    const { store, executions } = await runners();
    const made = await executionFor(store, payload, ctx.run.id);
    await untilDone(() => executions.run(made.id));
    return resultOf((await store.executions.get(made.workspace_id, made.id))!);
  },
  // Every attempt failed (the database kept failing): the run ends, saying so.
  onFailure: async ({ payload, ctx }) => {
    const { store, executions } = await runners();
    const id = 'execution_id' in payload ? payload.execution_id : (await store.executions.byKey(payload.workspaceId, madeBy(ctx.run.id)))?.id;
    if (id && isUuid(id)) await executions.abandon(id, ctx.attempt.number);
  },
});

export const triggerWorkflow = task({
  id: 'trigger-workflow',
  run: async (payload: { flow_run_id: string }, { ctx }) => {
    const { store, flows } = await runners();
    const made = await store.flowRuns.noteTriggerRun(idIn(payload.flow_run_id, 'flow_run_id'), ctx.run.id);
    if (!made) throw new AbortTaskRunError(`flow run ${payload.flow_run_id} not found`);
    await untilDone(() => flows.run(made.id));
    const run = (await store.flowRuns.get(made.workspace_id, made.id))!;
    return { success: run.status === 'success', flowRunId: run.id, status: run.status, actionsDone: run.actions_done, ...(run.error_message ? { error: run.error_message } : {}) };
  },
  onFailure: async ({ payload, ctx }) => {
    const { flows } = await runners();
    if (isUuid(payload.flow_run_id)) await flows.abandon(payload.flow_run_id, ctx.attempt.number);
  },
});
