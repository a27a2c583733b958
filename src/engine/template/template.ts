import { Drop, Output, toValueSync, type Context, type Template } from 'liquidjs';
import { BoundedCache } from '../bounded-cache.ts';
import { MASK } from '../secrets.ts';
import { asTemplateError, liquid, liquidMessage, TemplateError, type RenderBudget } from './language.ts';
import { Scope, type SecretWatch } from './scope.ts';

/*
 * `{{ }}` templates. A template is parsed once and kept; each output is evaluated to its raw
 * value so the caller encodes it for where it lands (URL, header, JSON, form, XML), and a
 * template that is one whole output keeps the value's type. An output that read a secret is
 * tainted: its value joins the run's secrets, and what is shown of it is the mask.
 */

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
  /** Tags can define variables that later parts read, so the template renders in a context of its own. */
  hasTags: boolean;
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
  const hasTags = parts.some((part) => part.kind === 'tag');
  const only = parts.length === 1 ? parts[0] : undefined;
  return { parts, whole: only?.kind === 'output' ? only : undefined, hasTags, templates };
}

export function isTemplate(source: string): boolean {
  return source.includes('{{') || source.includes('{%');
}

/** A template that renders as `text` itself: what would open a tag (`{{`, `{%`) is written as a quoted literal. */
export function asLiteral(text: string): string {
  return isTemplate(text) ? text.replace(/\{\{|\{%/g, (opening) => `{{ '${opening}' }}`) : text;
}

/** Keys liquid computes rather than reads, so a plain walk would not see them. */
const COMPUTED_KEYS = new Set<unknown>(['size', 'first', 'last']);
const LITERAL_KEYS = new Set(['IdentifierToken', 'NumberToken', 'QuotedToken']);

type Token = { constructor: { name: string }; variable?: unknown; props?: { constructor: { name: string }; content: unknown }[] };

/** The keys of an output that only reads a variable, with no filters and no computed keys. */
function plainPath(output: Output): (string | number)[] | undefined {
  const { filters, initial } = output.value;
  const [token, ...more] = initial.postfix as Token[];
  if (filters.length > 0 || more.length > 0 || token?.constructor.name !== 'PropertyAccessToken' || token.variable !== undefined || !token.props) return undefined;
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

/** An output's value; `context` is the template's own when it has tags (then locals may shadow the data). */
function evaluateOutput({ output, path }: OutputPart, scope: Scope, strict: boolean, context?: Context): unknown {
  if (path && !context) {
    const value = walk(scope.data, path);
    if (value !== undefined) {
      scope.check(path[0], value);
      return value;
    }
  }
  return scope.budget.spend(() => {
    try {
      const value: unknown = toValueSync(output.value.value(context ?? scope.context(strict), false));
      // Liquid literals such as nil and empty are drops; their plain value is what lands. What
      // liquid gives back may hold watched parts: copied out now, so reading them is seen.
      return scope.plain(value instanceof Drop ? value.valueOf() : value);
    } catch (error) {
      throw asTemplateError(error);
    }
  });
}

function renderTag(template: Template, scope: Scope, context: Context): string {
  return scope.budget.spend(() => {
    try {
      return liquid.renderSync([template], context) as string;
    } catch (error) {
      throw asTemplateError(error);
    }
  });
}

/** Text for a value in a string: objects as JSON rather than "[object Object]". */
export function stringify(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value as number | boolean | bigint);
}

type Encode = (value: string, before: string) => string;

/** A rendered template, and what may be shown of it: `shown` is set when some part read a secret. */
export interface Rendered {
  text: string;
  shown: string | undefined;
}

/**
 * Renders a template to text. `encode` receives each value with the text built so far, and
 * returns how it lands there; literal text is kept as written. A part that read a secret joins
 * the secrets (as made and as encoded) and shows as the mask; in a template with tags, every
 * part after one that read a secret is secret too, since it may read what that part assigned.
 */
export function renderShown(source: string, scope: Scope, encode: Encode = (value) => value, lenient = false): Rendered {
  if (!isTemplate(source)) return { text: source, shown: undefined };
  const { parts, hasTags } = compile(source);
  const context = hasTags ? scope.freshContext(!lenient) : undefined;
  let text = '';
  let shown: string | undefined;
  let sticky = false;
  // Secret parts side by side show as one mask.
  let maskedLast = false;
  for (const part of parts) {
    if (part.kind === 'text') {
      text += part.text;
      if (shown !== undefined) shown += part.text;
      maskedLast &&= part.text === '';
      continue;
    }
    scope.tainted = false;
    const value = part.kind === 'output' ? stringify(evaluateOutput(part, scope, part.strict && !lenient, context)) : renderTag(part.template, scope, context!);
    sticky ||= scope.tainted && hasTags;
    const secret = scope.tainted || sticky;
    if (secret) noteSecret(scope, source, value);
    const encoded = encode(value, text);
    if (encoded === '') continue;
    if (secret) {
      noteSecret(scope, source, encoded);
      if (!maskedLast) shown = `${shown ?? text}${MASK}`;
    } else if (shown !== undefined) shown += encoded;
    maskedLast = secret;
    text += encoded;
  }
  return { text, shown };
}

/** A template's value, and what may be shown of it (the mask when it read a secret). */
export interface Evaluated {
  value: unknown;
  shown: unknown;
  secret: boolean;
  /** The value is the text a template with tags rendered (not one whole `{{ }}`'s value). */
  rendered?: boolean;
}

/** The value of a template: typed when it is one whole `{{ }}`, its text otherwise; lenient: a missing variable is undefined. */
export function evaluateShown(source: string, scope: Scope, lenient = false): Evaluated {
  if (!isTemplate(source)) return { value: source, shown: source, secret: false };
  const { whole } = compile(source);
  if (!whole) {
    const { text, shown } = renderShown(source, scope, undefined, lenient);
    return { value: text, shown: shown ?? text, secret: shown !== undefined, rendered: true };
  }
  scope.tainted = false;
  const value = evaluateOutput(whole, scope, whole.strict && !lenient);
  if (!scope.tainted) return { value, shown: value, secret: false };
  for (const text of texts(value)) noteSecret(scope, source, text);
  return { value, shown: MASK, secret: true };
}

export function evaluate(source: string, scope: Scope): unknown {
  return evaluateShown(source, scope).value;
}

/** Like `evaluate`, but a missing variable is `undefined` rather than an error. */
export function evaluateLenient(source: string, scope: Scope): unknown {
  return evaluateShown(source, scope, true).value;
}

/**
 * A value made from a secret joins the secrets, unless the template itself spells it: what a
 * definition holds, every member of the workspace can read (a `default`, a literal in a list).
 */
function noteSecret(scope: Scope, source: string, value: string): void {
  if (value !== '' && !source.includes(value)) scope.secrets?.add(value);
}

/** A value's texts: itself as text, and each string inside it. */
function texts(value: unknown): string[] {
  const out = [stringify(value)];
  const visit = (item: unknown, depth: number) => {
    if (typeof item === 'string') out.push(item);
    else if (typeof item === 'object' && item !== null && depth < 200) for (const inner of Object.values(item)) visit(inner, depth + 1);
  };
  if (typeof value === 'object') visit(value, 0);
  return out;
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
  const compiled = compile(`{{ ${rooted ? `value${path.trim()}` : path} }}`);
  if (!compiled.whole) throw new TemplateError(`"${path}" is not a path`);
  return { output: compiled.whole, rooted };
}

/** A step's answer beside its body: outputs, mappings and outcome rules read them as `_status` and `_headers` (names in lower case). */
export interface AnswerMeta {
  status: number;
  headers: Record<string, string>;
}

export interface ExtractOptions {
  budget?: RenderBudget;
  secrets?: SecretWatch;
  answer?: AnswerMeta;
}

const ANSWER_NAMES = /\b_(status|headers|body)\b/;

/** What a path over an answer reads: the body's fields (an array or text as `value`), and `_status`, `_headers` and `_body` when it names them. */
function answerData(path: string, from: unknown, rooted: boolean, answer: AnswerMeta | undefined): Record<string, unknown> {
  const data = rooted || from === null || typeof from !== 'object' || Array.isArray(from) ? { value: from } : (from as Record<string, unknown>);
  return answer && ANSWER_NAMES.test(path) ? { ...data, _status: answer.status, _headers: answer.headers, _body: from } : data;
}

/**
 * Evaluates an extraction path (`identities[0].firstName`, `results | size`, `_headers.x-message-id`)
 * against a value. With `secrets`, every part of the value is watched: a result made from a
 * secret it holds is secret, and joins the secrets.
 */
export function extractShown(path: string, from: unknown, options: ExtractOptions = {}): { value: unknown; secret: boolean } {
  const extraction = compileExtraction(path);
  const scope = new Scope(answerData(path, from, extraction.rooted, options.answer), options);
  const value = evaluateOutput(extraction.output, scope, false);
  if (scope.tainted) for (const text of texts(value)) noteSecret(scope, path, text);
  return { value, secret: scope.tainted };
}

export function extract(path: string, from: unknown, options?: ExtractOptions): unknown {
  return extractShown(path, from, options).value;
}

/** A template over an answer (`{{ ok == false }}`), as outcome rules read it, with `extra` names beside; undefined names are empty. */
export function evaluateOverAnswer(source: string, from: unknown, options: ExtractOptions, extra?: Record<string, unknown>): unknown {
  const data = answerData(source, from, false, options.answer);
  return evaluateLenient(source, new Scope(extra ? { ...data, ...extra } : data, options));
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
