import { resourceCatalog } from '@trigger.dev/core/v3';
import { StandardResourceCatalog } from '@trigger.dev/core/v3/workers';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecuteConnectorResult } from '../src/adapters/trigger-dev.ts';
import { readSettings } from '../src/cli/settings.ts';
import { BACKENDS, ENCRYPTION_KEY, JWT_SECRET, postgresReachable, startApp, testSettings, type Client, type TestApp } from './support/app.ts';
import { json, standIn, type StandIn } from './support/stand-in.ts';
import { triggerDevPlatform, type TriggerDevPlatform } from './support/trigger-dev-platform.ts';

/*
 * With CONNECTORS_EXECUTOR=trigger.dev the API triggers the tasks through the SDK (its API URL
 * pointed at a stand-in of Trigger.dev's trigger endpoint), once per accepted run; the task bodies
 * run through the task objects the SDK registered, as a Trigger.dev worker runs them.
 */

const TASKS = ['execute-connector', 'trigger-workflow'];

describe('CONNECTORS_EXECUTOR', () => {
  const base = { DATABASE_URL: 'postgres://127.0.0.1/x', JWT_SECRET, CONNECTORS_ENCRYPTION_KEY: ENCRYPTION_KEY };
  it('takes Trigger.dev with its secret key and API URL, and says what is missing or misspelt', async () => {
    expect((await readSettings({ ...base, CONNECTORS_EXECUTOR: 'trigger.dev', TRIGGER_SECRET_KEY: 'tr_prod_x', TRIGGER_API_URL: 'http://127.0.0.1:3030' })).triggerDev).toEqual({ secretKey: 'tr_prod_x', apiUrl: 'http://127.0.0.1:3030' });
    expect((await readSettings(base)).triggerDev).toBeUndefined();
    await expect(readSettings({ ...base, CONNECTORS_EXECUTOR: 'trigger.dev' })).rejects.toThrow(/TRIGGER_SECRET_KEY/);
    await expect(readSettings({ ...base, CONNECTORS_EXECUTOR: 'triggerdev' })).rejects.toThrow(/must be "queue" or "trigger.dev"/);
  });
});

/** A task's run function as the SDK registered it (what a Trigger.dev worker calls). */
async function registeredTask(id: string): Promise<(payload: unknown, runId: string) => Promise<unknown>> {
  const task = resourceCatalog.getTask(id);
  if (!task) throw new Error(`task ${id} is not registered`);
  return (payload, runId) => task.fns.run(payload, { ctx: { run: { id: runId }, attempt: { number: 1 } }, signal: new AbortController().signal } as never) as Promise<unknown>;
}

for (const backend of BACKENDS) {
  describe.skipIf(backend.name === 'PostgreSQL' && !postgresReachable)(`Trigger.dev as the executor on ${backend.name}`, () => {
    let platform: TriggerDevPlatform;
    let remote: StandIn;
    let app: TestApp;
    let alice: Client;
    let database: Awaited<ReturnType<typeof backend.create>>;
    let connectorId: string;
    const query = async <T,>(statement: ReturnType<typeof sql>) => ((await app.store.database.db.execute(statement)) as unknown as { rows: T[] }).rows;

    beforeAll(async () => {
      platform = await triggerDevPlatform(TASKS);
      remote = await standIn((request, response) => json(response, 200, { first_name: 'Ada', city: request.url.searchParams.get('city') }));
      database = await backend.create();
      app = await startApp(testSettings(database, { triggerDev: { secretKey: platform.secretKey, apiUrl: platform.url } }));
      alice = await app.as('alice');
      await alice.newWorkspace('On Trigger.dev');
      connectorId = (
        await alice.post<{ id: string }>('/connectors', {
          name: 'Lookup',
          type: 'single-step',
          config: { method: 'GET', url: `${remote.url}/person?city={{ input.city | default: "Paris" }}` },
          field_mappings: [
            { sourcePath: 'first_name', targetField: 'firstname' },
            { sourcePath: 'city', targetField: 'city' },
          ],
        })
      ).body.id;
    });
    afterAll(async () => {
      await app?.close();
      await database?.drop();
      await platform?.close();
      await remote?.close();
    });

    it('triggers execute-connector for an accepted execution, once, and records the Trigger.dev run', async () => {
      const queued = await alice.post<{ id: string }>(`/connectors/${connectorId}/execute`, { input_data: { city: 'Lyon' } });
      expect(queued.status).toBe(202);
      await expect.poll(() => platform.runs.filter((run) => (run.payload as { execution_id?: string }).execution_id === queued.body.id).length).toBe(1);
      const run = platform.runs.find((one) => (one.payload as { execution_id?: string }).execution_id === queued.body.id)!;
      expect(run).toMatchObject({ task: 'execute-connector', payload: { execution_id: queued.body.id }, idempotencyKey: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown });
      await expect.poll(async () => (await alice.get<{ trigger_run_id: string | null; status: string }>(`/executions/${queued.body.id}`)).body.trigger_run_id).toBe(run.id);
      // Nothing ran it here: no worker runs beside Trigger.dev.
      expect((await alice.get<{ status: string }>(`/executions/${queued.body.id}`)).body.status).toBe('pending');

      // The record of the trigger lost (a crash between the trigger and the write): triggered again, it is the same run.
      await query(sql`update connector_executions set trigger_run_id = null where id = ${queued.body.id}`);
      await expect.poll(async () => (await alice.get<{ trigger_run_id: string | null }>(`/executions/${queued.body.id}`)).body.trigger_run_id).toBe(run.id);
      expect(platform.runs.filter((one) => (one.payload as { execution_id?: string }).execution_id === queued.body.id)).toHaveLength(1);
      expect(platform.received.some((request) => request.headers.authorization === `Bearer ${platform.secretKey}`)).toBe(true);
    });

    it('triggers trigger-workflow for each flow run, bulk runs too, and keeps runs accepted while the platform is down', async () => {
      const contacts = await Promise.all([1, 2, 3].map(async (n) => (await alice.post<{ id: string }>('/contacts', { email: `c${n}@example.com` })).body.id));
      const flow = (await alice.post<{ id: string }>('/flows', { name: 'Enrich', actions: [{ type: 'connector', connector_id: connectorId }] })).body.id;
      const one = await alice.post<{ id: string }>(`/flows/${flow}/run`, { contact_id: contacts[0] });
      expect(one.status).toBe(202);
      await expect.poll(() => platform.runs.filter((run) => run.task === 'trigger-workflow').map((run) => run.payload)).toEqual([{ flow_run_id: one.body.id }]);

      platform.down = true;
      const bulk = await alice.post<{ ids: string[] }>(`/flows/${flow}/runs`, { contact_ids: contacts.slice(1) });
      expect(bulk.status).toBe(202);
      await expect.poll(() => platform.received.filter((request) => request.url.pathname.endsWith('/trigger-workflow/trigger')).length).toBeGreaterThan(1);
      expect(platform.runs.filter((run) => run.task === 'trigger-workflow')).toHaveLength(1);
      platform.down = false;
      await expect.poll(() => platform.runs.filter((run) => run.task === 'trigger-workflow').length, { timeout: 60_000 }).toBe(3);
      const recorded = await query<{ trigger_run_id: string | null }>(sql`select trigger_run_id from flow_runs where flow_id = ${flow}`);
      await expect.poll(async () => (await query<{ n: number }>(sql`select count(*)::int as n from flow_runs where flow_id = ${flow} and trigger_run_id is not null`))[0]!.n).toBe(3);
      expect(recorded).toHaveLength(3);
      expect(new Set(platform.runs.filter((run) => run.task === 'trigger-workflow').map((run) => JSON.stringify(run.payload))).size).toBe(3);
    });

    // The tasks open the database from the environment, as on a Trigger.dev machine: a server's, shared with the API.
    it.skipIf(backend.name !== 'PostgreSQL')('runs the tasks the API triggered, and the original design\'s payload, returning the design\'s result', async () => {
      Object.assign(process.env, { DATABASE_URL: database.databaseUrl, JWT_SECRET, CONNECTORS_ENCRYPTION_KEY: ENCRYPTION_KEY, CONNECTORS_ALLOWED_HOSTS: '127.0.0.1' });
      resourceCatalog.setGlobalResourceCatalog(new StandardResourceCatalog());
      resourceCatalog.setCurrentFileContext('src/adapters/trigger-dev.ts', 'src/adapters/trigger-dev.ts');
      await import('../src/adapters/trigger-dev.ts');
      const executeConnector = await registeredTask('execute-connector');
      const triggerWorkflow = await registeredTask('trigger-workflow');

      // A run the API accepted, run as the platform would run what it was asked for.
      const contact = (await alice.post<{ id: string }>('/contacts', { email: 'ada@example.com' })).body.id;
      const queued = await alice.post<{ id: string }>(`/connectors/${connectorId}/execute`, { contact_id: contact, input_data: { city: 'Nice' } });
      await expect.poll(() => platform.runs.find((run) => (run.payload as { execution_id?: string }).execution_id === queued.body.id)).toBeDefined();
      const asked = platform.runs.find((run) => (run.payload as { execution_id?: string }).execution_id === queued.body.id)!;
      const result = (await executeConnector(asked.payload, asked.id)) as ExecuteConnectorResult;
      expect(result).toMatchObject({ success: true, executionId: queued.body.id, contactId: contact, stepsExecuted: 1, status: 'success' });
      expect(result.enrichedFields.sort()).toEqual(['city', 'firstname']);
      expect(result.executionTimeMs).toEqual(expect.any(Number));
      expect((await alice.get(`/contacts/${contact}`)).body).toMatchObject({ firstname: 'Ada', city: 'Nice' });
      expect((await alice.get(`/executions/${queued.body.id}`)).body).toMatchObject({ status: 'success', trigger_run_id: asked.id });

      // The original design's payload: the task makes the execution; a retry of the same Trigger.dev run makes no second one.
      const other = (await alice.post<{ id: string }>('/contacts', { email: 'bob@example.com' })).body.id;
      const design = { connectorId, contactId: other, workspaceId: alice.workspaceId, inputs: { city: 'Lille' } };
      const first = (await executeConnector(design, 'run_design_0001')) as ExecuteConnectorResult;
      expect(first).toMatchObject({ success: true, contactId: other, stepsExecuted: 1, enrichedFields: expect.arrayContaining(['firstname', 'city']) as unknown });
      const again = (await executeConnector(design, 'run_design_0001')) as ExecuteConnectorResult;
      expect(again.executionId).toBe(first.executionId);
      expect((await alice.get(`/executions/${first.executionId}`)).body).toMatchObject({ trigger_run_id: 'run_design_0001', input_data: { city: 'Lille' }, status: 'success' });
      expect((await alice.get<{ total: number }>(`/contacts/${other}/executions`)).body.total).toBe(1);
      await expect(executeConnector({ ...design, connectorId: '00000000-0000-4000-8000-000000000000' }, 'run_design_0002')).rejects.toThrow(/Connector not found/);

      // A flow run the API accepted.
      const flow = (await alice.post<{ id: string }>('/flows', { name: 'Enrich Ada', actions: [{ type: 'connector', connector_id: connectorId, inputs: { city: 'Metz' } }] })).body.id;
      const flowRun = await alice.post<{ id: string }>(`/flows/${flow}/run`, { contact_id: contact });
      await expect.poll(() => platform.runs.find((run) => (run.payload as { flow_run_id?: string }).flow_run_id === flowRun.body.id)).toBeDefined();
      const flowAsked = platform.runs.find((run) => (run.payload as { flow_run_id?: string }).flow_run_id === flowRun.body.id)!;
      expect(await triggerWorkflow(flowAsked.payload, flowAsked.id)).toMatchObject({ success: true, flowRunId: flowRun.body.id, status: 'success', actionsDone: 1 });
      expect((await alice.get(`/contacts/${contact}`)).body).toMatchObject({ city: 'Metz' });
    });
  });
}
