import { and, asc, eq, ilike, sql, type SQL } from 'drizzle-orm';
import type { AuditRepository } from './audit.ts';
import { escapeLike } from './contacts.ts';
import { inWorkspace, type Db } from './database.ts';
import { flows } from './schema.ts';

export type Flow = typeof flows.$inferSelect;
export type FlowColumns = Pick<typeof flows.$inferInsert, 'name' | 'description' | 'enabled' | 'actions'>;

export class FlowRepository {
  readonly #db: Db;
  readonly #audit: AuditRepository;

  constructor(db: Db, audit: AuditRepository) {
    this.#db = db;
    this.#audit = audit;
  }

  async list(workspaceId: string, filter: { search?: string; limit: number; offset: number }): Promise<{ items: Flow[]; total: number }> {
    return inWorkspace(this.#db, workspaceId, async (tx) => {
      const where: SQL[] = [eq(flows.workspace_id, workspaceId)];
      if (filter.search) where.push(ilike(flows.name, `%${escapeLike(filter.search)}%`));
      const condition = and(...where);
      const [items, total] = await Promise.all([
        tx.select().from(flows).where(condition).orderBy(asc(flows.name)).limit(filter.limit).offset(filter.offset),
        tx.$count(flows, condition),
      ]);
      return { items, total };
    });
  }

  async get(workspaceId: string, id: string): Promise<Flow | undefined> {
    return inWorkspace(this.#db, workspaceId, async (tx) => {
      const [row] = await tx.select().from(flows).where(and(eq(flows.workspace_id, workspaceId), eq(flows.id, id)));
      return row;
    });
  }

  /** Creates a flow; a duplicate name raises a unique violation. */
  async create(workspaceId: string, columns: FlowColumns, actor: string): Promise<Flow> {
    return inWorkspace(this.#db, workspaceId, async (tx) => {
      const [row] = await tx.insert(flows).values({ ...columns, workspace_id: workspaceId, created_by: actor }).returning();
      await this.#audit.record({ workspace_id: workspaceId, user_id: actor, action: 'create', resource_type: 'flow', resource_id: row!.id, details: { name: row!.name } }, tx);
      return row!;
    });
  }

  async update(workspaceId: string, id: string, columns: FlowColumns, actor: string): Promise<Flow | undefined> {
    return inWorkspace(this.#db, workspaceId, async (tx) => {
      const [row] = await tx
        .update(flows)
        .set({ ...columns, updated_at: sql`now()` })
        .where(and(eq(flows.workspace_id, workspaceId), eq(flows.id, id)))
        .returning();
      if (row) await this.#audit.record({ workspace_id: workspaceId, user_id: actor, action: 'update', resource_type: 'flow', resource_id: id, details: { name: row.name } }, tx);
      return row;
    });
  }

  async delete(workspaceId: string, id: string, actor: string): Promise<boolean> {
    return inWorkspace(this.#db, workspaceId, async (tx) => {
      const removed = await tx
        .delete(flows)
        .where(and(eq(flows.workspace_id, workspaceId), eq(flows.id, id)))
        .returning({ name: flows.name });
      if (removed.length > 0) await this.#audit.record({ workspace_id: workspaceId, user_id: actor, action: 'delete', resource_type: 'flow', resource_id: id, details: { name: removed[0]!.name } }, tx);
      return removed.length > 0;
    });
  }
}
