import { logger, task, wait } from '@trigger.dev/sdk';
import { createLogger } from '../api/logger.ts';
import { startRuntime, type Runtime } from '../cli/runtime.ts';
import { readSettings } from '../cli/settings.ts';
import { ExecutionRunner } from '../jobs/execution-runner.ts';
import { FlowRunner } from '../jobs/flow-runner.ts';

/*
 * Trigger.dev tasks for teams that run their background work there. They call the same runners
 * as `connectors worker`: make the execution or flow run through the API (`connectors serve
 * --no-worker`), then trigger the task with its id. A run is claimed before it runs and finished
 * once, so a task retried by Trigger.dev, or a run a pg-boss worker also picked up, still
 * patches the contact once. Settings come from the same environment variables (DATABASE_URL,
 * CONNECTORS_ENCRYPTION_KEY, ...).
 */

let runtime: Promise<Runtime> | undefined;

/** One store and engine per Trigger.dev worker process, opened on first use. */
async function runners(): Promise<{ executions: ExecutionRunner; flows: FlowRunner }> {
  runtime ??= readSettings().then((settings) => startRuntime(settings, { logger: createLogger(), worker: false }));
  const { store, engine } = await runtime;
  const executions = new ExecutionRunner(store, engine);
  return { executions, flows: new FlowRunner(store, executions) };
}

/** Runs until done, waiting out a connector's remote rate limit the Trigger.dev way (no compute held). */
async function untilDone(run: () => Promise<{ retryAt: Date } | undefined>): Promise<void> {
  for (let later = await run(); later; later = await run()) {
    logger.info('remote rate limit used up; waiting', { until: later.retryAt.toISOString() });
    await wait.until({ date: later.retryAt });
  }
}

export const executeConnector = task({
  id: 'execute-connector',
  run: async (payload: { execution_id: string }) => {
    const { executions } = await runners();
    await untilDone(() => executions.run(payload.execution_id));
    return { execution_id: payload.execution_id };
  },
});

export const triggerWorkflow = task({
  id: 'trigger-workflow',
  run: async (payload: { flow_run_id: string }) => {
    const { flows } = await runners();
    await untilDone(() => flows.run(payload.flow_run_id));
    return { flow_run_id: payload.flow_run_id };
  },
});
