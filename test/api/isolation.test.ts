import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, example, postgresReachable, startApp, testSettings, type Client, type TestApp } from '../support/app.ts';

const single = example('enhance-data.single-step.json');

for (const backend of BACKENDS) {
  describe.skipIf(backend.name === 'PostgreSQL' && !postgresReachable)(`workspace isolation on ${backend.name}`, () => {
    let app: TestApp;
    let alice: Client;
    let bob: Client;
    let database: Awaited<ReturnType<typeof backend.create>>;
    let mine: string;
    let theirs: string;
    const bobs = { connector: '', contact: '', execution: '', flow: '', flowRun: '' };

    beforeAll(async () => {
      database = await backend.create();
      app = await startApp(testSettings(database));
      alice = await app.as('alice');
      bob = await app.as('bob');
      mine = await alice.newWorkspace('Alice');
      theirs = await bob.newWorkspace('Bob');
      bobs.connector = (await bob.post<{ id: string }>('/connectors', single)).body.id;
      bobs.contact = (await bob.post<{ id: string }>('/contacts', { email: 'bob.customer@example.com' })).body.id;
      await bob.post('/workspace/credentials', { service_name: 'bob_only', credentials: { value: 'bob-secret-value-123456' } });
      await bob.put(`/connectors/${bobs.connector}`, { ...single, description: 'v2' });
      bobs.execution = (await bob.post<{ id: string }>(`/connectors/${bobs.connector}/execute`, { contact_id: bobs.contact })).body.id;
      bobs.flow = (await bob.post<{ id: string }>('/flows', { name: 'Bob flow', actions: [{ type: 'connector', connector_id: bobs.connector }] })).body.id;
      bobs.flowRun = (await bob.post<{ id: string }>(`/flows/${bobs.flow}/run`, { contact_id: bobs.contact })).body.id;
    });
    afterAll(async () => {
      await app?.close();
      await database?.drop();
    });

    /** Every workspace endpoint, aimed at the other workspace's rows. */
    const calls = (): [string, string, unknown?][] => [
      ['GET', `/connectors/${bobs.connector}`],
      ['PUT', `/connectors/${bobs.connector}`, { ...single, name: 'Taken over' }],
      ['PATCH', `/connectors/${bobs.connector}`, { enabled: false }],
      ['DELETE', `/connectors/${bobs.connector}`],
      ['POST', `/connectors/${bobs.connector}/clone`, {}],
      ['POST', `/connectors/${bobs.connector}/test`, { input_data: { contact: { phone_number: '+1' } } }],
      ['GET', `/connectors/${bobs.connector}/versions`],
      ['POST', `/connectors/${bobs.connector}/versions/1/restore`],
      ['POST', `/connectors/${bobs.connector}/execute`, { contact_id: bobs.contact }],
      ['GET', `/connectors/${bobs.connector}/executions`],
      ['GET', `/executions/${bobs.execution}`],
      ['GET', `/executions/${bobs.execution}/events`],
      ['GET', `/flows/${bobs.flow}`],
      ['PUT', `/flows/${bobs.flow}`, { name: 'Taken over', actions: [{ type: 'condition', when: 'no' }] }],
      ['DELETE', `/flows/${bobs.flow}`],
      ['POST', `/flows/${bobs.flow}/run`, { contact_id: bobs.contact }],
      ['POST', `/flows/${bobs.flow}/runs`, { contact_ids: [bobs.contact] }],
      ['GET', `/flows/${bobs.flow}/runs`],
      ['GET', `/flow-runs/${bobs.flowRun}`],
      ['GET', `/flow-runs/${bobs.flowRun}/events`],
      ['GET', `/contacts/${bobs.contact}`],
      ['PATCH', `/contacts/${bobs.contact}`, { firstname: 'Mallory' }],
      ['DELETE', `/contacts/${bobs.contact}`],
      ['DELETE', '/workspace/credentials/bob_only'],
      ['GET', `/workspaces/${theirs}`],
      ['GET', `/workspaces/${theirs}/members`],
      ['PUT', `/workspaces/${theirs}/members/alice`, { role: 'owner' }],
      ['DELETE', `/workspaces/${theirs}/members/bob`],
    ];

    it('answers 404 for every row of another workspace, from the caller\'s own workspace', async () => {
      for (const [method, path, body] of calls()) {
        const answer = await alice.call(method, path, body);
        expect({ method, path, status: answer.status }).toEqual({ method, path, status: 404 });
        expect(answer.body).toMatchObject({ error: { code: 'not_found' } });
      }
      // A test run with the other workspace's contact is refused the same way.
      const mineConnector = (await alice.post<{ id: string }>('/connectors', single)).body.id;
      expect((await alice.post(`/connectors/${mineConnector}/test`, { contact_id: bobs.contact })).status).toBe(404);
      // A flow cannot name the other workspace's connector, nor run for its contact.
      const borrowed = await alice.post<{ error: { details: { path: string; message: string }[] } }>('/flows', { name: 'Borrowed', actions: [{ type: 'connector', connector_id: bobs.connector }] });
      expect(borrowed.body.error.details).toEqual([{ path: 'actions[0].connector_id', message: 'no connector with this id in this workspace' }]);
      const mineFlow = (await alice.post<{ id: string }>('/flows', { name: 'Mine', actions: [{ type: 'connector', connector_id: mineConnector }] })).body.id;
      expect((await alice.post(`/flows/${mineFlow}/run`, { contact_id: bobs.contact })).status).toBe(404);
      expect((await alice.post<{ error: { details: { path: string }[] } }>(`/flows/${mineFlow}/runs`, { contact_ids: [bobs.contact] })).body.error.details[0]?.path).toBe('contact_ids[0]');
    });

    it('answers 404 for every workspace endpoint when the header names a workspace the caller is not in', async () => {
      const intruder = await app.as('alice', theirs);
      for (const [method, path, body] of [...calls(), ['GET', '/connectors'], ['GET', '/contacts'], ['GET', '/workspace/credentials'], ['GET', '/audit'], ['GET', '/flows'], ['POST', '/flows', { name: 'x', actions: [{ type: 'condition', when: 'yes' }] }], ['POST', '/connectors', single], ['POST', '/contacts', {}], ['POST', '/workspace/credentials', { service_name: 'x', credentials: { value: 'y' } }], ['POST', '/connector-templates/phone-enrichment/install', {}]] as [string, string, unknown?][]) {
        expect({ method, path, status: (await intruder.call(method, path, body)).status }).toEqual({ method, path, status: 404 });
      }
      // A workspace that does not exist looks the same as one that is not yours.
      const nowhere = await app.as('alice', '00000000-0000-4000-8000-000000000000');
      expect((await nowhere.get('/connectors')).body).toEqual((await intruder.get('/connectors')).body);
      expect((await (await app.as('alice', 'not-a-uuid')).get('/connectors')).status).toBe(404);
    });

    it('never shows another workspace\'s rows in lists, counts or history, and left them unchanged', async () => {
      const connectors = await alice.get<{ data: { id: string }[]; total: number }>('/connectors');
      expect(connectors.body.data.map((row) => row.id)).not.toContain(bobs.connector);
      expect(connectors.body.total).toBe(connectors.body.data.length);
      const contacts = await alice.get<{ data: unknown[]; total: number }>('/contacts?search=bob');
      expect(contacts.body).toMatchObject({ data: [], total: 0 });
      expect((await alice.get<{ data: { service_name: string }[] }>('/workspace/credentials')).body.data).toEqual([]);
      const audit = await alice.get<{ data: { workspace_id: string }[] }>('/audit');
      expect(audit.body.data.every((entry) => entry.workspace_id === mine)).toBe(true);
      expect((await alice.get<{ data: { id: string }[] }>('/workspaces')).body.data.map((workspace) => workspace.id)).toEqual([mine]);

      const connector = await bob.get<{ name: string; enabled: boolean; version: number }>(`/connectors/${bobs.connector}`);
      expect(connector.body).toMatchObject({ name: 'Enhance Data', enabled: true, version: 2 });
      expect((await bob.get<{ firstname: string | null }>(`/contacts/${bobs.contact}`)).body.firstname).not.toBe('Mallory');
      expect((await bob.get<{ name: string }>(`/flows/${bobs.flow}`)).body.name).toBe('Bob flow');
      expect((await bob.get<{ total: number }>(`/flows/${bobs.flow}/runs`)).body.total).toBe(1);
      expect((await alice.get<{ total: number }>('/flows')).body.total).toBe(1);
      expect((await bob.get<{ data: unknown[] }>('/workspace/credentials')).body.data).toHaveLength(1);
      expect((await bob.get<{ data: unknown[] }>(`/workspaces/${theirs}/members`)).body.data).toHaveLength(1);
    });

    it('lets viewers read, editors change, and only owners manage members', async () => {
      expect((await bob.put(`/workspaces/${theirs}/members/carol`, { role: 'viewer' })).status).toBe(200);
      expect((await bob.put(`/workspaces/${theirs}/members/dave`, { role: 'editor' })).status).toBe(200);
      const carol = await app.as('carol', theirs);
      const dave = await app.as('dave', theirs);
      expect((await carol.get(`/connectors/${bobs.connector}`)).status).toBe(200);
      const refused = await carol.patch(`/connectors/${bobs.connector}`, { enabled: false });
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ error: { code: 'forbidden' } });
      expect((await carol.post('/contacts', { email: 'x@example.com' })).status).toBe(403);
      expect((await carol.post(`/connectors/${bobs.connector}/test`, {})).status).toBe(403);
      expect((await dave.post('/contacts', { email: 'dave.made@example.com' })).status).toBe(201);
      expect((await dave.put(`/workspaces/${theirs}/members/erin`, { role: 'viewer' })).status).toBe(403);
      expect((await (await app.as('carol')).get<{ data: { id: string; role: string }[] }>('/workspaces')).body.data).toEqual([expect.objectContaining({ id: theirs, role: 'viewer' })]);

      // The last owner stays; once removed, a member sees 404.
      expect((await bob.delete(`/workspaces/${theirs}/members/bob`)).status).toBe(409);
      expect((await bob.put(`/workspaces/${theirs}/members/bob`, { role: 'editor' })).status).toBe(409);
      expect((await bob.delete(`/workspaces/${theirs}/members/carol`)).status).toBe(204);
      expect((await carol.get(`/connectors/${bobs.connector}`)).status).toBe(404);
    });
  });
}
