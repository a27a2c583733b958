import { and, desc, eq, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { StandardContactField } from '../engine/index.ts';
import { Batcher } from './batcher.ts';
import { inWorkspace, type Db } from './database.ts';
import type { AuditRepository } from './audit.ts';
import { contacts } from './schema.ts';

export type Contact = typeof contacts.$inferSelect;
export type ContactFields = Omit<typeof contacts.$inferInsert, 'id' | 'workspace_id' | 'created_by' | 'created_at' | 'updated_at'>;

export interface ContactSummary {
  name: string | null;
  email: string | null;
}

/** Which contacts: `search` matches name, email, phone and company; `missing` a standard field that is empty. */
export interface ContactFilter {
  search?: string;
  missing?: StandardContactField;
}

export class ContactRepository {
  readonly #db: Db;
  readonly #audit: AuditRepository;
  /** Reads for runs, as the tables' owner: batched across workspaces, each row checked against the workspace asked for. */
  readonly #forRun = Batcher.byKey((ids) => this.#db.select().from(contacts).where(inArray(contacts.id, ids)), (row) => row.id);
  readonly #byId = Batcher.byKeyIn(
    (workspaceId, ids) => inWorkspace(this.#db, workspaceId, (tx) => tx.select().from(contacts).where(and(eq(contacts.workspace_id, workspaceId), inArray(contacts.id, ids)))),
    (row) => row.id,
  );

  constructor(db: Db, audit: AuditRepository) {
    this.#db = db;
    this.#audit = audit;
  }

  async create(workspaceId: string, fields: ContactFields, actor: string): Promise<Contact> {
    return inWorkspace(this.#db, workspaceId, async (tx) => {
      const [contact] = await tx.insert(contacts).values({ ...fields, workspace_id: workspaceId, created_by: actor }).returning();
      await this.#audit.record({ workspace_id: workspaceId, user_id: actor, action: 'create', resource_type: 'contact', resource_id: contact!.id, details: {} }, tx);
      return contact!;
    });
  }

  /** Several contacts in one transaction: all are written, or none (an import's batch). */
  async createMany(workspaceId: string, rows: ContactFields[], actor: string): Promise<number> {
    if (rows.length === 0) return 0;
    return inWorkspace(this.#db, workspaceId, async (tx) => {
      await tx.insert(contacts).values(rows.map((fields) => ({ ...fields, workspace_id: workspaceId, created_by: actor })));
      await this.#audit.record({ workspace_id: workspaceId, user_id: actor, action: 'import', resource_type: 'contact', resource_id: null, details: { count: rows.length } }, tx);
      return rows.length;
    });
  }

  /** Newest first. */
  async list(workspaceId: string, options: ContactFilter & { limit: number; offset: number }): Promise<{ items: Contact[]; total: number }> {
    return inWorkspace(this.#db, workspaceId, async (tx) => {
      const condition = this.#where(workspaceId, options);
      const [items, total] = await Promise.all([
        tx.select().from(contacts).where(condition).orderBy(desc(contacts.created_at), desc(contacts.id)).limit(options.limit).offset(options.offset),
        tx.$count(contacts, condition),
      ]);
      return { items, total };
    });
  }

  /** The ids of the contacts a filter selects, oldest first, at most `limit`. */
  async ids(workspaceId: string, filter: ContactFilter, limit: number): Promise<string[]> {
    return inWorkspace(this.#db, workspaceId, async (tx) => {
      const rows = await tx.select({ id: contacts.id }).from(contacts).where(this.#where(workspaceId, filter)).orderBy(contacts.created_at, contacts.id).limit(limit);
      return rows.map((row) => row.id);
    });
  }

  /** Which of `ids` are contacts of the workspace. */
  async existing(workspaceId: string, ids: string[]): Promise<Set<string>> {
    return inWorkspace(this.#db, workspaceId, async (tx) => {
      if (ids.length === 0) return new Set();
      const rows = await tx.select({ id: contacts.id }).from(contacts).where(and(eq(contacts.workspace_id, workspaceId), inArray(contacts.id, ids)));
      return new Set(rows.map((row) => row.id));
    });
  }

  /**
   * The custom field and metadata keys that the contacts a filter finds hold (connector
   * responses aside), in order: an export's columns, read without reading the contacts.
   */
  async keysOf(workspaceId: string, filter: ContactFilter): Promise<{ custom: string[]; metadata: string[] }> {
    return inWorkspace(this.#db, workspaceId, async (tx) => {
      const condition = this.#where(workspaceId, filter);
      const keys = async (column: typeof contacts.custom_fields | typeof contacts.metadata) => {
        const key = sql<string>`jsonb_object_keys(${column})`;
        const rows = await tx.selectDistinct({ key }).from(contacts).where(and(condition, sql`jsonb_typeof(${column}) = 'object'`)).orderBy(key);
        return rows.map((row) => row.key);
      };
      const [custom, metadata] = await Promise.all([keys(contacts.custom_fields), keys(contacts.metadata)]);
      return { custom, metadata: metadata.filter((key) => key !== 'connector_responses') };
    });
  }

  /** Who each of `ids` is (name and email), for a list of runs to show beside each. */
  async summaries(workspaceId: string, ids: string[]): Promise<Map<string, ContactSummary>> {
    const wanted = [...new Set(ids)];
    if (wanted.length === 0) return new Map();
    return inWorkspace(this.#db, workspaceId, async (tx) => {
      const rows = await tx.select({ id: contacts.id, firstname: contacts.firstname, lastname: contacts.lastname, email: contacts.email }).from(contacts).where(and(eq(contacts.workspace_id, workspaceId), inArray(contacts.id, wanted)));
      return new Map(rows.map((row) => [row.id, { name: [row.firstname, row.lastname].filter(Boolean).join(' ') || null, email: row.email }]));
    });
  }

  #where(workspaceId: string, filter: ContactFilter): SQL | undefined {
    const where: SQL[] = [eq(contacts.workspace_id, workspaceId)];
    if (filter.search) {
      const pattern = `%${escapeLike(filter.search)}%`;
      where.push(or(...[contacts.email, contacts.firstname, contacts.lastname, contacts.phone_number, contacts.company].map((column) => ilike(column, pattern)))!);
    }
    if (filter.missing) where.push(or(isNull(contacts[filter.missing]), eq(contacts[filter.missing], ''))!);
    return and(...where);
  }

  /** A workspace's contact as a run (a worker's, a test's) reads it; runs' reads made together are one statement. */
  async forRun(workspaceId: string, id: string): Promise<Contact | undefined> {
    const row = await this.#forRun.call(id);
    return row?.workspace_id === workspaceId ? row : undefined;
  }

  /** A workspace's contact; reads made together are one statement. */
  async get(workspaceId: string, id: string): Promise<Contact | undefined> {
    const contact = await this.#byId.call({ workspaceId, key: id });
    return contact?.workspace_id === workspaceId ? contact : undefined;
  }

  async update(workspaceId: string, id: string, fields: ContactFields, actor: string): Promise<Contact | undefined> {
    return inWorkspace(this.#db, workspaceId, async (tx) => {
      const [contact] = await tx
        .update(contacts)
        .set({ ...fields, updated_at: sql`now()` })
        .where(and(eq(contacts.workspace_id, workspaceId), eq(contacts.id, id)))
        .returning();
      if (contact) await this.#audit.record({ workspace_id: workspaceId, user_id: actor, action: 'update', resource_type: 'contact', resource_id: id, details: { fields: Object.keys(fields) } }, tx);
      return contact;
    });
  }

  async delete(workspaceId: string, id: string, actor: string): Promise<boolean> {
    return inWorkspace(this.#db, workspaceId, async (tx) => {
      const removed = await tx.delete(contacts).where(and(eq(contacts.workspace_id, workspaceId), eq(contacts.id, id))).returning({ id: contacts.id });
      if (removed.length > 0) await this.#audit.record({ workspace_id: workspaceId, user_id: actor, action: 'delete', resource_type: 'contact', resource_id: id, details: {} }, tx);
      return removed.length > 0;
    });
  }
}

/** A search term matched literally: `%` and `_` are not wildcards. */
export function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (char) => `\\${char}`);
}
