import { setTimeout as sleep } from 'node:timers/promises';
import { fillOnlyPaths, type Definition, type Engine, type Pause, type RunResult, type StepListener, type StepTrace } from '../engine/index.ts';
import { definitionFromRow, StoredDefinitionError, type Store } from '../store/index.ts';
import type { ExecutionOutcome } from '../store/executions.ts';
import { buildRunContext, connectionRenewer, MissingContactError } from './run-context.ts';

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

  /**
   * Runs an execution, or says when to try again when its connector's remote rate limit is used
   * up. `pause`: how it waits between tries (the worker lends its slot meanwhile).
   */
  async run(executionId: string, pause?: Pause): Promise<{ retryAt: Date } | undefined> {
    const execution = await this.#store.executions.claim(executionId);
    if (!execution) return undefined;
    const started = performance.now();
    const connector = execution.connector_id ? await this.#store.connectors.forRun(execution.workspace_id, execution.connector_id) : undefined;
    const workspace = await this.#store.workspaces.find(execution.workspace_id);
    if (!connector || !workspace) {
      await this.#store.executions.finish(execution, connector?.name ?? '', failure('the connector was deleted before it ran', started));
      return undefined;
    }
    if (!connector.enabled) {
      await this.#store.executions.finish(execution, connector.name, failure(`connector "${connector.name}" is disabled`, started));
      return undefined;
    }
    let definition: Definition;
    try {
      definition = definitionFromRow(connector);
    } catch (error) {
      if (!(error instanceof StoredDefinitionError)) throw error;
      // Trying again cannot help: the run ends now, saying what to fix.
      await this.#store.executions.finish(execution, connector.name, failure(error.message, started));
      return undefined;
    }
    // Each finished step is recorded soon, while the next runs; the last one with the run's end.
    const onStep: StepListener = (event) => {
      if (event.type !== 'step_finished') return;
      const next = event.index + 1;
      if (next < definition.steps.length) this.#store.executions.progress(execution.id, event.trace, definition.steps[next]!.id);
    };
    let outcome: ExecutionOutcome;
    try {
      const context = await buildRunContext(this.#store, workspace, { contactId: execution.contact_id ?? undefined, inputData: execution.input_data });
      // The allowance is taken last, just before the requests go out, so they land in the window that counted them.
      if (connector.rate_limit) {
        const retryAt = await this.#store.rateLimits.takeRemote(connector.id, definition.steps.length, connector.rate_limit);
        // The queue hands the run to a job that starts then.
        if (retryAt) return { retryAt };
      }
      // Each page past a step's first is one more request to the remote: it waits for its place in the window.
      const rateLimit = connector.rate_limit;
      const beforePage = rateLimit
        ? async () => {
            for (let retryAt = await this.#store.rateLimits.takeRemote(connector.id, 1, rateLimit); retryAt; retryAt = await this.#store.rateLimits.takeRemote(connector.id, 1, rateLimit)) {
              await (pause ?? sleep)(Math.max(0, retryAt.getTime() - Date.now()));
            }
          }
        : undefined;
      outcome = fromRun(definition, await this.#engine.run(definition, context, { onStep, renewConnection: connectionRenewer(this.#store, workspace.id), ...(pause ? { pause } : {}), ...(beforePage ? { beforePage } : {}) }));
    } catch (error) {
      if (!(error instanceof MissingContactError)) throw error;
      outcome = failure('the contact was deleted before the connector ran', started);
    }
    await this.#store.executions.finish(execution, connector.name, outcome);
    return undefined;
  }

  /** Ends an execution no attempt could finish (its workers kept failing or dying), with the last reason known. */
  async abandon(executionId: string, attempts: number): Promise<void> {
    const execution = await this.#store.executions.claim(executionId);
    if (!execution) return;
    const reason = execution.error_message ?? 'its worker stopped before finishing it';
    const connector = execution.connector_id ? await this.#store.connectors.forRun(execution.workspace_id, execution.connector_id) : undefined;
    await this.#store.executions.finish(execution, connector?.name ?? '', { ...failure(`not finished after ${attempts} attempts: ${reason}`, performance.now()), steps: execution.steps });
  }
}

function fromRun(definition: Definition, result: RunResult): ExecutionOutcome {
  // The raw response kept with the execution: the last step that answered (bodies already capped).
  const answered = result.steps.filter((step) => step.response !== undefined);
  return {
    status: result.status,
    steps: result.steps,
    patch: result.patch,
    fillOnly: fillOnlyPaths(definition),
    rawResponse: answered.at(-1)?.response?.body ?? null,
    errorMessage: result.error ? `${result.error.step ? `${result.error.step}: ` : ''}${result.error.message}` : null,
    errorStack: result.error ? explanation(result.steps) : null,
    durationMs: result.durationMs,
  };
}

/** A failed run, step by step, in the engine's words (what the design's `error_stack` holds here: never a stack trace). */
function explanation(steps: StepTrace[]): string {
  return steps
    .map((step) => {
      const said = step.error ? `: ${step.error.code}: ${step.error.message}` : step.notes.length > 0 ? ` (${step.notes.join('; ')})` : '';
      return `${step.id}${step.name ? ` (${step.name})` : ''}: ${step.status}${step.status === 'skipped' ? '' : ` in ${Math.round(step.durationMs)} ms, ${step.attempts} ${step.attempts === 1 ? 'attempt' : 'attempts'}`}${said}`;
    })
    .join('\n');
}

function failure(message: string, started: number): ExecutionOutcome {
  return { status: 'failed', steps: [], patch: {}, rawResponse: null, errorMessage: message, errorStack: null, durationMs: performance.now() - started };
}
