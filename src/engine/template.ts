import { Context, Drop, Liquid, Output, toValueSync, type Template } from 'liquidjs';
import { BoundedCache } from './bounded-cache.ts';

/*
 * `{{ }}` templates on liquidjs. A template is parsed once and kept; each output is evaluated to
 * its raw value so the caller encodes it for where it lands (URL, header, JSON, form, XML), and a
 * template that is one whole output keeps the value's type.
 */

const liquid = new Liquid({
  strictVariables: true,
  strictFilters: true,
  lenientIf: true,
  ownPropertyOnly: true,
  // A hostile template (huge loops, string blow-up) stops instead of starving the process.
  renderLimit: 1_000,
  memoryLimit: 10_000_000,
  parseLimit: 1_000_000,
});

export class TemplateError extends Error {
  readonly variable: string | undefined;
  constructor(message: string, variable?: string) {
    super(message);
    this.name = 'TemplateError';
    this.variable = variable;
  }
}

type OutputPart = {
  kind: 'output';
  output: Output;
  strict: boolean;
  /** For a plain variable (`step_1.results[0].id`), its keys: read directly, without liquid's machinery. */
  path: (string | number)[] | undefined;
};
type Part = { kind: 'text'; text: string } | OutputPart | { kind: 'tag'; template: Template };

interface Compiled {
  parts: Part[];
  /** Set when the whole template is a single `{{ }}`: its value keeps its type. */
  whole: OutputPart | undefined;
  /** The parsed templates, for static analysis. */
  templates: Template[];
}

const compiledTemplates = new BoundedCache<string, Compiled>(10_000);

export function compile(source: string): Compiled {
  return compiledTemplates.get(source, parse);
}

function parse(source: string): Compiled {
  let templates: Template[];
  try {
    templates = liquid.parse(source);
  } catch (error) {
    throw new TemplateError(`invalid template: ${liquidMessage(error)}`);
  }
  const parts: Part[] = templates.map((template) => {
    if (template instanceof Output) {
      const usesDefault = template.value.filters.some((filter) => filter.name === 'default');
      return { kind: 'output', output: template, strict: !usesDefault, path: plainPath(template) };
    }
    const text = (template as { str?: unknown }).str;
    if (template.constructor.name === 'HTML' && typeof text === 'string') return { kind: 'text', text };
    return { kind: 'tag', template };
  });
  const only = parts.length === 1 ? parts[0] : undefined;
  return { parts, whole: only?.kind === 'output' ? only : undefined, templates };
}

export function isTemplate(source: string): boolean {
  return source.includes('{{') || source.includes('{%');
}

/** The data templates read, with its two evaluation contexts made once, when first needed. */
export class Scope {
  readonly data: Record<string, unknown>;
  #strict: Context | undefined;
  #lenient: Context | undefined;
  constructor(data: Record<string, unknown>) {
    this.data = data;
  }
  context(strict: boolean): Context {
    if (strict) return (this.#strict ??= new Context(this.data, liquid.options));
    return (this.#lenient ??= new Context(this.data, liquid.options, { strictVariables: false }));
  }
}

/** Keys liquid computes rather than reads, so a plain walk would not see them. */
const COMPUTED_KEYS = new Set<unknown>(['size', 'first', 'last']);
const LITERAL_KEYS = new Set(['IdentifierToken', 'NumberToken', 'QuotedToken']);

/** The keys of an output that only reads a variable, with no filters and no computed keys. */
function plainPath(output: Output): (string | number)[] | undefined {
  const { filters, initial } = output.value;
  const [token, ...more] = initial.postfix as { constructor: { name: string }; props?: { constructor: { name: string }; content: unknown }[] }[];
  if (filters.length > 0 || more.length > 0 || token?.constructor.name !== 'PropertyAccessToken' || !token.props) return undefined;
  const keys = token.props.map((prop) => (LITERAL_KEYS.has(prop.constructor.name) ? prop.content : undefined));
  const plain = keys.every((key): key is string | number => (typeof key === 'string' || typeof key === 'number') && !COMPUTED_KEYS.has(key));
  return plain ? keys : undefined;
}

/** Reads own properties along a path; undefined when any is missing, for liquid to judge. */
function walk(data: unknown, path: (string | number)[]): unknown {
  let value = data;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}

function evaluateOutput({ output, path }: OutputPart, scope: Scope, strict: boolean): unknown {
  if (path) {
    const value = walk(scope.data, path);
    if (value !== undefined) return value;
  }
  try {
    const value: unknown = toValueSync(output.value.value(scope.context(strict), false));
    // Liquid literals such as nil and empty are drops; their plain value is what lands.
    return value instanceof Drop ? value.valueOf() : value;
  } catch (error) {
    throw asTemplateError(error);
  }
}

/** Text for a value in a string: objects as JSON rather than "[object Object]". */
export function stringify(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value as number | boolean | bigint);
}

/**
 * Renders a template to text. `encode` receives each value with the text built so far, and
 * returns how it lands there; literal text is kept as written.
 */
export function render(
  source: string,
  scope: Scope,
  encode: (value: string, before: string) => string = (value) => value,
  lenient = false,
): string {
  if (!isTemplate(source)) return source;
  let out = '';
  for (const part of compile(source).parts) {
    if (part.kind === 'text') out += part.text;
    else if (part.kind === 'output') {
      out += encode(stringify(evaluateOutput(part, scope, part.strict && !lenient)), out);
    } else out += encode(renderTag(part.template, scope, lenient), out);
  }
  return out;
}

function renderTag(template: Template, scope: Scope, lenient: boolean): string {
  try {
    return liquid.renderSync([template], scope.context(!lenient)) as string;
  } catch (error) {
    throw asTemplateError(error);
  }
}

/** The value of a template: typed when it is one whole `{{ }}`, its text otherwise. */
export function evaluate(source: string, scope: Scope): unknown {
  if (!isTemplate(source)) return source;
  const { whole } = compile(source);
  if (whole) return evaluateOutput(whole, scope, whole.strict);
  return render(source, scope);
}

/** Like `evaluate`, but a missing variable is `undefined` rather than an error. */
export function evaluateLenient(source: string, scope: Scope): unknown {
  if (!isTemplate(source)) return source;
  const { whole } = compile(source);
  if (whole) return evaluateOutput(whole, scope, false);
  return render(source, scope, undefined, true);
}

export interface Extraction {
  output: OutputPart;
  /** `[0].id` reads the value itself as a list, so it is evaluated as `value[0].id`. */
  rooted: boolean;
}
const extractions = new BoundedCache<string, Extraction>(10_000);

/** Parses an extraction path once; throws a TemplateError when it is not one. */
export function compileExtraction(path: string): Extraction {
  return extractions.get(path, parseExtraction);
}

function parseExtraction(path: string): Extraction {
  const rooted = path.trimStart().startsWith('[');
  const output = compile(`{{ ${rooted ? `value${path.trim()}` : path} }}`).whole;
  if (!output) throw new TemplateError(`"${path}" is not a path`);
  return { output, rooted };
}

/** Evaluates an extraction path (`identities[0].firstName`, `results | size`) against a value. */
export function extract(path: string, from: unknown): unknown {
  const extraction = compileExtraction(path);
  const data = extraction.rooted || from === null || typeof from !== 'object' || Array.isArray(from) ? { value: from } : (from as Record<string, unknown>);
  return evaluateOutput(extraction.output, new Scope(data), false);
}

export interface Reference {
  /** `step_1.results[0].id` */
  text: string;
  /** `['step_1', 'results', 0, 'id']`; dynamic parts are left out. */
  segments: (string | number)[];
}

/** The variables a template reads from outside itself (loop variables are not included). */
export function references(source: string): Reference[] {
  if (!isTemplate(source)) return [];
  return Object.values(liquid.analyzeSync(compile(source).templates).globals)
    .flat()
    .map((variable) => ({
      text: variable.toString(),
      segments: variable.segments.filter((s): s is string | number => typeof s === 'string' || typeof s === 'number'),
    }));
}

function liquidMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/, line:\d+, col:\d+/, '').replace(/\s+at .*$/s, '');
}

function asTemplateError(error: unknown): TemplateError {
  if (error instanceof TemplateError) return error;
  const message = liquidMessage(error);
  const missing = /undefined variable: ([^\s,]+)/.exec(message);
  if (missing?.[1]) return new TemplateError(`missing value for {{ ${missing[1]} }}`, missing[1]);
  return new TemplateError(`template failed: ${message}`);
}
