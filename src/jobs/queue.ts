import { fromPglite, PgBoss, type Job, type JobInsert } from 'pg-boss';
import { Batcher } from '../store/batcher.ts';
import { describeError } from '../store/index.ts';
import type { Database } from '../store/index.ts';

/** What the queue runs: a connector execution, or a flow run (the name Trigger.dev tasks use too). */
export const JOB_KINDS = { execution: 'execute-connector', flowRun: 'trigger-workflow' } as const;
export type JobKind = keyof typeof JOB_KINDS;

/** Attempts a job gets when its worker dies or fails; then the run is ended as failed. */
const ATTEMPTS = 4;
const PRUNE_QUEUE = 'prune-history';

export interface JobData {
  /** The execution or flow run to run. */
  id: string;
}

export interface JobHandler {
  /** Runs the job; may ask to be run again later (a remote rate limit is used up). */
  run(id: string): Promise<{ retryAt: Date } | void>;
  /** Every attempt failed or died: end the run, saying why. */
  abandon(id: string, attempts: number): Promise<void>;
  /** An attempt failed with an error the run did not handle (the database went away). */
  failed(id: string, error: Error): Promise<void>;
}

export interface WorkOptions {
  /** Jobs this process runs at once. */
  concurrency: number;
  /** Jobs of one workspace running at once across every worker, so a burst leaves room for others. */
  workspaceConcurrency: number;
}

/**
 * The job queue (pg-boss), in the same database as everything else: the embedded one, shared
 * with the store, or a PostgreSQL server any number of workers share. Jobs are grouped by
 * workspace. A job whose worker dies (no heartbeat for 10 s) is run again; after the last
 * attempt it goes to a dead-letter queue whose handler ends the run as failed.
 */
export class JobQueue {
  readonly #boss: PgBoss;
  readonly #onError: (error: Error) => void;
  readonly #sends = {
    execution: new Batcher<JobInsert<JobData>, void>((jobs) => this.#insert('execution', jobs)),
    flowRun: new Batcher<JobInsert<JobData>, void>((jobs) => this.#insert('flowRun', jobs)),
  };

  /** `onError`: where the queue's own errors go (a dropped connection, a failed poll); it keeps running. */
  constructor(database: Database, onError: (error: Error) => void) {
    this.#onError = onError;
    // A job whose worker died is noticed within about 20 s: no heartbeat for 10 s, seen by a monitor pass every 10 s.
    const common = { useListenNotify: true, superviseIntervalSeconds: 5, monitorIntervalSeconds: 10 } as const;
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
    }
  }

  /** Queues runs of one workspace; `startAfter` holds them back until then. Jobs queued together are one statement. */
  async enqueue(kind: JobKind, workspaceId: string, ids: string[], startAfter?: Date): Promise<void> {
    const jobs = ids.map((id) => ({ data: { id }, group: { id: workspaceId }, ...(startAfter ? { startAfter } : {}) }));
    if (jobs.length === 1) await this.#sends[kind].call(jobs[0]!);
    else if (jobs.length > 1) await this.#boss.insert(JOB_KINDS[kind], jobs);
  }

  async #insert(kind: JobKind, jobs: JobInsert<JobData>[]): Promise<void> {
    await this.#boss.insert(JOB_KINDS[kind], jobs);
  }

  /**
   * Runs `handler` for queued jobs of one kind. Jobs are fetched in batches, fetching again at
   * once while batches come back full, so a backlog drains without waiting for a poll; a failed
   * job is retried alone.
   */
  async work(kind: JobKind, handler: JobHandler, options: WorkOptions): Promise<void> {
    const name = JOB_KINDS[kind];
    const fetchers = Math.min(2, options.concurrency);
    await this.#boss.work<JobData>(
      name,
      {
        batchSize: Math.ceil(options.concurrency / fetchers),
        localConcurrency: fetchers,
        burstWhenBatchFull: true,
        pollingIntervalSeconds: 0.5,
        notifyPollingIntervalSeconds: 0.5,
        perJobResults: true,
        groupConcurrency: options.workspaceConcurrency,
      },
      async (jobs: Job<JobData>[]) =>
        Promise.all(
          jobs.map(async (job) => {
            try {
              const later = await handler.run(job.data.id);
              // Every job is enqueued with its workspace as its group.
              if (later) await this.enqueue(kind, job.groupId!, [job.data.id], later.retryAt);
              return { id: job.id, status: 'completed' as const };
            } catch (error) {
              this.#onError(error as Error);
              await handler.failed(job.data.id, error as Error).catch(this.#onError);
              return { id: job.id, status: 'failed' as const, output: { message: describeError(error) } };
            }
          }),
        ),
    );
    await this.#boss.work<JobData>(deadLetter(name), { pollingIntervalSeconds: 2 }, async ([job]) => handler.abandon(job!.data.id, ATTEMPTS));
  }

  /** Runs `prune` every hour, once across all processes (pg-boss's schedule). */
  async schedulePruning(prune: () => Promise<void>): Promise<void> {
    await this.#boss.createQueue(PRUNE_QUEUE);
    await this.#boss.schedule(PRUNE_QUEUE, '17 * * * *');
    await this.#boss.work(PRUNE_QUEUE, async () => prune());
  }

  /** Stops taking jobs, lets running ones finish (up to `timeoutMs`), and closes. */
  async stop(timeoutMs = 20_000): Promise<void> {
    await this.#boss.stop({ graceful: true, timeout: timeoutMs, close: true });
  }
}

function deadLetter(name: string): string {
  return `${name}-abandoned`;
}
