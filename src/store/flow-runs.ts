import { randomUUID } from 'node:crypto';
import { and, count, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { inWorkspace, type Db } from './database.ts';
import type { EnqueueWithin, Queued } from './executions.ts';
import { FLOW_RUN_STATUSES, flowRuns, type ActionResult, type FlowAction } from './schema.ts';
import { storableText } from './storable.ts';

export type FlowRun = typeof flowRuns.$inferSelect;
export type FlowRunStatus = (typeof FLOW_RUN_STATUSES)[number];

/** Rows inserted per statement when a bulk run creates thousands of runs. */
const INSERT_CHUNK = 1000;

export class FlowRunRepository {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  /** One pending run per contact, with the flow's actions as they are now, and their jobs (`enqueue`), in one transaction. */
  async create(values: { workspaceId: string; flowId: string; actions: FlowAction[]; contactIds: string[]; batchId: string | null; triggeredBy: string }, enqueue: EnqueueWithin): Promise<string[]> {
    const ids: string[] = [];
    await inWorkspace(this.#db, values.workspaceId, async (tx) => {
      for (let start = 0; start < values.contactIds.length; start += INSERT_CHUNK) {
        const rows = await tx
          .insert(flowRuns)
          .values(
            values.contactIds.slice(start, start + INSERT_CHUNK).map((contactId) => ({
              workspace_id: values.workspaceId,
              flow_id: values.flowId,
              contact_id: contactId,
              batch_id: values.batchId,
              actions: values.actions,
              triggered_by: values.triggeredBy,
              job_id: randomUUID(),
            })),
          )
          .returning({ id: flowRuns.id, workspace_id: flowRuns.workspace_id, job_id: flowRuns.job_id });
        await enqueue(tx, rows as Queued[]);
        ids.push(...rows.map((row) => row.id));
      }
    });
    return ids;
  }

  /** Hands a running run to the job `jobId` (it waits for its connector's remote rate limit), within `tx`. */
  async handOverWithin(tx: Db, id: string, jobId: string): Promise<Queued | undefined> {
    const [row] = await tx
      .update(flowRuns)
      .set({ job_id: jobId })
      .where(and(eq(flowRuns.id, id), eq(flowRuns.status, 'running')))
      .returning({ id: flowRuns.id, workspace_id: flowRuns.workspace_id, job_id: flowRuns.job_id });
    return row as Queued | undefined;
  }

  async get(workspaceId: string, id: string): Promise<FlowRun | undefined> {
    return inWorkspace(this.#db, workspaceId, async (tx) => {
      const [row] = await tx.select().from(flowRuns).where(and(eq(flowRuns.workspace_id, workspaceId), eq(flowRuns.id, id)));
      return row;
    });
  }

  /** Newest first, with how many runs the filter holds in each status. */
  async list(
    workspaceId: string,
    flowId: string,
    filter: { status?: FlowRunStatus; batchId?: string; limit: number; offset: number },
  ): Promise<{ items: FlowRun[]; total: number; counts: Record<FlowRunStatus, number> }> {
    return inWorkspace(this.#db, workspaceId, async (tx) => {
      const where: SQL[] = [eq(flowRuns.workspace_id, workspaceId), eq(flowRuns.flow_id, flowId)];
      if (filter.batchId) where.push(eq(flowRuns.batch_id, filter.batchId));
      const all = and(...where);
      const condition = filter.status ? and(all, eq(flowRuns.status, filter.status)) : all;
      const [items, byStatus] = await Promise.all([
        tx.select().from(flowRuns).where(condition).orderBy(desc(flowRuns.created_at), desc(flowRuns.id)).limit(filter.limit).offset(filter.offset),
        tx.select({ status: flowRuns.status, n: count() }).from(flowRuns).where(all).groupBy(flowRuns.status),
      ]);
      const counts = Object.fromEntries(FLOW_RUN_STATUSES.map((status) => [status, 0])) as Record<FlowRunStatus, number>;
      for (const row of byStatus) counts[row.status] = row.n;
      const total = filter.status ? counts[filter.status] : Object.values(counts).reduce((a, b) => a + b, 0);
      return { items, total, counts };
    });
  }

  /** Records the Trigger.dev run that runs a flow run (the first one to say so); the run, whatever its workspace. */
  async noteTriggerRun(id: string, runId: string): Promise<FlowRun | undefined> {
    const [row] = await this.#db
      .update(flowRuns)
      .set({ trigger_run_id: sql`coalesce(${flowRuns.trigger_run_id}, ${runId})` })
      .where(eq(flowRuns.id, id))
      .returning();
    return row;
  }

  /** Takes a run to run: pending, or running after its worker died. A finished run is not run again. */
  async claim(id: string): Promise<FlowRun | undefined> {
    const [row] = await this.#db
      .update(flowRuns)
      .set({ status: 'running', current_action: sql`coalesce(${flowRuns.current_action}, 0)`, started_at: sql`coalesce(${flowRuns.started_at}, now())` })
      .where(and(eq(flowRuns.id, id), inArray(flowRuns.status, ['pending', 'running'])))
      .returning();
    return row;
  }

  /** Records the actions done so far and the one running now. */
  async progress(id: string, results: ActionResult[], currentAction: number): Promise<void> {
    await this.#db
      .update(flowRuns)
      .set({ results, actions_done: results.length, current_action: currentAction })
      .where(and(eq(flowRuns.id, id), eq(flowRuns.status, 'running')));
  }

  async noteError(id: string, message: string): Promise<void> {
    await this.#db
      .update(flowRuns)
      .set({ error_message: storableText(message) })
      .where(and(eq(flowRuns.id, id), inArray(flowRuns.status, ['pending', 'running'])));
  }

  async finish(id: string, status: 'success' | 'failed', results: ActionResult[], errorMessage: string | null): Promise<void> {
    await this.#db
      .update(flowRuns)
      .set({ status, results, actions_done: results.length, current_action: null, error_message: storableText(errorMessage), completed_at: sql`now()` })
      .where(and(eq(flowRuns.id, id), eq(flowRuns.status, 'running')));
  }

  /** Deletes finished runs (and the executions their actions made) created before `cutoff`. */
  async prune(cutoff: Date): Promise<number> {
    const removed = await this.#db
      .delete(flowRuns)
      .where(and(lt(flowRuns.created_at, cutoff), inArray(flowRuns.status, ['success', 'failed'])))
      .returning({ id: flowRuns.id });
    return removed.length;
  }
}
