import { lt, sql } from 'drizzle-orm';
import { Batcher } from './batcher.ts';
import type { Db } from './database.ts';
import { connectorRateWindows, rateLimitWindows } from './schema.ts';

const WINDOW_MS = 60_000;
/** The share of a connector's window, at its end, in which no run starts. */
const WINDOW_END_MARGIN = 0.2;
/** The longest interval a connector's rate limit may declare (a day). */
export const MAX_REMOTE_WINDOW_MS = 86_400_000;

/**
 * Calls per workspace per minute, counted in the database so every server process sharing it
 * sees the same count. One upsert per batch of calls.
 */
export class RateLimitRepository {
  readonly #db: Db;
  #lastSweep = 0;
  readonly #hits = new Batcher((hits: { workspaceId: string; windowStart: number }[]) => this.#hitMany(hits));

  constructor(db: Db) {
    this.#db = db;
  }

  /** Counts a call; says whether it is within `limit` and, when not, how many seconds to wait. */
  async hit(workspaceId: string, limit: number, now = Date.now()): Promise<{ allowed: boolean; remaining: number; retryAfterSeconds: number }> {
    const windowStart = now - (now % WINDOW_MS);
    const count = await this.#hits.call({ workspaceId, windowStart });
    await this.#sweep(now);
    return {
      allowed: count <= limit,
      remaining: Math.max(0, limit - count),
      retryAfterSeconds: Math.max(1, Math.ceil((windowStart + WINDOW_MS - now) / 1000)),
    };
  }

  /** Counts calls made together in one upsert per window; each call gets its own place in the count. */
  async #hitMany(hits: { workspaceId: string; windowStart: number }[]): Promise<number[]> {
    const calls = new Map<string, { workspaceId: string; windowStart: number; count: number }>();
    const places = hits.map(({ workspaceId, windowStart }) => {
      const key = `${workspaceId}/${windowStart}`;
      const window = calls.get(key) ?? { workspaceId, windowStart, count: 0 };
      calls.set(key, window);
      return { key, place: ++window.count };
    });
    const rows = await this.#db
      .insert(rateLimitWindows)
      .values([...calls.values()].map(({ workspaceId, windowStart, count }) => ({ workspace_id: workspaceId, window_start: new Date(windowStart), count })))
      .onConflictDoUpdate({
        target: [rateLimitWindows.workspace_id, rateLimitWindows.window_start],
        set: { count: sql`${rateLimitWindows.count} + excluded.count` },
      })
      .returning({ workspace_id: rateLimitWindows.workspace_id, window_start: rateLimitWindows.window_start, count: rateLimitWindows.count });
    const totals = new Map(rows.map((row) => [`${row.workspace_id}/${row.window_start.getTime()}`, row.count]));
    return places.map(({ key, place }) => totals.get(key)! - calls.get(key)!.count + place);
  }

  /**
   * Takes `runs` from a workspace's allowance of runs queued per minute, all or nothing: whether
   * they fit, and when not, how many still do and how many seconds until the next window.
   */
  async takeRuns(workspaceId: string, runs: number, limit: number, now = Date.now()): Promise<{ allowed: boolean; remaining: number; retryAfterSeconds: number }> {
    const windowStart = now - (now % WINDOW_MS);
    const retryAfterSeconds = Math.max(1, Math.ceil((windowStart + WINDOW_MS - now) / 1000));
    const [row] =
      runs > limit
        ? []
        : await this.#db
            .insert(rateLimitWindows)
            .values({ workspace_id: workspaceId, window_start: new Date(windowStart), runs })
            .onConflictDoUpdate({
              target: [rateLimitWindows.workspace_id, rateLimitWindows.window_start],
              set: { runs: sql`${rateLimitWindows.runs} + ${runs}` },
              // Runs that do not fit take nothing.
              setWhere: sql`${rateLimitWindows.runs} + ${runs} <= ${limit}`,
            })
            .returning({ runs: rateLimitWindows.runs });
    if (row) return { allowed: true, remaining: limit - row.runs, retryAfterSeconds };
    const [current] = await this.#db
      .select({ runs: rateLimitWindows.runs })
      .from(rateLimitWindows)
      .where(sql`${rateLimitWindows.workspace_id} = ${workspaceId} and ${rateLimitWindows.window_start} = ${new Date(windowStart)}`);
    return { allowed: false, remaining: Math.max(0, limit - (current?.runs ?? 0)), retryAfterSeconds };
  }

  /**
   * Takes `requests` from a connector's declared allowance for its remote API, shared by every
   * worker: `undefined` when taken, else when the next window starts.
   */
  async takeRemote(connectorId: string, requests: number, limit: { requests: number; per_seconds: number }, now = Date.now()): Promise<Date | undefined> {
    const windowMs = limit.per_seconds * 1000;
    const windowStart = new Date(now - (now % windowMs));
    // Near a window's end a run waits for the next one: its requests, sent a little later, would land there.
    if (now - windowStart.getTime() > windowMs * (1 - WINDOW_END_MARGIN)) return new Date(windowStart.getTime() + windowMs);
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
