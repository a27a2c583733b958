import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, example, postgresReachable, startApp, testSettings, type Client, type TestApp, type Schemas } from '../support/app.ts';
import { json, standIn, type StandIn } from '../support/stand-in.ts';

type FlowRun = Schemas['FlowRun'];
type Contact = Record<string, unknown> & { metadata: Record<string, unknown> };

const ADDRESS_CONNECTOR = {
  name: 'Address validation',
  type: 'single-step',
  input_schema: { street: { type: 'string', required: true } },
  config: {
    method: 'POST',
    url: 'https://address.example.com/validate',
    body: { street: '{{ input.street }}', city: '{{ contact.city }}', zip: '{{ contact.zip }}' },
  },
  field_mappings: [
    { sourcePath: 'standardized.street', targetField: 'st_address' },
    { sourcePath: 'standardized.zip', targetField: 'zip' },
    { sourcePath: 'deliverable', targetField: 'metadata.address_validation.deliverable' },
  ],
};

function ended(client: Client, id: string): Promise<FlowRun> {
  return client.until<FlowRun>(`/flow-runs/${id}`, (run) => run.status === 'success' || run.status === 'failed');
}

for (const backend of BACKENDS) {
  describe.skipIf(backend.name === 'PostgreSQL' && !postgresReachable)(`flows on ${backend.name}`, () => {
    let api: StandIn;
    let app: TestApp;
    let alice: Client;
    let database: Awaited<ReturnType<typeof backend.create>>;
    const ids = { phone: '', email: '', address: '' };

    beforeAll(async () => {
      api = await standIn((request, response) => {
        if (request.url.pathname === '/phone') return json(response, 200, example('enhance-data.api-response.json'));
        if (request.url.pathname === '/v2/email-verifier') {
          if (request.url.searchParams.get('api_key') !== 'hunter-key-0123456789') return json(response, 401, { errors: [{ details: 'bad key' }] });
          return json(response, 200, { data: { status: 'valid', result: 'deliverable', score: 97, email: request.url.searchParams.get('email') } });
        }
        if (request.url.pathname === '/validate') {
          const sent = JSON.parse(request.body) as { street: string; zip: string };
          return json(response, 200, { standardized: { street: sent.street.toUpperCase(), zip: `${sent.zip}-3730` }, deliverable: true });
        }
        return json(response, 404, {});
      });
      database = await backend.create();
      const routes = { 'https://api.example.com': api.url, 'https://api.hunter.io': api.url, 'https://address.example.com': api.url };
      app = await startApp(testSettings(database), { connectTo: routes });
      alice = await app.as('alice');
      await alice.newWorkspace('Leads');
      await alice.post('/workspace/credentials', { service_name: 'api_key', credentials: { value: 'phone-key-0123456789' } });
      ids.phone = (await alice.post<{ id: string }>('/connectors', example('enhance-data.single-step.json'))).body.id;
      const installed = await alice.post<{ connector: { id: string } }>('/connector-templates/email-verification/install', { credentials: { hunter: { api_key: 'hunter-key-0123456789' } } });
      ids.email = installed.body.connector.id;
      ids.address = (await alice.post<{ id: string }>('/connectors', ADDRESS_CONNECTOR)).body.id;
    });
    afterAll(async () => {
      await app?.close();
      await database?.drop();
      await api?.close();
    });

    const leadEnrichment = () => ({
      name: 'Complete lead enrichment',
      actions: [
        { type: 'connector', name: 'Phone enrichment', connector_id: ids.phone },
        // The original design's spelling of a connector action.
        { type: 'connector', name: 'Email verification', configuration: { connectorId: ids.email } },
        // Reads st_address, which only the first action filled.
        { type: 'connector', name: 'Address validation', connector_id: ids.address, inputs: { street: '{{ contact.st_address }}' } },
      ],
    });

    it('runs "complete lead enrichment": each action sees the contact as the one before left it', async () => {
      const flow = await alice.post<{ id: string; actions: { connector_id: string }[] }>('/flows', leadEnrichment());
      expect(flow.status).toBe(201);
      expect(flow.body.actions[1]?.connector_id).toBe(ids.email);
      const contact = (await alice.post<{ id: string }>('/contacts', { phone_number: '+16266958105', email: 'jose@example.com' })).body.id;

      const queued = await alice.post<{ id: string; status: string }>(`/flows/${flow.body.id}/run`, { contact_id: contact });
      expect(queued.status).toBe(202);
      const events = await alice.events(`/flow-runs/${queued.body.id}/events`);
      expect(events.map((event) => `${event.event}:${String(event.data.index ?? event.data.status)}`)).toEqual([
        'action_started:0',
        'action_finished:0',
        'action_started:1',
        'action_finished:1',
        'action_started:2',
        'action_finished:2',
        'flow_run:success',
      ]);

      const run = (await alice.get<FlowRun>(`/flow-runs/${queued.body.id}`)).body;
      expect(run).toMatchObject({ status: 'success', actions_done: 3, current_action: null });
      expect(run.results.map((result) => result.status)).toEqual(['success', 'success', 'success']);
      // The address API was sent the street the phone lookup found.
      const validated = api.received.find((request) => request.url.pathname === '/validate');
      expect(JSON.parse(validated!.body)).toEqual({ street: '1461 Indian Well Dr', city: 'Diamond Bar', zip: '91765' });
      const updated = (await alice.get<Contact>(`/contacts/${contact}`)).body;
      expect(updated).toMatchObject({ firstname: 'Jose', lastname: 'Tayzon', city: 'Diamond Bar', st_address: '1461 INDIAN WELL DR', zip: '91765-3730' });
      expect(updated.metadata).toMatchObject({ email_verification: { status: 'valid', result: 'deliverable', score: 97 }, address_validation: { deliverable: true } });
      // Each action ran as an execution of its own, linked to the run.
      const execution = (await alice.get<{ flow_run_id: string; action_index: number; status: string }>(`/executions/${run.results[2]!.execution_id}`)).body;
      expect(execution).toMatchObject({ flow_run_id: run.id, action_index: 2, status: 'success' });
    });

    it('stops at a false condition, and goes on past a failed action only where told to', async () => {
      const gated = (await alice.post<{ id: string }>('/flows', {
        name: 'Only with an email',
        actions: [
          { type: 'condition', when: '{{ contact.email }}' },
          { type: 'connector', connector_id: ids.phone },
        ],
      })).body.id;
      const noEmail = (await alice.post<{ id: string }>('/contacts', { phone_number: '+15550000001' })).body.id;
      const skipped = await ended(alice, (await alice.post<{ id: string }>(`/flows/${gated}/run`, { contact_id: noEmail })).body.id);
      expect(skipped.status).toBe('success');
      expect(skipped.results.map((result) => result.status)).toEqual(['stopped', 'skipped']);
      expect((await alice.get<Contact>(`/contacts/${noEmail}`)).body.firstname).toBeNull();

      await alice.post('/workspace/credentials', { service_name: 'hunter', credentials: { api_key: 'revoked-key' } });
      const tolerant = leadEnrichment();
      tolerant.name = 'Tolerant';
      (tolerant.actions[1] as Record<string, unknown>).continue_on_error = true;
      const strict = { ...leadEnrichment(), name: 'Strict' };
      const contact = (await alice.post<{ id: string }>('/contacts', { phone_number: '+16266958105', email: 'x@example.com' })).body.id;
      const goesOn = await ended(alice, (await alice.post<{ id: string }>(`/flows/${(await alice.post<{ id: string }>('/flows', tolerant)).body.id}/run`, { contact_id: contact })).body.id);
      expect(goesOn.status).toBe('success');
      expect(goesOn.results.map((result) => result.status)).toEqual(['success', 'failed', 'success']);
      expect(goesOn.results[1]?.error).toMatch(/401/);
      const stops = await ended(alice, (await alice.post<{ id: string }>(`/flows/${(await alice.post<{ id: string }>('/flows', strict)).body.id}/run`, { contact_id: contact })).body.id);
      expect(stops.status).toBe('failed');
      expect(stops.results.map((result) => result.status)).toEqual(['success', 'failed', 'skipped']);
      expect(stops.error_message).toMatch(/^action 2 \(Email verification\): .*401/);
      await alice.post('/workspace/credentials', { service_name: 'hunter', credentials: { api_key: 'hunter-key-0123456789' } });
    });

    it('runs a flow for many contacts at once, by ids or by filter, with progress counts', async () => {
      const flow = (await alice.post<{ id: string }>('/flows', { name: 'Phone only', actions: [{ type: 'connector', connector_id: ids.phone }] })).body.id;
      const contacts: string[] = [];
      for (let i = 0; i < 25; i++) contacts.push((await alice.post<{ id: string }>('/contacts', { phone_number: `+1555000${String(i).padStart(4, '0')}` })).body.id);

      const bulk = await alice.post<{ batch_id: string; count: number }>(`/flows/${flow}/runs`, { contact_ids: contacts });
      expect(bulk.status).toBe(202);
      expect(bulk.body.count).toBe(25);
      const done = await alice.until<{ total: number; counts: Record<string, number> }>(`/flows/${flow}/runs?batch_id=${bulk.body.batch_id}`, (page) => page.counts.success === 25);
      expect(done).toMatchObject({ total: 25, counts: { pending: 0, running: 0, success: 25, failed: 0 } });
      for (const id of contacts.slice(0, 3)) expect((await alice.get<Contact>(`/contacts/${id}`)).body.firstname).toBe('Jose');

      // By filter: the contacts matching a search whose first name is still empty.
      const named = (await alice.post<{ id: string }>('/contacts', { email: 'ann@filter.test', firstname: 'Ann', phone_number: '+15559999990' })).body.id;
      const unnamed = [];
      for (const n of [1, 2]) unnamed.push((await alice.post<{ id: string }>('/contacts', { email: `lead${n}@filter.test`, phone_number: `+1555999999${n}` })).body.id);
      const filtered = await alice.post<{ batch_id: string; count: number }>(`/flows/${flow}/runs`, { filter: { search: 'filter.test', missing: 'firstname' } });
      expect(filtered.body.count).toBe(2);
      await alice.until<{ counts: Record<string, number> }>(`/flows/${flow}/runs?batch_id=${filtered.body.batch_id}`, (page) => page.counts.success === 2);
      for (const id of unnamed) expect((await alice.get<Contact>(`/contacts/${id}`)).body.firstname).toBe('Jose');
      expect((await alice.get<Contact>(`/contacts/${named}`)).body.firstname).toBe('Ann');
    });

    it('refuses bad flows and bad runs by field, and keeps what was stored', async () => {
      const broken = [
        { type: 'connector', connector_id: '00000000-0000-4000-8000-000000000000' },
        { type: 'condition', when: '{{ credentials.hunter.api_key }}' },
        { type: 'connector', connector_id: ids.phone, inputs: { x: '{{ contact.email ' } },
        { type: 'connector' },
      ];
      const bad = await alice.post<{ error: { details: { path: string; message: string }[] } }>('/flows', { name: 'Broken', actions: [...broken, { type: 'webhook' }] });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details.map((detail) => detail.path)).toEqual(['actions[4].type']);
      const second = await alice.post<{ error: { details: { path: string; message: string }[] } }>('/flows', { name: 'Broken', actions: broken });
      expect(second.body.error.details.map((detail) => detail.path)).toEqual(['actions[1].when', 'actions[2].inputs.x', 'actions[3].connector_id']);
      const third = await alice.post<{ error: { details: { path: string }[] } }>('/flows', { name: 'Broken', actions: [{ type: 'connector', connector_id: '00000000-0000-4000-8000-000000000000' }] });
      expect(third.body.error.details).toEqual([{ path: 'actions[0].connector_id', message: 'no connector with this id in this workspace' }]);

      const flow = (await alice.post<{ id: string; name: string }>('/flows', { name: 'Kept', actions: [{ type: 'connector', connector_id: ids.phone }] })).body;
      expect((await alice.post('/flows', { name: 'Kept', actions: [{ type: 'connector', connector_id: ids.phone }] })).status).toBe(409);
      expect((await alice.put(`/flows/${flow.id}`, { name: 'Kept', actions: [] })).status).toBe(400);
      expect((await alice.get<{ actions: unknown[] }>(`/flows/${flow.id}`)).body.actions).toHaveLength(1);
      const unknownContact = await alice.post<{ error: { details: { path: string }[] } }>(`/flows/${flow.id}/runs`, { contact_ids: ['00000000-0000-4000-8000-000000000000'] });
      expect(unknownContact.status).toBe(400);
      expect(unknownContact.body.error.details[0]?.path).toBe('contact_ids[0]');
      expect((await alice.post(`/flows/${flow.id}/runs`, { contact_ids: Array.from({ length: 10_001 }, () => '00000000-0000-4000-8000-000000000000') })).status).toBe(400);
      expect((await alice.post(`/flows/${flow.id}/runs`, {})).status).toBe(400);
      await alice.put(`/flows/${flow.id}`, { name: 'Kept', enabled: false, actions: [{ type: 'connector', connector_id: ids.phone }] });
      const contact = (await alice.post<{ id: string }>('/contacts', { phone_number: '+1' })).body.id;
      expect((await alice.post<{ error: { code: string } }>(`/flows/${flow.id}/run`, { contact_id: contact })).body.error.code).toBe('flow_disabled');
      expect((await alice.delete(`/flows/${flow.id}`)).status).toBe(204);
      expect((await alice.get(`/flows/${flow.id}`)).status).toBe(404);
    });
  });
}
