import { and, asc, eq, inArray } from 'drizzle-orm';
import { Batcher } from './batcher.ts';
import type { Db } from './database.ts';
import type { AuditRepository } from './audit.ts';
import { workspaceMembers, workspaces, type Role } from './schema.ts';

export type Workspace = typeof workspaces.$inferSelect;
export type Member = typeof workspaceMembers.$inferSelect;

/** A workspace's columns with the caller's role in it. */
const withRole = { id: workspaces.id, name: workspaces.name, created_by: workspaces.created_by, created_at: workspaces.created_at, updated_at: workspaces.updated_at, role: workspaceMembers.role };

export class WorkspaceRepository {
  readonly #db: Db;
  readonly #audit: AuditRepository;
  readonly #memberships = new Batcher(async (asked: { workspaceId: string; userId: string }[]) => {
    const rows = await this.#db
      .select({ ...withRole, user_id: workspaceMembers.user_id })
      .from(workspaces)
      .innerJoin(workspaceMembers, eq(workspaceMembers.workspace_id, workspaces.id))
      .where(and(inArray(workspaces.id, [...new Set(asked.map((one) => one.workspaceId))]), inArray(workspaceMembers.user_id, [...new Set(asked.map((one) => one.userId))])));
    return asked.map(({ workspaceId, userId }) => {
      const row = rows.find((candidate) => candidate.id === workspaceId && candidate.user_id === userId);
      if (!row) return undefined;
      const { user_id, ...membership } = row;
      return membership;
    });
  });
  readonly #byId = Batcher.byKey((ids) => this.#db.select().from(workspaces).where(inArray(workspaces.id, ids)), (row) => row.id);

  constructor(db: Db, audit: AuditRepository) {
    this.#db = db;
    this.#audit = audit;
  }

  /** Creates a workspace with its creator as owner; `id` is for fixed ids such as the demo's. */
  async create(name: string, userId: string, id?: string): Promise<Workspace & { role: Role }> {
    return this.#db.transaction(async (tx) => {
      const [workspace] = await tx.insert(workspaces).values({ name, created_by: userId, ...(id ? { id } : {}) }).returning();
      await tx.insert(workspaceMembers).values({ workspace_id: workspace!.id, user_id: userId, role: 'owner' });
      await this.#audit.record({ workspace_id: workspace!.id, user_id: userId, action: 'create', resource_type: 'workspace', resource_id: workspace!.id, details: { name } }, tx);
      return { ...workspace!, role: 'owner' as const };
    });
  }

  /** The workspaces a user is a member of, with their role in each. */
  async listForUser(userId: string) {
    return this.#db
      .select(withRole)
      .from(workspaces)
      .innerJoin(workspaceMembers, eq(workspaceMembers.workspace_id, workspaces.id))
      .where(eq(workspaceMembers.user_id, userId))
      .orderBy(asc(workspaces.created_at));
  }

  /** The workspace and the user's role in it, or undefined when the user is not a member (or it does not exist). Reads made together are one statement. */
  findForMember(workspaceId: string, userId: string): Promise<(Workspace & { role: Role }) | undefined> {
    return this.#memberships.call({ workspaceId, userId });
  }

  /** Reads made together are one statement. */
  find(workspaceId: string): Promise<Workspace | undefined> {
    return this.#byId.call(workspaceId);
  }

  async members(workspaceId: string): Promise<Member[]> {
    return this.#db.select().from(workspaceMembers).where(eq(workspaceMembers.workspace_id, workspaceId)).orderBy(asc(workspaceMembers.created_at));
  }

  /** Adds a member or changes their role; refuses (returns 'last-owner') to demote the only owner. */
  async putMember(workspaceId: string, userId: string, role: Role, actor: string): Promise<Member | 'last-owner'> {
    return this.#db.transaction(async (tx) => {
      if (role !== 'owner' && (await isOnlyOwner(tx, workspaceId, userId))) return 'last-owner';
      const [member] = await tx
        .insert(workspaceMembers)
        .values({ workspace_id: workspaceId, user_id: userId, role })
        .onConflictDoUpdate({ target: [workspaceMembers.workspace_id, workspaceMembers.user_id], set: { role } })
        .returning();
      await this.#audit.record({ workspace_id: workspaceId, user_id: actor, action: 'update', resource_type: 'member', resource_id: userId, details: { role } }, tx);
      return member!;
    });
  }

  /** Removes a member; refuses (returns 'last-owner') to leave a workspace without an owner. */
  async removeMember(workspaceId: string, userId: string, actor: string): Promise<'removed' | 'not-found' | 'last-owner'> {
    return this.#db.transaction(async (tx) => {
      if (await isOnlyOwner(tx, workspaceId, userId)) return 'last-owner';
      const removed = await tx
        .delete(workspaceMembers)
        .where(and(eq(workspaceMembers.workspace_id, workspaceId), eq(workspaceMembers.user_id, userId)))
        .returning({ user_id: workspaceMembers.user_id });
      if (removed.length === 0) return 'not-found';
      await this.#audit.record({ workspace_id: workspaceId, user_id: actor, action: 'delete', resource_type: 'member', resource_id: userId, details: {} }, tx);
      return 'removed';
    });
  }
}

/** Whether the user is the workspace's one owner; the owners' rows stay locked until the transaction ends. */
async function isOnlyOwner(tx: Db, workspaceId: string, userId: string): Promise<boolean> {
  const owners = await tx
    .select({ user_id: workspaceMembers.user_id })
    .from(workspaceMembers)
    .where(and(eq(workspaceMembers.workspace_id, workspaceId), eq(workspaceMembers.role, 'owner')))
    .for('update');
  return owners.length === 1 && owners[0]!.user_id === userId;
}
