import type { Logger } from '../api/logger.ts';
import { Engine } from '../engine/index.ts';
import { ExecutionRunner } from '../jobs/execution-runner.ts';
import { FlowRunner } from '../jobs/flow-runner.ts';
import { JobQueue, type RunQueue } from '../jobs/queue.ts';
import { describeError, openDatabase, SecretBox, Store, type Database } from '../store/index.ts';
import type { TriggerDevSettings } from '../adapters/trigger-dev-queue.ts';
import { SettingsError, type Settings } from './settings.ts';

/** Runs a worker process keeps going at once unless told otherwise; waiting on remotes costs little. */
export const DEFAULT_CONCURRENCY = 128;

/** What serve and worker processes both run on: the store, the engine and the queue. */
export interface Runtime {
  store: Store;
  engine: Engine;
  queue: RunQueue;
  /** Stops the worker (running executions finish), then closes the engine and the database. */
  close(): Promise<void>;
}

export interface RuntimeOptions {
  logger: Logger;
  /** Hosts let through the SSRF guard besides CONNECTORS_ALLOWED_HOSTS. */
  allowedHosts?: string[];
  /** Routes origins elsewhere (the demo API, tests' stand-ins). */
  connectTo?: Record<string, string>;
  /** Run queued executions in this process (default true; never when Trigger.dev runs them). */
  worker?: boolean;
  /** Executions run at once by this process (default DEFAULT_CONCURRENCY). */
  concurrency?: number;
}

/** The store and engine a process runs connectors with, and how to close them. */
export async function openStoreAndEngine(settings: Settings, options: Pick<RuntimeOptions, 'allowedHosts' | 'connectTo'>): Promise<{ store: Store; engine: Engine; close(): Promise<void> }> {
  const database = await openDatabase({ url: settings.databaseUrl, dataDir: settings.dataDir });
  const store = new Store(database, SecretBox.fromSetting(settings.encryptionKey), { responsesKept: settings.responsesKept });
  const engine = new Engine({ allowedHosts: [...settings.allowedHosts, ...(options.allowedHosts ?? [])], connectTo: options.connectTo ?? {} });
  return {
    store,
    engine,
    close: async () => {
      await engine.close();
      await store.close();
    },
  };
}

/** Opens the database (migrating it), loads the shipped templates, and starts the queue and, unless told not to, a worker. */
export async function startRuntime(settings: Settings, options: RuntimeOptions): Promise<Runtime> {
  const { store, engine, close: closeStore } = await openStoreAndEngine(settings, options);
  const { database } = store;
  const onError = (error: Error) => options.logger.error({ err: error }, 'queue error');
  const queue = settings.triggerDev ? await triggerDevQueue(database, settings.triggerDev, onError) : new JobQueue(database, onError);
  const close = async () => {
    await queue.stop().catch((error: unknown) => options.logger.warn({ err: error }, 'queue did not stop cleanly'));
    await closeStore();
  };
  try {
    await store.templates.loadShipped();
    await queue.start(settings.retentionDays);
    await queue.schedule(async () => {
      const pruned = await store.prune(settings.retentionDays);
      options.logger.info({ pruned, retentionDays: settings.retentionDays }, 'history pruned');
    });
    if (queue instanceof JobQueue && options.worker !== false) {
      const executions = new ExecutionRunner(store, engine);
      const flows = new FlowRunner(store, executions);
      await queue.work(
        {
          execution: { run: (id, pause) => executions.run(id, pause), handOver: (tx, id, jobId) => store.executions.releaseWithin(tx, id, jobId), abandon: (id, attempts) => executions.abandon(id, attempts), failed: (id, error) => store.executions.noteError(id, describeError(error)) },
          flowRun: { run: (id, pause) => flows.run(id, pause), handOver: (tx, id, jobId) => store.flowRuns.handOverWithin(tx, id, jobId), abandon: (id, attempts) => flows.abandon(id, attempts), failed: (id, error) => store.flowRuns.noteError(id, describeError(error)) },
        },
        { concurrency: options.concurrency ?? DEFAULT_CONCURRENCY, ...(settings.workspaceLimit ? { workspaceLimit: settings.workspaceLimit } : {}) },
      );
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { store, engine, queue, close };
}

/** Trigger.dev's SDK is an optional dependency, loaded only when it runs the runs. */
async function triggerDevQueue(database: Database, settings: TriggerDevSettings, onError: (error: Error) => void): Promise<RunQueue> {
  try {
    const { TriggerDevQueue } = await import('../adapters/trigger-dev-queue.ts');
    return new TriggerDevQueue(database, settings, onError);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') throw new SettingsError('CONNECTORS_EXECUTOR=trigger.dev needs @trigger.dev/sdk 4: npm install @trigger.dev/sdk@4');
    throw error;
  }
}
