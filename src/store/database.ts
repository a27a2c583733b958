import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from './schema.ts';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  db: Db;
  /** `embedded` (PGlite, a folder on disk) or `postgres` (a server). */
  kind: 'embedded' | 'postgres';
  close(): Promise<void>;
}

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/** Opens PostgreSQL at `url`, or PGlite in `dataDir`, and brings the schema up to date. */
export async function openDatabase(options: { url?: string; dataDir?: string }): Promise<Database> {
  if (options.url) return openPostgres(options.url);
  return openEmbedded(options.dataDir);
}

async function openEmbedded(dataDir: string | undefined): Promise<Database> {
  if (dataDir) await mkdir(dataDir, { recursive: true });
  // `undefined` keeps the database in memory (tests that need no files).
  const client = await PGlite.create(dataDir);
  const db = drizzlePglite({ client, schema });
  await migratePglite(db, { migrationsFolder });
  return { db, kind: 'embedded', close: () => client.close() };
}

async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // A server is usually reachable again soon; an idle client's error must not end the process.
  pool.on('error', () => {});
  const db = drizzlePg({ client: pool, schema });
  // Several processes may start at once: one migrates while the others wait for it.
  const lock = await pool.connect();
  try {
    await lock.query('select pg_advisory_lock(727274)');
    await migratePg(db, { migrationsFolder });
  } finally {
    await lock.query('select pg_advisory_unlock(727274)').catch(() => {});
    lock.release();
  }
  return { db, kind: 'postgres', close: () => pool.end() };
}

/** Whether a database error is a unique-key violation (drizzle wraps the driver's error). */
export function isUniqueViolation(error: unknown): boolean {
  for (let current = error; current instanceof Error; current = current.cause) {
    if ((current as { code?: string }).code === '23505') return true;
  }
  return false;
}

/** `select 1`, to tell whether the database answers. */
export async function ping(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}
