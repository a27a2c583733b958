import type { Engine } from '../engine/index.ts';
import type { RunQueue } from '../jobs/queue.ts';
import type { Store } from '../store/index.ts';
import type { Logger } from './logger.ts';

/** What the routes work with. */
export interface Services {
  store: Store;
  /** Runs connectors for tests (and, later, executions): one engine, one set of connections. */
  engine: Engine;
  /** Where executions are queued for the workers. */
  queue: RunQueue;
  logger: Logger;
  /** Test and execute calls per workspace per minute. */
  rateLimitPerMinute: number;
  /** Runs bulk requests may queue per workspace per minute, each contact counted. */
  bulkLimitPerMinute: number;
  /** The server's address as browsers reach it, for OAuth callbacks (default: the address a request came to). */
  publicUrl?: string;
}
