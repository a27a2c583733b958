import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, isNull, lt, notInArray, sql, type SQL } from 'drizzle-orm';
import { STANDARD_CONTACT_FIELDS, withoutFilled, type StandardContactField } from '../engine/index.ts';
import { Batcher, groupBy } from './batcher.ts';
import type { Contact } from './contacts.ts';
import { inWorkspace, type Db } from './database.ts';
import { DelayedWrites } from './delayed-writes.ts';
import { connectorExecutions, connectors, contacts, EXECUTION_STATUSES, type StepResult } from './schema.ts';
import { storableJson, storableText } from './storable.ts';

export type Execution = typeof connectorExecutions.$inferSelect;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

/** How a run ended, as the runner records it. */
export interface ExecutionOutcome {
  status: 'success' | 'failed' | 'timeout';
  /** The trace: every step, run or skipped. */
  steps: unknown[];
  patch: Record<string, unknown>;
  /** Paths of the patch written only where the contact, as it is when the patch is applied, is empty. */
  fillOnly?: string[][];
  rawResponse: unknown;
  errorMessage: string | null;
  /** How the run failed, step by step, when it did. */
  errorStack: string | null;
  durationMs: number;
}

/** A trace's steps as the original design's `steps_executed` lists them. */
export function stepResults(steps: unknown[]): StepResult[] {
  return (steps as { id: string; name?: string; status: string; durationMs: number; response?: { body: unknown }; outputs: Record<string, unknown> }[]).map((step) => ({
    step_id: step.id,
    step_name: step.name ?? null,
    status: step.status,
    duration_ms: Math.round(step.durationMs),
    response: step.response?.body ?? null,
    output: step.outputs,
  }));
}

/** What a new execution is made of, whoever makes it (the API, a flow run). */
interface NewExecution {
  workspaceId: string;
  connectorId: string;
  contactId: string | null;
  inputData: Record<string, unknown>;
  triggeredBy: string | null;
  /** The Trigger.dev run that made it and runs it. */
  triggerRunId?: string;
  /** The flow run it was made for, outside the flow's own actions. */
  flowRunId?: string;
}

function newExecution(values: NewExecution) {
  return {
    workspace_id: values.workspaceId,
    connector_id: values.connectorId,
    contact_id: values.contactId,
    input_data: values.inputData,
    triggered_by: values.triggeredBy,
    ...(values.triggerRunId ? { trigger_run_id: values.triggerRunId } : {}),
    ...(values.flowRunId ? { flow_run_id: values.flowRunId } : {}),
  };
}

const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;
/** Entries of `metadata.connector_responses` kept on a contact by default: the newest. */
export const DEFAULT_RESPONSES_KEPT = 20;
/** A run's raw response is kept on the contact up to this size (as JSON text); past it, its start, marked cut. */
const RAW_RESPONSE_BYTES = 16 * 1024;
const standardFields = new Set<string>(STANDARD_CONTACT_FIELDS);
/**
 * A running execution's finished steps are written this long after the first of them ends: a
 * run that ends sooner is written once, at its end (its steps with it). Followers poll the row
 * (every 250 ms), so they see a step at most about half a second after it ended.
 */
export const PROGRESS_DELAY_MS = 200;

/** A row that runs as a queue job, and the job's id, which it records. */
export interface Queued {
  id: string;
  workspace_id: string;
  job_id: string;
}

/** Writes the jobs of rows just made, within the transaction that made them: both are committed, or neither. */
export type EnqueueWithin = (tx: Db, rows: Queued[]) => Promise<void>;

interface Insert {
  values: ReturnType<typeof newExecution>;
  enqueue: EnqueueWithin;
}

export class ExecutionRepository {
  readonly #db: Db;
  readonly #inserts = new Batcher(async (inserts: Insert[]) => {
    // Ids made here, so each caller finds its own row whatever order the database answers in.
    const made = inserts.map(({ values, enqueue }) => ({ row: { ...values, id: randomUUID(), job_id: randomUUID() }, enqueue }));
    const answers = new Map<string, Execution | Refusal>();
    // One transaction per workspace in the batch, in that workspace (row-level security): each run and its job together.
    for (const [workspaceId, ours] of groupBy(made, ({ row }) => row.workspace_id)) {
      await inWorkspace(this.#db, workspaceId, async (tx) => {
        const refusalOf = await refusals(tx, ours.map(({ row }) => row));
        const runnable: typeof ours = [];
        for (const one of ours) {
          const refusal = refusalOf(one.row);
          if (refusal) answers.set(one.row.id, refusal);
          else runnable.push(one);
        }
        if (runnable.length === 0) return;
        for (const row of await tx.insert(connectorExecutions).values(runnable.map(({ row }) => row)).returning()) answers.set(row.id, row);
        for (const [enqueue, group] of groupBy(runnable, (one) => one.enqueue)) await enqueue(tx, group.map(({ row }) => row));
      });
    }
    return made.map(({ row }) => answers.get(row.id)!);
  });
  readonly #claims = Batcher.byKey(
    (ids) =>
      this.#db
        .update(connectorExecutions)
        .set({
          status: 'running',
          // The first step, by the id the engine gives it (`step_1` unless the definition names it).
          current_step: sql`(select coalesce(${connectors.config}->'steps'->0->>'id', 'step_1') from ${connectors} where ${connectors.id} = ${connectorExecutions.connector_id})`,
          // A run taken again (its worker died) records its steps afresh.
          steps: [],
          steps_executed: [],
          started_at: sql`coalesce(${connectorExecutions.started_at}, now())`,
        })
        .where(and(inArray(connectorExecutions.id, ids), inArray(connectorExecutions.status, ['pending', 'running'])))
        .returning(),
    (row) => row.id,
  );
  readonly #progress: DelayedWrites<Progress>;
  readonly #finishes = new Batcher((finishes: Finish[]) => this.#finishMany(finishes), 64);

  /** Entries of `metadata.connector_responses` a contact keeps: the newest. */
  readonly #responsesKept: number;

  constructor(db: Db, responsesKept = DEFAULT_RESPONSES_KEPT, progressDelayMs = PROGRESS_DELAY_MS) {
    this.#db = db;
    this.#responsesKept = responsesKept;
    this.#progress = new DelayedWrites((due) => this.#progressMany(due), progressDelayMs);
  }

  /**
   * Records a new execution and, in the same transaction, its job (`enqueue`); or returns the one
   * made with the same idempotency key in the last 24 hours (`created: false`). Refused when its
   * connector or contact is not in the workspace, or its connector is disabled: checked in that
   * same transaction.
   */
  async create(values: NewExecution & { idempotencyKey: string | null }, enqueue: EnqueueWithin): Promise<{ execution: Execution; created: boolean } | { refused: Refusal }> {
    // Without a key there is nothing to look up first: executions made together are one transaction.
    if (values.idempotencyKey === null) {
      const made = await this.#inserts.call({ values: newExecution(values), enqueue });
      return 'id' in made ? { execution: made, created: true } : { refused: made };
    }
    const key = values.idempotencyKey;
    const run = newExecution(values);
    return inWorkspace(this.#db, values.workspaceId, async (tx) => {
      const refused = (await refusals(tx, [run]))(run);
      if (refused) return { refused };
      const [earlier] = await tx
        .select()
        .from(connectorExecutions)
        .where(and(eq(connectorExecutions.workspace_id, values.workspaceId), eq(connectorExecutions.idempotency_key, key)))
        .for('update');
      if (earlier && earlier.created_at.getTime() > Date.now() - IDEMPOTENCY_WINDOW_MS) return { execution: earlier, created: false };
      // An expired key may be used again: the old execution lets go of it.
      if (earlier) await tx.update(connectorExecutions).set({ idempotency_key: null }).where(eq(connectorExecutions.id, earlier.id));
      const [execution] = await tx.insert(connectorExecutions).values({ ...run, idempotency_key: key, job_id: randomUUID() }).returning();
      await enqueue(tx, [execution as Queued]);
      return { execution: execution!, created: true };
    });
  }

  /**
   * Records one execution per contact, with the same input, and their jobs: one insert of them
   * all and one of their jobs, in one transaction (accepted whole, or not at all). Each run with
   * its contact, in the contacts' order.
   */
  async createMany(values: Omit<NewExecution, 'contactId'> & { contactIds: string[] }, enqueue: EnqueueWithin): Promise<{ id: string; contact_id: string }[]> {
    return inWorkspace(this.#db, values.workspaceId, async (tx) => {
      const made = resultRows<Queued & { contact_id: string }>(
        await tx.execute(sql`
          insert into connector_executions (workspace_id, connector_id, contact_id, input_data, triggered_by, job_id)
          select ${values.workspaceId}::uuid, ${values.connectorId}::uuid, contact.id::uuid, ${storableJson(values.inputData)}::jsonb, ${values.triggeredBy}, gen_random_uuid()
          from jsonb_array_elements_text(${JSON.stringify(values.contactIds)}::jsonb) as contact(id)
          returning id, workspace_id, job_id, contact_id`),
      );
      await enqueue(tx, made);
      const byContact = new Map(made.map((row) => [row.contact_id, row.id]));
      return values.contactIds.map((contactId) => ({ id: byContact.get(contactId)!, contact_id: contactId }));
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
    return inWorkspace(this.#db, workspaceId, async (tx) => {
      const [row] = await tx.select().from(connectorExecutions).where(and(eq(connectorExecutions.workspace_id, workspaceId), eq(connectorExecutions.id, id)));
      return row;
    });
  }

  /** The execution made with `key` (an idempotency key) in a workspace, if any. */
  async byKey(workspaceId: string, key: string): Promise<Execution | undefined> {
    const [row] = await this.#db.select().from(connectorExecutions).where(and(eq(connectorExecutions.workspace_id, workspaceId), eq(connectorExecutions.idempotency_key, key)));
    return row;
  }

  /** Records the Trigger.dev run that runs an execution (the first one to say so); the execution, whatever its workspace. */
  async noteTriggerRun(id: string, runId: string): Promise<Execution | undefined> {
    const [row] = await this.#db
      .update(connectorExecutions)
      .set({ trigger_run_id: sql`coalesce(${connectorExecutions.trigger_run_id}, ${runId})` })
      .where(eq(connectorExecutions.id, id))
      .returning();
    return row;
  }

  /** Runs of one connector, or made for one contact, newest first. */
  async list(workspaceId: string, of: { connectorId: string } | { contactId: string }, filter: { status?: ExecutionStatus; limit: number; offset: number }): Promise<{ items: Execution[]; total: number }> {
    return inWorkspace(this.#db, workspaceId, async (tx) => {
      const where: SQL[] = [
        eq(connectorExecutions.workspace_id, workspaceId),
        'connectorId' in of ? eq(connectorExecutions.connector_id, of.connectorId) : eq(connectorExecutions.contact_id, of.contactId),
      ];
      if (filter.status) where.push(eq(connectorExecutions.status, filter.status));
      const condition = and(...where);
      const [items, total] = await Promise.all([
        tx.select().from(connectorExecutions).where(condition).orderBy(desc(connectorExecutions.created_at), desc(connectorExecutions.id)).limit(filter.limit).offset(filter.offset),
        tx.$count(connectorExecutions, condition),
      ]);
      return { items, total };
    });
  }

  /**
   * Takes an execution to run: pending ones, and running ones whose worker died. A finished one
   * is not run again (undefined). Claims made together go out as one statement.
   */
  claim(id: string): Promise<Execution | undefined> {
    // An attempt before this one, in this process, has nothing left to record: this one starts afresh.
    this.#progress.drop(id);
    return this.#claims.call(id);
  }

  /**
   * Records a finished step while the run goes on, soon (PROGRESS_DELAY_MS): its trace, appended
   * to those before it (only the new ones are sent), and the id of the step running next. A run
   * that ends first records it with its end instead. It never fails the run: the end records every step.
   */
  progress(id: string, step: unknown, currentStep: string | null): void {
    this.#progress.add(id, { step, step_executed: stepResults([step])[0]!, current_step: currentStep });
  }

  async #progressMany(due: Map<string, Progress[]>): Promise<void> {
    const rows = [...due].map(([id, progress]) => ({
      id,
      steps: progress.map((one) => one.step),
      steps_executed: progress.map((one) => one.step_executed),
      current_step: progress.at(-1)!.current_step,
    }));
    await this.#db.execute(sql`
      update connector_executions e set steps = e.steps || v.steps, steps_executed = e.steps_executed || v.steps_executed, current_step = v.current_step
      from jsonb_to_recordset(${storableJson(rows)}::jsonb) as v(id uuid, steps jsonb, steps_executed jsonb, current_step text)
      where e.id = v.id and e.status = 'running'`);
  }

  /** Puts a claimed execution back to wait (its connector's remote rate limit is used up) for the job `jobId`, within `tx`. */
  async releaseWithin(tx: Db, id: string, jobId: string): Promise<Queued | undefined> {
    const [row] = await tx
      .update(connectorExecutions)
      .set({ status: 'pending', current_step: null, job_id: jobId })
      .where(and(eq(connectorExecutions.id, id), eq(connectorExecutions.status, 'running')))
      .returning({ id: connectorExecutions.id, workspace_id: connectorExecutions.workspace_id, job_id: connectorExecutions.job_id });
    return row as Queued | undefined;
  }

  /** Keeps why an attempt failed, for the record should no attempt succeed. */
  async noteError(id: string, message: string): Promise<void> {
    await this.#db
      .update(connectorExecutions)
      .set({ error_message: storableText(message) })
      .where(and(eq(connectorExecutions.id, id), inArray(connectorExecutions.status, ['pending', 'running'])));
  }

  /**
   * Ends an execution and, in the same transaction, applies its patch to the contact, notes the
   * run in the contact's `metadata.connector_responses`, and counts it on the connector. Only
   * the first to finish an execution does any of this: it happens exactly once. Executions
   * finished together are ended in one transaction.
   */
  finish(execution: Execution, connectorName: string, outcome: ExecutionOutcome): Promise<boolean> {
    // Its steps go with its end: what waits to be written of them is not.
    this.#progress.drop(execution.id);
    return this.#finishes.call({ execution, connectorName, outcome });
  }

  async #finishMany(finishes: Finish[]): Promise<boolean[]> {
    return this.#db.transaction(async (tx) => {
      const rows = finishes.map(({ execution, outcome }) => ({
        id: execution.id,
        status: outcome.status,
        steps: outcome.steps,
        output_data: outcome.patch,
        raw_response: outcome.rawResponse,
        error_message: outcome.errorMessage,
        error_stack: outcome.errorStack,
        execution_time_ms: Math.round(outcome.durationMs),
        steps_executed: stepResults(outcome.steps),
      }));
      const ended = await tx.execute(sql`
        update connector_executions e
        set status = v.status, steps = v.steps, output_data = v.output_data, raw_response = v.raw_response, error_message = v.error_message, error_stack = v.error_stack,
          execution_time_ms = v.execution_time_ms, steps_executed = v.steps_executed, current_step = null, completed_at = now()
        from jsonb_to_recordset(${storableJson(rows)}::jsonb)
          as v(id uuid, status text, steps jsonb, output_data jsonb, raw_response jsonb, error_message text, error_stack text, execution_time_ms integer, steps_executed jsonb)
        where e.id = v.id and e.status = 'running'
        returning e.id, e.completed_at`);
      const endedAt = new Map(resultRows<{ id: string; completed_at: string | Date }>(ended).map((row) => [row.id, new Date(row.completed_at)]));
      const done = finishes.filter(({ execution }) => endedAt.has(execution.id));
      await applyToContacts(tx, done, endedAt, this.#responsesKept);
      await countOnConnectors(tx, done);
      return finishes.map(({ execution }) => endedAt.has(execution.id));
    });
  }
}


interface Progress {
  step: unknown;
  step_executed: StepResult;
  current_step: string | null;
}

interface Finish {
  execution: Execution;
  connectorName: string;
  outcome: ExecutionOutcome;
}

/** The rows of `db.execute`: node-postgres and PGlite both answer `{ rows }`. */
function resultRows<Row>(result: unknown): Row[] {
  return (result as { rows: Row[] }).rows;
}

/** Why a run was not queued: what it names is not in its workspace, or its connector is disabled (named). */
export type Refusal = { missing: 'connector' | 'contact' } | { disabled: string };

/** Why a connector, as its workspace holds it (or not), cannot run now. */
export function connectorRefusal(connector: { name: string; enabled: boolean } | undefined): Refusal | undefined {
  if (!connector) return { missing: 'connector' };
  if (!connector.enabled) return { disabled: connector.name };
  return undefined;
}

/**
 * Which of `runs` cannot be queued, and why: their connectors and contacts as `tx`'s workspace
 * holds them (row-level security), read in one statement.
 */
async function refusals(tx: Db, runs: Pick<ReturnType<typeof newExecution>, 'connector_id' | 'contact_id'>[]): Promise<(run: (typeof runs)[number]) => Refusal | undefined> {
  const ids = (of: (string | null)[]) => JSON.stringify([...new Set(of.filter((id) => id !== null))]);
  const found = resultRows<{ kind: 'connector' | 'contact'; id: string; name: string | null; enabled: boolean | null }>(
    await tx.execute(sql`
      select 'connector' as kind, id, name, enabled from connectors where id in (select value::uuid from jsonb_array_elements_text(${ids(runs.map((run) => run.connector_id))}::jsonb))
      union all
      select 'contact', id, null, null from contacts where id in (select value::uuid from jsonb_array_elements_text(${ids(runs.map((run) => run.contact_id))}::jsonb))`),
  );
  const connectorsFound = new Map(found.filter((row) => row.kind === 'connector').map((row) => [row.id, { name: row.name!, enabled: row.enabled! }]));
  const contactsFound = new Set(found.filter((row) => row.kind === 'contact').map((row) => row.id));
  return (run) => {
    const refused = connectorRefusal(connectorsFound.get(run.connector_id));
    if (refused) return refused;
    if (run.contact_id !== null && !contactsFound.has(run.contact_id)) return { missing: 'contact' };
    return undefined;
  };
}

const contactColumns = [...STANDARD_CONTACT_FIELDS, 'metadata', 'custom_fields'] as const;

/** Patches the contacts of finished executions, in one statement, rows locked in id order (no deadlock between workers). */
async function applyToContacts(tx: Db, finishes: Finish[], endedAt: Map<string, Date>, kept: number): Promise<void> {
  const ids = [...new Set(finishes.flatMap(({ execution }) => (execution.contact_id ? [execution.contact_id] : [])))];
  if (ids.length === 0) return;
  const locked = await tx.select().from(contacts).where(inArray(contacts.id, ids)).orderBy(contacts.id).for('update');
  const byId = new Map(locked.map((contact) => [contact.id, contact]));
  const changed = new Map<string, Contact>();
  for (const finish of finishes) {
    const contact = finish.execution.contact_id ? (changed.get(finish.execution.contact_id) ?? byId.get(finish.execution.contact_id)) : undefined;
    if (!contact || contact.workspace_id !== finish.execution.workspace_id) continue;
    changed.set(contact.id, patched(contact, finish, endedAt.get(finish.execution.id)!, kept));
  }
  if (changed.size === 0) return;
  const rows = [...changed.values()].map((contact) => Object.fromEntries([['id', contact.id], ...contactColumns.map((column) => [column, contact[column]])]));
  const definition = sql.join(
    contactColumns.map((column) => sql`${sql.identifier(column)} ${sql.raw(column === 'metadata' || column === 'custom_fields' ? 'jsonb' : 'text')}`),
    sql`, `,
  );
  await tx.execute(sql`
    update contacts c set ${sql.join(
      contactColumns.map((column) => sql`${sql.identifier(column)} = v.${sql.identifier(column)}`),
      sql`, `,
    )}, updated_at = now()
    from jsonb_to_recordset(${storableJson(rows)}::jsonb) as v(id uuid, ${definition})
    where c.id = v.id`);
}

/**
 * The contact after an execution's patch, with the run noted as the original design does: an
 * entry of the list `metadata.connector_responses`, with the API's raw answer (and the fields
 * the run set); the newest `kept` entries stay.
 */
function patched(contact: Contact, { execution, connectorName, outcome: given }: Finish, at: Date, kept: number): Contact {
  const outcome = { ...given, patch: withoutFilled(given.patch, given.fillOnly ?? [], contact) };
  const next: Contact = { ...contact };
  for (const [key, value] of Object.entries(outcome.patch)) {
    if (standardFields.has(key)) next[key as StandardContactField] = value === null || value === undefined ? null : typeof value === 'string' ? value : JSON.stringify(value);
    else if (key === 'metadata' && isObject(value)) next.metadata = deepMerge(next.metadata, value);
    else if (key === 'custom_fields' && isObject(value)) next.custom_fields = deepMerge(next.custom_fields, value);
  }
  const earlier = Array.isArray(next.metadata.connector_responses) ? (next.metadata.connector_responses as unknown[]) : [];
  const entry = {
    connector_id: execution.connector_id,
    connector_name: connectorName,
    execution_id: execution.id,
    executed_at: at.toISOString(),
    status: outcome.status,
    ...rawResponse(outcome.rawResponse),
    // The fields this run set, so a contact can say which connector set each field and when.
    fields: fieldPaths(outcome.patch),
  };
  next.metadata = { ...next.metadata, connector_responses: [...earlier, entry].slice(-kept) };
  return next;
}

/** A raw response as a contact keeps it: whole, or past its size limit the start of its text, marked cut. */
function rawResponse(raw: unknown): { raw_response: unknown; raw_response_truncated?: true } {
  const text = JSON.stringify(raw ?? null);
  if (text.length <= RAW_RESPONSE_BYTES) return { raw_response: raw ?? null };
  return { raw_response: text.slice(0, RAW_RESPONSE_BYTES), raw_response_truncated: true };
}

/** `{ firstname: 'A', metadata: { company: { name: 'B' } } }` → `['firstname', 'metadata.company.name']`. */
function fieldPaths(patch: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(patch).flatMap(([key, value]) => ((key === 'metadata' || key === 'custom_fields' || prefix) && isObject(value) ? fieldPaths(value, `${prefix}${key}.`) : [`${prefix}${key}`]));
}

/** Counts finished executions on their connectors, one connector at a time in id order (no deadlock between workers). */
async function countOnConnectors(tx: Db, finishes: Finish[]): Promise<void> {
  const counts = new Map<string, { runs: number; successes: number }>();
  for (const { execution, outcome } of finishes) {
    if (!execution.connector_id) continue;
    const count = counts.get(execution.connector_id) ?? { runs: 0, successes: 0 };
    count.runs++;
    if (outcome.status === 'success') count.successes++;
    counts.set(execution.connector_id, count);
  }
  // Through the original design's own function, which its Trigger.dev tasks call too.
  for (const [id, { runs, successes }] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
    if (successes > 0) await tx.execute(sql`select increment_connector_stats(${id}::uuid, true, ${successes}::integer)`);
    if (runs > successes) await tx.execute(sql`select increment_connector_stats(${id}::uuid, false, ${runs - successes}::integer)`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepMerge(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) out[key] = isObject(value) && isObject(out[key]) ? deepMerge(out[key] as Record<string, unknown>, value) : value;
  return out;
}
