import { fromPglite, PgBoss, type Job } from 'pg-boss';
import type { Database } from '../store/index.ts';

export const EXECUTE_QUEUE = 'execute-connector';

export interface ExecuteJob {
  executionId: string;
}

/**
 * The job queue (pg-boss), in the same database as everything else: the embedded one, shared
 * with the store, or a PostgreSQL server any number of workers share.
 */
export class JobQueue {
  readonly #boss: PgBoss;

  readonly #onError: (error: Error) => void;

  /** `onError`: where the queue's own errors go (a dropped connection, a failed poll); it keeps running. */
  constructor(database: Database, onError: (error: Error) => void) {
    this.#onError = onError;
    const common = { schedule: false, useListenNotify: true } as const;
    this.#boss =
      'pglite' in database.connection
        ? new PgBoss({ ...common, db: fromPglite(database.connection.pglite), backend: 'pglite' })
        : new PgBoss({ ...common, connectionString: database.connection.url, max: 5 });
  }

  async start(): Promise<void> {
    this.#boss.on('error', (error) => this.#onError(error));
    await this.#boss.start();
    // Retries come from the runner, which knows what already happened; a job retried by the queue
    // (its worker died) resumes the same execution.
    await this.#boss.createQueue(EXECUTE_QUEUE, { notify: true, retryLimit: 3, retryDelay: 1, expireInSeconds: 600, heartbeatSeconds: 30, deleteAfterSeconds: 86_400 });
  }

  async enqueue(job: ExecuteJob): Promise<void> {
    await this.#boss.send(EXECUTE_QUEUE, job);
  }

  /**
   * Runs `handler` for queued executions, up to `concurrency` at a time. Jobs are fetched in
   * batches, fetching again at once while batches come back full, so a backlog drains without
   * waiting for a poll; a failed job is retried alone.
   */
  async work(handler: (job: ExecuteJob) => Promise<void>, concurrency: number): Promise<void> {
    const fetchers = Math.min(2, concurrency);
    await this.#boss.work<ExecuteJob>(
      EXECUTE_QUEUE,
      { batchSize: Math.ceil(concurrency / fetchers), localConcurrency: fetchers, burstWhenBatchFull: true, pollingIntervalSeconds: 0.5, notifyPollingIntervalSeconds: 0.5, perJobResults: true },
      async (jobs: Job<ExecuteJob>[]) =>
        Promise.all(
          jobs.map(async (job) => {
            try {
              await handler(job.data);
              return { id: job.id, status: 'completed' as const };
            } catch (error) {
              this.#onError(error as Error);
              return { id: job.id, status: 'failed' as const, output: { message: (error as Error).message } };
            }
          }),
        ),
    );
  }

  /** Stops taking jobs, lets running ones finish (up to `timeoutMs`), and closes. */
  async stop(timeoutMs = 20_000): Promise<void> {
    await this.#boss.stop({ graceful: true, timeout: timeoutMs, close: true });
  }
}
