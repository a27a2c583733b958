import { conditionHolds, renderOverContact, type Pause } from '../engine/index.ts';
import type { FlowRun, Store } from '../store/index.ts';
import type { ExecutionRunner } from './execution-runner.ts';
import type { ActionResult, FlowAction } from '../store/index.ts';
import { contactFields } from './run-context.ts';

/** What one action of a flow run came to. */

/**
 * Runs a flow for one contact, action after action, each seeing the contact as the ones before
 * left it. Each action's result is recorded before the next starts, and a connector action runs
 * as an execution made once per action, so a run resumed after its worker died picks up where it
 * was and patches the contact once per action.
 */
export class FlowRunner {
  readonly #store: Store;
  readonly #executions: ExecutionRunner;

  constructor(store: Store, executions: ExecutionRunner) {
    this.#store = store;
    this.#executions = executions;
  }

  /** Runs a flow run, or says when to go on (a connector's remote rate limit is used up); `pause` as for an execution. */
  async run(flowRunId: string, pause?: Pause): Promise<{ retryAt: Date } | undefined> {
    const run = await this.#store.flowRuns.claim(flowRunId);
    if (!run) return undefined;
    const actions = run.actions as FlowAction[];
    const results = [...(run.results as ActionResult[])];
    for (let index = results.length; index < actions.length; index++) {
      const action = actions[index]!;
      if (index > 0) await this.#store.flowRuns.progress(run.id, results, index);
      const contact = run.contact_id ? await this.#store.contacts.forRun(run.workspace_id, run.contact_id) : undefined;
      if (!contact) return this.#end(run, results, 'failed', 'the contact was deleted during the run');
      const base = { index, type: action.type, ...(action.name ? { name: action.name } : {}) };
      if (action.type === 'condition') {
        let holds: boolean;
        try {
          holds = conditionHolds(action.when, contactFields(contact));
        } catch (error) {
          results.push({ ...base, status: 'failed', error: `when: ${(error as Error).message}` });
          return this.#end(run, results, 'failed', `action ${index + 1}: ${(error as Error).message}`);
        }
        results.push({ ...base, status: holds ? 'passed' : 'stopped' });
        if (!holds) return this.#end(run, results, 'success', null);
        continue;
      }
      const result: ActionResult = { ...base, status: 'failed', connector_id: action.connector_id };
      let inputData: Record<string, unknown>;
      try {
        inputData = renderInputs(action.inputs, contactFields(contact));
      } catch (error) {
        result.error = (error as Error).message;
        inputData = {};
      }
      if (result.error === undefined) {
        const executionId = await this.#store.executions.forAction({
          workspaceId: run.workspace_id,
          flowRunId: run.id,
          actionIndex: index,
          connectorId: action.connector_id,
          contactId: contact.id,
          inputData,
          triggeredBy: run.triggered_by,
        });
        const later = await this.#executions.run(executionId, pause);
        if (later) return later;
        const ended = await this.#store.executions.get(run.workspace_id, executionId);
        result.execution_id = executionId;
        result.status = ended?.status === 'success' || ended?.status === 'timeout' ? ended.status : 'failed';
        if (ended?.error_message) result.error = ended.error_message;
      }
      results.push(result);
      if (result.status !== 'success' && !action.continue_on_error) {
        return this.#end(run, results, 'failed', `action ${index + 1}${action.name ? ` (${action.name})` : ''}: ${result.error ?? result.status}`);
      }
    }
    return this.#end(run, results, 'success', null);
  }

  /** Ends a run no attempt could finish, with the last reason known; its unfinished action's execution too. */
  async abandon(flowRunId: string, attempts: number): Promise<void> {
    const run = await this.#store.flowRuns.claim(flowRunId);
    if (!run) return;
    const current = await this.#store.executions.forActionIfMade(run.id, run.results.length);
    if (current) await this.#executions.abandon(current, attempts);
    const reason = run.error_message ?? 'its worker stopped before finishing it';
    await this.#end(run, run.results as ActionResult[], 'failed', `not finished after ${attempts} attempts: ${reason}`);
  }

  async #end(run: FlowRun, results: ActionResult[], status: 'success' | 'failed', error: string | null): Promise<undefined> {
    const actions = run.actions as FlowAction[];
    const reason = status === 'success' ? 'a condition before it was false' : 'an action before it failed';
    const skipped = actions.slice(results.length).map((action, offset): ActionResult => ({ index: results.length + offset, type: action.type, ...(action.name ? { name: action.name } : {}), status: 'skipped', error: reason }));
    await this.#store.flowRuns.finish(run.id, status, [...results, ...skipped], error);
    return undefined;
  }
}

function renderInputs(inputs: Record<string, unknown>, contact: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(inputs)) {
    try {
      out[key] = typeof value === 'string' ? renderOverContact(value, contact) : value;
    } catch (error) {
      throw new Error(`inputs.${key}: ${(error as Error).message}`, { cause: error });
    }
  }
  return out;
}
