import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { fromPglite, PgBoss, type Db as BossDatabase, type JobInsert } from 'pg-boss';
import type { Pause } from '../engine/index.ts';
import type { Database, Db, EnqueueWithin, Queued } from '../store/index.ts';
import { Dispatcher, type JobData } from './dispatcher.ts';

/** What the queue runs: a connector execution, or a flow run (the name Trigger.dev tasks use too). */
export const JOB_KINDS = { execution: 'execute-connector', flowRun: 'trigger-workflow' } as const;
export type JobKind = keyof typeof JOB_KINDS;

/**
 * What runs accepted runs: pg-boss in this database (JobQueue), or Trigger.dev (TriggerDevQueue).
 * Either way a run and the promise to run it are committed together, and each run is run once.
 */
export interface RunQueue {
  /** Each kind's promise to run the rows just made, written within the transaction that makes them. */
  readonly enqueue: Record<JobKind, EnqueueWithin>;
  /** Hands runs still to run, whose promise was lost, over again; with `ids`, only those, at once. */
  requeueOrphans(kind: JobKind, ids?: string[]): Promise<number>;
  start(retentionDays: number): Promise<void>;
  /** Runs `prune` hourly, and whatever upkeep the queue needs. */
  schedule(prune: () => Promise<void>): Promise<void>;
  stop(timeoutMs?: number): Promise<void>;
}

/** The table each kind's runs are kept in; a run's `job_id` names the job that runs it. */
export const RUN_TABLES: Record<JobKind, { table: string; standalone: string }> = {
  // An execution a flow run's action made runs inside that flow run, with no job of its own.
  execution: { table: 'connector_executions', standalone: 'flow_run_id is null' },
  flowRun: { table: 'flow_runs', standalone: 'true' },
};

/** Attempts a job gets when its worker dies or fails; then the run is ended as failed. */
const ATTEMPTS = 4;
const PRUNE_QUEUE = 'prune-history';
const SWEEP_QUEUE = 'requeue-orphans';
/** Runs one sweep requeues at most; the next sweep takes the rest. */
const SWEEP_BATCH = 1000;
/** Where pg-boss (schema `pgboss`) announces new jobs: its channel name, as its notifyChannelSql makes it. */
const NOTIFY_CHANNEL = `pgboss_${createHash('sha224').update('pgboss').digest('hex').slice(0, 24)}`;

export interface JobHandler {
  /** Runs the job, pausing between tries with `pause`; may ask to be run again later (a remote rate limit is used up). */
  run(id: string, pause: Pause): Promise<{ retryAt: Date } | void>;
  /** Hands the run to the job `jobId`, within `tx`; the run when it was still this job's to hand over. */
  handOver(tx: Db, id: string, jobId: string): Promise<Queued | undefined>;
  /** Every attempt failed or died: end the run, saying why. */
  abandon(id: string, attempts: number): Promise<void>;
  /** An attempt failed with an error the run did not handle (the database went away). */
  failed(id: string, error: Error): Promise<void>;
}

export interface WorkOptions {
  /** Jobs this process runs at once, shared fairly between workspaces. */
  concurrency: number;
  /** Jobs of one workspace running at once across every worker; no such cap when absent. */
  workspaceLimit?: number;
}

/**
 * A database pg-boss writes through: the caller's transaction, so a run and its job are committed
 * together. pg-boss sends text with `$n` placeholders; drizzle binds the values.
 */
function within(tx: Db): BossDatabase {
  return {
    executeSql: async (text, values = []) => {
      const chunks = text.split(/\$(\d+)/).map((part, index) => (index % 2 === 0 ? sql.raw(part) : sql`${values[Number(part) - 1]}`));
      return { rows: ((await tx.execute(sql.join(chunks))) as unknown as { rows: unknown[] }).rows };
    },
  };
}

/**
 * The job queue (pg-boss), in the same database as everything else: the embedded one, shared
 * with the store, or a PostgreSQL server any number of workers share. Jobs are grouped by
 * workspace, and each process shares its slots fairly between them (the dispatcher). A run and
 * its job are written in one transaction; a sweep requeues any run whose job is gone. A job whose
 * worker dies (no heartbeat for 10 s) is run again; after the last attempt it goes to a
 * dead-letter queue whose handler ends the run as failed.
 */
export class JobQueue implements RunQueue {
  readonly #boss: PgBoss;
  readonly #db: Db;
  readonly #onError: (error: Error) => void;
  #dispatcher?: Dispatcher;
  /** Each kind's jobs, to write within the transaction that makes their runs: one function per kind, so runs made together share one insert. */
  readonly enqueue: Record<JobKind, EnqueueWithin> = { execution: this.within('execution'), flowRun: this.within('flowRun') };

  /** `onError`: where the queue's own errors go (a dropped connection, a failed poll); it keeps running. */
  constructor(database: Database, onError: (error: Error) => void) {
    this.#db = database.db;
    this.#onError = onError;
    // A job whose worker died is noticed within about 13 s: no heartbeat for 10 s, seen by a monitor
    // pass every 3 s. The dispatcher listens for new jobs itself.
    const common = { superviseIntervalSeconds: 3, monitorIntervalSeconds: 3 } as const;
    this.#boss =
      'pglite' in database.connection
        ? new PgBoss({ ...common, db: fromPglite(database.connection.pglite), backend: 'pglite' })
        : new PgBoss({ ...common, connectionString: database.connection.url, max: 5 });
  }

  /** Creates the queues; finished jobs are kept `retentionDays`, as long as the history they belong to. */
  async start(retentionDays: number): Promise<void> {
    this.#boss.on('error', (error) => this.#onError(error));
    await this.#boss.start();
    for (const name of Object.values(JOB_KINDS)) {
      await this.#boss.createQueue(deadLetter(name), { deleteAfterSeconds: 86_400 });
      await this.#boss.createQueue(name, {
        notify: true,
        retryLimit: ATTEMPTS - 1,
        retryDelay: 1,
        expireInSeconds: 900,
        heartbeatSeconds: 10,
        deadLetter: deadLetter(name),
      });
      await this.#boss.updateQueue(name, { deleteAfterSeconds: retentionDays * 86_400 });
      // Fills pg-boss's queue cache, so an insert within a transaction runs no statement outside
      // it (on PGlite, one connection, that statement would wait for the transaction: forever).
      await this.#boss.insert(name, []);
    }
    // The API queues runs as connectors_api (row-level security), in the transaction that makes them.
    await this.#db.execute(sql`grant usage on schema pgboss to connectors_api`);
    await this.#db.execute(sql`grant select, insert, update on all tables in schema pgboss to connectors_api`);
    await this.#db.execute(sql`grant execute on all functions in schema pgboss to connectors_api`);
  }

  /** Writes the jobs of runs just made, within the transaction that made them (each run's `job_id` is its job's id). */
  within(kind: JobKind, startAfter?: Date): EnqueueWithin {
    return async (tx, rows) => {
      if (rows.length === 0) return;
      const jobs: JobInsert<JobData>[] = rows.map((row) => ({ id: row.job_id, data: { id: row.id }, group: { id: row.workspace_id }, ...(startAfter ? { startAfter } : {}) }));
      await this.#boss.insert(JOB_KINDS[kind], jobs, { db: within(tx) });
    };
  }

  /**
   * Requeues runs still to run whose job is gone: a run made before runs recorded their job (after
   * a minute), or whose job ended without ending it. A job that failed for good is not gone: the
   * dead-letter queue ends its run. With `ids`, only those runs, at once.
   */
  async requeueOrphans(kind: JobKind, ids?: string[]): Promise<number> {
    const { table, standalone } = RUN_TABLES[kind];
    const only = ids ? sql`and r.id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})` : sql`and (r.job_id is not null or r.created_at < now() - interval '1 minute')`;
    return this.#db.transaction(async (tx) => {
      const orphans = ((await tx.execute(sql`
        select r.id, r.workspace_id, r.job_id from ${sql.identifier(table)} r
        where r.status in ('pending', 'running') and ${sql.raw(standalone)} ${only}
          and not exists (select 1 from pgboss.job j where j.name = ${JOB_KINDS[kind]} and j.id = r.job_id and j.state in ('created', 'retry', 'active', 'failed'))
        limit ${SWEEP_BATCH} for update of r skip locked`)) as unknown as { rows: { id: string; workspace_id: string }[] }).rows;
      if (orphans.length === 0) return 0;
      const rows = orphans.map((row) => ({ id: row.id, workspace_id: row.workspace_id, job_id: randomUUID() }));
      await tx.execute(sql`
        update ${sql.identifier(table)} r set job_id = v.job_id
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(id uuid, job_id uuid) where r.id = v.id`);
      await this.enqueue[kind](tx, rows);
      return rows.length;
    });
  }

  /**
   * Runs `handler` for queued jobs of each kind given, in one pool of slots; call once per
   * process. A failed job is retried alone; a run that waits for a remote rate limit is handed
   * to a job that starts then.
   */
  async work(handlers: Partial<Record<JobKind, JobHandler>>, options: WorkOptions): Promise<void> {
    const dispatcher = new Dispatcher(this.#boss, { ...options, onError: this.#onError });
    for (const [kind, handler] of Object.entries(handlers) as [JobKind, JobHandler][]) {
      dispatcher.add(JOB_KINDS[kind], async ({ id }, pause) => {
        try {
          const later = await handler.run(id, pause);
          if (later) await this.#handOver(kind, handler, id, later.retryAt);
        } catch (error) {
          await handler.failed(id, error as Error).catch(this.#onError);
          throw error;
        }
      });
      await this.#boss.work<JobData>(deadLetter(JOB_KINDS[kind]), { pollingIntervalSeconds: 2 }, async ([job]) => handler.abandon(job!.data.id, ATTEMPTS));
    }
    await dispatcher.start(NOTIFY_CHANNEL);
    this.#dispatcher = dispatcher;
  }

  /** A run that waits (a remote rate limit) goes to a new job starting then; the run records it, in the same transaction. */
  async #handOver(kind: JobKind, handler: JobHandler, id: string, startAfter: Date): Promise<void> {
    await this.#db.transaction(async (tx) => {
      const row = await handler.handOver(tx, id, randomUUID());
      if (row) await this.within(kind, startAfter)(tx, [row]);
    });
  }

  /** Runs `prune` every hour and requeues orphaned runs every minute (and now), once across all processes (pg-boss's schedule). */
  async schedule(prune: () => Promise<void>): Promise<void> {
    const sweep = async () => {
      for (const kind of Object.keys(JOB_KINDS) as JobKind[]) while ((await this.requeueOrphans(kind)) === SWEEP_BATCH);
    };
    await this.#boss.createQueue(PRUNE_QUEUE);
    await this.#boss.schedule(PRUNE_QUEUE, '17 * * * *');
    await this.#boss.work(PRUNE_QUEUE, async () => prune());
    await this.#boss.createQueue(SWEEP_QUEUE);
    await this.#boss.schedule(SWEEP_QUEUE, '* * * * *');
    await this.#boss.work(SWEEP_QUEUE, sweep);
    await sweep();
  }

  /** Stops taking jobs, lets running ones finish (up to `timeoutMs`), and closes. */
  async stop(timeoutMs = 20_000): Promise<void> {
    await this.#dispatcher?.stop(timeoutMs);
    await this.#boss.stop({ graceful: true, timeout: timeoutMs, close: true });
  }
}

function deadLetter(name: string): string {
  return `${name}-abandoned`;
}
