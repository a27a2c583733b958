import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import { DEMO_CONTACT, DEMO_CREDENTIALS, DEMO_LIST_SIZE } from '../src/demo/api.ts';
import { Engine, parseDefinition } from '../src/engine/index.ts';
import { LARGE_ANSWER } from './large-answer.ts';

/*
 * The 3-step HubSpot connector through the engine, against the same three requests made by a
 * plain undici script, both against a stand-in API in another process. Rounds alternate so both
 * see the same machine; each round's ratio compares neighbours, and medians are reported.
 */

const ROUNDS = 11;
const RUNS = { 1: 300, 64: 3000 } as const;

const server = spawn(process.execPath, [new URL('./demo-api-process.ts', import.meta.url).pathname], { stdio: ['ignore', 'pipe', 'inherit'] });
const [chunk] = (await once(server.stdout, 'data')) as [Buffer];
const api = chunk.toString().trim();
const largeServer = spawn(process.execPath, [new URL('./large-answer-process.ts', import.meta.url).pathname], { stdio: ['ignore', 'pipe', 'inherit'] });
const large = ((await once(largeServer.stdout, 'data')) as [Buffer])[0].toString().trim();

// The example as written, pointed at the local API the way a user would point it at HubSpot, so
// the engine takes the same path as in production (no --connect-to routing).
const example = readFileSync(new URL('../examples/hubspot-contact-enrichment.multi-step.json', import.meta.url), 'utf8');
const parsed = parseDefinition(JSON.parse(example.replaceAll('https://api.hubspot.com', api)));
if (!parsed.ok) throw new Error('the example definition is invalid');
const definition = parsed.definition;
const engine = new Engine({ allowedHosts: ['127.0.0.1'] });
const context = { input: { email: DEMO_CONTACT.email }, credentials: DEMO_CREDENTIALS };

async function viaEngine(): Promise<void> {
  const result = await engine.run(definition, context);
  if (result.status !== 'success') throw new Error(`engine run failed: ${result.error?.message}`);
}

const agent = new Agent({ connections: 128 });
const auth = { authorization: `Bearer ${DEMO_CREDENTIALS.hubspot.token}` };
async function getJson(path: string, init: { method?: 'GET' | 'POST'; body?: string } = {}): Promise<Record<string, unknown>> {
  const response = await request(`${api}${path}`, {
    method: init.method ?? 'GET',
    headers: { ...auth, ...(init.body ? { 'content-type': 'application/json' } : {}) },
    body: init.body ?? null,
    dispatcher: agent,
  });
  if (response.statusCode !== 200) throw new Error(`plain undici got ${response.statusCode}`);
  return (await response.body.json()) as Record<string, unknown>;
}

/** The same three requests, written by hand: what a script without the engine would do. */
async function viaPlainUndici(): Promise<void> {
  const filter = { filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQ', value: DEMO_CONTACT.email }] }] };
  const search = (await getJson('/crm/v3/objects/contacts/search', { method: 'POST', body: JSON.stringify(filter) })) as { results: { id: string }[] };
  const contact = (await getJson(`/crm/v3/objects/contacts/${encodeURIComponent(search.results[0]?.id ?? '')}`)) as {
    properties: { firstname: string; lastname: string };
    associations: { companies: { id: string }[] };
  };
  const company = (await getJson(`/crm/v3/objects/companies/${encodeURIComponent(contact.associations.companies[0]?.id ?? '')}`)) as { properties: { name: string } };
  if (!company.properties.name || !contact.properties.firstname) throw new Error('plain undici: unexpected answer');
}

// One step reading every page of HubSpot's contact list (10 pages of 10), and the same by hand.
const listing = parseDefinition({
  name: 'All contacts',
  steps: [
    {
      id: 'list',
      url: `${api}/crm/v3/objects/contacts`,
      query: { limit: '10' },
      auth: { type: 'bearer', token: '{{ credentials.hubspot.token }}' },
      paginate: { items: 'results', nextQuery: { after: '{{ paging.next.after }}' } },
      outputMapping: { count: 'items | size' },
    },
  ],
});
if (!listing.ok) throw new Error('the paginated definition is invalid');
const paginated = listing.definition;

async function pagesViaEngine(): Promise<void> {
  const result = await engine.run(paginated, context);
  if (result.steps[0]?.outputs.count !== DEMO_LIST_SIZE) throw new Error(`paginated run read ${String(result.steps[0]?.outputs.count)} items`);
}

async function pagesViaPlainUndici(): Promise<void> {
  const items: unknown[] = [];
  for (let after: string | undefined = undefined; ; ) {
    const page = (await getJson(`/crm/v3/objects/contacts?limit=10${after ? `&after=${encodeURIComponent(after)}` : ''}`)) as { results: unknown[]; paging?: { next?: { after?: string } } };
    items.push(...page.results);
    after = page.paging?.next?.after;
    if (!after) break;
  }
  if (items.length !== DEMO_LIST_SIZE) throw new Error('plain undici: unexpected pages');
}

interface Figure {
  perSecond: number;
  /** CPU time of this process per execution, in µs: what each costs, whatever the server does. */
  cpuMicros: number;
}

async function measure(run: () => Promise<void>, total: number, concurrency: number): Promise<Figure> {
  let next = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < total) await run();
    }),
  );
  const used = process.cpuUsage(cpu);
  return { perSecond: total / ((performance.now() - started) / 1000), cpuMicros: (used.user + used.system) / total };
}

// One step reading a 1 MB answer, with an output and a mapping over it, against JSON.parse of the same text.
const oneMegabyte = parseDefinition({
  name: 'A large list',
  steps: [{ id: 'list', url: `${large}/contacts`, outputMapping: { count: 'results | size', first: 'results[0].properties.email' } }],
  fieldMappings: [{ sourcePath: 'results[0].properties.city', targetField: 'city' }],
});
if (!oneMegabyte.ok) throw new Error('the large-answer definition is invalid');
const largeDefinition = oneMegabyte.definition;

/** CPU per call of `run`, in ms, over `times` calls one after another (after as many to warm up). */
async function cpuPerCall(run: () => unknown, times: number): Promise<number> {
  for (let n = 0; n < times; n++) await run();
  const cpu = process.cpuUsage();
  for (let n = 0; n < times; n++) await run();
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / 1000 / times;
}

async function largeAnswer(): Promise<void> {
  const megabytes = Buffer.byteLength(LARGE_ANSWER) / 1_000_000;
  const rounds = 5;
  const parses: number[] = [];
  const runs: number[] = [];
  for (let round = 0; round < rounds; round++) {
    parses.push(await cpuPerCall(() => JSON.parse(LARGE_ANSWER), 40));
    runs.push(
      await cpuPerCall(async () => {
        const result = await engine.run(largeDefinition, context);
        if (result.steps[0]?.outputs.count !== 3600) throw new Error(`large answer: ${result.error?.message ?? 'wrong count'}`);
      }, 40),
    );
  }
  const parse = median(parses);
  const run = median(runs);
  console.log(`\na ${megabytes.toFixed(2)} MB JSON answer, one step (an output and a mapping over it), median of ${rounds} rounds of 40`);
  console.log(`JSON.parse: ${parse.toFixed(1)} ms CPU; engine run: ${run.toFixed(1)} ms CPU (${(run / parse).toFixed(2)}× JSON.parse; goal <= 2×: ${run / parse <= 2 ? 'met' : 'NOT met'})`);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** Rounds of both, alternating which goes first so neither always runs on a warmer machine; prints the medians. */
async function compare(label: string, plainRun: () => Promise<void>, engineRun: () => Promise<void>, total: number, concurrency: number, goal?: number): Promise<void> {
  const plain: Figure[] = [];
  const withEngine: Figure[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const early = round % 2 === 0 ? await measure(plainRun, total, concurrency) : undefined;
    const e = await measure(engineRun, total, concurrency);
    const p = early ?? (await measure(plainRun, total, concurrency));
    plain.push(p);
    withEngine.push(e);
    ratios.push(e.perSecond / p.perSecond);
  }
  const show = (figures: Figure[]) => `${median(figures.map((f) => f.perSecond)).toFixed(0)} (${median(figures.map((f) => f.cpuMicros)).toFixed(0)})`;
  const ratio = median(ratios);
  const verdict = goal === undefined ? '' : `   goal >= ${goal * 100}%: ${ratio >= goal ? 'met' : 'NOT met'}`;
  console.log(`${label.padStart(11)}   ${show(plain).padStart(31)}   ${show(withEngine).padStart(27)}   ${`${(ratio * 100).toFixed(1)}%`.padStart(15)}${verdict}`);
}

try {
  await measure(viaEngine, 500, 16);
  await measure(viaPlainUndici, 500, 16);
  console.log(`3-step connector (${definition.name}) against a local stand-in API, median of ${ROUNDS} rounds\n`);
  console.log('concurrency   plain undici exec/s (cpu µs/exec)   engine exec/s (cpu µs/exec)   engine / undici');
  for (const concurrency of [1, 64] as const) await compare(String(concurrency), viaPlainUndici, viaEngine, RUNS[concurrency], concurrency, concurrency === 64 ? 0.8 : undefined);
  await measure(pagesViaEngine, 100, 16);
  await measure(pagesViaPlainUndici, 100, 16);
  console.log(`\npaginated step: ${DEMO_LIST_SIZE} contacts in 10 pages (one run = 10 requests), median of ${ROUNDS} rounds\n`);
  console.log('concurrency   plain undici runs/s (cpu µs/run)    engine runs/s (cpu µs/run)    engine / undici');
  for (const concurrency of [1, 64] as const) await compare(String(concurrency), pagesViaPlainUndici, pagesViaEngine, RUNS[concurrency] / 10, concurrency);
  await largeAnswer();
} finally {
  await engine.close();
  await agent.close();
  server.kill();
  largeServer.kill();
}
