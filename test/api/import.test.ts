import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, postgresReachable, startApp, testSettings, type Client, type TestApp } from '../support/app.ts';
import { json, standIn, type StandIn } from '../support/stand-in.ts';

/*
 * POST /connectors/import: cURL commands as docs print them become a draft that saves and runs,
 * with the secrets they held stored as credentials, never sent back.
 */

const KEY = 'hunter-live-key-0123456789abcdef';

for (const backend of BACKENDS) {
  describe.skipIf(backend.name === 'PostgreSQL' && !postgresReachable)(`importing cURL on ${backend.name}`, () => {
    let api: StandIn;
    let app: TestApp;
    let alice: Client;
    let database: Awaited<ReturnType<typeof backend.create>>;

    beforeAll(async () => {
      // Hunter's email verifier, as documented: the key in the query, 401 without it.
      api = await standIn((request, response) => {
        if (request.url.searchParams.get('api_key') !== KEY) return json(response, 401, { errors: [{ id: 'authentication_failed', code: 401, details: 'No user found for the API key supplied' }] });
        return json(response, 200, { data: { status: 'valid', result: 'deliverable', score: 100, email: request.url.searchParams.get('email') } });
      });
      database = await backend.create();
      app = await startApp(testSettings(database), { connectTo: { 'https://api.hunter.io': api.url } });
      alice = await app.as('alice');
      await alice.newWorkspace('Imports');
    });
    afterAll(async () => {
      await app?.close();
      await database?.drop();
      await api?.close();
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
  });
}
