import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, example, postgresReachable, startApp, testSettings, type Client, type TestApp, type Schemas } from '../support/app.ts';
import { json, standIn, type StandIn } from '../support/stand-in.ts';

type Execution = Schemas['Execution'];
type Contact = { firstname: string | null; city: string | null; metadata: { connector_responses?: { connector_id: string; execution_id: string; status: string; connector_name: string; executed_at: string; raw_response: unknown; fields: string[] }[] } };

/** Polls an execution until it ends. */
function finished(client: Client, id: string): Promise<Execution> {
  return client.until<Execution>(`/executions/${id}`, (execution) => execution.status !== 'pending' && execution.status !== 'running');
}

for (const backend of BACKENDS) {
  describe.skipIf(backend.name === 'PostgreSQL' && !postgresReachable)(`queued executions on ${backend.name}`, () => {
    let api: StandIn;
    let app: TestApp;
    let alice: Client;
    let database: Awaited<ReturnType<typeof backend.create>>;
    let connectorId: string;
    const phoneAnswer = example('enhance-data.api-response.json');
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    // Requests to /hold/ answer together once the test lets them (runs that read the contact at the same time).
    let releaseHeld = () => {};
    const held = new Promise<void>((resolve) => (releaseHeld = resolve));
    let holding = 0;

    beforeAll(async () => {
      api = await standIn(async (request, response) => {
        if (request.url.pathname.startsWith('/hold/')) {
          holding++;
          await held;
          return json(response, 200, { value: request.url.pathname });
        }
        if (request.url.pathname.startsWith('/step/')) {
          // Step 2 answers when the test lets it, so the run can be seen half-way.
          if (request.url.pathname === '/step/2') await gate;
          return json(response, 200, { value: request.url.pathname });
        }
        return request.headers['x-api-key'] === 'exec-key-0123456789' ? json(response, 200, phoneAnswer) : json(response, 401, { error: 'bad key' });
      });
      database = await backend.create();
      app = await startApp(testSettings(database), { connectTo: { 'https://api.example.com': api.url, 'https://steps.example.com': api.url } });
      alice = await app.as('alice');
      await alice.newWorkspace('Runs');
      await alice.post('/workspace/credentials', { service_name: 'api_key', credentials: { value: 'exec-key-0123456789' } });
      connectorId = (await alice.post<{ id: string }>('/connectors', example('enhance-data.single-step.json'))).body.id;
    });
    afterAll(async () => {
      await app?.close();
      await database?.drop();
      await api?.close();
    });

    it('queues a run, answers 202 at once, and the worker updates the contact', async () => {
      const contact = (await alice.post<{ id: string }>('/contacts', { phone_number: '+16266958105' })).body.id;
      const queued = await alice.post<{ id: string; status: string; created: boolean }>(`/connectors/${connectorId}/execute`, { contact_id: contact });
      expect(queued.status).toBe(202);
      expect(queued.body).toMatchObject({ status: 'pending', created: true });

      const execution = await finished(alice, queued.body.id);
      expect(execution.status).toBe('success');
      expect(execution.output_data).toMatchObject({ firstname: 'Jose', city: 'Diamond Bar' });
      expect(execution.raw_response).toEqual(phoneAnswer);
      expect(execution.steps[0]?.request?.headers['X-API-Key']).toBe('••••••');
      const updated = (await alice.get<Contact>(`/contacts/${contact}`)).body;
      expect(updated).toMatchObject({ firstname: 'Jose', city: 'Diamond Bar' });
      // As the original design notes a run: an entry of the list, with the API's raw answer.
      expect(updated.metadata.connector_responses).toEqual([expect.objectContaining({ connector_id: connectorId, execution_id: queued.body.id, status: 'success', connector_name: 'Enhance Data', raw_response: phoneAnswer, executed_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown })]);
      // Which fields this connector set, for the contact's page.
      expect(updated.metadata.connector_responses?.[0]?.fields).toEqual(expect.arrayContaining(['firstname', 'lastname', 'city', 'zip']));
      const history = (await alice.get<{ data: { id: string }[]; total: number }>(`/contacts/${contact}/executions`)).body;
      expect(history).toMatchObject({ total: 1, data: [{ id: queued.body.id }] });
      expect((await alice.get<{ total_executions: number; successful_executions: number }>(`/connectors/${connectorId}`)).body).toMatchObject({ total_executions: 1, successful_executions: 1 });
    });

    it('returns the same execution for the same idempotency key, and runs it once', async () => {
      const contact = (await alice.post<{ id: string }>('/contacts', { phone_number: '+16266958105' })).body.id;
      const first = await alice.post<{ id: string; created: boolean }>(`/connectors/${connectorId}/execute`, { contact_id: contact, idempotency_key: 'order-42' });
      const second = await alice.post<{ id: string; created: boolean }>(`/connectors/${connectorId}/execute`, { contact_id: contact, idempotency_key: 'order-42' });
      expect(second.status).toBe(202);
      expect(second.body).toMatchObject({ id: first.body.id, created: false });
      await finished(alice, first.body.id);
      const responses = (await alice.get<Contact>(`/contacts/${contact}`)).body.metadata.connector_responses;
      expect(responses).toHaveLength(1);
      const other = await alice.post<{ id: string }>(`/connectors/${connectorId}/execute`, { contact_id: contact, idempotency_key: 'order-43' });
      expect(other.body.id).not.toBe(first.body.id);
      await finished(alice, other.body.id);
    });

    it('applies every run queued together for one contact, each noted once and counted once', async () => {
      const contact = (await alice.post<{ id: string }>('/contacts', { phone_number: '+16266958105', custom_fields: { tier: 'gold' } })).body.id;
      const before = (await alice.get<{ total_executions: number }>(`/connectors/${connectorId}`)).body.total_executions;
      const queued = await Promise.all(Array.from({ length: 6 }, () => alice.post<{ id: string }>(`/connectors/${connectorId}/execute`, { contact_id: contact })));
      for (const run of queued) expect((await finished(alice, run.body.id)).status).toBe('success');
      const updated = (await alice.get<Contact>(`/contacts/${contact}`)).body;
      expect(updated).toMatchObject({ firstname: 'Jose', custom_fields: { tier: 'gold' } });
      expect(updated.metadata.connector_responses?.map((note) => note.execution_id).sort()).toEqual(queued.map((run) => run.body.id).sort());
      expect((await alice.get<{ total_executions: number }>(`/connectors/${connectorId}`)).body.total_executions).toBe(before + 6);
    });

    it('fills an empty field once when two fill-only runs read it empty at the same time', async () => {
      const filler = (await alice.post<{ id: string }>('/connectors', { name: 'Fill the city', steps: [{ url: 'https://steps.example.com/hold/{{ input.n }}' }], fieldMappings: [{ sourcePath: 'value', targetField: 'city', overwrite: false }] })).body.id;
      const contact = (await alice.post<{ id: string }>('/contacts', { email: 'fill@example.com' })).body.id;
      const runs = await Promise.all(['a', 'b'].map(async (n) => (await alice.post<{ id: string }>(`/connectors/${filler}/execute`, { contact_id: contact, input_data: { n } })).body.id));
      await expect.poll(() => holding, { timeout: 30_000 }).toBe(2);
      releaseHeld();
      for (const id of runs) expect((await finished(alice, id)).status).toBe('success');
      const updated = (await alice.get<Contact>(`/contacts/${contact}`)).body;
      const filled = updated.metadata.connector_responses?.filter((note) => note.fields.includes('city')) ?? [];
      expect(filled).toHaveLength(1);
      // The run that filled it is the one whose answer the contact holds; the other left it alone.
      const fillingRun = (await alice.get<Execution>(`/executions/${filled[0]!.execution_id}`)).body;
      expect(updated.city).toBe((fillingRun.output_data as { city?: string } | null)?.city);
      expect(updated.metadata.connector_responses).toHaveLength(2);
    });

    it('queues one run per contact with contact_ids, and the worker patches each contact once', async () => {
      const contacts = await Promise.all(Array.from({ length: 20 }, async (_, n) => (await alice.post<{ id: string }>('/contacts', { phone_number: '+16266958105', zip: String(n) })).body.id));
      const bulk = await alice.post<{ count: number; executions: { id: string; contact_id: string }[] }>(`/connectors/${connectorId}/execute`, { contact_ids: [...contacts, contacts[0]] });
      expect(bulk.status).toBe(202);
      expect(bulk.body.count).toBe(20);
      expect(bulk.body.executions.map((one) => one.contact_id)).toEqual(contacts);
      for (const { id, contact_id: contact } of bulk.body.executions) {
        const execution = await finished(alice, id);
        expect(execution).toMatchObject({ status: 'success', contact_id: contact });
        const updated = (await alice.get<Contact>(`/contacts/${contact}`)).body;
        expect(updated.firstname).toBe('Jose');
        expect(updated.metadata.connector_responses?.map((note) => note.execution_id)).toEqual([id]);
      }

      const refusedAt = async (body: unknown) => {
        const answer = await alice.post<{ error: { details: { path: string }[] } }>(`/connectors/${connectorId}/execute`, body);
        expect(answer.status).toBe(400);
        return answer.body.error.details.map((detail) => detail.path);
      };
      expect(await refusedAt({ contact_ids: contacts, contact_id: contacts[0] })).toEqual(['contact_id']);
      expect(await refusedAt({ contact_ids: contacts, idempotency_key: 'once' })).toEqual(['idempotency_key']);
      expect(await refusedAt({ contact_ids: [contacts[0], '00000000-0000-4000-8000-000000000000'] })).toEqual(['contact_ids[1]']);
      expect(await refusedAt({ contact_ids: [contacts[0], 'not-an-id'] })).toEqual(['contact_ids[1]']);
      expect(await refusedAt({ contact_ids: [] })).toEqual(['contact_ids']);
      // Another workspace's contact is not this one's.
      const bob = await app.as('bob');
      await bob.newWorkspace('Elsewhere');
      const theirs = (await bob.post<{ id: string }>('/contacts', { email: 'b@example.com' })).body.id;
      expect(await refusedAt({ contact_ids: [contacts[0], theirs] })).toEqual(['contact_ids[1]']);
    });

    it('lists a connector\'s executions by status, records failures, and refuses a disabled connector', async () => {
      const failing = (await alice.post<{ id: string }>('/connectors', { ...example('enhance-data.single-step.json'), name: 'Wrong key', config: { ...(example('enhance-data.single-step.json').config as object), headers: [{ key: 'X-API-Key', value: 'wrong' }] } })).body.id;
      const run = await alice.post<{ id: string }>(`/connectors/${failing}/execute`, { input_data: { contact: { phone_number: '+16266958105' } } });
      const execution = await finished(alice, run.body.id);
      expect(execution.status).toBe('failed');
      expect(execution.error_message).toMatch(/401/);
      // The design's error_stack: the run step by step in the engine's words, never a stack trace.
      expect(execution.error_stack).toMatch(/^step_1: failed in \d+ ms, 1 attempt: http_status: HTTP 401 Unauthorized from api\.example\.com/);
      expect(execution.error_stack).not.toMatch(/ at |\.ts:\d+/);
      expect((await alice.get<{ total: number }>(`/connectors/${failing}/executions?status=failed`)).body.total).toBe(1);
      expect((await alice.get<{ total: number }>(`/connectors/${failing}/executions?status=success`)).body.total).toBe(0);
      expect((await alice.get<{ failed_executions: number }>(`/connectors/${failing}`)).body.failed_executions).toBe(1);
      // Each run of the list says who it was for.
      const ada = (await alice.post<{ id: string }>('/contacts', { firstname: 'Ada', lastname: 'Lovelace', email: 'ada@example.com', phone_number: '+16266958105' })).body.id;
      await finished(alice, (await alice.post<{ id: string }>(`/connectors/${failing}/execute`, { contact_id: ada })).body.id);
      const listed = (await alice.get<{ data: { contact: unknown }[] }>(`/connectors/${failing}/executions?limit=2`)).body.data;
      expect(listed.map((one) => one.contact)).toEqual([{ name: 'Ada Lovelace', email: 'ada@example.com' }, null]);

      await alice.patch(`/connectors/${failing}`, { enabled: false });
      const refused = await alice.post(`/connectors/${failing}/execute`, {});
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ error: { code: 'connector_disabled' } });
      expect((await alice.post(`/connectors/${connectorId}/execute`, { contact_id: '00000000-0000-4000-8000-000000000000' })).status).toBe(404);
    });

    it('answers each of many runs asked at once on its own: refused ones queue nothing, the others run', async () => {
      const bob = await app.as('bob');
      await bob.newWorkspace('Next door');
      const theirContact = (await bob.post<{ id: string }>('/contacts', { email: 'theirs@example.com' })).body.id;
      const theirConnector = (await bob.post<{ id: string }>('/connectors', example('enhance-data.single-step.json'))).body.id;
      const disabled = (await alice.post<{ id: string }>('/connectors', { ...example('enhance-data.single-step.json'), name: 'Switched off' })).body.id;
      await alice.patch(`/connectors/${disabled}`, { enabled: false });
      const mine = (await alice.post<{ id: string }>('/contacts', { phone_number: '+16266958105' })).body.id;
      const before = (await alice.get<{ total: number }>(`/connectors/${connectorId}/executions`)).body.total;

      // Sent together, so they are recorded together.
      const asked = [
        [connectorId, { contact_id: mine }, 202],
        [connectorId, { contact_id: theirContact }, 404],
        [theirConnector, { contact_id: mine }, 404],
        [disabled, { contact_id: mine }, 409],
        [connectorId, { contact_id: theirContact, idempotency_key: 'not-theirs' }, 404],
        [connectorId, { contact_id: mine }, 202],
      ] as const;
      const answers = await Promise.all(asked.map(([connector, body]) => alice.post<{ id: string; error: { message: string } }>(`/connectors/${connector}/execute`, body)));
      expect(answers.map((answer) => answer.status)).toEqual(asked.map(([, , status]) => status));
      expect(answers.map((answer) => answer.body.error?.message)).toEqual([undefined, 'contact not found', 'connector not found', expect.stringMatching(/"Switched off" is disabled/), 'contact not found', undefined]);
      for (const answer of [answers[0]!, answers[5]!]) expect(await finished(alice, answer.body.id)).toMatchObject({ status: 'success', contact_id: mine });
      expect((await alice.get<{ total: number }>(`/connectors/${connectorId}/executions`)).body.total).toBe(before + 2);
      expect((await alice.get<{ total: number }>(`/connectors/${disabled}/executions`)).body.total).toBe(0);
      expect((await bob.get<{ total: number }>(`/connectors/${theirConnector}/executions`)).body.total).toBe(0);
    });

    it('records each step as it finishes, and streams each step\'s start and end, then the end of the run', async () => {
      const step = (id: string) => ({ id, method: 'GET', url: `https://steps.example.com/step/${id.slice(1)}`, outputs: { value: 'value' } });
      const threeSteps = (await alice.post<{ id: string }>('/connectors', { name: 'Three steps', steps: [step('s1'), step('s2'), step('s3')], finalMapping: { 'metadata.last': '{{ s3.value }}' } })).body.id;
      const contact = (await alice.post<{ id: string }>('/contacts', { email: 'steps@example.com' })).body.id;
      const run = (await alice.post<{ id: string }>(`/connectors/${threeSteps}/execute`, { contact_id: contact })).body.id;

      type Record = { status: string; current_step: string | null; steps_executed: { step_id: string; status: string; response: unknown; output: unknown }[]; steps: { id: string; status: string }[]; execution_time_ms: number | null; error_stack: string | null };
      const halfway = await alice.until<Record>(`/executions/${run}`, (execution) => execution.steps_executed.length === 1);
      // As the original design records a run: the step running by its id, each finished step's result.
      expect(halfway).toMatchObject({ status: 'running', current_step: 's2', steps_executed: [{ step_id: 's1', status: 'success', response: { value: '/step/1' }, output: { value: '/step/1' } }], steps: [{ id: 's1', status: 'success' }] });
      const streaming = alice.events(`/executions/${run}/events`);
      await new Promise((resolve) => setTimeout(resolve, 300));
      release();
      const events = await streaming;
      expect(events.map((event) => `${event.event}:${String(event.data.index ?? event.data.status)}`)).toEqual([
        'step_started:0',
        'step_finished:0',
        'step_started:1',
        'step_finished:1',
        'step_started:2',
        'step_finished:2',
        'execution:success',
      ]);
      expect(events[3]?.data).toMatchObject({ id: 's2', status: 'success', http_status: 200 });
      expect(events.at(-1)?.data).toMatchObject({ output_data: { metadata: { last: '/step/3' } } });
      const ended = (await alice.get<Record>(`/executions/${run}`)).body;
      expect(ended).toMatchObject({ current_step: null, error_stack: null });
      expect(ended.steps_executed.map((result) => result.step_id)).toEqual(['s1', 's2', 's3']);
      expect(ended.execution_time_ms).toBeGreaterThan(0);
      // A finished execution replays at once.
      expect((await alice.events(`/executions/${run}/events`)).map((event) => event.event)).toHaveLength(7);
    });
  });
}
