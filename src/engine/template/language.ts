import { createHash, createHmac, randomUUID } from 'node:crypto';
import { Liquid, Tag, type Context, type FS, type TagToken, type TopLevelToken } from 'liquidjs';
import { jsonSyntaxReason, MAX_JSON_DEPTH, nestsDeeper } from '../json-depth.ts';

/*
 * The template language: liquid, closed to the server. No tag reaches the file system (there is
 * none to reach), no tag changes the data a run shares between templates, and every render is
 * bounded in time, work and memory by the run's budget (see RenderBudget).
 */

/** Tags a connector template may not use, and why. */
const REFUSED_TAGS: Record<string, string> = {
  include: 'templates cannot read files',
  render: 'templates cannot read files',
  layout: 'templates cannot read files',
  block: 'it belongs to {% layout %}, and templates cannot read files',
  increment: 'it changes a value every template of the run shares; use {% assign %}',
  decrement: 'it changes a value every template of the run shares; use {% assign %}',
};

/** A file system with no files: should a tag ever ask for one, there is nothing to read. */
const NO_FILES: FS = {
  exists: () => Promise.resolve(false),
  existsSync: () => false,
  readFile: () => Promise.reject(new Error('templates cannot read files')),
  readFileSync: () => {
    throw new Error('templates cannot read files');
  },
  resolve: (_dir, file) => file,
  contains: () => Promise.resolve(false),
  containsSync: () => false,
};

const MEMORY_LIMIT = 1_000_000;

export const liquid = new Liquid({
  strictVariables: true,
  strictFilters: true,
  lenientIf: true,
  ownPropertyOnly: true,
  fs: NO_FILES,
  root: [],
  partials: [],
  layouts: [],
  relativeReference: false,
  // Dates are formatted in UTC, whatever the server's zone; `date: "%H:%M", "Europe/Paris"` picks one.
  timezoneOffset: 0,
  // Characters of text and items of lists a run's templates make, in all: making them is work no
  // check can interrupt, so a string blow-up or a range of millions is refused before it is made.
  memoryLimit: MEMORY_LIMIT,
  parseLimit: 1_000_000,
});

for (const [name, why] of Object.entries(REFUSED_TAGS)) {
  liquid.registerTag(
    name,
    class extends Tag {
      constructor(token: TagToken, remainTokens: TopLevelToken[], engine: Liquid) {
        super(token, remainTokens, engine);
        throw new Error(`{% ${name} %} is not allowed: ${why}`);
      }
      render(): void {}
    },
  );
}

/** A markdown code fence around JSON, as language models often answer. */
const FENCED = /^\s*```[a-z]*\s*\n([\s\S]*?)\n?\s*```\s*$/i;

// `parse_json`: JSON inside a string (an LLM's answer in `choices[0].message.content`) as data.
liquid.registerFilter('parse_json', (value: unknown) => {
  if (typeof value !== 'string') return value;
  const text = FENCED.exec(value)?.[1] ?? value;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`parse_json: the text is not JSON (${jsonSyntaxReason(error)})`, { cause: error });
  }
  if (nestsDeeper(parsed)) throw new Error(`parse_json: the JSON nests deeper than ${MAX_JSON_DEPTH} levels`);
  return parsed;
});

const HMAC_ALGORITHMS = new Set(['sha1', 'sha256', 'sha384', 'sha512']);
const DIGEST_OUTPUTS = new Set(['hex', 'base64', 'base64url', 'key']);

/** A key as text, or as raw bytes written `hex:…` or `base64:…` (what `hmac` gives with output "key"). */
function keyBytes(key: unknown): Buffer {
  const text = String(key ?? '');
  if (text.startsWith('hex:')) return Buffer.from(text.slice(4), 'hex');
  if (text.startsWith('base64:')) return Buffer.from(text.slice(7), 'base64');
  return Buffer.from(text, 'utf8');
}

// `hmac: "sha256", key, "base64"`: a signature over the text, in hex (default), base64, base64url,
// or as "key" (`hex:…`, raw bytes to sign the next part with: derived keys as AWS's are chained).
liquid.registerFilter('hmac', (value: unknown, algorithm: unknown = 'sha256', key: unknown = '', output: unknown = 'hex') => {
  const name = String(algorithm).toLowerCase();
  if (!HMAC_ALGORITHMS.has(name)) throw new Error(`hmac: the algorithm is one of ${[...HMAC_ALGORITHMS].join(', ')}, not "${String(algorithm)}"`);
  const form = String(output);
  if (!DIGEST_OUTPUTS.has(form)) throw new Error(`hmac: the output is one of ${[...DIGEST_OUTPUTS].join(', ')}, not "${form}"`);
  const digest = createHmac(name, keyBytes(key)).update(String(value ?? ''), 'utf8').digest();
  return form === 'key' ? `hex:${digest.toString('hex')}` : digest.toString(form as BufferEncoding);
});

// `sha256_hex`: the SHA-256 of a text in hex (a signed request's payload hash).
liquid.registerFilter('sha256_hex', (value: unknown) => createHash('sha256').update(String(value ?? ''), 'utf8').digest('hex'));

// `uuid`: a random UUID (version 4), new at each render: an idempotency key (`{{ "" | uuid }}`).
liquid.registerFilter('uuid', () => randomUUID());

// `wrap: "id"`: each value of a list as an object `{ id: value }` (a batch read's inputs).
liquid.registerFilter('wrap', (value: unknown, key: unknown) => (Array.isArray(value) ? value : [value]).map((item) => ({ [String(key)]: item })));

// `pick: "id", "email"`: each object of a list with only those keys (and a lone object likewise).
liquid.registerFilter('pick', (value: unknown, ...keys: unknown[]) => {
  const only = (item: unknown) => {
    if (typeof item !== 'object' || item === null) return item;
    const out: Record<string, unknown> = {};
    for (const key of keys.map(String)) if (Object.hasOwn(item, key)) out[key] = (item as Record<string, unknown>)[key];
    return out;
  };
  return Array.isArray(value) ? value.map(only) : only(value);
});

/** Filters whose work per item is several times the others' (sorting, grouping, an expression per item). */
const HEAVY_FILTERS = new Set(['hmac', 'sha256_hex', 'wrap', 'pick', 'sort', 'sort_natural', 'where', 'where_exp', 'reject', 'reject_exp', 'find', 'find_exp', 'find_index', 'find_index_exp', 'has', 'has_exp', 'group_by', 'group_by_exp', 'map', 'sum', 'uniq', 'json', 'jsonify', 'inspect']);

/** The budget each context's filters are charged to. */
const budgets = new WeakMap<Context, RenderBudget>();

export function chargeTo(context: Context, budget: RenderBudget): Context {
  budgets.set(context, budget);
  return context;
}

/** What a filter is given, in work units: an item of a list or an object, or 32 characters of text. */
function units(value: unknown): number {
  if (typeof value === 'string') return Math.ceil(value.length / 32) || 1;
  if (Array.isArray(value)) return value.length || 1;
  if (typeof value === 'object' && value !== null) return Object.keys(value).length || 1;
  return 1;
}

// Every filter is charged, before it runs, for what it is given: a single call over a large
// list cannot be stopped once it has started, so it is refused when the run cannot afford it.
type FilterHandler = (this: { context: Context }, value: unknown, ...args: unknown[]) => unknown;

for (const [name, filter] of Object.entries(liquid.filters)) {
  const handler = (typeof filter === 'function' ? filter : filter.handler) as FilterHandler;
  const weight = HEAVY_FILTERS.has(name) ? 4 : 1;
  const charged: FilterHandler = function (value, ...args) {
    budgets.get(this.context)?.charge(units(value) * weight, name);
    return handler.call(this, value, ...args);
  };
  liquid.registerFilter(name, typeof filter === 'function' ? charged : { ...filter, handler: charged });
}

export class TemplateError extends Error {
  readonly variable: string | undefined;
  constructor(message: string, variable?: string) {
    super(message);
    this.name = 'TemplateError';
    this.variable = variable;
  }
}

/** Rendering time a run's templates may take in all: a template cannot hold the event loop for long. */
export const RENDER_BUDGET_MS = 50;
/** Work units (about a microsecond each) a run's filters may use in all. */
export const RENDER_WORK_UNITS = 50_000;

/** What is left of a run's rendering time and work; every liquid evaluation is charged to it. */
export class RenderBudget {
  #leftMs: number;
  #work: number;
  readonly #totalMs: number;
  /** When the evaluation going on started. */
  #since: number | undefined;

  constructor(ms = RENDER_BUDGET_MS, work = RENDER_WORK_UNITS) {
    this.#leftMs = ms;
    this.#totalMs = ms;
    this.#work = work;
  }

  get leftMs(): number {
    return Math.max(1, this.#leftMs);
  }

  spend<T>(work: () => T): T {
    if (this.#since !== undefined) return work();
    if (this.#leftMs <= 0) throw this.#outOfTime();
    this.#since = performance.now();
    try {
      return work();
    } finally {
      this.#leftMs -= performance.now() - this.#since;
      this.#since = undefined;
    }
  }

  /** Takes `units` of work for a filter about to run, or refuses it. */
  charge(units: number, filter: string): void {
    this.#work -= units;
    if (this.#work < 0) throw new TemplateError(`the filter ${filter} was given more than a run's templates may work through (${RENDER_WORK_UNITS.toLocaleString('en')} items, or 32 characters each, in all)`);
    if (this.#since !== undefined && performance.now() - this.#since > this.#leftMs) throw this.#outOfTime();
  }

  #outOfTime(): TemplateError {
    return new TemplateError(`templates took longer than the ${this.#totalMs} ms a run may spend rendering them`);
  }
}

/** liquid's message without its position and stack, which name nothing a user wrote. */
export function liquidMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/, line:\d+, col:\d+/, '').replace(/\s+at .*$/s, '');
}

export function asTemplateError(error: unknown): TemplateError {
  if (error instanceof TemplateError) return error;
  const message = liquidMessage(error);
  if (/memory alloc limit exceeded/.test(message)) return new TemplateError(`templates made more than the ${MEMORY_LIMIT.toLocaleString('en')} characters or list items a run's templates may make`);
  if (/template render limit exceeded/.test(message)) return new TemplateError(`templates took longer than the ${RENDER_BUDGET_MS} ms a run may spend rendering them`);
  const missing = /undefined variable: ([^\s,]+)/.exec(message);
  if (missing?.[1]) return new TemplateError(`missing value for {{ ${missing[1]} }}`, missing[1]);
  return new TemplateError(`template failed: ${message}`);
}
