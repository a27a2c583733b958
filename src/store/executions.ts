import { and, desc, eq, inArray, isNull, lt, notInArray, sql, type SQL } from 'drizzle-orm';
import { STANDARD_CONTACT_FIELDS } from '../engine/index.ts';
import type { Db } from './database.ts';
import { connectorExecutions, connectors, contacts, EXECUTION_STATUSES } from './schema.ts';

export type Execution = typeof connectorExecutions.$inferSelect;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

/** How a run ended, as the runner records it. */
export interface ExecutionOutcome {
  status: 'success' | 'failed' | 'timeout';
  steps: unknown[];
  /** Steps that finished (ran, failed, or were skipped by their `when`), not those left unrun. */
  stepsExecuted: number;
  patch: Record<string, unknown>;
  rawResponse: unknown;
  errorMessage: string | null;
  durationMs: number;
}

/** What a new execution is made of, whoever makes it (the API, a flow run). */
interface NewExecution {
  workspaceId: string;
  connectorId: string;
  contactId: string | null;
  inputData: Record<string, unknown>;
  triggeredBy: string | null;
}

function newExecution(values: NewExecution) {
  return { workspace_id: values.workspaceId, connector_id: values.connectorId, contact_id: values.contactId, input_data: values.inputData, triggered_by: values.triggeredBy };
}

const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;
/** Entries of `metadata.connector_responses` kept per connector on a contact. */
const RESPONSES_KEPT = 20;
const standardFields = new Set<string>(STANDARD_CONTACT_FIELDS);

export class ExecutionRepository {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  /**
   * Records a new execution, or returns the one made with the same idempotency key in the last
   * 24 hours (`created: false`).
   */
  async create(values: NewExecution & { idempotencyKey: string | null }): Promise<{ execution: Execution; created: boolean }> {
    const insert = async (db: Db) => {
      const [execution] = await db.insert(connectorExecutions).values({ ...newExecution(values), idempotency_key: values.idempotencyKey }).returning();
      return { execution: execution!, created: true };
    };
    // Without a key there is nothing to look up first: one statement, no transaction.
    if (values.idempotencyKey === null) return insert(this.#db);
    const key = values.idempotencyKey;
    return this.#db.transaction(async (tx) => {
      const [earlier] = await tx
        .select()
        .from(connectorExecutions)
        .where(and(eq(connectorExecutions.workspace_id, values.workspaceId), eq(connectorExecutions.idempotency_key, key)))
        .for('update');
      if (earlier && earlier.created_at.getTime() > Date.now() - IDEMPOTENCY_WINDOW_MS) return { execution: earlier, created: false };
      // An expired key may be used again: the old execution lets go of it.
      if (earlier) await tx.update(connectorExecutions).set({ idempotency_key: null }).where(eq(connectorExecutions.id, earlier.id));
      return insert(tx);
    });
  }

  /** The execution a flow run's action runs as: made once, found again when the run resumes. */
  async forAction(values: NewExecution & { flowRunId: string; actionIndex: number }): Promise<string> {
    const [made] = await this.#db
      .insert(connectorExecutions)
      .values({ ...newExecution(values), flow_run_id: values.flowRunId, action_index: values.actionIndex })
      .onConflictDoNothing({ target: [connectorExecutions.flow_run_id, connectorExecutions.action_index] })
      .returning({ id: connectorExecutions.id });
    return made?.id ?? (await this.forActionIfMade(values.flowRunId, values.actionIndex))!;
  }

  /** The id of the execution a flow run's action made, if it made one. */
  async forActionIfMade(flowRunId: string, actionIndex: number): Promise<string | undefined> {
    const [row] = await this.#db
      .select({ id: connectorExecutions.id })
      .from(connectorExecutions)
      .where(and(eq(connectorExecutions.flow_run_id, flowRunId), eq(connectorExecutions.action_index, actionIndex)));
    return row?.id;
  }

  /** Deletes finished executions created before `cutoff` (those of flow runs go with their run). */
  async prune(cutoff: Date): Promise<number> {
    const removed = await this.#db
      .delete(connectorExecutions)
      .where(and(lt(connectorExecutions.created_at, cutoff), isNull(connectorExecutions.flow_run_id), notInArray(connectorExecutions.status, ['pending', 'running'])))
      .returning({ id: connectorExecutions.id });
    return removed.length;
  }

  async get(workspaceId: string, id: string): Promise<Execution | undefined> {
    const [row] = await this.#db.select().from(connectorExecutions).where(and(eq(connectorExecutions.workspace_id, workspaceId), eq(connectorExecutions.id, id)));
    return row;
  }

  async list(workspaceId: string, connectorId: string, filter: { status?: ExecutionStatus; limit: number; offset: number }): Promise<{ items: Execution[]; total: number }> {
    const where: SQL[] = [eq(connectorExecutions.workspace_id, workspaceId), eq(connectorExecutions.connector_id, connectorId)];
    if (filter.status) where.push(eq(connectorExecutions.status, filter.status));
    const condition = and(...where);
    const [items, total] = await Promise.all([
      this.#db.select().from(connectorExecutions).where(condition).orderBy(desc(connectorExecutions.created_at), desc(connectorExecutions.id)).limit(filter.limit).offset(filter.offset),
      this.#db.$count(connectorExecutions, condition),
    ]);
    return { items, total };
  }

  /**
   * Takes an execution to run: pending ones, and running ones whose worker died. A finished one
   * is not run again (undefined).
   */
  async claim(id: string): Promise<Execution | undefined> {
    const [row] = await this.#db
      .update(connectorExecutions)
      .set({ status: 'running', current_step: 0, steps_executed: 0, started_at: sql`coalesce(${connectorExecutions.started_at}, now())` })
      .where(and(eq(connectorExecutions.id, id), inArray(connectorExecutions.status, ['pending', 'running'])))
      .returning();
    return row;
  }

  /** Records a finished step while the run goes on: its trace, and the step running next. */
  async progress(id: string, steps: unknown[], currentStep: number | null): Promise<void> {
    await this.#db
      .update(connectorExecutions)
      .set({ steps, steps_executed: steps.length, current_step: currentStep })
      .where(and(eq(connectorExecutions.id, id), eq(connectorExecutions.status, 'running')));
  }

  /** Puts a claimed execution back to wait (its connector's remote rate limit is used up). */
  async release(id: string): Promise<void> {
    await this.#db
      .update(connectorExecutions)
      .set({ status: 'pending', current_step: null })
      .where(and(eq(connectorExecutions.id, id), eq(connectorExecutions.status, 'running')));
  }

  /** Keeps why an attempt failed, for the record should no attempt succeed. */
  async noteError(id: string, message: string): Promise<void> {
    await this.#db
      .update(connectorExecutions)
      .set({ error_message: message })
      .where(and(eq(connectorExecutions.id, id), inArray(connectorExecutions.status, ['pending', 'running'])));
  }

  /**
   * Ends an execution and, in the same transaction, applies its patch to the contact, notes the
   * run in the contact's `metadata.connector_responses`, and counts it on the connector. Only
   * the first to finish an execution does any of this: it happens exactly once.
   */
  async finish(execution: Execution, connectorName: string, outcome: ExecutionOutcome): Promise<boolean> {
    return this.#db.transaction(async (tx) => {
      const [ended] = await tx
        .update(connectorExecutions)
        .set({
          status: outcome.status,
          steps: outcome.steps,
          output_data: outcome.patch,
          raw_response: outcome.rawResponse,
          error_message: outcome.errorMessage,
          duration_ms: Math.round(outcome.durationMs),
          current_step: null,
          steps_executed: outcome.stepsExecuted,
          completed_at: sql`now()`,
        })
        .where(and(eq(connectorExecutions.id, execution.id), eq(connectorExecutions.status, 'running')))
        .returning({ completed_at: connectorExecutions.completed_at });
      if (!ended) return false;
      if (execution.contact_id) {
        await applyToContact(tx, execution, connectorName, outcome, ended.completed_at!);
      }
      if (execution.connector_id) {
        const success = outcome.status === 'success' ? 1 : 0;
        await tx
          .update(connectors)
          .set({
            execution_count: sql`${connectors.execution_count} + 1`,
            success_count: sql`${connectors.success_count} + ${success}`,
            failure_count: sql`${connectors.failure_count} + ${1 - success}`,
            last_executed_at: sql`now()`,
          })
          .where(eq(connectors.id, execution.connector_id));
      }
      return true;
    });
  }
}

async function applyToContact(tx: Db, execution: Execution, connectorName: string, outcome: ExecutionOutcome, at: Date): Promise<void> {
  const [contact] = await tx
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspace_id, execution.workspace_id), eq(contacts.id, execution.contact_id!)))
    .for('update');
  if (!contact) return;
  const columns: Record<string, unknown> = {};
  let metadata = contact.metadata;
  let customFields = contact.custom_fields;
  for (const [key, value] of Object.entries(outcome.patch)) {
    if (standardFields.has(key)) columns[key] = value === null || value === undefined ? null : typeof value === 'string' ? value : JSON.stringify(value);
    else if (key === 'metadata' && isObject(value)) metadata = deepMerge(metadata, value);
    else if (key === 'custom_fields' && isObject(value)) customFields = deepMerge(customFields, value);
  }
  const responses = isObject(metadata.connector_responses) ? metadata.connector_responses : {};
  const key = execution.connector_id ?? 'deleted';
  const earlier = Array.isArray(responses[key]) ? (responses[key] as unknown[]) : [];
  const entry = { connector_id: execution.connector_id, connector_name: connectorName, execution_id: execution.id, at: at.toISOString(), status: outcome.status };
  metadata = { ...metadata, connector_responses: { ...responses, [key]: [...earlier, entry].slice(-RESPONSES_KEPT) } };
  await tx
    .update(contacts)
    .set({ ...columns, metadata, custom_fields: customFields, updated_at: sql`now()` })
    .where(eq(contacts.id, contact.id));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepMerge(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) out[key] = isObject(value) && isObject(out[key]) ? deepMerge(out[key] as Record<string, unknown>, value) : value;
  return out;
}
