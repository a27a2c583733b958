import { fromPglite, PgBoss, type Job } from 'pg-boss';
import type { Database } from '../store/index.ts';

export const EXECUTE_QUEUE = 'execute-connector';

export interface ExecuteJob {
  executionId: string;
  workspaceId: string;
}

/**
 * The job queue (pg-boss), in the same database as everything else: the embedded one, shared
 * with the store, or a PostgreSQL server any number of workers share.
 */
export class JobQueue {
  readonly #boss: PgBoss;

  constructor(database: Database) {
    const common = { schedule: false, useListenNotify: true } as const;
    this.#boss =
      'pglite' in database.connection
        ? new PgBoss({ ...common, db: fromPglite(database.connection.pglite), backend: 'pglite' })
        : new PgBoss({ ...common, connectionString: database.connection.url, max: 5 });
  }

  async start(): Promise<void> {
    this.#boss.on('error', () => {});
    await this.#boss.start();
    // Retries come from the runner, which knows what already happened; a job retried by the queue
    // (its worker died) resumes the same execution.
    await this.#boss.createQueue(EXECUTE_QUEUE, { notify: true, retryLimit: 3, retryDelay: 1, expireInSeconds: 600, heartbeatSeconds: 30, deleteAfterSeconds: 86_400 });
  }

  async enqueue(job: ExecuteJob): Promise<void> {
    // One group per workspace: a burst in one does not starve the others.
    await this.#boss.send(EXECUTE_QUEUE, job, { group: { id: job.workspaceId } });
  }

  /** Runs `handler` for queued executions, `concurrency` at a time, each workspace at most `perWorkspace`. */
  async work(handler: (job: ExecuteJob) => Promise<void>, concurrency: number, perWorkspace: number): Promise<void> {
    await this.#boss.work<ExecuteJob>(
      EXECUTE_QUEUE,
      { batchSize: 1, localConcurrency: concurrency, groupConcurrency: perWorkspace, pollingIntervalSeconds: 1 },
      async ([job]: Job<ExecuteJob>[]) => {
        if (job) await handler(job.data);
      },
    );
  }

  /** Stops taking jobs, lets running ones finish (up to `timeoutMs`), and closes. */
  async stop(timeoutMs = 20_000): Promise<void> {
    await this.#boss.stop({ graceful: true, timeout: timeoutMs, close: true });
  }
}
