import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectorExecutions } from '../../src/store/schema.ts';
import { BACKENDS, ENCRYPTION_KEY, JWT_SECRET, postgresReachable, startApp, testSettings, type TestApp } from '../support/app.ts';
import { startCommand } from '../support/processes.ts';
import { json, standIn, type StandIn } from '../support/stand-in.ts';

const postgres = BACKENDS.find((backend) => backend.name === 'PostgreSQL')!;

/** `connectors worker` in a process of its own, against the test database. */
async function worker(databaseUrl: string, concurrency = 8): Promise<ChildProcess> {
  const env = { DATABASE_URL: databaseUrl, JWT_SECRET, CONNECTORS_ENCRYPTION_KEY: ENCRYPTION_KEY, CONNECTORS_ALLOWED_HOSTS: '127.0.0.1', LOG_LEVEL: 'info' };
  return (await startCommand(['worker', '--concurrency', String(concurrency)], env, /worker running/)).child;
}

describe.skipIf(!postgresReachable)('worker processes on PostgreSQL', () => {
  let api: StandIn;
  let app: TestApp;
  let database: Awaited<ReturnType<typeof postgres.create>>;
  const workers: ChildProcess[] = [];
  // While set, the stand-in holds its answers: runs that sent a request stay mid-run.
  let held: (() => void)[] | null = null;

  beforeAll(async () => {
    api = await standIn((request, response) => {
      const answer = () => json(response, 200, { name: `Person ${request.url.searchParams.get('n')}` });
      if (held) held.push(answer);
      else setTimeout(answer, 20);
    });
    database = await postgres.create();
    // The API process runs no executions itself: only the workers each test starts do.
    app = await startApp(testSettings(database), { worker: false });
  });
  afterAll(async () => {
    for (const child of workers) if (child.exitCode === null) child.kill('SIGKILL');
    await app?.close();
    await database?.drop();
    await api?.close();
  });

  it('share one queue: every execution runs once, and SIGTERM lets them exit cleanly', { timeout: 60_000 }, async () => {
    const sharing = [await worker(database.databaseUrl!), await worker(database.databaseUrl!)];
    workers.push(...sharing);
    const alice = await app.as('alice');
    await alice.newWorkspace('Scale');
    const { id } = (await alice.post<{ id: string }>('/connectors', { name: 'Name lookup', steps: [{ id: 'look', url: `${api.url}/people?n={{contact.zip}}`, outputMapping: { name: 'name' } }], finalMapping: { firstname: '{{look.name}}' } })).body;
    const contacts: string[] = [];
    for (let n = 0; n < 40; n++) contacts.push((await alice.post<{ id: string }>('/contacts', { zip: String(n) })).body.id);
    await Promise.all(contacts.map((contact) => alice.post(`/connectors/${id}/execute`, { contact_id: contact })));

    for (const started = Date.now(); (await alice.get<{ total: number }>(`/connectors/${id}/executions?status=success`)).body.total < 40; ) {
      if (Date.now() - started > 30_000) {
        const rows = await app.store.database.db.select({ status: connectorExecutions.status, error: connectorExecutions.error_message }).from(connectorExecutions);
        const counts: Record<string, number> = {};
        for (const row of rows) counts[row.status] = (counts[row.status] ?? 0) + 1;
        throw new Error(`executions did not finish: ${JSON.stringify(counts)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(api.received).toHaveLength(40);
    expect((await alice.get<{ total_executions: number }>(`/connectors/${id}`)).body.total_executions).toBe(40);
    for (const [n, contact] of contacts.entries()) {
      const body = (await alice.get<{ firstname: string; metadata: { connector_responses: { connector_id: string }[] } }>(`/contacts/${contact}`)).body;
      expect(body.firstname).toBe(`Person ${n}`);
      expect(body.metadata.connector_responses.filter((entry) => entry.connector_id === id)).toHaveLength(1);
    }
    for (const child of sharing) {
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code).toBe(0);
    }
  });

  it('killed mid-run (SIGKILL), lose nothing: after a restart every execution and flow run ends once, and each contact is patched once per run', { timeout: 120_000 }, async () => {
    const alice = await app.as('alice');
    await alice.newWorkspace('Crash');
    const lookup = (name: string, field: string) => ({ name, steps: [{ id: 'look', url: `${api.url}/people?n={{contact.zip}}`, outputMapping: { name: 'name' } }], finalMapping: { [field]: '{{look.name}}' } });
    const first = (await alice.post<{ id: string }>('/connectors', lookup('First name', 'firstname'))).body.id;
    const last = (await alice.post<{ id: string }>('/connectors', lookup('Last name', 'lastname'))).body.id;
    const flow = (await alice.post<{ id: string }>('/flows', { name: 'Both names', actions: [{ type: 'connector', connector_id: first }, { type: 'connector', connector_id: last }] })).body.id;
    const contacts: string[] = [];
    for (let n = 0; n < 220; n++) contacts.push((await alice.post<{ id: string }>('/contacts', { zip: String(n) })).body.id);
    const executions = contacts.slice(0, 200);
    const flowContacts = contacts.slice(200);
    for (let start = 0; start < executions.length; start += 50) {
      await Promise.all(executions.slice(start, start + 50).map((contact) => alice.post(`/connectors/${first}/execute`, { contact_id: contact })));
    }
    const batch = (await alice.post<{ batch_id: string }>(`/flows/${flow}/runs`, { contact_ids: flowContacts })).body.batch_id;

    const succeeded = async () => (await alice.get<{ total: number }>(`/connectors/${first}/executions?status=success`)).body.total;
    const doomed = await worker(database.databaseUrl!, 10);
    workers.push(doomed);
    for (const started = Date.now(); (await succeeded()) < 40; ) {
      if (Date.now() - started > 30_000) throw new Error('the first worker did not get going');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // Killed while runs wait for their answer, so some are surely mid-run.
    held = [];
    for (const started = Date.now(); held.length === 0; await new Promise((resolve) => setTimeout(resolve, 10))) {
      if (Date.now() - started > 10_000) throw new Error('no request reached the stand-in');
    }
    doomed.kill('SIGKILL');
    await once(doomed, 'exit');
    const killedAt = Date.now();
    for (const answer of held) answer();
    held = null;
    const running = (await alice.get<{ data: { id: string }[]; total: number }>(`/connectors/${first}/executions?status=running`)).body;
    expect(running.total).toBeGreaterThan(0);
    expect(await succeeded()).toBeLessThan(200 + flowContacts.length);

    workers.push(await worker(database.databaseUrl!, 10));
    // The dead worker's runs are run again as soon as its heartbeats are missed: well within 20 s.
    for (const { id } of running.data) await alice.until<{ status: string }>(`/executions/${id}`, (execution) => execution.status === 'success');
    const rerunAfter = Date.now() - killedAt;
    console.log(`the killed worker's ${running.data.length} runs ended ${rerunAfter} ms after it died`);
    expect(rerunAfter).toBeLessThan(20_000);
    const runsDone = async () => (await alice.get<{ counts: Record<string, number> }>(`/flows/${flow}/runs?batch_id=${batch}`)).body.counts;
    for (const started = Date.now(); (await succeeded()) < 200 + flowContacts.length || ((await runsDone()).success ?? 0) < flowContacts.length; ) {
      if (Date.now() - started > 90_000) {
        const rows = await app.store.database.db.select({ status: connectorExecutions.status, error: connectorExecutions.error_message }).from(connectorExecutions);
        const counts: Record<string, number> = {};
        for (const row of rows) counts[row.status] = (counts[row.status] ?? 0) + 1;
        throw new Error(`did not finish after the restart: executions ${JSON.stringify(counts)}, flow runs ${JSON.stringify(await runsDone())}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(await runsDone()).toEqual({ pending: 0, running: 0, success: flowContacts.length, failed: 0 });
    expect((await alice.get<{ total_executions: number }>(`/connectors/${first}`)).body.total_executions).toBe(200 + flowContacts.length);
    expect((await alice.get<{ total_executions: number }>(`/connectors/${last}`)).body.total_executions).toBe(flowContacts.length);
    type Noted = { firstname: string; lastname: string | null; metadata: { connector_responses: { connector_id: string }[] } };
    for (const [n, contact] of contacts.entries()) {
      const body = (await alice.get<Noted>(`/contacts/${contact}`)).body;
      expect(body.firstname).toBe(`Person ${n}`);
      const by = (connector: string) => body.metadata.connector_responses.filter((entry) => entry.connector_id === connector);
      expect(by(first)).toHaveLength(1);
      expect(by(last)).toHaveLength(n >= 200 ? 1 : 0);
    }
  });
});
