import { readdir, readFile } from 'node:fs/promises';
import { and, asc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from './database.ts';
import { escapeLike } from './contacts.ts';
import { isUuid } from './ids.ts';
import { columnsFromDocument, type ConnectorDocument } from './connector-document.ts';
import { connectorTemplates, type TemplateCredential } from './schema.ts';

export type Template = typeof connectorTemplates.$inferSelect;
export interface TemplateFilter {
  search?: string;
  category?: string;
  limit: number;
  offset: number;
}

/** A template as shipped: its listing and the connector it installs, written as a connector is. */
interface ShippedTemplate {
  slug: string;
  name: string;
  description: string;
  category: string;
  icon: string | null;
  is_featured?: boolean;
  credentials: TemplateCredential[];
  definition: ConnectorDocument;
}

const shipped = new URL('../../templates/', import.meta.url);

/** Ready-made connectors. The ones shipped in `templates/` are loaded (and refreshed) at start-up. */
export class TemplateRepository {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  /** Loads the shipped templates, refusing one whose definition does not read; installs counted so far stay. */
  async loadShipped(): Promise<number> {
    const files = (await readdir(shipped)).filter((file) => file.endsWith('.json')).sort();
    for (const file of files) {
      const template = JSON.parse(await readFile(new URL(file, shipped), 'utf8')) as ShippedTemplate;
      const checked = columnsFromDocument(template.definition);
      if (!checked.ok) throw new Error(`template ${file}: ${checked.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`);
      const { type, config, input_schema, field_mappings } = checked.columns;
      const row = { slug: template.slug, name: template.name, description: template.description, category: template.category, icon: template.icon, is_featured: template.is_featured ?? false, credentials: template.credentials, type, config, input_schema, field_mappings };
      const { slug, ...refreshed } = row;
      await this.#db
        .insert(connectorTemplates)
        .values(row)
        .onConflictDoUpdate({ target: connectorTemplates.slug, set: { ...refreshed, updated_at: sql`now()` } });
    }
    return files.length;
  }

  /** A page of them, featured first, then by name; with every category, for a filter. */
  async list(filter: TemplateFilter): Promise<{ items: Template[]; total: number; categories: string[] }> {
    const where: SQL[] = [];
    if (filter.search) {
      const pattern = `%${escapeLike(filter.search)}%`;
      where.push(or(ilike(connectorTemplates.name, pattern), ilike(connectorTemplates.description, pattern))!);
    }
    if (filter.category) where.push(eq(connectorTemplates.category, filter.category));
    const condition = and(...where);
    const [items, total, categories] = await Promise.all([
      this.#db.select().from(connectorTemplates).where(condition).orderBy(sql`${connectorTemplates.is_featured} desc`, asc(connectorTemplates.name)).limit(filter.limit).offset(filter.offset),
      this.#db.$count(connectorTemplates, condition),
      this.#db.selectDistinct({ category: connectorTemplates.category }).from(connectorTemplates).orderBy(asc(connectorTemplates.category)),
    ]);
    return { items, total, categories: categories.flatMap((row) => (row.category ? [row.category] : [])) };
  }

  /** By id (the original design's) or by slug. */
  async get(idOrSlug: string): Promise<Template | undefined> {
    const [row] = await this.#db
      .select()
      .from(connectorTemplates)
      .where(isUuid(idOrSlug) ? eq(connectorTemplates.id, idOrSlug) : eq(connectorTemplates.slug, idOrSlug));
    return row;
  }

  async countInstall(id: string): Promise<void> {
    await this.#db
      .update(connectorTemplates)
      .set({ usage_count: sql`${connectorTemplates.usage_count} + 1` })
      .where(eq(connectorTemplates.id, id));
  }
}
