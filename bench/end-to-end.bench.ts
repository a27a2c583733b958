import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Agent, request } from 'undici';
import { mintToken } from '../src/api/auth.ts';
import { DEMO_CONTACT, DEMO_CREDENTIALS } from '../src/demo/api.ts';
import { Engine, parseDefinition } from '../src/engine/index.ts';
import { countStatements } from './statement-counter.ts';

/*
 * End to end: 2,000 runs of the 3-step HubSpot connector queued through the API
 * (POST /connectors/:id/execute) and run by workers to completion (the contact updated), against
 * a local stand-in API. Embedded database in one process; PostgreSQL with an API process and 1
 * or 2 worker processes. The engine alone, in this process, is the baseline measured in the same
 * run. Every figure is taken after as much work again to warm up: a server that has been running,
 * not one just started. Beside each: the CPU per run of the server's processes (API, workers, PostgreSQL, read
 * from /proc), the API process's peak RSS, and on PostgreSQL the statements and round trips per
 * run (a second, smaller pass through a counting proxy). Then 10,000 runs queued in one request,
 * and the API's CPU per synchronous test.
 */

const RUNS = 2000;
/** Runs of the pass whose statements are counted. */
const COUNTED_RUNS = 500;
const BULK = 10_000;
const TESTS = 2000;
const CLIENT_CONCURRENCY = 64;
const POSTGRES = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const JWT_SECRET = 'bench-secret-that-is-long-enough-for-hs256';
const ENCRYPTION_KEY = `bench:${Buffer.alloc(32, 3).toString('base64')}`;
const bin = new URL('../bin/connectors.js', import.meta.url).pathname;

const children: ChildProcess[] = [];
const stop = () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
};

const apiProcess = spawn(process.execPath, [new URL('./demo-api-process.ts', import.meta.url).pathname], { stdio: ['ignore', 'pipe', 'inherit'] });
children.push(apiProcess);
const remote = ((await once(apiProcess.stdout, 'data')) as [Buffer])[0].toString().trim();
const document = JSON.parse(readFileSync(new URL('../examples/hubspot-contact-enrichment.multi-step.json', import.meta.url), 'utf8').replaceAll('https://api.hubspot.com', remote)) as Record<string, unknown>;
const agent = new Agent({ connections: CLIENT_CONCURRENCY });

interface Outcome {
  perSecond: number;
  seconds: number;
  lost: number;
  duplicated: number;
  /** CPU of the server's processes (API, workers, PostgreSQL) per run, in ms. */
  cpuMs: number;
  /** The same, by process: the API's (with its worker, embedded), the workers', PostgreSQL's. */
  cpuApiMs: number;
  cpuWorkersMs: number;
  cpuPostgresMs: number;
  /** The API process's peak resident memory during the run, in MiB. */
  peakRssMiB: number;
}

/** /proc counts CPU time in clock ticks: 100 a second on Linux. */
const CLOCK_TICKS = 100;

/** CPU time (user + system) of a process so far, in ms, from /proc; 0 once it is gone. */
function cpuOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

/** The PostgreSQL server's processes (every backend, the writer, the WAL writer...). */
function postgresPids(): number[] {
  return readdirSync('/proc').flatMap((entry) => {
    if (!/^\d+$/.test(entry)) return [];
    try {
      return readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres' ? [Number(entry)] : [];
    } catch {
      return [];
    }
  });
}

/** CPU used by each of `pids`, and by PostgreSQL's processes (with `postgres`), while `work` runs, in ms. */
async function cpuDuring<T>(pids: number[], postgres: boolean, work: () => Promise<T>): Promise<{ value: T; cpuMs: number[]; postgresMs: number }> {
  const before = new Map([...pids, ...(postgres ? postgresPids() : [])].map((pid) => [pid, cpuOf(pid)]));
  const value = await work();
  const cpuMs = pids.map((pid) => cpuOf(pid) - before.get(pid)!);
  let postgresMs = 0;
  if (postgres) for (const pid of postgresPids()) postgresMs += cpuOf(pid) - (before.get(pid) ?? 0);
  return { value, cpuMs, postgresMs };
}

/** Forgets a process's peak resident memory so far: what it peaks at from now on is read next. */
function resetPeakRss(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

function peakRssMiB(pid: number): number {
  const peak = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(peak?.[1] ?? 0) / 1024;
}

/** The engine alone, no queue or database: the ceiling the end-to-end figures are compared with, and its CPU per run. */
async function engineOnly(): Promise<{ perSecond: number; cpuMs: number }> {
  const parsed = parseDefinition(document);
  if (!parsed.ok) throw new Error('the example definition is invalid');
  const engine = new Engine({ allowedHosts: ['127.0.0.1'] });
  const context = { input: { email: DEMO_CONTACT.email }, credentials: DEMO_CREDENTIALS };
  const measure = async (total: number) => {
    let next = 0;
    const started = performance.now();
    const cpu = process.cpuUsage();
    await Promise.all(
      Array.from({ length: CLIENT_CONCURRENCY }, async () => {
        while (next++ < total) if ((await engine.run(parsed.definition, context)).status !== 'success') throw new Error('engine run failed');
      }),
    );
    const used = process.cpuUsage(cpu);
    return { perSecond: total / ((performance.now() - started) / 1000), cpuMs: (used.user + used.system) / 1000 / total };
  };
  await measure(RUNS);
  const figure = await measure(RUNS);
  await engine.close();
  return figure;
}

/** Starts `connectors ARGS` and waits for `ready` in its output. */
async function connectors(args: string[], env: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  // Request logs off for the API process (the bench would measure its own reading of them); workers log little.
  const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, LOG_LEVEL: args[0] === 'worker' ? 'info' : 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  for (const stream of [child.stdout!, child.stderr!]) stream.on('data', (chunk: Buffer) => (output += chunk.toString()));
  for (const started = Date.now(); ; await new Promise((resolve) => setTimeout(resolve, 50))) {
    const match = ready.exec(output);
    if (match) return { child, match };
    if (child.exitCode !== null || Date.now() - started > 60_000) throw new Error(`connectors ${args.join(' ')} did not start:\n${output}`);
  }
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}

class Api {
  readonly url: string;
  readonly token: string;
  workspace = '';
  constructor(url: string, token: string) {
    this.url = url;
    this.token = token;
  }
  async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const response = await request(`${this.url}/api/v1${path}`, {
      method,
      dispatcher: agent,
      headers: { authorization: `Bearer ${this.token}`, ...(this.workspace ? { 'x-workspace-id': this.workspace } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await response.body.text();
    if (response.statusCode >= 300) throw new Error(`${method} ${path}: ${response.statusCode} ${text}`);
    // The envelope `{ success, data }`: a resource is its `data`, a list the whole answer.
    const answer = JSON.parse(text) as { data: unknown };
    return (Array.isArray(answer.data) ? answer : answer.data) as T;
  }
}

/** A workspace with the connector, its credential and `count` contacts (each its own). */
async function workspaceWith(url: string, count: number): Promise<{ api: Api; connector: string; contacts: string[] }> {
  const api = new Api(url, await mintToken(JWT_SECRET, 'bench-user'));
  api.workspace = (await api.call<{ id: string }>('POST', '/workspaces', { name: `Bench ${Date.now()}` })).id;
  await api.call('POST', '/workspace/credentials', { service_name: 'hubspot', credentials: DEMO_CREDENTIALS.hubspot });
  const connector = (await api.call<{ id: string }>('POST', '/connectors', document)).id;
  for (let made = 0; made < count; made += 1000) {
    await api.call('POST', '/contacts/batch', { contacts: Array.from({ length: Math.min(1000, count - made) }, (_, n) => ({ email: DEMO_CONTACT.email, zip: String(made + n) })) });
  }
  const contacts: string[] = [];
  for (let offset = 0; offset < count; offset += 200) contacts.push(...(await api.call<{ data: { id: string }[] }>('GET', `/contacts?limit=200&offset=${offset}`)).data.map((contact) => contact.id));
  return { api, connector, contacts };
}

/** Waits for the connector's counter to reach `runs` (it goes up as each run ends), then checks every contact was patched, and noted, once. */
async function drained(api: Api, connector: string, runs: number, started: number): Promise<Pick<Outcome, 'perSecond' | 'seconds' | 'lost' | 'duplicated'>> {
  const ended = async () => await api.call<{ total_executions: number; successful_executions: number }>('GET', `/connectors/${connector}`);
  for (let counter = await ended(); counter.total_executions < runs; counter = await ended()) {
    if (performance.now() - started > 600_000) throw new Error(`not finished after 10 minutes: ${counter.total_executions} of ${runs}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const seconds = (performance.now() - started) / 1000;
  const { successful_executions: succeeded } = await ended();
  if (succeeded !== runs) {
    const failed = await api.call<{ data: { error_message: string }[] }>('GET', `/connectors/${connector}/executions?status=failed&limit=1`);
    throw new Error(`${runs - succeeded} runs did not succeed, for example: ${failed.data[0]?.error_message}`);
  }
  let lost = 0;
  let duplicated = 0;
  for (let offset = 0; offset < runs; offset += 200) {
    const page = await api.call<{ data: { firstname: string | null; metadata: { connector_responses?: { connector_id: string }[] } }[] }>('GET', `/contacts?limit=200&offset=${offset}`);
    for (const contact of page.data) {
      const noted = contact.metadata.connector_responses?.filter((entry) => entry.connector_id === connector).length ?? 0;
      if (noted === 0 || contact.firstname === null) lost++;
      if (noted > 1) duplicated++;
    }
  }
  const counted = (await ended()).total_executions;
  if (counted !== runs) duplicated += Math.max(0, counted - runs);
  return { perSecond: runs / seconds, seconds, lost, duplicated };
}

/** A running server: where its API answers, its processes, and whether it runs on PostgreSQL. */
interface Server {
  url: string;
  api: ChildProcess;
  workers: ChildProcess[];
  postgres: boolean;
}

/** Each of a workspace's contacts queued, one request each (64 in flight), and run to their end. */
async function queueEach({ api, connector, contacts }: Awaited<ReturnType<typeof workspaceWith>>): Promise<Pick<Outcome, 'perSecond' | 'seconds' | 'lost' | 'duplicated'>> {
  const started = performance.now();
  await inParallel(contacts.length, (n) => api.call('POST', `/connectors/${connector}/execute`, { contact_id: contacts[n], input_data: { email: DEMO_CONTACT.email } }));
  return drained(api, connector, contacts.length, started);
}

/** `runs` runs queued one request each, each for its own contact, on a server warmed up by as many first. */
async function queuedOneByOne(server: Server, runs: number): Promise<Outcome> {
  await queueEach(await workspaceWith(server.url, runs));
  const measured = await workspaceWith(server.url, runs);
  const pids = [server.api, ...server.workers].map((child) => child.pid!);
  resetPeakRss(server.api.pid!);
  const { value, cpuMs, postgresMs } = await cpuDuring(pids, server.postgres, () => queueEach(measured));
  const [apiMs = 0, ...workerMs] = cpuMs;
  const workersMs = workerMs.reduce((sum, ms) => sum + ms, 0);
  return { ...value, cpuMs: (apiMs + workersMs + postgresMs) / runs, cpuApiMs: apiMs / runs, cpuWorkersMs: workersMs / runs, cpuPostgresMs: postgresMs / runs, peakRssMiB: peakRssMiB(server.api.pid!) };
}

/** BULK runs queued in one request: how long it takes to be accepted, and how fast they are run. */
async function queuedInBulk(server: Server): Promise<{ acceptSeconds: number; drainedPerSecond: number; lost: number; duplicated: number }> {
  const { api, connector, contacts } = await workspaceWith(server.url, BULK);
  const started = performance.now();
  const accepted = await api.call<{ count: number }>('POST', `/connectors/${connector}/execute`, { contact_ids: contacts, input_data: { email: DEMO_CONTACT.email } });
  const acceptSeconds = (performance.now() - started) / 1000;
  if (accepted.count !== BULK) throw new Error(`bulk request queued ${accepted.count} runs`);
  const outcome = await drained(api, connector, BULK, started);
  return { acceptSeconds, drainedPerSecond: outcome.perSecond, lost: outcome.lost, duplicated: outcome.duplicated };
}

/** The API process's CPU per synchronous test (POST /connectors/:id/test, 64 in flight), in ms: the engine's share included. */
async function testCalls(server: Server): Promise<number> {
  const { api, connector } = await workspaceWith(server.url, 0);
  const body = { input_data: { email: DEMO_CONTACT.email } };
  await inParallel(TESTS, () => api.call('POST', `/connectors/${connector}/test`, body));
  const { cpuMs } = await cpuDuring([server.api.pid!], false, () => inParallel(TESTS, () => api.call('POST', `/connectors/${connector}/test`, body)));
  return cpuMs[0]! / TESTS;
}

async function inParallel(total: number, work: (n: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CLIENT_CONCURRENCY }, async () => {
      for (let n = next++; n < total; n = next++) await work(n);
    }),
  );
}

const common = { JWT_SECRET, CONNECTORS_ENCRYPTION_KEY: ENCRYPTION_KEY, CONNECTORS_ALLOWED_HOSTS: '127.0.0.1', CONNECTORS_RATE_LIMIT: '1000000', PORT: '0' };
const listening = /Connectors is running: (http:\/\/\S+)/;

/** Runs `work` against the embedded database: one `connectors serve` process, worker inside. */
async function embedded<T>(work: (server: Server) => Promise<T>): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), 'connectors-bench-'));
  try {
    const { child, match } = await connectors(['serve'], { ...common, CONNECTORS_DATA_DIR: dataDir }, listening);
    try {
      return await work({ url: match[1]!, api: child, workers: [], postgres: false });
    } finally {
      await stopProcess(child);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Runs `work` against a new PostgreSQL database (reached at `through`, a proxy, when given): an API process and `workers` worker processes. */
async function postgres<T>(workers: number, work: (server: Server) => Promise<T>, through?: (url: string) => Promise<string>): Promise<T> {
  const admin = new pg.Client({ connectionString: POSTGRES });
  await admin.connect();
  const name = `connectors_bench_${process.pid}_${workers}`;
  await admin.query(`drop database if exists ${name}`);
  await admin.query(`create database ${name}`);
  const url = new URL(POSTGRES);
  url.pathname = `/${name}`;
  const env = { ...common, DATABASE_URL: through ? await through(url.toString()) : url.toString() };
  try {
    const server = await connectors(['serve', '--no-worker'], env, listening);
    const started = [];
    for (let n = 0; n < workers; n++) started.push((await connectors(['worker'], env, /worker running/)).child);
    try {
      return await work({ url: server.match[1]!, api: server.child, workers: started, postgres: true });
    } finally {
      for (const child of [...started, server.child]) await stopProcess(child);
    }
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

/** Statements and round trips per run on PostgreSQL (API + 1 worker), counted by a proxy over COUNTED_RUNS runs. */
async function statementsPerRun(): Promise<{ statements: number; roundTrips: number }> {
  let counter: Awaited<ReturnType<typeof countStatements>> | undefined;
  try {
    return await postgres(
      1,
      async (server) => {
        const { api, connector, contacts } = await workspaceWith(server.url, COUNTED_RUNS);
        const before = { ...counter!.counts };
        const started = performance.now();
        await inParallel(COUNTED_RUNS, (n) => api.call('POST', `/connectors/${connector}/execute`, { contact_id: contacts[n], input_data: { email: DEMO_CONTACT.email } }));
        await drained(api, connector, COUNTED_RUNS, started);
        return { statements: (counter!.counts.statements - before.statements) / COUNTED_RUNS, roundTrips: (counter!.counts.roundTrips - before.roundTrips) / COUNTED_RUNS };
      },
      async (url) => {
        counter = await countStatements(url);
        return counter.url;
      },
    );
  } finally {
    await counter?.close();
  }
}

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

const met = (ok: boolean) => (ok ? 'met' : 'NOT met');

try {
  const baseline = await engineOnly();
  console.log(`\nEnd to end: ${RUNS} runs of the 3-step connector queued through the API, run to completion (contact updated)`);
  console.log(`engine alone in this process (concurrency ${CLIENT_CONCURRENCY}): ${baseline.perSecond.toFixed(0)} exec/s, ${baseline.cpuMs.toFixed(2)} ms CPU per run\n`);
  console.log('setup                                  exec/s   seconds   of engine alone   CPU ms/run (API + workers + PostgreSQL)   peak RSS MiB   lost   duplicated   goal');
  const show = (label: string, outcome: Outcome, goal: string) =>
    console.log(
      `${label.padEnd(36)} ${outcome.perSecond.toFixed(0).padStart(8)}  ${outcome.seconds.toFixed(1).padStart(8)}   ${`${((outcome.perSecond / baseline.perSecond) * 100).toFixed(1)}%`.padStart(15)}   ${`${outcome.cpuMs.toFixed(2)} (${outcome.cpuApiMs.toFixed(2)} + ${outcome.cpuWorkersMs.toFixed(2)} + ${outcome.cpuPostgresMs.toFixed(2)})`.padStart(39)}   ${outcome.peakRssMiB.toFixed(0).padStart(12)}   ${String(outcome.lost).padStart(4)}   ${String(outcome.duplicated).padStart(10)}   ${goal}`,
    );
  const lossless = (outcome: Outcome) => outcome.lost === 0 && outcome.duplicated === 0;
  const lite = await embedded((server) => queuedOneByOne(server, RUNS));
  show('embedded (PGlite), one process', lite, `>= 500 exec/s, <= 300 MiB: ${met(lite.perSecond >= 500 && lite.peakRssMiB <= 300 && lossless(lite))}`);
  if (await postgresReachable()) {
    const one = await postgres(1, (server) => queuedOneByOne(server, RUNS));
    show('PostgreSQL, API + 1 worker process', one, `>= 1,000 exec/s, <= 2 ms CPU/run: ${met(one.perSecond >= 1000 && one.cpuMs <= 2 && lossless(one))}`);
    const two = await postgres(2, (server) => queuedOneByOne(server, RUNS));
    show('PostgreSQL, API + 2 worker processes', two, '(no goal)');
    const counted = await statementsPerRun();
    console.log(`\nPostgreSQL, API + 1 worker, ${COUNTED_RUNS} runs through a counting proxy: ${counted.statements.toFixed(1)} statements and ${counted.roundTrips.toFixed(1)} round trips per run`);
    const bulk = await postgres(1, queuedInBulk).catch((error: unknown) => new Error(`not taken: ${(error as Error).message.slice(0, 200)}`));
    console.log(
      bulk instanceof Error
        ? `bulk: ${bulk.message}`
        : `bulk: ${BULK.toLocaleString('en')} runs in one request (PostgreSQL, API + 1 worker): accepted in ${bulk.acceptSeconds.toFixed(2)} s (goal < 2 s: ${met(bulk.acceptSeconds < 2)}), all run at ${bulk.drainedPerSecond.toFixed(0)} exec/s, lost ${bulk.lost}, duplicated ${bulk.duplicated}`,
    );
    const perTest = await postgres(0, testCalls);
    const beyond = perTest - baseline.cpuMs;
    console.log(`synchronous test (POST /connectors/:id/test, ${CLIENT_CONCURRENCY} in flight): ${perTest.toFixed(2)} ms of API CPU per call, ${beyond.toFixed(2)} ms beyond the engine's ${baseline.cpuMs.toFixed(2)} (goal <= 1 ms: ${met(beyond <= 1)})`);
  } else {
    console.log(`PostgreSQL at ${POSTGRES} is not reachable: its figures are skipped`);
  }
} finally {
  await agent.close();
  stop();
}
