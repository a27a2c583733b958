import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { columnsFromDocument } from '../../src/store/index.ts';
import { BACKENDS, postgresReachable, startApp, testSettings, type Client, type TestApp, type Schemas } from '../support/app.ts';
import { json, standIn, type StandIn } from '../support/stand-in.ts';

/*
 * The API attacked by a tenant with a token of their own: templates that load files, credentials
 * pulled out through mappings, remote answers that break the database, a connector stored
 * before the rules got stricter. The server and its worker stay up, and no secret comes back.
 */

const TOKEN = 'pat-na1-attacked-token-4242';

type Execution = Schemas['Execution'];

function finished(client: Client, id: string): Promise<Execution> {
  return client.until<Execution>(`/executions/${id}`, (execution) => execution.status !== 'pending' && execution.status !== 'running');
}

for (const backend of BACKENDS) {
  describe.skipIf(backend.name === 'PostgreSQL' && !postgresReachable)(`attacks through the API on ${backend.name}`, () => {
    let api: StandIn;
    let app: TestApp;
    let mallory: Client;
    let viewer: Client;
    let database: Awaited<ReturnType<typeof backend.create>>;
    let contactId: string;

    beforeAll(async () => {
      api = await standIn((request, response) => {
        if (request.url.pathname === '/nul') return void response.writeHead(200, { 'content-type': 'application/json' }).end('{"name":"Ada\\u0000Lovelace","lone":"\\ud800","deep":{"k\\u0000ey":"v"}}');
        if (request.url.pathname === '/nul-text') return void response.writeHead(500, { 'content-type': 'text/plain' }).end('broken\0answer');
        json(response, 200, { name: 'Ada', echoed: request.headers.authorization ?? null });
      });
      database = await backend.create();
      app = await startApp(testSettings(database), { connectTo: { 'https://api.example.com': api.url } });
      mallory = await app.as('mallory');
      const workspace = await mallory.newWorkspace('Mallory');
      await mallory.post('/workspace/credentials', { service_name: 'hubspot', credentials: { token: TOKEN } });
      await mallory.put(`/workspaces/${workspace}/members/vic`, { role: 'viewer' });
      viewer = await app.as('vic', workspace);
      contactId = (await mallory.post<{ id: string }>('/contacts', { email: 'ada@example.com', company: '../../package.json' })).body.id;
    });
    afterAll(async () => {
      await app?.close();
      await database?.drop();
      await api?.close();
    });

    /** The server still answers, and its worker still runs connectors. */
    async function stillUp(): Promise<void> {
      expect((await fetch(`${app.url}/health`)).status).toBe(200);
      const connector = await mallory.post<{ id: string }>('/connectors', { name: `Alive ${Math.random()}`, steps: [{ url: 'https://api.example.com/alive' }] });
      const queued = await mallory.post<{ id: string }>(`/connectors/${connector.body.id}/execute`, {});
      expect((await finished(mallory, queued.body.id)).status).toBe('success');
    }

    it('refuses file-loading tags in a draft test and in a saved connector, naming the field, and stays up', async () => {
      for (const tag of ['{% include contact.company %}', "{% render 'data/secrets.json' %}", "{% layout 'package.json' %}"]) {
        const draft = await mallory.post('/connectors/test', { definition: { name: 'Files', steps: [{ url: `https://api.example.com/phone${tag}` }] }, contact_id: contactId });
        expect(draft.status).toBe(400);
        expect(draft.body).toMatchObject({ error: { code: 'validation_failed', details: [{ path: 'definition.steps[0].url', message: expect.stringContaining('is not allowed: templates cannot read files') as string }] } });
        const saved = await mallory.post('/connectors', { name: 'Files', steps: [{ url: 'https://api.example.com/', headers: { 'X-A': tag } }] });
        expect(saved.status).toBe(400);
        expect(saved.text).not.toContain(process.cwd());
      }
      await stillUp();
    });

    it('ends a queued run of a connector stored before such tags were refused as failed, with the reason, and stays up', async () => {
      const scope = (await mallory.get<{ data: { id: string }[] }>('/workspaces')).body.data[0]!;
      const parsed = columnsFromDocument({ name: 'Stored long ago', steps: [{ url: 'https://api.example.com/ok' }] });
      if (!parsed.ok) throw new Error('the document should read');
      const row = await app.store.connectors.create(scope.id, { ...parsed.columns, config: { steps: [{ url: 'https://api.example.com/phone{% include contact.company %}' }], finalMapping: {} } }, 'mallory');
      const queued = await mallory.post<{ id: string }>(`/connectors/${row.id}/execute`, { contact_id: contactId });
      expect(queued.status).toBe(202);
      const execution = await finished(mallory, queued.body.id);
      expect(execution.status).toBe('failed');
      expect(execution.error_message).toMatch(/no longer passes the checks .*steps\[0\]\.url: invalid template: \{% include %\} is not allowed: templates cannot read files/);
      const tested = await mallory.post(`/connectors/${row.id}/test`, { contact_id: contactId });
      expect(tested.status).toBe(409);
      expect(tested.body).toMatchObject({ error: { code: 'connector_invalid', details: [{ path: 'steps[0].url' }] } });
      await stillUp();
    });

    it('never gives a stored credential back through a mapping: refused when saved, not written when stored before', async () => {
      const leak = { 'metadata.x': '{{ credentials.hubspot.token }}', 'metadata.y': '{{ workspace.hubspot_token | base64_encode }}' };
      const refused = await mallory.post('/connectors/test', { definition: { name: 'Leak', steps: [{ url: 'https://api.example.com/x' }], finalMapping: leak } });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ error: { details: [{ path: 'definition.finalMapping["metadata.x"]' }, { path: 'definition.finalMapping["metadata.y"]' }] } });

      const scope = (await mallory.get<{ data: { id: string }[] }>('/workspaces')).body.data[0]!;
      const parsed = columnsFromDocument({ name: 'Leak stored long ago', steps: [{ url: 'https://api.example.com/x', auth: { type: 'bearer', token: '{{ credentials.hubspot.token }}' } }] });
      if (!parsed.ok) throw new Error('the document should read');
      const config = { ...parsed.columns.config, finalMapping: { ...leak, 'metadata.echo': '{{ step_1.echoed | downcase }}', firstname: '{{ step_1.name }}' } };
      // Stored directly: what an older version let through. Its checks fail, so it is run unchecked by no one.
      const row = await app.store.connectors.create(scope.id, { ...parsed.columns, config }, 'mallory');
      const queued = await mallory.post<{ id: string }>(`/connectors/${row.id}/execute`, { contact_id: contactId });
      await finished(mallory, queued.body.id);

      const seen = [
        (await viewer.get(`/contacts/${contactId}`)).text,
        (await viewer.get(`/executions/${queued.body.id}`)).text,
        (await viewer.get(`/connectors/${row.id}/executions`)).text,
        (await viewer.get(`/contacts/${contactId}/executions`)).text,
        JSON.stringify(await viewer.events(`/executions/${queued.body.id}/events`)),
        app.logs.join('\n'),
      ];
      for (const text of seen) {
        expect(text).not.toContain(TOKEN);
        expect(text).not.toContain(TOKEN.toLowerCase());
        expect(text).not.toContain(Buffer.from(TOKEN).toString('base64'));
      }
    });

    it('keeps a remote answer holding NUL and lone surrogates, and never puts a statement in a record or a log', async () => {
      const connector = await mallory.post<{ id: string }>('/connectors', { name: 'Nul', steps: [{ url: 'https://api.example.com/nul', outputMapping: { name: 'name', lone: 'lone' } }], finalMapping: { firstname: '{{ step_1.name }}', 'metadata.lone': '{{ step_1.lone }}x' } });
      expect(connector.status).toBe(201);
      const queued = await mallory.post<{ id: string }>(`/connectors/${connector.body.id}/execute`, { contact_id: contactId });
      const execution = await finished(mallory, queued.body.id);
      expect(execution.status).toBe('success');
      expect(execution.error_message).toBeNull();
      const contact = (await mallory.get<{ firstname: string; metadata: { lone: string } }>(`/contacts/${contactId}`)).body;
      expect(contact.firstname).toBe('Ada\uFFFDLovelace');
      expect(contact.metadata.lone).toBe('\uFFFDx');
      expect(JSON.stringify(execution.raw_response)).toContain('Ada\uFFFDLovelace');

      const failing = await mallory.post<{ id: string }>('/connectors', { name: 'Nul text', steps: [{ url: 'https://api.example.com/nul-text' }] });
      const run = await mallory.post<{ id: string }>(`/connectors/${failing.body.id}/execute`, {});
      const failed = await finished(mallory, run.body.id);
      expect(failed.status).toBe('failed');
      expect(failed.error_message).toMatch(/^step_1: HTTP 500 Internal Server Error from api\.example\.com: broken\uFFFDanswer$/);
      for (const text of [JSON.stringify(failed), app.logs.join('\n')]) {
        expect(text).not.toMatch(/Failed query|insert into|update "|params:/i);
      }
    });

    it('refuses validate to a viewer, and lets an editor check a definition', async () => {
      expect((await viewer.post('/connectors/validate', { name: 'V', steps: [{ url: 'https://api.example.com/' }] })).status).toBe(403);
      expect((await mallory.post('/connectors/validate', { name: 'V', steps: [{ url: 'https://api.example.com/' }] })).status).toBe(200);
    });
  });
}

describe('the demo routing', () => {
  let victim: StandIn;
  let app: TestApp;
  let database: { dataDir: string; drop(): Promise<void> };
  beforeAll(async () => {
    victim = await standIn((request, response) => json(response, 200, { reached: request.target }));
    database = await BACKENDS[0]!.create();
    // The demo API is the only address let through; every other loopback port is the victim's.
    app = await startApp(testSettings(database, { allowedHosts: [] }), { demo: true });
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
    await victim?.close();
  });

  it.each(['//HOST/admin', '/\\HOST/admin'])('sends %s to the demo API, never to the address it names', async (path) => {
    const mallory = await app.as('mallory');
    await mallory.newWorkspace('Mallory');
    const host = new URL(victim.url).host;
    const run = await mallory.post<{ status: string; steps: { request: { url: string } }[] }>('/connectors/test', {
      definition: { name: 'Route', steps: [{ url: `https://api.example.com${path.replace('HOST', host)}` }] },
    });
    expect(run.status).toBe(200);
    expect(victim.received).toEqual([]);
  });
});
