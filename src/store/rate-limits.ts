import { lt, sql } from 'drizzle-orm';
import type { Db } from './database.ts';
import { connectorRateWindows, rateLimitWindows } from './schema.ts';

const WINDOW_MS = 60_000;
/** The longest interval a connector's rate limit may declare (a day). */
export const MAX_REMOTE_WINDOW_MS = 86_400_000;

/**
 * Calls per workspace per minute, counted in the database so every server process sharing it
 * sees the same count. One upsert per call.
 */
export class RateLimitRepository {
  readonly #db: Db;
  #lastSweep = 0;

  constructor(db: Db) {
    this.#db = db;
  }

  /** Counts a call; says whether it is within `limit` and, when not, how many seconds to wait. */
  async hit(workspaceId: string, limit: number, now = Date.now()): Promise<{ allowed: boolean; remaining: number; retryAfterSeconds: number }> {
    const windowStart = new Date(now - (now % WINDOW_MS));
    const [row] = await this.#db
      .insert(rateLimitWindows)
      .values({ workspace_id: workspaceId, window_start: windowStart, count: 1 })
      .onConflictDoUpdate({
        target: [rateLimitWindows.workspace_id, rateLimitWindows.window_start],
        set: { count: sql`${rateLimitWindows.count} + 1` },
      })
      .returning({ count: rateLimitWindows.count });
    await this.#sweep(now);
    const count = row?.count ?? 1;
    return {
      allowed: count <= limit,
      remaining: Math.max(0, limit - count),
      retryAfterSeconds: Math.max(1, Math.ceil((windowStart.getTime() + WINDOW_MS - now) / 1000)),
    };
  }

  /**
   * Takes `requests` from a connector's declared allowance for its remote API, shared by every
   * worker: `undefined` when taken, else when the next window starts.
   */
  async takeRemote(connectorId: string, requests: number, limit: { requests: number; per_seconds: number }, now = Date.now()): Promise<Date | undefined> {
    const windowMs = limit.per_seconds * 1000;
    const windowStart = new Date(now - (now % windowMs));
    const [row] = await this.#db
      .insert(connectorRateWindows)
      .values({ connector_id: connectorId, window_start: windowStart, count: requests })
      .onConflictDoUpdate({
        target: [connectorRateWindows.connector_id, connectorRateWindows.window_start],
        set: { count: sql`${connectorRateWindows.count} + ${requests}` },
        // A run that does not fit takes nothing, so it does not use up the window for the others.
        setWhere: sql`${connectorRateWindows.count} + ${requests} <= ${limit.requests}`,
      })
      .returning({ count: connectorRateWindows.count });
    await this.#sweep(now);
    if (row && row.count <= limit.requests) return undefined;
    return new Date(windowStart.getTime() + windowMs);
  }

  /** Drops windows that ended, at most once a minute per process. */
  async #sweep(now: number): Promise<void> {
    if (now - this.#lastSweep < WINDOW_MS) return;
    this.#lastSweep = now;
    await this.#db.delete(rateLimitWindows).where(lt(rateLimitWindows.window_start, new Date(now - 2 * WINDOW_MS)));
    await this.#db.delete(connectorRateWindows).where(lt(connectorRateWindows.window_start, new Date(now - 2 * MAX_REMOTE_WINDOW_MS)));
  }
}
