import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, example, postgresReachable, startApp, testSettings, type Client, type TestApp, type Schemas } from '../support/app.ts';
import { json, standIn, type StandIn } from '../support/stand-in.ts';

const single = example('enhance-data.single-step.json');
const multi = example('hubspot-contact-enrichment.multi-step.json');
const phoneAnswer = example('enhance-data.api-response.json');
const testRequest = example('test-request.json');
const PHONE_KEY = 'phone-key-0123456789abcdef';
const HUBSPOT_TOKEN = 'pat-na1-hubspot-secret-token-42';

type Connector = Schemas['Connector'];
type Run = Schemas['RunResult'];

for (const backend of BACKENDS) {
  describe.skipIf(backend.name === 'PostgreSQL' && !postgresReachable)(`connectors API on ${backend.name}`, () => {
    let api: StandIn;
    let app: TestApp;
    let alice: Client;
    let database: Awaited<ReturnType<typeof backend.create>>;

    beforeAll(async () => {
      api = await standIn((request, response) => {
        if (request.url.pathname === '/phone') {
          if (request.headers['x-api-key'] !== PHONE_KEY) return json(response, 401, { error: 'bad key' });
          return json(response, 200, phoneAnswer);
        }
        if (request.headers.authorization !== `Bearer ${HUBSPOT_TOKEN}`) return json(response, 401, { message: 'no auth' });
        if (request.url.pathname === '/crm/v3/objects/contacts/search') return json(response, 200, { results: [{ id: '777' }] });
        if (request.url.pathname === '/crm/v3/objects/contacts/777') return json(response, 200, { properties: { firstname: 'Ada', lastname: 'Lovelace' }, associations: { companies: [{ id: 'c-42' }] } });
        if (request.url.pathname === '/crm/v3/objects/companies/c-42') return json(response, 200, { properties: { name: 'Analytical Engines Ltd', industry: 'COMPUTING' } });
        json(response, 404, { message: 'not found' });
      });
      database = await backend.create();
      app = await startApp(testSettings(database), { connectTo: { 'https://api.example.com': api.url, 'https://api.hubspot.com': api.url } });
      alice = await app.as('alice');
      await alice.newWorkspace('Alice & Co');
      expect((await alice.post('/workspace/credentials', { service_name: 'api_key', credentials: { value: PHONE_KEY } })).status).toBe(201);
      expect((await alice.post('/workspace/credentials', { service_name: 'hubspot', credentials: { token: HUBSPOT_TOKEN } })).status).toBe(201);
    });
    afterAll(async () => {
      await app?.close();
      await database?.drop();
      await api?.close();
    });

    it('takes the single-step example verbatim, tests it, updates, restores, clones and deletes it', async () => {
      const created = await alice.post<Connector>('/connectors', single);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ name: 'Enhance Data', type: 'single-step', version: 1, enabled: true, config: single.config, field_mappings: single.field_mappings });
      const id = created.body.id;

      // The body of the original design's test request, as is.
      api.received.length = 0;
      const run = await alice.post<Run>(`/connectors/${id}/test`, testRequest);
      expect(run.status).toBe(200);
      expect(run.body.status).toBe('success');
      expect(run.body.patch).toEqual({ firstname: 'Jose', lastname: 'Tayzon', st_address: '1461 Indian Well Dr', city: 'Diamond Bar', state: 'CA', zip: '91765' });
      expect(api.received[0]?.target).toBe('/phone?phone=%2B16266958105&format=json');
      expect(run.body.steps[0]?.response?.body).toEqual(phoneAnswer);
      expect(run.body.steps[0]?.request?.headers['X-API-Key']).toBe('••••••');
      expect(run.text).not.toContain(PHONE_KEY);
      // A test changes nothing: no counters, no contacts.
      expect((await alice.get<Connector>(`/connectors/${id}`)).body.total_executions).toBe(0);
      expect((await alice.get<{ total: number }>('/contacts')).body.total).toBe(0);

      // With a stored contact instead.
      const contact = await alice.post<{ id: string }>('/contacts', { phone_number: '+16266958105', email: 'jose@example.com' });
      const withContact = await alice.post<Run>(`/connectors/${id}/test`, { contact_id: contact.body.id });
      expect(withContact.body.patch).toMatchObject({ firstname: 'Jose' });
      expect((await alice.get<{ firstname: string | null }>(`/contacts/${contact.body.id}`)).body.firstname).toBeNull();

      // Update: the previous definition becomes version 1.
      const changed = { ...single, description: 'Now with JSON format twice', config: { ...(single.config as object), queryParams: [{ key: 'format', value: 'json' }, { key: 'v', value: '2' }] } };
      const updated = await alice.put<Connector>(`/connectors/${id}`, changed);
      expect(updated.status).toBe(200);
      expect(updated.body.version).toBe(2);
      const versions = await alice.get<{ current_version: number; data: { version: number; document: Record<string, unknown> }[] }>(`/connectors/${id}/versions`);
      expect(versions.body.current_version).toBe(2);
      expect(versions.body.data.map((version) => version.version)).toEqual([1]);
      expect(versions.body.data[0]?.document.config).toEqual(single.config);

      const restored = await alice.post<Connector>(`/connectors/${id}/versions/1/restore`);
      expect(restored.status).toBe(200);
      expect(restored.body).toMatchObject({ version: 3, config: single.config, description: single.description });
      expect((await alice.get<{ data: { version: number }[] }>(`/connectors/${id}/versions`)).body.data.map((version) => version.version)).toEqual([2, 1]);
      expect((await alice.post(`/connectors/${id}/versions/9/restore`)).status).toBe(404);

      const disabled = await alice.patch<Connector>(`/connectors/${id}`, { enabled: false });
      expect(disabled.body).toMatchObject({ enabled: false, version: 4, config: single.config });
      expect((await alice.get<{ data: Connector[] }>('/connectors?enabled=false')).body.data.map((connector) => connector.id)).toContain(id);

      const clone = await alice.post<Connector>(`/connectors/${id}/clone`);
      expect(clone.status).toBe(201);
      expect(clone.body).toMatchObject({ name: 'Enhance Data (copy)', config: single.config, version: 1 });
      expect((await alice.post<Connector>(`/connectors/${id}/clone`)).body.name).toBe('Enhance Data (copy 2)');
      expect((await alice.post<Connector>(`/connectors/${id}/clone`, { name: 'Phone lookup' })).body.name).toBe('Phone lookup');

      const duplicate = await alice.post('/connectors', single);
      expect(duplicate.status).toBe(409);
      expect(duplicate.body).toEqual({ success: false, error: { code: 'name_taken', message: 'a connector named "Enhance Data" already exists in this workspace', details: [{ path: 'name', message: 'is already used by another connector' }] } });

      expect((await alice.delete(`/connectors/${id}`)).status).toBe(204);
      expect((await alice.get(`/connectors/${id}`)).status).toBe(404);
      expect((await alice.get(`/connectors/${id}/versions`)).status).toBe(404);
      expect((await alice.delete(`/connectors/${id}`)).status).toBe(404);
      const history = await alice.get<{ data: { action: string }[] }>(`/audit?resource_type=connector&resource_id=${id}`);
      expect(history.body.data.map((entry) => entry.action)).toEqual(['delete', 'update', 'restore', 'update', 'test', 'test', 'create']);
    });

    it('takes the multi-step example verbatim and runs the 3-step chain', async () => {
      const created = await alice.post<Connector>('/connectors', multi);
      expect(created.status).toBe(201);
      expect(created.body.type).toBe('multi-step');
      expect(created.body.config).toEqual({ steps: multi.steps, finalMapping: multi.finalMapping });
      const run = await alice.post<Run>(`/connectors/${created.body.id}/test`, { input_data: { email: 'ada@example.com' } });
      expect(run.body.status).toBe('success');
      expect(run.body.patch).toEqual({ firstname: 'Ada', lastname: 'Lovelace', metadata: { company_name: 'Analytical Engines Ltd', industry: 'COMPUTING' } });
      expect(run.body.steps.map((step) => step.request?.url)).toEqual([
        'https://api.hubspot.com/crm/v3/objects/contacts/search',
        'https://api.hubspot.com/crm/v3/objects/contacts/777',
        'https://api.hubspot.com/crm/v3/objects/companies/c-42',
      ]);
      expect(run.text).not.toContain(HUBSPOT_TOKEN);

      // A missing input is named, and the run fails without a request.
      const missing = await alice.post<Run>(`/connectors/${created.body.id}/test`, { input_data: {} });
      expect(missing.body.status).toBe('failed');
      expect(missing.body.error?.message).toMatch(/input\.email/);
    });

    it('tests a draft that is not saved yet through the same engine, naming its bad fields under definition', async () => {
      const before = (await alice.get<{ total: number }>('/connectors')).body.total;
      const run = await alice.post<Run>('/connectors/test', { definition: { ...multi, name: 'Draft chain' }, input_data: { email: 'ada@example.com' } });
      expect(run.status).toBe(200);
      expect(run.body.status).toBe('success');
      expect(run.body.patch).toMatchObject({ firstname: 'Ada', metadata: { company_name: 'Analytical Engines Ltd' } });
      expect(run.text).not.toContain(HUBSPOT_TOKEN);

      const bad = await alice.post<{ error: { details: { path: string }[] } }>('/connectors/test', { definition: { name: 'Draft', steps: [{ id: 'one', url: '' }] } });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details.map((detail) => detail.path)).toContain('definition.steps[0].url');
      // Nothing was saved by either.
      expect((await alice.get<{ total: number }>('/connectors')).body.total).toBe(before);
    });

    it('answers 400 naming each bad field of a definition, and stores nothing', async () => {
      const before = (await alice.get<{ total: number }>('/connectors')).body.total;
      const bad = await alice.post('/connectors', {
        name: 'Broken',
        type: 'multi-step',
        steps: [
          { id: 'one', method: 'GET', url: 'https://api.example.com/a', outputMapping: { id: 'x.id' } },
          { id: 'two', method: 'GET', url: 'ftp://api.example.com/{{one.missing}}' },
        ],
      });
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ error: { code: 'validation_failed' } });
      const details = (bad.body as { error: { details: { path: string; message: string }[] } }).error.details;
      expect(details.map((detail) => detail.path)).toContain('steps[1].url');
      expect(JSON.stringify(details)).toMatch(/one\.missing|missing/);

      const wrongQuery = await alice.post('/connectors', { ...single, config: { ...(single.config as object), queryParams: [{ key: 'format', value: 42 }] } });
      expect(wrongQuery.status).toBe(400);
      expect((wrongQuery.body as { error: { details: { path: string }[] } }).error.details.map((detail) => detail.path)).toContain('config.queryParams[0].value');

      const fields = await alice.post('/connectors', { ...single, name: 'With bad extras', timeout_ms: -1, icon: 5 });
      expect((fields.body as { error: { details: { path: string }[] } }).error.details.map((detail) => detail.path).sort()).toEqual(['icon', 'timeout_ms']);

      const malformed = await alice.call('POST', '/connectors', '{"name": "half');
      expect(malformed.status).toBe(400);
      expect(malformed.body).toMatchObject({ error: { code: 'bad_request' } });
      expect(malformed.text).not.toMatch(/at .*\.ts/);

      const notJson = await alice.call('POST', '/connectors', JSON.stringify(single), { 'content-type': 'text/plain' });
      expect(notJson.status).toBe(415);
      expect(notJson.body).toMatchObject({ error: { code: 'unsupported_media_type' } });
      const unknownField = await alice.post('/contacts', { email: 'a@example.com', fax: '123' });
      expect(unknownField.body).toEqual({ success: false, error: { code: 'validation_failed', message: 'the request body is not valid', details: [{ path: 'fax', message: 'is not a known field' }] } });

      const huge = await alice.post('/connectors', { ...single, name: 'Huge', description: 'x'.repeat(2 * 1024 * 1024) });
      expect(huge.status).toBe(413);
      expect(huge.body).toMatchObject({ error: { code: 'payload_too_large' } });
      // Sent in chunks, with no length declared: counted as it comes, and refused all the same.
      const piece = new TextEncoder().encode(`{"name": "Chunked", "description": "${'x'.repeat(256 * 1024)}`);
      const chunked = await fetch(`${alice.url}/api/v1/connectors`, {
        method: 'POST',
        headers: { authorization: `Bearer ${alice.token}`, 'x-workspace-id': alice.workspaceId!, 'content-type': 'application/json' },
        body: new ReadableStream({
          pull(controller) {
            for (let n = 0; n < 8; n++) controller.enqueue(piece);
            controller.close();
          },
        }),
        duplex: 'half',
      } as RequestInit);
      expect(chunked.status).toBe(413);
      expect(await chunked.json()).toMatchObject({ error: { code: 'payload_too_large' } });

      expect((await alice.get<{ total: number }>('/connectors')).body.total).toBe(before);
    });

    it('validates a definition without saving it', async () => {
      const good = await alice.post('/connectors/validate', multi);
      expect(good.body).toEqual({ valid: true, type: 'multi-step', steps: ['step_1', 'step_2', 'step_3'] });
      const bad = await alice.post('/connectors/validate', { name: 'x', steps: [{ url: 'https://a.example/{{step_2.id}}' }, { url: 'https://b.example' }] });
      expect(bad.status).toBe(400);
      expect((bad.body as { error: { details: { path: string }[] } }).error.details[0]?.path).toBe('steps[0].url');
    });

    it('lists with search, category and pagination', async () => {
      for (const name of ['Search A', 'Search B', 'Search C']) await alice.post('/connectors', { ...single, name, category: 'lookup' });
      const page1 = await alice.get<{ data: Connector[]; total: number }>('/connectors?search=search&limit=2&offset=0');
      expect(page1.body.total).toBe(3);
      expect(page1.body.data.map((connector) => connector.name)).toEqual(['Search A', 'Search B']);
      const page2 = await alice.get<{ data: Connector[] }>('/connectors?search=search&limit=2&offset=2');
      expect(page2.body.data.map((connector) => connector.name)).toEqual(['Search C']);
      expect((await alice.get<{ total: number }>('/connectors?category=lookup')).body.total).toBe(3);
      expect((await alice.get<{ total: number }>('/connectors?search=%25')).body.total).toBe(0);
      const badQuery = await alice.get('/connectors?limit=0');
      expect(badQuery.status).toBe(400);
      expect((badQuery.body as { error: { details: { path: string }[] } }).error.details[0]?.path).toBe('limit');
    });

    it('installs templates, storing the credentials given and naming those missing', async () => {
      const templates = await alice.get<{ data: { slug: string }[] }>('/connector-templates');
      expect(templates.body.data.map((template) => template.slug).sort()).toEqual(['email-verification', 'hubspot-contact-enrichment', 'json-api-get', 'phone-enrichment', 'slack-webhook', 'twilio-sms']);
      const installed = await alice.post<{ connector: Connector; credentials: { service_name: string; stored: boolean }[] }>('/connector-templates/twilio-sms/install', {});
      expect(installed.status).toBe(201);
      expect(installed.body.connector).toMatchObject({ name: 'Send an SMS (Twilio)', type: 'multi-step' });
      expect(installed.body.credentials).toEqual([expect.objectContaining({ service_name: 'twilio', stored: false })]);
      const withKey = await alice.post<{ credentials: { service_name: string; stored: boolean }[] }>('/connector-templates/email-verification/install', { credentials: { hunter: { api_key: 'hunter-key-1234567890' } } });
      expect(withKey.body.credentials).toEqual([expect.objectContaining({ service_name: 'hunter', stored: true })]);
      expect((await alice.post('/connector-templates/no-such-template/install', {})).status).toBe(404);
    });

    it('pages templates, filtered by category and by a search, with every category beside', async () => {
      type TemplatePage = { data: { slug: string }[]; total: number; categories: string[] };
      const first = await alice.get<TemplatePage>('/connector-templates?limit=4');
      expect(first.body).toMatchObject({ total: 6, limit: 4, offset: 0 });
      const second = await alice.get<TemplatePage>('/connector-templates?limit=4&offset=4');
      expect([...first.body.data, ...second.body.data].map((template) => template.slug).sort()).toEqual(['email-verification', 'hubspot-contact-enrichment', 'json-api-get', 'phone-enrichment', 'slack-webhook', 'twilio-sms']);
      expect(first.body.categories).toContain('enrichment');
      const enrichment = await alice.get<TemplatePage>('/connector-templates?category=enrichment');
      expect(enrichment.body.data.map((template) => template.slug)).toEqual(['phone-enrichment']);
      expect(enrichment.body.categories).toEqual(first.body.categories);
      const searched = await alice.get<TemplatePage>(`/connector-templates?search=${encodeURIComponent('SMS')}`);
      expect(searched.body.data.map((template) => template.slug)).toEqual(['twilio-sms']);
      expect((await alice.get<TemplatePage>('/connector-templates?search=%25_')).body.total).toBe(0);
      expect((await alice.get('/connector-templates?limit=201')).status).toBe(400);
    });
  });
}
