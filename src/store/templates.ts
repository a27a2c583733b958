import { readdir, readFile } from 'node:fs/promises';
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from './database.ts';
import { columnsFromDocument } from './connector-document.ts';
import { connectorTemplates } from './schema.ts';

export type Template = typeof connectorTemplates.$inferSelect;

const shipped = new URL('../../templates/', import.meta.url);

/** Ready-made connectors. The ones shipped in `templates/` are loaded (and refreshed) at start-up. */
export class TemplateRepository {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  /** Loads the shipped templates, refusing one whose definition does not read. */
  async loadShipped(): Promise<number> {
    const files = (await readdir(shipped)).filter((file) => file.endsWith('.json')).sort();
    for (const file of files) {
      const template = JSON.parse(await readFile(new URL(file, shipped), 'utf8')) as Omit<Template, 'updated_at'>;
      const checked = columnsFromDocument(template.definition);
      if (!checked.ok) throw new Error(`template ${file}: ${checked.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`);
      const { name, description, category, icon, credentials, definition } = template;
      await this.#db
        .insert(connectorTemplates)
        .values(template)
        .onConflictDoUpdate({ target: connectorTemplates.slug, set: { name, description, category, icon, credentials, definition, updated_at: sql`now()` } });
    }
    return files.length;
  }

  async list(): Promise<Template[]> {
    return this.#db.select().from(connectorTemplates).orderBy(asc(connectorTemplates.name));
  }

  async get(slug: string): Promise<Template | undefined> {
    const [row] = await this.#db.select().from(connectorTemplates).where(eq(connectorTemplates.slug, slug));
    return row;
  }
}
