import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inWorkspace } from '../../src/store/index.ts';
import { connectors, contacts, workspaceCredentials } from '../../src/store/schema.ts';
import { BACKENDS, postgresReachable, startApp, testSettings, type Client, type TestApp } from '../support/app.ts';

/*
 * Row-level security behind the API's own checks: in a workspace's transaction, a query that
 * forgot its workspace filter sees and changes only that workspace's rows.
 */

for (const backend of BACKENDS) {
  describe.skipIf(backend.name === 'PostgreSQL' && !postgresReachable)(`row-level security on ${backend.name}`, () => {
    let app: TestApp;
    let alice: Client;
    let bob: Client;
    let database: Awaited<ReturnType<typeof backend.create>>;
    const single = (name: string) => ({ name, type: 'single-step', config: { method: 'GET', url: 'https://api.example.com/x' } });

    beforeAll(async () => {
      database = await backend.create();
      app = await startApp(testSettings(database));
      alice = await app.as('alice');
      bob = await app.as('bob');
      await alice.newWorkspace('Alice Co');
      await bob.newWorkspace('Bob Co');
      await alice.post('/connectors', single('Alice lookup'));
      await bob.post('/connectors', single('Bob lookup'));
      await alice.post('/contacts', { email: 'a@example.com' });
      await bob.post('/contacts', { email: 'b@example.com' });
      await bob.post('/workspace/credentials', { service_name: 'crm', credentials: { token: 'bob-token-0123456789' } });
    });
    afterAll(async () => {
      await app?.close();
      await database?.drop();
    });

    it("finds none of another workspace's rows with the filter forgotten, and cannot write into one", async () => {
      const { db } = app.store.database;
      const seen = await inWorkspace(db, alice.workspaceId!, async (tx) => ({
        connectors: (await tx.select().from(connectors)).map((row) => row.name),
        contacts: (await tx.select().from(contacts)).map((row) => row.email),
        credentials: await tx.select().from(workspaceCredentials),
      }));
      expect(seen).toEqual({ connectors: ['Alice lookup'], contacts: ['a@example.com'], credentials: [] });
      expect(await inWorkspace(db, alice.workspaceId!, async (tx) => ((await tx.execute(sql`select current_user as role`)) as unknown as { rows: { role: string }[] }).rows[0]!.role)).toBe('connectors_api');
      // An update or delete with no filter reaches no other workspace's row.
      await inWorkspace(db, alice.workspaceId!, (tx) => tx.update(connectors).set({ description: 'changed' }));
      await inWorkspace(db, alice.workspaceId!, (tx) => tx.delete(contacts));
      expect((await bob.get<{ description: string | null }>(`/connectors`)).body).toMatchObject({ data: [{ name: 'Bob lookup', description: null }] });
      expect((await bob.get<{ total: number }>('/contacts')).body.total).toBe(1);
      // A row written for another workspace is refused.
      await expect(inWorkspace(db, alice.workspaceId!, (tx) => tx.insert(contacts).values({ workspace_id: bob.workspaceId!, email: 'planted@example.com' }))).rejects.toThrow();
      expect((await bob.get<{ total: number }>('/contacts')).body.total).toBe(1);
    });

    it('finds nothing at all when no workspace is named, and the API still answers each workspace its own', async () => {
      const rows = await app.store.database.db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('role', 'connectors_api', true)`);
        return tx.select().from(connectors);
      });
      expect(rows).toEqual([]);
      expect((await alice.get<{ data: { name: string }[] }>('/connectors')).body.data.map((row) => row.name)).toEqual(['Alice lookup']);
      expect((await bob.get<{ data: { service_name: string }[] }>('/workspace/credentials')).body.data.map((row) => row.service_name)).toEqual(['crm']);
    });
  });
}
