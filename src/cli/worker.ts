import { parseArgs } from 'node:util';
import { createLogger } from '../api/logger.ts';
import { UsageError } from './run.ts';
import { DEFAULT_CONCURRENCY, startRuntime } from './runtime.ts';
import { readSettings } from './settings.ts';
import { logUnhandledRejections, untilStopped } from './signals.ts';

export const WORKER_USAGE = `connectors worker [--concurrency N]

Runs queued executions from the PostgreSQL server at DATABASE_URL, N at a time (default ${DEFAULT_CONCURRENCY}),
shared fairly between workspaces, beside any number of other workers and 'connectors serve
--no-worker' processes. SIGTERM lets running executions finish before it exits.`;

export async function workerCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { concurrency: { type: 'string', default: String(DEFAULT_CONCURRENCY) } } });
  const concurrency = concurrencyOption(values.concurrency);
  const settings = await readSettings();
  if (!settings.databaseUrl) throw new UsageError('a separate worker needs DATABASE_URL: the embedded database belongs to one process, where `connectors serve` already runs the worker');
  if (settings.triggerDev) throw new UsageError('with CONNECTORS_EXECUTOR=trigger.dev, Trigger.dev runs the runs: deploy the tasks in src/adapters instead of starting workers');
  const logger = createLogger();
  logUnhandledRejections(logger);
  const runtime = await startRuntime(settings, { logger, concurrency });
  logger.info({ concurrency }, 'worker running');
  await untilStopped();
  await runtime.close();
  return 0;
}

/** `--concurrency`, checked. */
export function concurrencyOption(raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 1000) throw new UsageError(`--concurrency takes a whole number from 1 to 1000, not "${raw}"`);
  return value;
}
