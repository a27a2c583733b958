import type { Engine } from '../engine/index.ts';
import type { Store } from '../store/index.ts';
import type { Logger } from './logger.ts';

/** What the routes work with. */
export interface Services {
  store: Store;
  /** Runs connectors for tests (and, later, executions): one engine, one set of connections. */
  engine: Engine;
  logger: Logger;
  /** Test and execute calls per workspace per minute. */
  rateLimitPerMinute: number;
}
