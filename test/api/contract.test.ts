import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, example, postgresReachable, startApp, testSettings, type Client, type TestApp } from '../support/app.ts';
import { json, standIn, type StandIn } from '../support/stand-in.ts';

/*
 * The original design's API, as its front end calls it: its paths, its requests, and its
 * `{ success, data }` envelope, checked field by field.
 */

for (const backend of BACKENDS) {
  describe.skipIf(backend.name === 'PostgreSQL' && !postgresReachable)(`the original design's API on ${backend.name}`, () => {
    let api: StandIn;
    let app: TestApp;
    let alice: Client;
    let database: Awaited<ReturnType<typeof backend.create>>;

    beforeAll(async () => {
      api = await standIn((request, response) => {
        if (request.url.pathname === '/big') return json(response, 200, { name: 'Big', notes: 'x'.repeat(20_000) });
        return request.headers['x-api-key'] === 'contract-key-0123456789' ? json(response, 200, example('enhance-data.api-response.json')) : json(response, 401, { error: 'bad key' });
      });
      database = await backend.create();
      // A contact keeps its newest 3 runs here (20 by default).
      app = await startApp(testSettings(database, { responsesKept: 3 }), { connectTo: { 'https://api.example.com': api.url } });
      alice = await app.as('alice');
      await alice.newWorkspace('Contract');
    });
    afterAll(async () => {
      await app?.close();
      await database?.drop();
      await api?.close();
    });

    it('answers every call as { success, data }, lists with total, limit and offset beside, errors as { success: false, error }', async () => {
      const stored = await alice.post('/workspace/credentials', { service_name: 'api_key', credentials: { value: 'contract-key-0123456789' } });
      expect(stored.status).toBe(201);
      expect(stored.envelope).toEqual({ success: true, data: expect.objectContaining({ service_name: 'api_key', fields: { value: '••••6789' } }) as unknown });
      expect((await alice.get('/workspace/credentials')).envelope).toEqual({ success: true, data: [expect.objectContaining({ service_name: 'api_key' })] });

      const created = await alice.post<{ id: string }>('/connectors', example('enhance-data.single-step.json'));
      expect(created.status).toBe(201);
      expect(created.envelope).toMatchObject({ success: true, data: { id: created.body.id, name: 'Enhance Data', type: 'single-step' } });
      expect((await alice.get(`/connectors/${created.body.id}`)).envelope).toMatchObject({ success: true, data: { id: created.body.id } });
      expect((await alice.get('/connectors')).envelope).toMatchObject({ success: true, data: [{ id: created.body.id }], total: 1, limit: 50, offset: 0 });

      const tested = await alice.post(`/connectors/${created.body.id}/test`, example('test-request.json'));
      expect(tested.envelope).toMatchObject({ success: true, data: { status: 'success', patch: expect.objectContaining({ firstname: expect.any(String) as unknown }) as unknown } });
      const cloned = await alice.post<{ id: string; name: string }>(`/connectors/${created.body.id}/clone`, {});
      expect(cloned.envelope).toMatchObject({ success: true, data: { name: 'Enhance Data (copy)' } });

      const executed = await alice.post<{ id: string }>(`/connectors/${created.body.id}/execute`, example('test-request.json'));
      expect([executed.status, executed.envelope.success]).toEqual([202, true]);
      const execution = await alice.until<{ status: string }>(`/executions/${executed.body.id}`, (body) => body.status === 'success');
      expect(execution.status).toBe('success');
      expect((await alice.get(`/connectors/${created.body.id}/executions`)).envelope).toMatchObject({ success: true, data: [{ id: executed.body.id }], total: 1 });

      // The contact's record of the run, with the API's whole answer in it.
      const contact = (await alice.post<{ id: string }>('/contacts', { phone_number: '+16266958105' })).body.id;
      const forContact = await alice.post<{ id: string }>(`/connectors/${created.body.id}/execute`, { contact_id: contact });
      await alice.until<{ status: string }>(`/executions/${forContact.body.id}`, (body) => body.status === 'success');
      const noted = (await alice.get<{ metadata: { connector_responses: Record<string, unknown>[] } }>(`/contacts/${contact}`)).body.metadata.connector_responses;
      expect(noted).toEqual([{ connector_id: created.body.id, connector_name: 'Enhance Data', execution_id: forContact.body.id, executed_at: expect.any(String) as unknown, status: 'success', raw_response: example('enhance-data.api-response.json'), fields: expect.arrayContaining(['firstname', 'city']) as unknown }]);

      // Templates as the design's rows, installed by id; each install is counted.
      type Template = { id: string; slug: string; is_featured: boolean; usage_count: number; config: Record<string, unknown>; field_mappings: unknown[] };
      const templates = await alice.get<{ data: Template[] }>('/connector-templates');
      expect(templates.envelope.success).toBe(true);
      expect(templates.body.data[0]).toMatchObject({ is_featured: true });
      const hunter = templates.body.data.find((template) => template.slug === 'email-verification')!;
      expect(hunter).toMatchObject({ id: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown, is_featured: false, config: { method: 'GET' }, field_mappings: expect.any(Array) as unknown });
      const installed = await alice.post(`/connector-templates/${hunter.id}/install`, {});
      expect(installed.envelope).toMatchObject({ success: true, data: { connector: { name: 'Email verification (Hunter)' }, credentials: [{ service_name: 'hunter', stored: false }] } });
      expect((await alice.get<Template>(`/connector-templates/${hunter.id}`)).body.usage_count).toBe(hunter.usage_count + 1);

      expect((await alice.delete('/workspace/credentials/api_key')).status).toBe(204);
      expect((await alice.get('/workspace/credentials')).envelope).toEqual({ success: true, data: [] });
      const missing = await alice.get('/connectors/00000000-0000-4000-8000-000000000000');
      expect([missing.status, missing.envelope]).toEqual([404, { success: false, error: { code: 'not_found', message: 'connector not found', details: [] } }]);
      const bad = await alice.post('/connectors', { name: 'x', type: 'single-step', config: {} });
      expect(bad.envelope).toMatchObject({ success: false, error: { code: 'validation_failed', details: [{ path: expect.stringMatching(/^config/) as unknown }] } });
    });

    it("keeps a contact's newest runs, and the start of a raw response too large to keep whole", { timeout: 60_000 }, async () => {
      const big = (await alice.post<{ id: string }>('/connectors', { name: 'Big answer', steps: [{ id: 'big', url: `${api.url}/big`, outputMapping: { name: 'name' } }], finalMapping: { company: '{{ big.name }}' } })).body.id;
      const contact = (await alice.post<{ id: string }>('/contacts', { email: 'big@example.com' })).body.id;
      const runs: string[] = [];
      for (let n = 0; n < 5; n++) {
        const run = (await alice.post<{ id: string }>(`/connectors/${big}/execute`, { contact_id: contact })).body.id;
        await alice.until<{ status: string }>(`/executions/${run}`, (body) => body.status === 'success');
        runs.push(run);
      }
      const noted = (await alice.get<{ metadata: { connector_responses: { execution_id: string; raw_response: unknown; raw_response_truncated?: boolean }[] } }>(`/contacts/${contact}`)).body.metadata.connector_responses;
      expect(noted.map((entry) => entry.execution_id)).toEqual(runs.slice(-3));
      expect(noted[0]).toMatchObject({ raw_response_truncated: true, raw_response: expect.stringMatching(/^\{"name":"Big","notes":"x+$/) as unknown });
      expect((noted[0]!.raw_response as string).length).toBe(16 * 1024);
    });
  });
}
