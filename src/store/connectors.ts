import { and, asc, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { Batcher } from './batcher.ts';
import { inWorkspace, type Db } from './database.ts';
import type { AuditRepository } from './audit.ts';
import { documentFromRow, type ConnectorColumns } from './connector-document.ts';
import { escapeLike } from './contacts.ts';
import { connectors, connectorVersions } from './schema.ts';

export type Connector = typeof connectors.$inferSelect;

export interface ConnectorFilter {
  search?: string;
  category?: string;
  enabled?: boolean;
  limit: number;
  offset: number;
}

export class ConnectorRepository {
  readonly #db: Db;
  readonly #audit: AuditRepository;
  /** Reads for runs, as the tables' owner: batched across workspaces, each row checked against the workspace asked for. */
  readonly #forRun = Batcher.byKey((ids) => this.#db.select().from(connectors).where(inArray(connectors.id, ids)), (row) => row.id);
  readonly #byId = Batcher.byKeyIn(
    (workspaceId, ids) => inWorkspace(this.#db, workspaceId, (tx) => tx.select().from(connectors).where(and(eq(connectors.workspace_id, workspaceId), inArray(connectors.id, ids)))),
    (row) => row.id,
  );

  constructor(db: Db, audit: AuditRepository) {
    this.#db = db;
    this.#audit = audit;
  }

  async list(workspaceId: string, filter: ConnectorFilter): Promise<{ items: Connector[]; total: number }> {
    return inWorkspace(this.#db, workspaceId, async (tx) => {
      const where: SQL[] = [eq(connectors.workspace_id, workspaceId)];
      if (filter.search) {
        const pattern = `%${escapeLike(filter.search)}%`;
        where.push(or(ilike(connectors.name, pattern), ilike(connectors.description, pattern))!);
      }
      if (filter.category) where.push(eq(connectors.category, filter.category));
      if (filter.enabled !== undefined) where.push(eq(connectors.enabled, filter.enabled));
      const condition = and(...where);
      const [items, total] = await Promise.all([
        tx.select().from(connectors).where(condition).orderBy(asc(connectors.name)).limit(filter.limit).offset(filter.offset),
        tx.$count(connectors, condition),
      ]);
      return { items, total };
    });
  }

  /** A workspace's connector as a run (a worker's, a test's) reads it; runs' reads made together are one statement. */
  async forRun(workspaceId: string, id: string): Promise<Connector | undefined> {
    const row = await this.#forRun.call(id);
    return row?.workspace_id === workspaceId ? row : undefined;
  }

  /** A workspace's connector; reads made together are one statement. */
  async get(workspaceId: string, id: string): Promise<Connector | undefined> {
    const row = await this.#byId.call({ workspaceId, key: id });
    return row?.workspace_id === workspaceId ? row : undefined;
  }

  async findByName(workspaceId: string, name: string): Promise<Connector | undefined> {
    return inWorkspace(this.#db, workspaceId, async (tx) => {
      const [row] = await tx.select().from(connectors).where(and(eq(connectors.workspace_id, workspaceId), eq(connectors.name, name)));
      return row;
    });
  }

  /** Creates a connector; a duplicate name raises a unique violation. */
  async create(workspaceId: string, columns: ConnectorColumns, actor: string, details: Record<string, unknown> = {}): Promise<Connector> {
    return inWorkspace(this.#db, workspaceId, async (tx) => {
      const [row] = await tx.insert(connectors).values({ ...columns, workspace_id: workspaceId, created_by: actor }).returning();
      await this.#audit.record({ workspace_id: workspaceId, user_id: actor, action: 'create', resource_type: 'connector', resource_id: row!.id, details: { name: row!.name, ...details } }, tx);
      return row!;
    });
  }

  /**
   * Replaces a connector's definition, keeping the one it replaces as a version. `action` says
   * why, for the audit log (`update`, `restore`).
   */
  async update(workspaceId: string, id: string, columns: ConnectorColumns, actor: string, action = 'update', details: Record<string, unknown> = {}): Promise<Connector | undefined> {
    return inWorkspace(this.#db, workspaceId, async (tx) => {
      const [current] = await tx
        .select()
        .from(connectors)
        .where(and(eq(connectors.workspace_id, workspaceId), eq(connectors.id, id)))
        .for('update');
      if (!current) return undefined;
      await tx.insert(connectorVersions).values({
        workspace_id: workspaceId,
        connector_id: id,
        version: current.version,
        document: documentFromRow(current),
        created_by: current.created_by,
      });
      const [row] = await tx
        .update(connectors)
        .set({ ...columns, version: current.version + 1, updated_at: sql`now()` })
        .where(eq(connectors.id, id))
        .returning();
      await this.#audit.record({ workspace_id: workspaceId, user_id: actor, action, resource_type: 'connector', resource_id: id, details: { name: row!.name, version: row!.version, ...details } }, tx);
      return row;
    });
  }

  async delete(workspaceId: string, id: string, actor: string): Promise<boolean> {
    return inWorkspace(this.#db, workspaceId, async (tx) => {
      const removed = await tx
        .delete(connectors)
        .where(and(eq(connectors.workspace_id, workspaceId), eq(connectors.id, id)))
        .returning({ name: connectors.name });
      if (removed.length > 0) await this.#audit.record({ workspace_id: workspaceId, user_id: actor, action: 'delete', resource_type: 'connector', resource_id: id, details: { name: removed[0]!.name } }, tx);
      return removed.length > 0;
    });
  }

  /** Earlier definitions, newest first. */
  async versions(workspaceId: string, connectorId: string) {
    return inWorkspace(this.#db, workspaceId, (tx) =>
      tx
        .select({ version: connectorVersions.version, created_by: connectorVersions.created_by, created_at: connectorVersions.created_at, document: connectorVersions.document })
        .from(connectorVersions)
        .where(and(eq(connectorVersions.workspace_id, workspaceId), eq(connectorVersions.connector_id, connectorId)))
        .orderBy(desc(connectorVersions.version)),
    );
  }

  async version(workspaceId: string, connectorId: string, version: number) {
    return inWorkspace(this.#db, workspaceId, async (tx) => {
      const [row] = await tx
        .select()
        .from(connectorVersions)
        .where(and(eq(connectorVersions.workspace_id, workspaceId), eq(connectorVersions.connector_id, connectorId), eq(connectorVersions.version, version)));
      return row;
    });
  }
}
