import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaceCredentials } from '../../src/store/schema.ts';
import { BACKENDS, postgresReachable, startApp, testSettings, type Client, type TestApp, type Schemas } from '../support/app.ts';
import { json, standIn, type StandIn } from '../support/stand-in.ts';

type Execution = Schemas['Execution'];

const ended = (client: Client, id: string) => client.until<Execution>(`/executions/${id}`, (execution) => !['pending', 'running'].includes(execution.status));

for (const backend of BACKENDS) {
  describe.skipIf(backend.name === 'PostgreSQL' && !postgresReachable)(`scheduling on ${backend.name}`, () => {
    let api: StandIn;
    let app: TestApp;
    let database: Awaited<ReturnType<typeof backend.create>>;
    const arrivals: { path: string; at: number }[] = [];
    let outage = true;

    beforeAll(async () => {
      api = await standIn((request, response) => {
        arrivals.push({ path: request.url.pathname, at: Date.now() });
        if (request.url.pathname === '/flaky' && outage) return json(response, 503, { error: 'maintenance' });
        if (request.url.pathname === '/paged') {
          const page = Number(request.url.searchParams.get('page') ?? 1);
          return json(response, 200, { items: [page], ok: true, ...(page < 4 ? { next: page + 1 } : {}) });
        }
        const delay = request.url.pathname === '/slow' ? 200 : request.url.pathname === '/slower' ? 1000 : 0;
        setTimeout(() => json(response, 200, { ok: true }), delay);
      });
      database = await backend.create();
      // 8 at a time in this process, at most 6 of them for a workspace alone.
      app = await startApp(testSettings(database), { concurrency: 8 });
    });
    afterAll(async () => {
      await app?.close();
      await database?.drop();
      await api?.close();
    });

    const connector = (name: string, path: string, extra: Record<string, unknown> = {}) => ({ name, steps: [{ id: 'call', url: `${api.url}${path}` }], finalMapping: { 'metadata.ok': '{{ call.ok }}' }, ...extra });

    it('does not let one workspace\'s burst starve another', { timeout: 60_000 }, async () => {
      const busy = await app.as('busy');
      await busy.newWorkspace('Busy');
      const slow = (await busy.post<{ id: string }>('/connectors', connector('Slow', '/slower'))).body.id;
      await Promise.all(Array.from({ length: 60 }, () => busy.post(`/connectors/${slow}/execute`, { input_data: {} })));

      const quiet = await app.as('quiet');
      await quiet.newWorkspace('Quiet');
      const own = (await quiet.post<{ id: string }>('/connectors', connector('Own', '/ok'))).body.id;
      const single = await ended(quiet, (await quiet.post<{ id: string }>(`/connectors/${own}/execute`, { input_data: {} })).body.id);
      expect(single.status).toBe('success');
      // 60 runs of 1 s, at most 6 at a time, take 10 s; half of them take 5 s, far longer than the other workspace's run needs on a busy machine, unless it waited behind them.
      const busyDone = (await busy.get<{ total: number }>(`/connectors/${slow}/executions?status=success`)).body.total;
      expect(busyDone).toBeLessThan(30);
      await busy.until<{ total: number }>(`/connectors/${slow}/executions?status=success`, (page) => page.total === 60);
    });

    it('gives the slot of a run waiting to try again to another run meanwhile', { timeout: 90_000 }, async () => {
      outage = true;
      const alice = await app.as('alice');
      await alice.newWorkspace('Retrying');
      const flaky = (await alice.post<{ id: string }>('/connectors', { ...connector('Flaky', '/flaky'), steps: [{ id: 'call', url: `${api.url}/flaky`, retries: 10 }] })).body.id;
      // As many runs as the workspace's share of the 8 slots, all backing off from a remote that is down.
      const retrying = await Promise.all(Array.from({ length: 6 }, async () => (await alice.post<{ id: string }>(`/connectors/${flaky}/execute`, { input_data: {} })).body.id));
      await alice.until<{ total: number }>(`/connectors/${flaky}/executions?status=running`, (page) => page.total === 6);
      const quick = (await alice.post<{ id: string }>('/connectors', connector('Quick', '/ok'))).body.id;
      const done = await ended(alice, (await alice.post<{ id: string }>(`/connectors/${quick}/execute`, { input_data: {} })).body.id);
      expect(done.status).toBe('success');
      for (const id of retrying) expect((await alice.get<Execution>(`/executions/${id}`)).body.status).toBe('running');
      outage = false;
      for (const id of retrying) expect((await ended(alice, id)).status).toBe('success');
    });

    it('holds a connector\'s declared rate limit for its remote API', { timeout: 60_000 }, async () => {
      const alice = await app.as('alice');
      await alice.newWorkspace('Limited');
      const bad = await alice.post<{ error: { details: { path: string }[] } }>('/connectors', connector('Too strict', '/limited', { rate_limit: { requests: 0, per_seconds: 1, burst: 2 } }));
      expect(bad.body.error.details.map((detail) => detail.path)).toEqual(['rate_limit.burst', 'rate_limit.requests']);
      const limited = (await alice.post<{ id: string; rate_limit: unknown }>('/connectors', connector('Limited', '/limited', { rate_limit: { requests: 3, per_seconds: 1 } }))).body;
      expect(limited.rate_limit).toEqual({ requests: 3, per_seconds: 1 });
      const runs: string[] = [];
      for (let i = 0; i < 9; i++) runs.push((await alice.post<{ id: string }>(`/connectors/${limited.id}/execute`, { input_data: {} })).body.id);
      for (const run of runs) expect((await ended(alice, run)).status).toBe('success');
      const sent = arrivals.filter((arrival) => arrival.path === '/limited');
      expect(sent).toHaveLength(9);
      const perSecond = new Map<number, number>();
      for (const { at } of sent) perSecond.set(Math.floor(at / 1000), (perSecond.get(Math.floor(at / 1000)) ?? 0) + 1);
      expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(3);
      expect(perSecond.size).toBeGreaterThanOrEqual(3);
    });

    it('counts every page of a paginated step against the connector\'s rate limit', { timeout: 60_000 }, async () => {
      const alice = await app.as('alice');
      await alice.newWorkspace('Pages');
      const paged = {
        name: 'Paged',
        rate_limit: { requests: 2, per_seconds: 1 },
        steps: [{ id: 'call', url: `${api.url}/paged`, paginate: { items: 'items', nextQuery: { page: '{{ next }}' } }, outputMapping: { pages: 'pages' } }],
        finalMapping: { 'metadata.pages': '{{ call.pages }}' },
      };
      const id = (await alice.post<{ id: string }>('/connectors', paged)).body.id;
      const before = arrivals.filter((arrival) => arrival.path === '/paged').length;
      const run = await ended(alice, (await alice.post<{ id: string }>(`/connectors/${id}/execute`, { input_data: {} })).body.id);
      expect(run.status).toBe('success');
      const sent = arrivals.filter((arrival) => arrival.path === '/paged').slice(before);
      expect(sent).toHaveLength(4);
      // 2 a second: the 4 pages span at least two windows.
      const perSecond = new Map<number, number>();
      for (const { at } of sent) perSecond.set(Math.floor(at / 1000), (perSecond.get(Math.floor(at / 1000)) ?? 0) + 1);
      expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(2);
    });

    it('ends an execution as failed, with the reason, once every attempt has failed', { timeout: 60_000 }, async () => {
      const alice = await app.as('alice');
      await alice.newWorkspace('Broken');
      const id = (await alice.post<{ id: string }>('/connectors', connector('Broken later', '/ok'))).body.id;
      await alice.post('/workspace/credentials', { service_name: 'svc', credentials: { token: 'sealed-token' } });
      // Sealed with a key the server no longer holds: every attempt throws opening it.
      await app.store.database.db.execute(sql`update ${workspaceCredentials} set key_id = 'retired' where service_name = 'svc'`);
      const run = await alice.post<{ id: string }>(`/connectors/${id}/execute`, { input_data: {} });
      const execution = await ended(alice, run.body.id);
      expect(execution.status).toBe('failed');
      expect(execution.error_message).toBe('not finished after 4 attempts: a credential is sealed with key "retired", which CONNECTORS_ENCRYPTION_KEY no longer holds');
    });

    it('prunes executions and flow runs older than the retention age, and schedules it', async () => {
      const alice = await app.as('alice');
      await alice.newWorkspace('History');
      const id = (await alice.post<{ id: string }>('/connectors', connector('Quick', '/ok'))).body.id;
      const flow = (await alice.post<{ id: string }>('/flows', { name: 'Quick flow', actions: [{ type: 'connector', connector_id: id }] })).body.id;
      const contact = (await alice.post<{ id: string }>('/contacts', { email: 'old@example.com' })).body.id;
      const old = (await ended(alice, (await alice.post<{ id: string }>(`/connectors/${id}/execute`, { input_data: {} })).body.id)).id;
      const recent = (await ended(alice, (await alice.post<{ id: string }>(`/connectors/${id}/execute`, { input_data: {} })).body.id)).id;
      const oldRun = (await alice.post<{ id: string }>(`/flows/${flow}/run`, { contact_id: contact })).body.id;
      await alice.until<{ status: string }>(`/flow-runs/${oldRun}`, (run) => run.status === 'success');
      const db = app.store.database.db;
      await db.execute(sql`update connector_executions set created_at = now() - interval '31 days' where id = ${old} or flow_run_id = ${oldRun}`);
      await db.execute(sql`update flow_runs set created_at = now() - interval '31 days' where id = ${oldRun}`);

      expect(await app.store.prune(30)).toEqual({ executions: 1, flowRuns: 1 });
      expect((await alice.get(`/executions/${old}`)).status).toBe(404);
      expect((await alice.get(`/flow-runs/${oldRun}`)).status).toBe(404);
      expect((await alice.get(`/executions/${recent}`)).status).toBe(200);
      const scheduled = (await db.execute(sql`select name, cron from pgboss.schedule order by name`)) as unknown as { rows: unknown[] };
      expect(scheduled.rows).toEqual([
        { name: 'prune-history', cron: '17 * * * *' },
        { name: 'requeue-orphans', cron: '* * * * *' },
      ]);
    });
  });
}
