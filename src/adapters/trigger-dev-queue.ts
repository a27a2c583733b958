import { configure, idempotencyKeys, tasks } from '@trigger.dev/sdk';
import { sql } from 'drizzle-orm';
import { JOB_KINDS, RUN_TABLES, type JobKind, type RunQueue } from '../jobs/queue.ts';
import { listen, type Database, type Db, type EnqueueWithin } from '../store/index.ts';

/** Where a transaction that made runs says so; PostgreSQL delivers it at commit. */
const CHANNEL = 'connectors_runs_to_trigger';
/** How often runs not yet triggered are looked for without being told (a lost notice, a failed trigger). */
const POLL_MS = 1_000;
/** Runs looked up per pass, and triggers in flight at once. */
const BATCH = 200;
const IN_FLIGHT = 16;
const PRUNE_MS = 60 * 60 * 1000;

export interface TriggerDevSettings {
  /** TRIGGER_SECRET_KEY. */
  secretKey: string;
  /** TRIGGER_API_URL; Trigger.dev's cloud when absent. */
  apiUrl?: string;
}

/**
 * Runs accepted runs on Trigger.dev instead of pg-boss. A run row is its own outbox: it is
 * committed `pending` with a `job_id` and no `trigger_run_id`, and the transaction notifies this
 * process, which triggers `execute-connector` or `trigger-workflow` through the SDK and records
 * the Trigger.dev run's id. The job id is the trigger's idempotency key, so a run triggered twice
 * (a crash between the trigger and the record, two API processes) is still one Trigger.dev run.
 */
export class TriggerDevQueue implements RunQueue {
  readonly #database: Database;
  readonly #onError: (error: Error) => void;
  readonly enqueue: Record<JobKind, EnqueueWithin> = { execution: (tx, rows) => announce(tx, rows.length), flowRun: (tx, rows) => announce(tx, rows.length) };
  #listening?: { close(): Promise<void> };
  #timers: NodeJS.Timeout[] = [];
  #draining?: Promise<void>;
  #again = false;
  #stopped = false;

  constructor(database: Database, settings: TriggerDevSettings, onError: (error: Error) => void) {
    this.#database = database;
    this.#onError = onError;
    configure({ secretKey: settings.secretKey, ...(settings.apiUrl ? { baseURL: settings.apiUrl } : {}) });
  }

  async start(): Promise<void> {
    this.#listening = await listen(this.#database, CHANNEL, () => this.#drainSoon()).catch((error: unknown) => {
      this.#onError(error as Error);
      return undefined;
    });
    this.#timers.push(setInterval(() => this.#drainSoon(), POLL_MS));
    this.#drainSoon();
  }

  /** History is pruned hourly by each process that triggers runs (pruning twice removes nothing more). */
  async schedule(prune: () => Promise<void>): Promise<void> {
    this.#timers.push(setInterval(() => void prune().catch(this.#onError), PRUNE_MS));
  }

  async requeueOrphans(kind: JobKind, ids?: string[]): Promise<number> {
    return this.#trigger(kind, ids);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const timer of this.#timers) clearInterval(timer);
    await this.#listening?.close().catch(() => undefined);
    await this.#draining;
  }

  /** Triggers what is waiting, one pass at a time; a notice during a pass makes another. */
  #drainSoon(): void {
    if (this.#stopped) return;
    if (this.#draining) {
      this.#again = true;
      return;
    }
    this.#draining = (async () => {
      do {
        this.#again = false;
        for (const kind of Object.keys(JOB_KINDS) as JobKind[]) while ((await this.#trigger(kind).catch(this.#failed)) === BATCH);
      } while (this.#again && !this.#stopped);
    })().finally(() => (this.#draining = undefined));
  }

  readonly #failed = (error: unknown): number => {
    this.#onError(error as Error);
    return 0;
  };

  /** Triggers runs of `kind` still waiting for theirs (only `ids`, when given); how many it triggered. */
  async #trigger(kind: JobKind, ids?: string[]): Promise<number> {
    const { table, standalone } = RUN_TABLES[kind];
    const only = ids ? sql`and id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})` : sql``;
    const waiting = ((await this.#database.db.execute(sql`
      select id, job_id from ${sql.identifier(table)}
      where status = 'pending' and trigger_run_id is null and job_id is not null and ${sql.raw(standalone)} ${only}
      order by created_at limit ${BATCH}`)) as unknown as { rows: { id: string; job_id: string }[] }).rows;
    const next = waiting.values();
    const worker = async () => {
      for (const run of next) {
        const payload = kind === 'execution' ? { execution_id: run.id } : { flow_run_id: run.id };
        const handle = await tasks.trigger(JOB_KINDS[kind], payload, { idempotencyKey: await idempotencyKeys.create(run.job_id, { scope: 'global' }) });
        await this.#database.db.execute(sql`update ${sql.identifier(table)} set trigger_run_id = ${handle.id} where id = ${run.id} and trigger_run_id is null`);
      }
    };
    await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, waiting.length) }, worker));
    return waiting.length;
  }
}

async function announce(tx: Db, count: number): Promise<void> {
  if (count > 0) await tx.execute(sql`select pg_notify(${CHANNEL}, '')`);
}
