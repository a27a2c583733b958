import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { setTimeout as sleep } from 'node:timers/promises';
import { Batcher } from './batcher.ts';
import { inWorkspace, type Db } from './database.ts';
import type { AuditRepository } from './audit.ts';
import type { SecretBox } from './secret-box.ts';
import { workspaceCredentials, type SealedCredentials } from './schema.ts';

export interface CredentialSummary {
  service_name: string;
  /** Field → masked hint; the values themselves are never read back. */
  fields: Record<string, string>;
  key_id: string;
  created_at: Date;
  updated_at: Date;
}

/**
 * How long one run may hold a connection's renewal: longer than any token request may take, so
 * no two runs send the same refresh token; a run killed while renewing lets go when it ends.
 */
const RENEWAL_LEASE_SECONDS = 150;

/** How stale `last_used_at` may be before a run opening the credentials writes it again. */
const LAST_USED_STEP_MS = 60_000;

type CredentialRow = typeof workspaceCredentials.$inferSelect;

/** Workspace API credentials, sealed with AES-256-GCM; opened only to run a connector. */
export class CredentialRepository {
  readonly #db: Db;
  readonly #audit: AuditRepository;
  readonly #box: SecretBox;
  /** A workspace's stored credentials; reads made together are one statement. */
  readonly #stored = new Batcher(async (workspaceIds: string[]) => {
    const rows = await this.#db.select().from(workspaceCredentials).where(inArray(workspaceCredentials.workspace_id, [...new Set(workspaceIds)]));
    return workspaceIds.map((id) => rows.filter((row) => row.workspace_id === id));
  });

  constructor(db: Db, audit: AuditRepository, box: SecretBox) {
    this.#db = db;
    this.#audit = audit;
    this.#box = box;
  }

  /** Stores (or replaces) a service's credential. */
  async put(workspaceId: string, serviceName: string, fields: Record<string, string>, actor: string): Promise<CredentialSummary> {
    const sealed = this.#seal(workspaceId, serviceName, fields);
    return inWorkspace(this.#db, workspaceId, async (tx) => {
      const [row] = await tx
        .insert(workspaceCredentials)
        .values({ workspace_id: workspaceId, service_name: serviceName, ...sealed, created_by: actor })
        .onConflictDoUpdate({
          target: [workspaceCredentials.workspace_id, workspaceCredentials.service_name],
          set: { ...sealed, updated_at: sql`now()` },
        })
        .returning();
      await this.#audit.record({ workspace_id: workspaceId, user_id: actor, action: 'put', resource_type: 'credential', resource_id: serviceName, details: { fields: Object.keys(fields) } }, tx);
      return summary(row!);
    });
  }

  async list(workspaceId: string): Promise<CredentialSummary[]> {
    return inWorkspace(this.#db, workspaceId, async (tx) => {
      const rows = await tx.select().from(workspaceCredentials).where(eq(workspaceCredentials.workspace_id, workspaceId)).orderBy(asc(workspaceCredentials.service_name));
      return rows.map(summary);
    });
  }

  async delete(workspaceId: string, serviceName: string, actor: string): Promise<boolean> {
    return inWorkspace(this.#db, workspaceId, async (tx) => {
      const removed = await tx
        .delete(workspaceCredentials)
        .where(and(eq(workspaceCredentials.workspace_id, workspaceId), eq(workspaceCredentials.service_name, serviceName)))
        .returning({ id: workspaceCredentials.id });
      if (removed.length > 0) await this.#audit.record({ workspace_id: workspaceId, user_id: actor, action: 'delete', resource_type: 'credential', resource_id: serviceName, details: {} }, tx);
      return removed.length > 0;
    });
  }

  /**
   * Renews a stored OAuth connection: `renew` is given the fields stored now while this run holds
   * the connection's lease (other runs, in any process, wait for it), and what it returns is
   * stored in the statement that lets go. Returning the fields it was given stores nothing.
   */
  async renew(workspaceId: string, serviceName: string, renew: (stored: Record<string, string> | undefined) => Promise<Record<string, string>>): Promise<Record<string, string>> {
    const row = and(eq(workspaceCredentials.workspace_id, workspaceId), eq(workspaceCredentials.service_name, serviceName));
    for (;;) {
      const [held] = await this.#db
        .update(workspaceCredentials)
        .set({ renewing_until: sql`now() + make_interval(secs => ${RENEWAL_LEASE_SECONDS})` })
        .where(and(row, or(isNull(workspaceCredentials.renewing_until), lte(workspaceCredentials.renewing_until, sql`now()`))))
        .returning();
      if (held) return this.#renewHeld(held, renew);
      const [exists] = await this.#db.select({ id: workspaceCredentials.id }).from(workspaceCredentials).where(row);
      if (!exists) return renew(undefined);
      await sleep(100);
    }
  }

  async #renewHeld(held: CredentialRow, renew: (stored: Record<string, string>) => Promise<Record<string, string>>): Promise<Record<string, string>> {
    const ours = eq(workspaceCredentials.id, held.id);
    const stored = this.#open(held);
    let fields: Record<string, string>;
    try {
      fields = await renew(stored);
    } catch (error) {
      await this.#db.update(workspaceCredentials).set({ renewing_until: null }).where(ours);
      throw error;
    }
    if (fields === stored) {
      await this.#db.update(workspaceCredentials).set({ renewing_until: null }).where(ours);
      return stored;
    }
    await this.#db
      .update(workspaceCredentials)
      .set({ ...this.#seal(held.workspace_id, held.service_name, fields), renewing_until: null, updated_at: sql`now()` })
      .where(ours);
    return fields;
  }

  /** Every credential of a workspace, opened, as the engine reads them: `{ service: { field: value } }`. */
  async open(workspaceId: string): Promise<Record<string, Record<string, string>>> {
    const rows = await this.#stored.call(workspaceId);
    const opened: Record<string, Record<string, string>> = {};
    for (const row of rows) opened[row.service_name] = this.#open(row);
    // Written at most once a minute per workspace, so runs do not each pay for a write.
    const stale = Date.now() - LAST_USED_STEP_MS;
    if (rows.some((row) => row.last_used_at === null || row.last_used_at.getTime() < stale)) {
      await this.#db
        .update(workspaceCredentials)
        .set({ last_used_at: sql`now()` })
        .where(and(eq(workspaceCredentials.workspace_id, workspaceId), or(isNull(workspaceCredentials.last_used_at), lt(workspaceCredentials.last_used_at, sql`now() - interval '1 minute'`))));
    }
    return opened;
  }

  /** Seals each field on its own, bound to its row and field, as the stored columns. */
  #seal(workspaceId: string, serviceName: string, fields: Record<string, string>): { credentials: SealedCredentials; key_id: string; hints: Record<string, string> } {
    const credentials: Record<string, string> = {};
    const hints: Record<string, string> = {};
    for (const [field, value] of Object.entries(fields)) {
      credentials[field] = this.#box.seal(value, bindTo(workspaceId, serviceName, field)).ciphertext;
      hints[field] = hint(value);
    }
    return { credentials, key_id: this.#box.currentKeyId, hints };
  }

  #open(row: CredentialRow): Record<string, string> {
    const { credentials, key_id: keyId, workspace_id: workspaceId, service_name: serviceName } = row;
    if (typeof credentials === 'string') return JSON.parse(this.#box.open(credentials, keyId, bindTo(workspaceId, serviceName))) as Record<string, string>;
    return Object.fromEntries(Object.entries(credentials).map(([field, sealed]) => [field, this.#box.open(sealed, keyId, bindTo(workspaceId, serviceName, field))]));
  }
}

/** What a sealed value is bound to: its row, and its field (a whole object sealed at once has none). */
function bindTo(workspaceId: string, serviceName: string, field?: string): string {
  return field === undefined ? `${workspaceId}/${serviceName}` : `${workspaceId}/${serviceName}/${field}`;
}

/** Enough to tell two keys apart, never enough to use one: the last 4 characters of a long value. */
function hint(value: string): string {
  return value.length >= 16 ? `••••${value.slice(-4)}` : '••••';
}

function summary(row: CredentialRow): CredentialSummary {
  return { service_name: row.service_name, fields: row.hints, key_id: row.key_id, created_at: row.created_at, updated_at: row.updated_at };
}
