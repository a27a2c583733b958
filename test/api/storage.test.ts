import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, connectorVersions, connectors, contacts, workspaceCredentials, workspaceMembers } from '../../src/store/schema.ts';
import { BACKENDS, example, postgresReachable, secretBox, startApp, testSettings, type TestApp } from '../support/app.ts';
import { json, standIn, type StandIn } from '../support/stand-in.ts';

const SECRET = 'sk_live_9f8e7d6c5b4a39281706f5e4d3c2b1a0';

/** The rate limit counts per minute: start a burst well inside one. */
async function awayFromMinuteEdge(): Promise<void> {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 55_000) await sleep(60_500 - intoMinute);
}

for (const backend of BACKENDS) {
  describe.skipIf(backend.name === 'PostgreSQL' && !postgresReachable)(`storage on ${backend.name}`, () => {
    let api: StandIn;
    let database: Awaited<ReturnType<typeof backend.create>>;
    const apps: TestApp[] = [];
    const start = async (overrides = {}) => {
      const app = await startApp(testSettings(database, overrides), { connectTo: { 'https://api.acme.test': api.url } });
      apps.push(app);
      return app;
    };

    beforeAll(async () => {
      // A hostile API: it echoes back everything it was sent.
      api = await standIn((request, response) => json(response, 200, { headers: request.headers, target: request.target, body: request.body }));
      database = await backend.create();
    });
    afterEach(async () => {
      for (const app of apps.splice(0)) await app.close();
    });
    afterAll(async () => {
      await database?.drop();
      await api?.close();
    });

    it('keeps credentials as ciphertext and never shows them in a response, trace, audit entry or log line', async () => {
      const app = await start();
      const alice = await app.as('alice');
      const workspace = await alice.newWorkspace('Secrets');
      const stored = await alice.post('/workspace/credentials', { service_name: 'acme', credentials: { token: SECRET, account: 'acct-1' } });
      expect(stored.status).toBe(201);
      expect(stored.body).toMatchObject({ service_name: 'acme', fields: { token: '••••b1a0', account: '••••' }, key_id: 'test' });

      const [row] = await app.store.database.db.select().from(workspaceCredentials);
      // As the original design keeps them: `credentials` holds each field's sealed value.
      const sealed = row!.credentials as Record<string, string>;
      expect(Object.keys(sealed).sort()).toEqual(['account', 'token']);
      expect(Buffer.from(sealed.token!, 'base64').toString('latin1')).not.toContain(SECRET);
      expect(JSON.stringify(row)).not.toContain(SECRET);
      expect(secretBox().open(sealed.token!, row!.key_id, `${workspace}/acme/token`)).toBe(SECRET);
      // Bound to its row and field: the same ciphertext opens neither as another workspace's nor as another field.
      expect(() => secretBox().open(sealed.token!, row!.key_id, `00000000-0000-4000-8000-000000000000/acme/token`)).toThrow();
      expect(() => secretBox().open(sealed.token!, row!.key_id, `${workspace}/acme/account`)).toThrow();

      const connector = await alice.post<{ id: string }>('/connectors', {
        name: 'Uses the secret everywhere',
        steps: [
          {
            id: 'call',
            method: 'POST',
            url: 'https://api.acme.test/v1/{{credentials.acme.account}}?key={{credentials.acme.token}}',
            headers: { 'X-Acme-Key': '{{credentials.acme.token}}' },
            auth: { type: 'bearer', token: '{{credentials.acme.token}}' },
            body: { token: '{{credentials.acme.token}}' },
          },
        ],
      });
      const run = await alice.post<{ status: string }>(`/connectors/${connector.body.id}/test`, {});
      expect(run.body.status).toBe('success');
      // It did reach the API, in the header, the query and the body...
      const received = api.received.at(-1)!;
      expect(received.headers['x-acme-key']).toBe(SECRET);
      expect(received.headers.authorization).toBe(`Bearer ${SECRET}`);
      expect(received.body).toContain(SECRET);
      // ...and it is nowhere the user or the operator can read.
      await alice.get('/workspace/credentials');
      await alice.get(`/audit`);
      await alice.get(`/connectors/${connector.body.id}`);
      expect(alice.seen.length).toBeGreaterThan(4);
      for (const text of alice.seen) expect(text).not.toContain(SECRET);
      const audit = await app.store.database.db.select().from(auditLog);
      expect(audit.some((entry) => entry.resource_type === 'credential')).toBe(true);
      expect(JSON.stringify(audit)).not.toContain(SECRET);
      expect(app.logs.length).toBeGreaterThan(5);
      for (const line of app.logs) expect(line).not.toContain(SECRET);
      expect(app.logs.join('')).not.toContain(alice.token);
    });

    it(`answers 429 with Retry-After past the per-minute limit, per workspace${backend.name === 'PostgreSQL' ? ', across server processes' : ''}`, async () => {
      const first = await start({ rateLimitPerMinute: 3 });
      // Several processes share a PostgreSQL server; the embedded database belongs to one.
      const second = backend.name === 'PostgreSQL' ? await start({ rateLimitPerMinute: 3 }) : first;
      const alice = await first.as('alice');
      const busy = await alice.newWorkspace('Busy');
      const other = await alice.newWorkspace('Quiet');
      alice.workspaceId = busy;
      const { id } = (await alice.post<{ id: string }>('/connectors', { name: 'Ping', steps: [{ url: 'https://api.acme.test/ping' }] })).body;
      const viaSecond = await second.as('alice', busy);

      await awayFromMinuteEdge();
      expect((await alice.post(`/connectors/${id}/test`)).status).toBe(200);
      expect((await viaSecond.post(`/connectors/${id}/test`)).status).toBe(200);
      const third = await alice.post(`/connectors/${id}/test`);
      expect(third.status).toBe(200);
      expect(third.headers.get('ratelimit-remaining')).toBe('0');
      // Processes sharing the database share the count.
      const limited = await viaSecond.post(`/connectors/${id}/test`);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      expect(limited.body).toMatchObject({ error: { code: 'rate_limited' } });
      // Reads are not limited, and another workspace has its own count.
      expect((await alice.get(`/connectors/${id}`)).status).toBe(200);
      alice.workspaceId = other;
      const { id: otherId } = (await alice.post<{ id: string }>('/connectors', { name: 'Ping', steps: [{ url: 'https://api.acme.test/ping' }] })).body;
      expect((await alice.post(`/connectors/${otherId}/test`)).status).toBe(200);
      // Calls arriving together are counted one by one: of 5 at once, the 2 left in the minute pass.
      const burst = await Promise.all(Array.from({ length: 5 }, () => alice.post(`/connectors/${otherId}/test`)));
      expect(burst.map((response) => response.status).sort()).toEqual([200, 200, 429, 429, 429]);
    });

    it('keeps every row across a restart', async () => {
      const app = await start();
      const alice = await app.as('alice');
      const workspace = await alice.newWorkspace('Durable');
      const { id } = (await alice.post<{ id: string }>('/connectors', example('enhance-data.single-step.json'))).body;
      await alice.patch(`/connectors/${id}`, { description: 'second version' });
      await alice.post('/contacts', { email: 'kept@example.com', metadata: { source: 'import' } });
      await alice.post('/workspace/credentials', { service_name: 'acme', credentials: { token: SECRET } });
      await alice.put(`/workspaces/${workspace}/members/bob`, { role: 'viewer' });
      const counts = async (target: TestApp) => {
        const { db } = target.store.database;
        return {
          connectors: await db.$count(connectors),
          versions: await db.$count(connectorVersions),
          contacts: await db.$count(contacts),
          credentials: await db.$count(workspaceCredentials),
          members: await db.$count(workspaceMembers),
          audit: await db.$count(auditLog),
        };
      };
      const before = await counts(app);
      const snapshot = {
        connector: (await alice.get(`/connectors/${id}`)).body,
        contacts: (await alice.get('/contacts')).body,
        credentials: (await alice.get('/workspace/credentials')).body,
      };
      // The embedded database is one process's: a second opener is turned away, nothing harmed.
      if (backend.name === 'PGlite') await expect(start()).rejects.toThrow(/embedded database in .* is already open/);
      for (const running of apps.splice(0)) await running.close();

      const again = await start();
      expect(await counts(again)).toEqual(before);
      const back = await again.as('alice', workspace);
      expect((await back.get(`/connectors/${id}`)).body).toEqual(snapshot.connector);
      expect((await back.get('/contacts')).body).toEqual(snapshot.contacts);
      expect((await back.get('/workspace/credentials')).body).toEqual(snapshot.credentials);
      // The stored credential still opens: the run reaches the API with it.
      const { id: caller } = (await back.post<{ id: string }>('/connectors', { name: 'After restart', steps: [{ url: 'https://api.acme.test/x', headers: { 'X-Acme-Key': '{{credentials.acme.token}}' } }] })).body;
      expect((await back.post<{ status: string }>(`/connectors/${caller}/test`)).body.status).toBe('success');
      expect(api.received.at(-1)!.headers['x-acme-key']).toBe(SECRET);
    });
  });
}
