import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintToken } from '../../src/api/auth.ts';
import { AVAILABLE_BACKENDS, Client, ENCRYPTION_KEY, JWT_SECRET, type Schemas } from '../support/app.ts';
import { startCommand, type Started } from '../support/processes.ts';
import { json, standIn, type StandIn } from '../support/stand-in.ts';

/*
 * `connectors serve` (API and worker in one process) killed with SIGKILL at random moments: while
 * execute calls arrive, while a bulk flow run of 2,000 contacts is being accepted, while runs run.
 * After a restart, every run the server accepted ends exactly once, none stays pending or
 * running, a bulk request is accepted whole or not at all, and each contact is patched once per
 * run. More moments: CRASH_MOMENTS=50 npx vitest run test/api/crash.test.ts
 */

const MOMENTS = Number(process.env.CRASH_MOMENTS ?? 10);
const CONTACTS = 2000;

type Page<T> = { data: T[]; total: number };
type Execution = Schemas['Execution'];
type Contact = { id: string; metadata: { connector_responses?: { connector_id: string; execution_id: string }[] } };

for (const backend of AVAILABLE_BACKENDS) {
  describe(`SIGKILL at any moment, on ${backend.name}`, () => {
    let api: StandIn;
    let database: Awaited<ReturnType<typeof backend.create>>;
    let server: Started | undefined;
    let alice: Client;

    beforeAll(async () => {
      // A remote that takes a little while, so that kills land mid-run.
      api = await standIn((request, response) => void setTimeout(() => json(response, 200, { name: `Person ${request.url.searchParams.get('n')}` }), Math.random() * 40));
      database = await backend.create();
    });
    afterAll(async () => {
      if (server?.child.exitCode === null) server.child.kill('SIGKILL');
      await database?.drop();
      await api?.close();
    });

    async function start(): Promise<void> {
      const env = {
        ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : { DATABASE_URL: '', CONNECTORS_DATA_DIR: database.dataDir }),
        JWT_SECRET,
        CONNECTORS_ENCRYPTION_KEY: ENCRYPTION_KEY,
        CONNECTORS_ALLOWED_HOSTS: '127.0.0.1',
        CONNECTORS_RATE_LIMIT: '1000000',
        CONNECTORS_BULK_LIMIT: '1000000',
      };
      server = await startCommand(['serve'], env, /running: \S+/);
      const url = /running: (\S+)/.exec(server.output())![1]!;
      const workspace = alice?.workspaceId;
      alice = new Client(url, await mintToken(JWT_SECRET, 'alice'), workspace);
    }

    async function kill(): Promise<void> {
      server!.child.kill('SIGKILL');
      await once(server!.child, 'exit');
    }

    it(`loses and repeats nothing over ${MOMENTS} kills`, { timeout: 600_000 }, async () => {
      await start();
      await alice.newWorkspace('Crash');
      const connector = (await alice.post<{ id: string }>('/connectors', { name: 'Lookup', steps: [{ id: 'look', url: `${api.url}/people?n={{contact.zip}}`, outputMapping: { name: 'name' } }], finalMapping: { firstname: '{{look.name}}' } })).body.id;
      const flow = (await alice.post<{ id: string }>('/flows', { name: 'Lookup flow', actions: [{ type: 'connector', connector_id: connector }] })).body.id;
      const contacts: string[] = [];
      for (let start = 0; start < CONTACTS; start += 100) {
        const made = await Promise.all(Array.from({ length: 100 }, (_, n) => alice.post<{ id: string }>('/contacts', { zip: String(start + n) })));
        contacts.push(...made.map((answer) => answer.body.id));
      }

      const accepted = { executions: new Set<string>(), batches: new Map<string, number>() };
      for (let moment = 0; moment < MOMENTS; moment++) {
        if (moment > 0) await start();
        const calls = [
          ...Array.from({ length: 20 }, () =>
            alice
              .post<{ id: string }>(`/connectors/${connector}/execute`, { contact_id: contacts[Math.floor(Math.random() * CONTACTS)] })
              .then((answer) => void (answer.status === 202 && accepted.executions.add(answer.body.id))),
          ),
          // The first moment's bulk run is every contact; later ones, a few.
          (async () => {
            const picked = moment === 0 ? contacts : contacts.slice(moment * 50, moment * 50 + 50);
            const answer = await alice.post<{ batch_id: string; count: number }>(`/flows/${flow}/runs`, { contact_ids: picked });
            if (answer.status === 202) accepted.batches.set(answer.body.batch_id, answer.body.count);
          })(),
        ].map((call) => call.catch(() => undefined));
        // Killed at a random moment: answering calls, accepting the bulk run, or running what was queued before.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * (moment === 0 ? 1500 : 600)));
        await kill();
        await Promise.all(calls);
      }

      await start();
      const left = async (status: string) =>
        (await alice.get<Page<Execution>>(`/connectors/${connector}/executions?status=${status}&limit=1`)).body.total + ((await alice.get<{ counts: Record<string, number> }>(`/flows/${flow}/runs?limit=1`)).body.counts[status] ?? 0);
      for (const started = Date.now(); (await left('pending')) + (await left('running')) > 0; await new Promise((resolve) => setTimeout(resolve, 250))) {
        if (Date.now() - started > 240_000) throw new Error(`runs still to end: ${await left('pending')} pending, ${await left('running')} running`);
      }

      // Every run accepted ended, and ended well (the remote never fails).
      for (const id of accepted.executions) expect((await alice.get<Execution>(`/executions/${id}`)).body.status, id).toBe('success');
      for (const [batch, count] of accepted.batches) {
        const { counts } = (await alice.get<{ counts: Record<string, number> }>(`/flows/${flow}/runs?batch_id=${batch}&limit=1`)).body;
        expect(counts, batch).toMatchObject({ success: count, pending: 0, running: 0, failed: 0 });
      }
      // A bulk request is accepted whole or not at all, even when its answer was lost.
      const runs = (await alice.get<{ counts: Record<string, number> }>(`/flows/${flow}/runs?limit=1`)).body.counts;
      expect(runs.success).toBeGreaterThanOrEqual([...accepted.batches.values()].reduce((sum, count) => sum + count, 0));

      // Each contact noted each of its runs once: the ones that ended, and no other.
      let noted = 0;
      for (let start = 0; start < contacts.length; start += 50) {
        await Promise.all(
          contacts.slice(start, start + 50).map(async (contact) => {
            const made = (await alice.get<Page<Execution>>(`/contacts/${contact}/executions?limit=200`)).body.data;
            const entries = ((await alice.get<Contact>(`/contacts/${contact}`)).body.metadata.connector_responses ?? []).filter((entry) => entry.connector_id === connector);
            expect(made.every((execution) => execution.status === 'success'), contact).toBe(true);
            expect(entries.map((entry) => entry.execution_id).sort(), contact).toEqual(made.map((execution) => execution.id).sort());
            noted += entries.length;
          }),
        );
      }
      expect(noted).toBeGreaterThanOrEqual(accepted.executions.size);
      await kill();
    });
  });
}
