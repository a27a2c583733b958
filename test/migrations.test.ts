import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { afterAll, describe, expect, it } from 'vitest';

/*
 * Migrations keep what was stored before them: a database migrated up to a point is given rows
 * in the shapes of then, and the next migrations must carry every one of them over.
 */

const migrations = new URL('../src/store/migrations/', import.meta.url).pathname;
const folders: string[] = [];

/** The migrations folder as it was when `tag` was the newest. */
function migrationsUpTo(tag: string): string {
  const folder = mkdtempSync(join(tmpdir(), 'connectors-migrations-'));
  folders.push(folder);
  cpSync(migrations, folder, { recursive: true });
  const journal = JSON.parse(readFileSync(join(folder, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  journal.entries = journal.entries.slice(0, journal.entries.findIndex((entry) => entry.tag === tag) + 1);
  writeFileSync(join(folder, 'meta/_journal.json'), JSON.stringify(journal));
  return folder;
}

afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** A database migrated up to `tag`, in a workspace of that time; `rest` applies the migrations after it. */
async function migratedUpTo(tag: string): Promise<{ client: PGlite; rest: () => Promise<void> }> {
  const client = new PGlite();
  const db = drizzle(client);
  await migrate(db, { migrationsFolder: migrationsUpTo(tag) });
  await client.query(`insert into workspaces (id, name, created_by) values ('11111111-1111-4111-8111-111111111111', 'Before', 'alice')`);
  return { client, rest: () => migrate(db, { migrationsFolder: migrations }) };
}

describe('migrations', () => {
  it("turn a contact's runs, kept by connector, into the original design's list, keeping every run", async () => {
    const { client, rest } = await migratedUpTo('0004_oauth_connections');
    try {
      const before = {
        company: 'Acme',
        connector_responses: {
          'c-1': [
            { connector_id: 'c-1', connector_name: 'Phone', execution_id: 'e-1', at: '2026-11-01T10:00:00.000Z', status: 'success', fields: ['firstname'] },
            { connector_id: 'c-1', connector_name: 'Phone', execution_id: 'e-3', at: '2026-11-03T10:00:00.000Z', status: 'failed', fields: [] },
          ],
          'c-2': [{ connector_id: 'c-2', connector_name: 'Company', execution_id: 'e-2', at: '2026-11-02T10:00:00.000Z', status: 'success', fields: ['metadata.company'] }],
        },
      };
      await client.query(`insert into contacts (workspace_id, email, metadata) values ('11111111-1111-4111-8111-111111111111', 'ada@example.com', $1), ('11111111-1111-4111-8111-111111111111', 'bob@example.com', '{}')`, [JSON.stringify(before)]);

      await rest();
      const { rows } = await client.query<{ email: string; metadata: Record<string, unknown> }>('select email, metadata from contacts order by email');
      expect(rows[0]!.metadata).toEqual({
        company: 'Acme',
        connector_responses: [
          { connector_id: 'c-1', connector_name: 'Phone', execution_id: 'e-1', executed_at: '2026-11-01T10:00:00.000Z', status: 'success', raw_response: null, fields: ['firstname'] },
          { connector_id: 'c-2', connector_name: 'Company', execution_id: 'e-2', executed_at: '2026-11-02T10:00:00.000Z', status: 'success', raw_response: null, fields: ['metadata.company'] },
          { connector_id: 'c-1', connector_name: 'Phone', execution_id: 'e-3', executed_at: '2026-11-03T10:00:00.000Z', status: 'failed', raw_response: null, fields: [] },
        ],
      });
      expect(rows[1]!.metadata).toEqual({});
    } finally {
      await client.close();
    }
  });

  it("record executions as the original design's connector_executions, each run's steps kept as its step results", async () => {
    const { client, rest } = await migratedUpTo('0005_connector_responses_list');
    try {
      const trace = [
        { id: 'search', name: 'Search', status: 'success', durationMs: 120.4, attempts: 1, notes: [], outputs: { contactId: '501' }, response: { status: 200, headers: {}, body: { total: 1 } } },
        { id: 'company', status: 'failed', durationMs: 80, attempts: 2, notes: [], outputs: {}, error: { code: 'http_status', message: 'HTTP 500' } },
      ];
      await client.query(`insert into connector_executions (workspace_id, status, steps, duration_ms, steps_executed, current_step) values ('11111111-1111-4111-8111-111111111111', 'failed', $1, 250, 2, null), ('11111111-1111-4111-8111-111111111111', 'running', '[]', null, 0, 0)`, [JSON.stringify(trace)]);

      await rest();
      const { rows } = await client.query<Record<string, unknown>>('select status, execution_time_ms, steps_executed, current_step, error_stack, trigger_run_id, steps from connector_executions order by status');
      expect(rows[0]).toEqual({
        status: 'failed',
        execution_time_ms: 250,
        steps_executed: [
          { step_id: 'search', step_name: 'Search', status: 'success', duration_ms: 120, response: { total: 1 }, output: { contactId: '501' } },
          { step_id: 'company', step_name: null, status: 'failed', duration_ms: 80, response: null, output: {} },
        ],
        current_step: null,
        error_stack: null,
        trigger_run_id: null,
        steps: trace,
      });
      expect(rows[1]).toMatchObject({ status: 'running', steps_executed: [], current_step: null });
    } finally {
      await client.close();
    }
  });
});
