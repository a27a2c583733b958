import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { createEmbeddedDatabase } from './embedded-initdb.ts';
import * as schema from './schema.ts';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  db: Db;
  /** `embedded` (PGlite, a folder on disk) or `postgres` (a server). */
  kind: 'embedded' | 'postgres';
  /** How others reach the same database: the embedded instance itself, or the server's URL. */
  connection: { pglite: PGlite } | { url: string };
  close(): Promise<void>;
}

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/** Opens PostgreSQL at `url`, or PGlite in `dataDir`, and brings the schema up to date. */
export async function openDatabase(options: { url?: string; dataDir?: string }): Promise<Database> {
  if (options.url) return openPostgres(options.url);
  return openEmbedded(options.dataDir);
}

async function openEmbedded(dataDir: string | undefined): Promise<Database> {
  let unlock = async () => {};
  if (dataDir) {
    await mkdir(dataDir, { recursive: true });
    unlock = await lockFolder(dataDir);
  }
  try {
    // PostgreSQL's own files go in a folder of their own; `undefined` keeps them in memory.
    const folder = dataDir ? join(dataDir, 'postgres') : undefined;
    if (folder) await createEmbeddedDatabase(folder);
    const client = await PGlite.create(folder);
    const db = drizzlePglite({ client, schema });
    await migratePglite(db, { migrationsFolder });
    return {
      db,
      kind: 'embedded',
      connection: { pglite: client },
      close: async () => {
        await client.close();
        await unlock();
      },
    };
  } catch (error) {
    await unlock();
    throw error;
  }
}

/**
 * The embedded database is one process's: a second one opening the same folder would corrupt
 * it. A lock file holding the owner's pid keeps others out; a dead owner's lock is taken over.
 */
async function lockFolder(dataDir: string): Promise<() => Promise<void>> {
  const file = join(dataDir, 'connectors.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    const taken = await writeFile(file, String(process.pid), { flag: 'wx' }).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'EEXIST') return false;
        throw error;
      },
    );
    if (taken) return () => rm(file, { force: true });
    const owner = Number(await readFile(file, 'utf8').catch(() => ''));
    if (owner === process.pid) throw new Error(`the embedded database in ${dataDir} is already open in this process`);
    if (owner && isAlive(owner)) {
      throw new Error(`the embedded database in ${dataDir} is in use by process ${owner}; stop it, or set DATABASE_URL to share a PostgreSQL server between processes`);
    }
    await rm(file, { force: true });
  }
  throw new Error(`cannot lock ${file}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // A server is usually reachable again soon; a lost connection must not end the process. The pool
  // hears an idle client's error; a client checked out (for a transaction) is heard here, and the
  // statement it was running fails on its own.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
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
  return { db, kind: 'postgres', connection: { url }, close: () => pool.end() };
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

/**
 * Calls `heard` on each NOTIFY on `channel`, which PostgreSQL delivers when the transaction that
 * sent it commits. Best effort: a listener that loses its connection stays quiet, so callers
 * poll too.
 */
export async function listen(database: Database, channel: string, heard: () => void): Promise<{ close(): Promise<void> }> {
  if ('pglite' in database.connection) {
    const stop = await database.connection.pglite.listen(channel, heard);
    return { close: stop };
  }
  const client = new pg.Client({ connectionString: database.connection.url });
  client.on('error', () => {});
  client.on('notification', heard);
  await client.connect();
  await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
  return { close: () => client.end() };
}

/**
 * Runs `work` in a transaction as `connectors_api`, which row-level security lets see and write
 * only the rows of workspace `workspaceId`: a query there that forgot its workspace filter finds
 * nothing of another workspace. The API's repository calls go through it; the worker's run as
 * the owner, through functions that take the workspace id.
 */
export function inWorkspace<T>(db: Db, workspaceId: string, work: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('role', 'connectors_api', true), set_config('connectors.workspace_id', ${workspaceId}, true)`);
    return work(tx);
  });
}
