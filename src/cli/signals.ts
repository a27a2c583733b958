import type { Logger } from '../api/logger.ts';

/** Resolves on the first SIGINT or SIGTERM: long-running commands then shut down gracefully. */
export function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

/**
 * A server runs every tenant's work: a promise that fails with nobody to hear it is logged, and
 * the process goes on, rather than ending for all of them.
 */
export function logUnhandledRejections(logger: Logger): void {
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'a failure nothing was waiting for; the process goes on'));
}
