import type { Engine, RunResult } from '../engine/index.ts';
import { definitionFromRow, type Store } from '../store/index.ts';
import type { ExecutionOutcome } from '../store/executions.ts';
import { buildRunContext, MissingContactError } from './run-context.ts';

/**
 * Runs one queued execution to its end. Safe to call again for the same execution (a job retried
 * after its worker died): a finished execution is left alone, and the contact is patched only by
 * whichever call finishes it first.
 */
export class ExecutionRunner {
  readonly #store: Store;
  readonly #engine: Engine;

  constructor(store: Store, engine: Engine) {
    this.#store = store;
    this.#engine = engine;
  }

  async run(executionId: string): Promise<void> {
    const execution = await this.#store.executions.claim(executionId);
    if (!execution) return;
    const started = performance.now();
    const connector = execution.connector_id ? await this.#store.connectors.get(execution.workspace_id, execution.connector_id) : undefined;
    const workspace = await this.#store.workspaces.find(execution.workspace_id);
    if (!connector || !workspace) {
      await this.#store.executions.finish(execution, connector?.name ?? '', failure('the connector was deleted before it ran', started));
      return;
    }
    let outcome: ExecutionOutcome;
    try {
      const context = await buildRunContext(this.#store, workspace, { contactId: execution.contact_id ?? undefined, inputData: execution.input_data });
      outcome = fromRun(await this.#engine.run(definitionFromRow(connector), context));
    } catch (error) {
      if (!(error instanceof MissingContactError)) throw error;
      outcome = failure('the contact was deleted before the connector ran', started);
    }
    await this.#store.executions.finish(execution, connector.name, outcome);
  }
}

function fromRun(result: RunResult): ExecutionOutcome {
  // The raw response kept with the execution: the last step that answered (bodies already capped).
  const answered = result.steps.filter((step) => step.response !== undefined);
  return {
    status: result.status,
    steps: result.steps,
    patch: result.patch,
    rawResponse: answered.at(-1)?.response?.body ?? null,
    errorMessage: result.error ? `${result.error.step ? `${result.error.step}: ` : ''}${result.error.message}` : null,
    durationMs: result.durationMs,
  };
}

function failure(message: string, started: number): ExecutionOutcome {
  return { status: 'failed', steps: [], patch: {}, rawResponse: null, errorMessage: message, durationMs: performance.now() - started };
}
