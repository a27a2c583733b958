import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, postgresReachable, startApp, testSettings, type Client, type TestApp } from '../support/app.ts';

/*
 * Contacts in and out in bulk: batches of an import written whole or not at all, and an export
 * a spreadsheet opens without running what remote APIs put in a field.
 */

for (const backend of BACKENDS) {
  describe.skipIf(backend.name === 'PostgreSQL' && !postgresReachable)(`contacts in bulk on ${backend.name}`, () => {
    let app: TestApp;
    let alice: Client;
    let database: Awaited<ReturnType<typeof backend.create>>;

    beforeAll(async () => {
      database = await backend.create();
      app = await startApp(testSettings(database));
      alice = await app.as('alice');
      await alice.newWorkspace('Bulk');
    });
    afterAll(async () => {
      await app?.close();
      await database?.drop();
    });

    const total = async () => (await alice.get<{ total: number }>('/contacts?limit=1')).body.total;

    it('writes a batch whole, or names the bad row and writes none of it', async () => {
      const rows = Array.from({ length: 1000 }, (_, n) => ({ email: `person${n}@example.com`, firstname: `Person ${n}` }));
      expect((await alice.post('/contacts/batch', { contacts: rows })).body).toEqual({ created: 1000 });
      expect(await total()).toBe(1000);

      const bad = await alice.post<{ error: { details: { path: string }[] } }>('/contacts/batch', { contacts: [{ email: 'ok@example.com' }, { email: `${'x'.repeat(320)}@example.com` }] });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details.map((detail) => detail.path)).toEqual(['contacts[1].email']);
      expect((await alice.post('/contacts/batch', { contacts: [...rows, rows[0]] })).status).toBe(400);
      expect(await total()).toBe(1000);
    });

    it('exports CSV with custom fields and metadata as columns, quoting what must be, formulas kept as text', async () => {
      await alice.post('/contacts', {
        email: 'ada@example.com',
        firstname: '=HYPERLINK("https://evil.example","Click")',
        lastname: 'Lovelace, "Countess"',
        phone_number: '+16266958105',
        custom_fields: { plan: 'pro' },
        metadata: { source: 'csv', connector_responses: [{ raw: 'not exported' }] },
      });
      const response = await fetch(`${alice.url}/api/v1/contacts/export?search=ada`, { headers: { authorization: `Bearer ${alice.token}`, 'x-workspace-id': alice.workspaceId! } });
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      const [header, row, end] = (await response.text()).split('\r\n');
      expect(header).toBe('id,email,phone_number,firstname,lastname,st_address,city,state,zip,company,custom_fields.plan,metadata.source,created_at,updated_at');
      expect(row).toMatch(/^[0-9a-f-]{36},ada@example\.com,\+16266958105,"'=HYPERLINK\(""https:\/\/evil\.example"",""Click""\)","Lovelace, ""Countess""",,,,,,pro,csv,\d{4}-/);
      expect(end).toBe('');
      const all = await fetch(`${alice.url}/api/v1/contacts/export`, { headers: { authorization: `Bearer ${alice.token}`, 'x-workspace-id': alice.workspaceId! } });
      expect((await all.text()).trimEnd().split('\r\n')).toHaveLength(1 + 1001);
    });
  });
}
