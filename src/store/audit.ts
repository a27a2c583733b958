import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import { Batcher } from './batcher.ts';
import { inWorkspace, type Db } from './database.ts';
import { auditLog } from './schema.ts';

export type AuditEntry = Omit<typeof auditLog.$inferInsert, 'id' | 'created_at'>;

/** Who created, changed, deleted or ran what, when. Entries name things; they never hold secrets. */
export class AuditRepository {
  readonly #db: Db;
  /** Entries recorded outside a transaction (a test run's) at the same time go in as one insert. */
  readonly #entries = new Batcher<AuditEntry, void>(async (entries) => {
    await this.#db.insert(auditLog).values(entries);
  });

  constructor(db: Db) {
    this.#db = db;
  }

  /** Records an entry, in the caller's transaction when given one. */
  async record(entry: AuditEntry, db?: Db): Promise<void> {
    if (db) await db.insert(auditLog).values(entry);
    else await this.#entries.call(entry);
  }

  /** Newest first; `before` is the id of the last entry of the previous page. */
  async list(workspaceId: string, filter: { resourceType?: string; resourceId?: string; before?: number; limit: number }) {
    return inWorkspace(this.#db, workspaceId, async (tx) => {
      const where: SQL[] = [eq(auditLog.workspace_id, workspaceId)];
      if (filter.resourceType) where.push(eq(auditLog.resource_type, filter.resourceType));
      if (filter.resourceId) where.push(eq(auditLog.resource_id, filter.resourceId));
      if (filter.before !== undefined) where.push(lt(auditLog.id, filter.before));
      return tx
        .select()
        .from(auditLog)
        .where(and(...where))
        .orderBy(desc(auditLog.id))
        .limit(filter.limit);
    });
  }
}
