import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditRepository } from '../src/store/audit.ts';
import { CredentialRepository } from '../src/store/credentials.ts';
import type { Db } from '../src/store/database.ts';
import * as schema from '../src/store/schema.ts';
import { SecretBox } from '../src/store/secret-box.ts';

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

  it("name the credentials and templates tables as the original design does, keeping every credential and template", async () => {
    const { client, rest } = await migratedUpTo('0007_design_names');
    try {
      const box = new SecretBox([['k1', Buffer.alloc(32, 7)]]);
      const workspace = '11111111-1111-4111-8111-111111111111';
      const { ciphertext } = box.seal(JSON.stringify({ api_key: 'key-0123456789abcdef' }), `${workspace}/hunter`);
      await client.query(`insert into workspace_credentials (workspace_id, service_name, ciphertext, key_id, hints) values ($1, 'hunter', $2, 'k1', '{"api_key":"••••cdef"}')`, [workspace, ciphertext]);
      const definition = { name: 'Lookup', type: 'multi-step', steps: [{ id: 'one', method: 'GET', url: 'https://api.example.com/x' }], finalMapping: { firstname: '{{one.name}}' } };
      await client.query(`insert into connector_templates (slug, name, description, category, definition) values ('lookup', 'Lookup', 'Looks up', 'enrichment', $1)`, [JSON.stringify(definition)]);

      await rest();
      const db = drizzle(client, { schema }) as unknown as Db;
      const credentials = new CredentialRepository(db, new AuditRepository(db), box);
      expect(await credentials.open(workspace)).toEqual({ hunter: { api_key: 'key-0123456789abcdef' } });
      expect((await credentials.list(workspace)).map((credential) => credential.fields)).toEqual([{ api_key: '••••cdef' }]);
      const { rows: used } = await client.query<{ last_used_at: Date | null }>('select last_used_at from workspace_api_credentials');
      expect(used[0]!.last_used_at).toBeInstanceOf(Date);
      const { rows: templates } = await client.query<Record<string, unknown>>('select slug, name, type, config, field_mappings, is_featured, usage_count from connector_templates');
      expect(templates).toEqual([{ slug: 'lookup', name: 'Lookup', type: 'multi-step', config: { steps: definition.steps, finalMapping: definition.finalMapping }, field_mappings: [], is_featured: false, usage_count: 0 }]);
    } finally {
      await client.close();
    }
  });
});
