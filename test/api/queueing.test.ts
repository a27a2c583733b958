import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectorExecutions } from '../../src/store/schema.ts';
import { BACKENDS, postgresReachable, startApp, testSettings, type Client, type TestApp, type Schemas } from '../support/app.ts';
import { json, standIn, type StandIn } from '../support/stand-in.ts';

/*
 * A run and its queue job are written together; a run whose job is gone anyway (made before runs
 * recorded their job, or its job lost) is queued again: at start-up, every minute, and when a
 * client retries with the same idempotency key.
 */

type Execution = Schemas['Execution'];

for (const backend of BACKENDS) {
  describe.skipIf(backend.name === 'PostgreSQL' && !postgresReachable)(`runs and their jobs on ${backend.name}`, () => {
    let api: StandIn;
    let app: TestApp;
    let alice: Client;
    let database: Awaited<ReturnType<typeof backend.create>>;
    let connectorId: string;

    beforeAll(async () => {
      api = await standIn((_request, response) => json(response, 200, { ok: true }));
      database = await backend.create();
      // No worker: what is queued stays queued, to be looked at.
      app = await startApp(testSettings(database), { worker: false });
      alice = await app.as('alice');
      await alice.newWorkspace('Queueing');
      connectorId = (await alice.post<{ id: string }>('/connectors', { name: 'Ok', steps: [{ url: `${api.url}/ok` }] })).body.id;
    });
    afterAll(async () => {
      await app?.close();
      await database?.drop();
      await api?.close();
    });

    const jobOf = async (execution: string) => {
      const [row] = await app.store.database.db.select({ job: connectorExecutions.job_id }).from(connectorExecutions).where(eq(connectorExecutions.id, execution));
      const jobs = (await app.store.database.db.execute(sql`select state from pgboss.job where id = ${row!.job}::uuid and data->>'id' = ${execution}`)) as unknown as { rows: { state: string }[] };
      return { id: row!.job, states: jobs.rows.map((job) => job.state) };
    };

    it('writes each accepted run with its job', async () => {
      const queued = await Promise.all(Array.from({ length: 5 }, () => alice.post<{ id: string }>(`/connectors/${connectorId}/execute`, {})));
      for (const { body } of queued) expect((await jobOf(body.id)).states).toEqual(['created']);
    });

    it('queues a run again when a retry with its idempotency key finds its job gone', async () => {
      const first = await alice.post<Execution>(`/connectors/${connectorId}/execute`, { idempotency_key: 'retry-me' });
      const lost = await jobOf(first.body.id);
      await app.store.database.db.execute(sql`delete from pgboss.job where id = ${lost.id}::uuid`);
      const again = await alice.post<Execution & { created: boolean }>(`/connectors/${connectorId}/execute`, { idempotency_key: 'retry-me' });
      expect(again.body).toMatchObject({ id: first.body.id, created: false, status: 'pending' });
      const found = await jobOf(first.body.id);
      expect(found.id).not.toBe(lost.id);
      expect(found.states).toEqual(['created']);
    });

    it('accepts runs for 10,000 contacts in one request, every run written with its job, or none', { timeout: 120_000 }, async () => {
      for (let batch = 0; batch < 10; batch++) {
        await alice.post('/contacts/batch', { contacts: Array.from({ length: 1000 }, (_, n) => ({ email: `bulk-${batch * 1000 + n}@example.com` })) });
      }
      const { db } = app.store.database;
      const ids = (await db.execute(sql`select id from contacts where email like 'bulk-%' order by email`)) as unknown as { rows: { id: string }[] };
      const contactIds = ids.rows.map((row) => row.id);
      expect(contactIds).toHaveLength(10_000);
      const tooMany = await alice.post<{ error: { details: { path: string }[] } }>(`/connectors/${connectorId}/execute`, { contact_ids: [...contactIds, contactIds[0]] });
      expect(tooMany.status).toBe(400);
      const oneUnknown = await alice.post<{ error: { details: { path: string }[] } }>(`/connectors/${connectorId}/execute`, { contact_ids: [...contactIds.slice(1), randomUUID()] });
      expect(oneUnknown.status).toBe(400);
      expect(oneUnknown.body.error.details.map((detail) => detail.path)).toEqual(['contact_ids[9999]']);
      const none = (await db.execute(sql`select count(*)::int as runs from connector_executions where contact_id in (select id from contacts where email like 'bulk-%')`)) as unknown as { rows: { runs: number }[] };
      expect(none.rows[0]!.runs).toBe(0);
      const bulk = await alice.post<{ count: number; executions: { id: string; contact_id: string }[] }>(`/connectors/${connectorId}/execute`, { contact_ids: contactIds });
      expect(bulk.status).toBe(202);
      expect(bulk.body.count).toBe(10_000);
      expect(bulk.body.executions.map((one) => one.contact_id)).toEqual(contactIds);
      const queued = (await db.execute(sql`
        select count(*)::int as runs, count(distinct e.contact_id)::int as contacts, count(j.id)::int as jobs from connector_executions e
        left join pgboss.job j on j.id = e.job_id and j.state = 'created' and j.data->>'id' = e.id::text
        where e.contact_id in (select id from contacts where email like 'bulk-%') and e.status = 'pending'`)) as unknown as { rows: { runs: number; contacts: number; jobs: number }[] };
      expect(queued.rows[0]).toEqual({ runs: 10_000, contacts: 10_000, jobs: 10_000 });
      // Left for no worker to run later: the next test restarts with one.
      await db.execute(sql`delete from pgboss.job where id in (select job_id from connector_executions where contact_id in (select id from contacts where email like 'bulk-%'))`);
      await db.execute(sql`delete from connector_executions where contact_id in (select id from contacts where email like 'bulk-%')`);
    });

    it('runs, after a restart, what was accepted with no job: made before runs recorded their job, or whose job was lost', async () => {
      const { db } = app.store.database;
      const workspace = (await app.store.workspaces.listForUser('alice'))[0]!.id;
      const legacy = randomUUID();
      const lostJob = randomUUID();
      await db.insert(connectorExecutions).values([
        { id: legacy, workspace_id: workspace, connector_id: connectorId, status: 'pending', created_at: new Date(Date.now() - 5 * 60_000) },
        { id: lostJob, workspace_id: workspace, connector_id: connectorId, status: 'pending', job_id: randomUUID() },
      ]);
      await app.close();
      app = await startApp(testSettings(database));
      alice = await app.as('alice', workspace);
      for (const id of [legacy, lostJob]) expect((await alice.until<Execution>(`/executions/${id}`, (execution) => execution.status === 'success')).status).toBe('success');
    });
  });
}
