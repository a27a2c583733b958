import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, example, postgresReachable, startApp, testSettings, type Client, type TestApp } from '../support/app.ts';

/*
 * The original design's own SQL, run against the migrated schema: what its Trigger.dev tasks and
 * Supabase queries do to `connectors`, `connector_executions`, `connector_templates` and
 * `workspace_api_credentials`, and the indexes its schema declares.
 */

for (const backend of BACKENDS) {
  describe.skipIf(backend.name === 'PostgreSQL' && !postgresReachable)(`the original design's queries on ${backend.name}`, () => {
    let app: TestApp;
    let alice: Client;
    let database: Awaited<ReturnType<typeof backend.create>>;
    beforeAll(async () => {
      database = await backend.create();
      app = await startApp(testSettings(database));
      alice = await app.as('alice');
      await alice.newWorkspace('Design SQL');
    });
    afterAll(async () => {
      await app?.close();
      await database?.drop();
    });

    const query = async <T,>(statement: ReturnType<typeof sql>) => ((await app.store.database.db.execute(statement)) as unknown as { rows: T[] }).rows;

    it('reads a connector, records an execution with its columns, and counts it with increment_connector_stats', async () => {
      const connector = (await alice.post<{ id: string }>('/connectors', example('enhance-data.single-step.json'))).body.id;
      const workspace = alice.workspaceId!;
      const [row] = await query<Record<string, unknown>>(sql`SELECT * FROM connectors WHERE id = ${connector} AND workspace_id = ${workspace}`);
      expect(row).toMatchObject({ name: 'Enhance Data', type: 'single-step', enabled: true, timeout_ms: 30000, total_executions: 0, successful_executions: 0, failed_executions: 0, last_executed_at: null });
      for (const column of ['icon', 'category', 'config', 'input_schema', 'field_mappings', 'max_retries', 'continue_on_error', 'created_by', 'created_at', 'updated_at']) expect(row, column).toHaveProperty(column);

      // As the design's task starts a run, records each step, and ends it.
      const [started] = await query<{ id: string }>(sql`
        INSERT INTO connector_executions (connector_id, workspace_id, contact_id, status, input_data, started_at, trigger_run_id)
        VALUES (${connector}, ${workspace}, NULL, 'running', ${JSON.stringify({ phone: '+16266958105' })}::jsonb, NOW(), 'run_abc123') RETURNING id`);
      await query(sql`UPDATE connector_executions SET current_step = 'step_1', steps_executed = ${JSON.stringify([{ step_id: 'step_1', status: 'success', duration_ms: 234, response: { ok: true } }])}::jsonb WHERE id = ${started!.id}`);
      await query(sql`UPDATE connector_executions SET status = 'success', output_data = ${JSON.stringify({ firstname: 'Jose' })}::jsonb, execution_time_ms = 250, completed_at = NOW(), current_step = NULL, error_message = NULL, error_stack = NULL WHERE id = ${started!.id}`);
      await query(sql`SELECT increment_connector_stats(${connector}::uuid, true)`);
      await query(sql`SELECT increment_connector_stats(${connector}::uuid, false)`);

      const execution = (await alice.get<Record<string, unknown>>(`/executions/${started!.id}`)).body;
      expect(execution).toMatchObject({ status: 'success', trigger_run_id: 'run_abc123', execution_time_ms: 250, output_data: { firstname: 'Jose' }, steps_executed: [{ step_id: 'step_1', status: 'success', duration_ms: 234 }] });
      expect((await alice.get(`/connectors/${connector}`)).body).toMatchObject({ total_executions: 2, successful_executions: 1, failed_executions: 1, last_executed_at: expect.any(String) as unknown });
    });

    it('lists featured templates, reads credentials by service and finds every index the design declares', async () => {
      const templates = await query<Record<string, unknown>>(sql`SELECT id, name, description, icon, category, config, input_schema, field_mappings, is_featured, usage_count, created_at FROM connector_templates ORDER BY is_featured DESC, usage_count DESC`);
      expect(templates.length).toBeGreaterThan(0);
      expect(templates[0]).toMatchObject({ is_featured: true, usage_count: 0, config: expect.any(Object) as unknown });

      await alice.post('/workspace/credentials', { service_name: 'hunter', credentials: { api_key: 'hunter-key-1234567890' } });
      const workspace = alice.workspaceId!;
      const [credential] = await query<{ credentials: Record<string, string>; last_used_at: unknown }>(sql`SELECT credentials, last_used_at FROM workspace_api_credentials WHERE workspace_id = ${workspace} AND service_name = 'hunter'`);
      expect(Object.keys(credential!.credentials)).toEqual(['api_key']);
      expect(credential!.credentials.api_key).not.toContain('hunter-key');
      expect(credential!.last_used_at).toBeNull();

      const indexes = (await query<{ indexname: string }>(sql`SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()`)).map((row) => row.indexname);
      expect(indexes).toEqual(
        expect.arrayContaining([
          'idx_connectors_workspace',
          'idx_connectors_category',
          'idx_connectors_enabled',
          'connectors_workspace_name_unique',
          'idx_connector_executions_connector',
          'idx_connector_executions_workspace',
          'idx_connector_executions_contact',
          'idx_connector_executions_status',
          'idx_connector_executions_created',
          'connector_templates_name_unique',
          'workspace_api_credentials_unique',
          'idx_workspace_api_credentials_workspace',
        ]),
      );
    });
  });
}
