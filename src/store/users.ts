import { sql } from 'drizzle-orm';
import type { Db } from './database.ts';
import { users } from './schema.ts';

export class UserRepository {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  /** Records a token holder on their first call and when they were last seen. */
  async touch(id: string, email: string | undefined): Promise<void> {
    await this.#db
      .insert(users)
      .values({ id, email: email ?? null })
      .onConflictDoUpdate({ target: users.id, set: { last_seen_at: sql`now()`, ...(email ? { email } : {}) } });
  }
}
