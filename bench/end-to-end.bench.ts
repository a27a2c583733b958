import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Agent, request } from 'undici';
import { mintToken } from '../src/api/auth.ts';
import { DEMO_CONTACT, DEMO_CREDENTIALS } from '../src/demo/api.ts';
import { Engine, parseDefinition } from '../src/engine/index.ts';

/*
 * End to end: 2,000 runs of the 3-step HubSpot connector queued through the API
 * (POST /connectors/:id/execute) and run by workers to completion (the contact updated), against
 * a local stand-in API. Embedded database in one process; PostgreSQL with an API process and 1
 * or 2 worker processes. The engine alone, in this process, is the baseline measured in the same
 * run.
 */

const RUNS = 2000;
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
}

/** The engine alone, no queue or database: the ceiling the end-to-end figures are compared with. */
async function engineOnly(): Promise<number> {
  const parsed = parseDefinition(document);
  if (!parsed.ok) throw new Error('the example definition is invalid');
  const engine = new Engine({ allowedHosts: ['127.0.0.1'] });
  const context = { input: { email: DEMO_CONTACT.email }, credentials: DEMO_CREDENTIALS };
  const measure = async (total: number) => {
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CLIENT_CONCURRENCY }, async () => {
        while (next++ < total) if ((await engine.run(parsed.definition, context)).status !== 'success') throw new Error('engine run failed');
      }),
    );
    return total / ((performance.now() - started) / 1000);
  };
  await measure(500);
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

/** Sets up a workspace with the connector, its credential and the contacts; then queues every run through the API and waits for the last. */
async function runThrough(url: string): Promise<Outcome> {
  const api = new Api(url, await mintToken(JWT_SECRET, 'bench-user'));
  api.workspace = (await api.call<{ id: string }>('POST', '/workspaces', { name: `Bench ${Date.now()}` })).id;
  await api.call('POST', '/workspace/credentials', { service_name: 'hubspot', credentials: DEMO_CREDENTIALS.hubspot });
  const connector = (await api.call<{ id: string }>('POST', '/connectors', document)).id;
  const contacts: string[] = [];
  await inParallel(RUNS, async (n) => {
    contacts[n] = (await api.call<{ id: string }>('POST', '/contacts', { email: DEMO_CONTACT.email, zip: String(n) })).id;
  });

  const started = performance.now();
  await inParallel(RUNS, (n) => api.call('POST', `/connectors/${connector}/execute`, { contact_id: contacts[n], input_data: { email: DEMO_CONTACT.email } }));
  // The connector's counter goes up as each run ends: one cheap read to follow them all.
  const ended = async () => (await api.call<{ total_executions: number; successful_executions: number }>('GET', `/connectors/${connector}`));
  for (let counter = await ended(); counter.total_executions < RUNS; counter = await ended()) {
    if (performance.now() - started > 600_000) throw new Error(`not finished after 10 minutes: ${counter.total_executions} of ${RUNS}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const seconds = (performance.now() - started) / 1000;
  const { successful_executions: succeeded } = await ended();
  if (succeeded !== RUNS) {
    const failed = await api.call<{ data: { error_message: string }[] }>('GET', `/connectors/${connector}/executions?status=failed&limit=1`);
    throw new Error(`${RUNS - succeeded} runs did not succeed, for example: ${failed.data[0]?.error_message}`);
  }

  // Every contact patched, and noted, exactly once; the connector counted every run once.
  let lost = 0;
  let duplicated = 0;
  for (let offset = 0; offset < RUNS; offset += 100) {
    const page = await api.call<{ data: { firstname: string | null; metadata: { connector_responses?: { connector_id: string }[] } }[] }>('GET', `/contacts?limit=100&offset=${offset}`);
    for (const contact of page.data) {
      const noted = contact.metadata.connector_responses?.filter((entry) => entry.connector_id === connector).length ?? 0;
      if (noted === 0 || contact.firstname === null) lost++;
      if (noted > 1) duplicated++;
    }
  }
  const counted = (await ended()).total_executions;
  if (counted !== RUNS) duplicated += Math.max(0, counted - RUNS);
  return { perSecond: RUNS / seconds, seconds, lost, duplicated };
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

async function embedded(): Promise<Outcome> {
  const dataDir = mkdtempSync(join(tmpdir(), 'connectors-bench-'));
  try {
    const { child, match } = await connectors(['serve'], { ...common, CONNECTORS_DATA_DIR: dataDir }, listening);
    try {
      return await runThrough(match[1]!);
    } finally {
      await stopProcess(child);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function postgres(workers: number): Promise<Outcome> {
  const admin = new pg.Client({ connectionString: POSTGRES });
  await admin.connect();
  const name = `connectors_bench_${process.pid}_${workers}`;
  await admin.query(`drop database if exists ${name}`);
  await admin.query(`create database ${name}`);
  const url = new URL(POSTGRES);
  url.pathname = `/${name}`;
  const env = { ...common, DATABASE_URL: url.toString() };
  try {
    const server = await connectors(['serve', '--no-worker'], env, listening);
    const started = [];
    for (let n = 0; n < workers; n++) started.push((await connectors(['worker'], env, /worker running/)).child);
    try {
      return await runThrough(server.match[1]!);
    } finally {
      for (const child of [...started, server.child]) await stopProcess(child);
    }
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
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

try {
  const baseline = await engineOnly();
  console.log(`\nEnd to end: ${RUNS} runs of the 3-step connector queued through the API, run to completion (contact updated)`);
  console.log(`engine alone in this process (concurrency ${CLIENT_CONCURRENCY}): ${baseline.toFixed(0)} exec/s\n`);
  console.log('setup                                  exec/s   seconds   of engine alone   lost   duplicated');
  const show = (label: string, outcome: Outcome) =>
    console.log(`${label.padEnd(36)} ${outcome.perSecond.toFixed(0).padStart(8)}  ${outcome.seconds.toFixed(1).padStart(8)}   ${`${((outcome.perSecond / baseline) * 100).toFixed(1)}%`.padStart(15)}   ${String(outcome.lost).padStart(4)}   ${String(outcome.duplicated).padStart(10)}`);
  show('embedded (PGlite), one process', await embedded());
  if (await postgresReachable()) {
    show('PostgreSQL, API + 1 worker process', await postgres(1));
    show('PostgreSQL, API + 2 worker processes', await postgres(2));
  } else {
    console.log(`PostgreSQL at ${POSTGRES} is not reachable: its figures are skipped`);
  }
} finally {
  await agent.close();
  stop();
}
