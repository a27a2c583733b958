import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, postgresReachable, startApp, testSettings, type Client, type TestApp } from '../support/app.ts';
import { json, standIn, type StandIn } from '../support/stand-in.ts';

/*
 * POST /connectors/import: cURL commands as docs print them, an operation of a published
 * OpenAPI document and a Postman collection become drafts that save and run, with the secrets
 * they held stored as credentials, never sent back.
 */

const KEY = 'hunter-live-key-0123456789abcdef';
const PETSTORE = readFileSync(new URL('../fixtures/openapi/petstore-v3.yaml', import.meta.url), 'utf8');

for (const backend of BACKENDS) {
  describe.skipIf(backend.name === 'PostgreSQL' && !postgresReachable)(`importing cURL on ${backend.name}`, () => {
    let api: StandIn;
    let petstore: StandIn;
    let app: TestApp;
    let alice: Client;
    let database: Awaited<ReturnType<typeof backend.create>>;

    beforeAll(async () => {
      // Hunter's email verifier, as documented: the key in the query, 401 without it.
      api = await standIn((request, response) => {
        if (request.url.searchParams.get('api_key') !== KEY) return json(response, 401, { errors: [{ id: 'authentication_failed', code: 401, details: 'No user found for the API key supplied' }] });
        return json(response, 200, { data: { status: 'valid', result: 'deliverable', score: 100, email: request.url.searchParams.get('email') } });
      });
      // The Petstore as it is published: its document, and a user as GET /user/{username} answers it.
      petstore = await standIn((request, response) => {
        if (request.url.pathname === '/api/v3/openapi.yaml') {
          response.writeHead(200, { 'content-type': 'application/yaml' }).end(PETSTORE);
          return;
        }
        if (request.url.pathname === '/api/v3/user/theUser') return json(response, 200, { id: 10, username: 'theUser', firstName: 'John', lastName: 'James', email: 'john@email.com', password: '12345', phone: '12345', userStatus: 1 });
        return json(response, 404, { code: 1, type: 'error', message: 'User not found' });
      });
      database = await backend.create();
      app = await startApp(testSettings(database), { connectTo: { 'https://api.hunter.io': api.url, 'https://petstore3.swagger.io': petstore.url } });
      alice = await app.as('alice');
      await alice.newWorkspace('Imports');
    });
    afterAll(async () => {
      await app?.close();
      await database?.drop();
      await api?.close();
      await petstore?.close();
    });

    it('makes a draft that saves and runs, storing the key it held without sending it back', async () => {
      const imported = await alice.post<{ definition: Record<string, unknown>; credentials: unknown[]; notes: string[] }>('/connectors/import', {
        curl: `curl "https://api.hunter.io/v2/email-verifier?email=<EMAIL>&api_key=${KEY}"`,
        store_credentials: true,
      });
      expect(imported.status).toBe(200);
      expect(imported.text).not.toContain(KEY);
      expect(imported.body.credentials).toEqual([{ service_name: 'hunter', fields: ['api_key'], missing: [], stored: true }]);
      expect(imported.body.definition).toMatchObject({ type: 'single-step', input_schema: [{ name: 'email', required: true }] });

      const saved = await alice.post<{ id: string }>('/connectors', { ...imported.body.definition, name: 'Verify email', finalMapping: { 'metadata.email_status': '{{ email_verifier.data.result }}' } });
      expect(saved.status).toBe(201);
      const run = await alice.post<{ status: string; patch: Record<string, unknown> }>(`/connectors/${saved.body.id}/test`, { input_data: { email: 'patrick@stripe.com' } });
      expect(run.body).toMatchObject({ status: 'success', patch: { metadata: { email_status: 'deliverable' } } });
      expect(api.received.at(-1)?.url.searchParams.get('email')).toBe('patrick@stripe.com');
    });

    it('names the field for what it cannot read, and stores nothing for a viewer or for placeholders', async () => {
      const bad = await alice.post<{ error: { details: { path: string; message: string }[] } }>('/connectors/import', { curl: "curl 'https://api.hunter.io/v2" });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details).toEqual([{ path: 'curl', message: 'command 1: a single quote is not closed' }]);
      const placeholders = await alice.post<{ credentials: unknown[] }>('/connectors/import', { curl: 'curl https://api.sendgrid.com/v3/marketing/contacts -H "Authorization: Bearer $SENDGRID_API_KEY"', store_credentials: true });
      expect(placeholders.body.credentials).toEqual([{ service_name: 'sendgrid', fields: ['token'], missing: ['token'], stored: false }]);
      expect((await alice.get<{ data: { service_name: string }[] }>('/workspace/credentials')).body.data.map((one) => one.service_name)).toEqual(['hunter']);
    });

    it('lists the operations of a published OpenAPI document, and makes one a draft whose suggested mappings fill the contact', async () => {
      const address = 'https://petstore3.swagger.io/api/v3/openapi.yaml';
      const listed = await alice.post<{ operations: { key: string; method: string; path: string }[] }>('/connectors/import', { openapi: address, search: 'user name' });
      expect(listed.status).toBe(200);
      expect(listed.body.operations.map((operation) => operation.key)).toEqual(['getUserByName', 'updateUser', 'deleteUser']);

      const imported = await alice.post<{ definition: Record<string, unknown>; samples: Record<string, unknown> }>('/connectors/import', { openapi: address, operation: 'getUserByName' });
      expect(imported.status).toBe(200);
      expect(imported.body.samples).toHaveProperty('get_user_by_name');
      const saved = await alice.post<{ id: string }>('/connectors', imported.body.definition);
      expect(saved.status).toBe(201);
      const run = await alice.post<{ status: string; patch: Record<string, unknown> }>(`/connectors/${saved.body.id}/test`, { input_data: { username: 'theUser' } });
      expect(run.body).toMatchObject({ status: 'success', patch: { firstname: 'John', lastname: 'James', email: 'john@email.com', phone_number: '12345' } });
    });

    it('reads a pasted Postman collection, and names the field each source fails on', async () => {
      const collection = { info: { name: 'Hunter', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' }, item: [{ name: 'Verify', request: { method: 'GET', url: `https://api.hunter.io/v2/email-verifier?email={{email}}&api_key={{apiKey}}` } }] };
      const imported = await alice.post<{ definition: { steps: { queryParams: unknown[] }[] }; credentials: unknown[] }>('/connectors/import', { postman: collection });
      expect(imported.status).toBe(200);
      expect(imported.body.definition.steps[0]!.queryParams).toEqual([
        { key: 'email', value: '{{input.email}}' },
        { key: 'api_key', value: '{{credentials.hunter.api_key}}' },
      ]);
      expect(imported.body.credentials).toEqual([{ service_name: 'hunter', fields: ['api_key'], missing: ['api_key'], stored: false }]);

      const problems = async (request: Record<string, unknown>) => (await alice.post<{ error: { details: { path: string; message: string }[] } }>('/connectors/import', request)).body.error.details;
      expect(await problems({ openapi: PETSTORE, operation: 'nope' })).toEqual([{ path: 'operation', message: expect.stringContaining('no operation "nope"') }]);
      expect(await problems({ openapi: 'title: not a spec' })).toEqual([{ path: 'openapi', message: expect.stringContaining('neither "openapi"') }]);
      expect(await problems({ postman: '[]' })).toEqual([{ path: 'postman', message: expect.stringContaining('not a Postman collection') }]);
      expect(await problems({ curl: 'curl https://a.example', postman: '{}' })).toEqual([{ path: 'curl', message: 'give exactly one of curl, openapi or postman' }]);
      // Fetched as connectors' requests are: an address the guard refuses is named, and never reached.
      const refused = await problems({ openapi: 'http://[::1]:9/openapi.json' });
      expect(refused).toEqual([{ path: 'openapi', message: expect.stringMatching(/not allowed|private|refused/i) }]);
    });
  });
}
