import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AVAILABLE_BACKENDS, startApp, testSettings, type Client, type TestApp, type Schemas } from '../support/app.ts';
import { json, standIn, type StandIn } from '../support/stand-in.ts';

type Execution = Schemas['Execution'];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

for (const backend of AVAILABLE_BACKENDS) {
  // The server runs with its default concurrency: what these show holds for anyone's `npm start`.
  describe(`fair scheduling on ${backend.name}`, () => {
    let api: StandIn;
    let app: TestApp;
    let database: Awaited<ReturnType<typeof backend.create>>;
    // Answers held by the stand-in, and how many requests it is holding now (the most at once too).
    const held: (() => void)[] = [];
    let inFlight = 0;
    let mostInFlight = 0;
    let outage = true;

    beforeAll(async () => {
      api = await standIn((request, response) => {
        const path = request.url.pathname;
        if (path === '/fast') return json(response, 200, { ok: true });
        if (path === '/down') return outage ? json(response, 503, { error: 'maintenance' }) : json(response, 200, { ok: true });
        // '/slow' answers in 10 s, '/held' in 3 s, unless let go sooner.
        inFlight++;
        mostInFlight = Math.max(mostInFlight, inFlight);
        let answered = false;
        const answer = () => {
          if (answered) return;
          answered = true;
          inFlight--;
          json(response, 200, { ok: true });
        };
        held.push(answer);
        setTimeout(answer, path === '/slow' ? 10_000 : 3_000);
      });
      database = await backend.create();
      app = await startApp(testSettings(database, { rateLimitPerMinute: 100_000 }));
    });
    afterAll(async () => {
      for (const answer of held) answer();
      await app?.close();
      await database?.drop();
      await api?.close();
    });

    const connector = async (client: Client, name: string, path: string, retries = 0) =>
      (await client.post<{ id: string }>('/connectors', { name, steps: [{ id: 'call', url: `${api.url}${path}`, retries }], finalMapping: { 'metadata.ok': '{{ call.ok }}' } })).body.id;
    const execute = async (client: Client, id: string, count: number) => {
      const ids: string[] = [];
      for (let start = 0; start < count; start += 25) {
        const answers = await Promise.all(Array.from({ length: Math.min(25, count - start) }, () => client.post<{ id: string }>(`/connectors/${id}/execute`, { input_data: {} })));
        ids.push(...answers.map((answer) => answer.body.id));
      }
      return ids;
    };
    /** Times from queued to finished of `count` runs made one after another, read off their records. */
    const timed = async (client: Client, id: string, count: number) => {
      const times: number[] = [];
      for (let n = 0; n < count; n++) {
        const [run] = await execute(client, id, 1);
        const done = await client.until<Execution>(`/executions/${run}`, (execution) => execution.completed_at !== null);
        expect(done.status).toBe('success');
        times.push(Date.parse(done.completed_at!) - Date.parse(done.created_at));
      }
      return times;
    };
    const letGo = () => {
      for (const answer of held.splice(0)) answer();
    };

    it('runs a quiet workspace as fast as when alone while another waits 10 s on each answer, or retries a remote that is down', { timeout: 240_000 }, async () => {
      const quiet = await app.as('quiet');
      await quiet.newWorkspace('Quiet');
      const fast = await connector(quiet, 'Fast', '/fast');
      await timed(quiet, fast, 3);
      const alone = median(await timed(quiet, fast, 7));

      const busy = await app.as('busy');
      await busy.newWorkspace('Busy');
      const slow = await connector(busy, 'Slow', '/slow');
      await execute(busy, slow, 300);
      await busy.until<{ total: number }>(`/connectors/${slow}/executions?status=running`, (page) => page.total >= 50);
      const besideSlow = median(await timed(quiet, fast, 7));
      expect(inFlight).toBeGreaterThanOrEqual(50);
      letGo();

      const down = await connector(busy, 'Down', '/down', 6);
      await execute(busy, down, 300);
      await busy.until<{ total: number }>(`/connectors/${down}/executions?status=running`, (page) => page.total >= 50);
      const besideDown = median(await timed(quiet, fast, 7));
      console.log(`quiet workspace, median ms from queued to finished: alone ${alone}, beside 10 s answers ${besideSlow}, beside a remote that is down ${besideDown}`);
      // Alone, a run takes a few ms; counted as at least 50 ms (a scheduler tick on a loaded machine), so noise is not read as unfairness.
      const allowed = 2 * Math.max(alone, 50);
      expect(besideSlow).toBeLessThanOrEqual(allowed);
      expect(besideDown).toBeLessThanOrEqual(allowed);
      // The outage ends: every run of the busy workspace ends (those out of tries as failed), none was dropped for the others.
      outage = false;
      await busy.until<{ total: number }>(`/connectors/${slow}/executions?status=success`, (page) => page.total === 300);
      const count = async (status: string) => (await busy.get<{ total: number }>(`/connectors/${down}/executions?status=${status}`)).body.total;
      for (let waited = 0; (await count('success')) + (await count('failed')) < 300; waited += 200) {
        if (waited > 60_000) throw new Error('the runs of the remote that was down did not all end');
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    });

    it('has 100 or more runs of one workspace waiting on their remote at once, and again after sustained load', { timeout: 240_000 }, async () => {
      const alice = await app.as('alice');
      await alice.newWorkspace('Many');
      const waiting = await connector(alice, 'Held', '/held');
      const fast = await connector(alice, 'Fast', '/fast');
      for (const round of ['fresh', 'after load']) {
        if (round === 'after load') {
          await execute(alice, fast, 1500);
          await alice.until<{ total: number }>(`/connectors/${fast}/executions?status=success`, (page) => page.total === 1500);
        }
        mostInFlight = 0;
        const runs = await execute(alice, waiting, 150);
        await alice.until<{ total: number }>(`/connectors/${waiting}/executions?status=success`, (page) => page.total === (round === 'fresh' ? 150 : 300));
        console.log(`${round}: ${mostInFlight} of ${runs.length} runs waited on the remote at once`);
        expect(mostInFlight).toBeGreaterThanOrEqual(100);
      }
    });
  });
}
