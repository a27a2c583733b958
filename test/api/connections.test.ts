import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintToken } from '../../src/api/auth.ts';
import { BACKENDS, Client, ENCRYPTION_KEY, JWT_SECRET, POSTGRES_URL, postgresReachable } from '../support/app.ts';
import { startCommand } from '../support/processes.ts';
import { json, standIn, type StandIn } from '../support/stand-in.ts';

/*
 * PostgreSQL drops every connection of the API process and of two workers, four times, while
 * execute calls keep arriving: no process exits, every call answers 202 or 503 with Retry-After,
 * and every accepted run ends.
 */

const postgres = BACKENDS.find((backend) => backend.name === 'PostgreSQL')!;

describe.skipIf(!postgresReachable)('database connections cut under load', () => {
  let api: StandIn;
  let database: Awaited<ReturnType<typeof postgres.create>>;
  const processes: ChildProcess[] = [];

  beforeAll(async () => {
    api = await standIn((request, response) => void setTimeout(() => json(response, 200, { name: `Person ${request.url.searchParams.get('n')}` }), 20));
    database = await postgres.create();
  });
  afterAll(async () => {
    for (const child of processes) if (child.exitCode === null) child.kill('SIGKILL');
    await database?.drop();
    await api?.close();
  });

  it('kills no process and loses no accepted run; the calls it cannot answer get 503 with Retry-After', { timeout: 300_000 }, async () => {
    const env = { DATABASE_URL: database.databaseUrl!, JWT_SECRET, CONNECTORS_ENCRYPTION_KEY: ENCRYPTION_KEY, CONNECTORS_ALLOWED_HOSTS: '127.0.0.1', CONNECTORS_RATE_LIMIT: '1000000', LOG_LEVEL: 'info' };
    const server = await startCommand(['serve', '--no-worker'], env, /running: \S+/);
    processes.push(server.child);
    for (let n = 0; n < 2; n++) processes.push((await startCommand(['worker', '--concurrency', '16'], env, /worker running/)).child);
    const alice = new Client(/running: (\S+)/.exec(server.output())![1]!, await mintToken(JWT_SECRET, 'alice'));
    await alice.newWorkspace('Cut');
    const connector = (await alice.post<{ id: string }>('/connectors', { name: 'Lookup', steps: [{ id: 'look', url: `${api.url}/people?n={{input.n}}`, outputMapping: { name: 'name' } }] })).body.id;

    const accepted: string[] = [];
    const answers: { status: number; retryAfter: string | null }[] = [];
    let cutting = true;
    const load = Array.from({ length: 8 }, async (_, lane) => {
      for (let n = 0; cutting; n++) {
        const answer = await alice.post<{ id: string }>(`/connectors/${connector}/execute`, { input_data: { n: `${lane}-${n}` } });
        answers.push({ status: answer.status, retryAfter: answer.headers.get('retry-after') });
        if (answer.status === 202) accepted.push(answer.body.id);
      }
    });
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    try {
      for (let cut = 0; cut < 4; cut++) {
        await new Promise((resolve) => setTimeout(resolve, 1500));
        await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [new URL(database.databaseUrl!).pathname.slice(1)]);
      }
      await new Promise((resolve) => setTimeout(resolve, 1500));
    } finally {
      cutting = false;
      await Promise.all(load);
      await admin.end();
    }

    expect(processes.map((child) => child.exitCode)).toEqual([null, null, null]);
    expect(accepted.length).toBeGreaterThan(100);
    for (const answer of answers) {
      expect([202, 503]).toContain(answer.status);
      if (answer.status === 503) expect(answer.retryAfter).toMatch(/^\d+$/);
    }
    for (const started = Date.now(); ; await new Promise((resolve) => setTimeout(resolve, 250))) {
      const { total } = (await alice.get<{ total: number }>(`/connectors/${connector}/executions?status=success&limit=1`)).body;
      if (total >= accepted.length) break;
      if (Date.now() - started > 120_000) throw new Error(`${total} of ${accepted.length} accepted runs ended`);
    }
    for (const status of ['pending', 'running', 'failed']) {
      expect((await alice.get<{ total: number }>(`/connectors/${connector}/executions?status=${status}&limit=1`)).body.total, status).toBe(0);
    }
  });
});
