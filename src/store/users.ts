import { sql } from 'drizzle-orm';
import type { Db } from './database.ts';
import { users } from './schema.ts';

/** How often one process writes a user's `last_seen_at`: not on every call. */
const TOUCH_EVERY_MS = 60_000;

export class UserRepository {
  readonly #db: Db;
  /** User → when this process last wrote them; cleared when it grows large. */
  readonly #touched = new Map<string, number>();

  constructor(db: Db) {
    this.#db = db;
  }

  /** Records a token holder on their first call and when they were last seen. */
  async touch(id: string, email: string | undefined, now = Date.now()): Promise<void> {
    if (now - (this.#touched.get(id) ?? -Infinity) < TOUCH_EVERY_MS) return;
    await this.#db
      .insert(users)
      .values({ id, email: email ?? null })
      .onConflictDoUpdate({ target: users.id, set: { last_seen_at: sql`now()`, ...(email ? { email } : {}) } });
    if (this.#touched.size >= 10_000) this.#touched.clear();
    this.#touched.set(id, now);
  }
}
