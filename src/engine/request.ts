import packageJson from '../../package.json' with { type: 'json' };
import { formatPath } from './definition/issues.ts';
import type { Step } from './definition/schema.ts';
import { isReservedKey } from './contact-fields.ts';
import { StepError } from './errors.ts';
import { escapeXml, percentDecoded } from './escape.ts';
import type { NextPage } from './pagination.ts';
import { MASK } from './secrets.ts';
import { evaluateShown, renderShown, stringify, TemplateError, type Rendered, type Scope } from './template/index.ts';

/** A step's request with every template rendered, ready to send. */
export interface BuiltRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Header names (lower case) that carry credentials. */
  sensitiveHeaders: Set<string>;
  /** The request as a trace shows it: every value that read a secret is the mask. */
  shown: { url: string; headers: Record<string, string>; body?: string };
}

type Encode = (value: string, before: string) => string;

/** Sent unless a step sets its own: some APIs (GitHub) refuse a request without one. */
export const USER_AGENT = `connectors/${packageJson.version}`;

/** Renders a template for one field of a step; a failure names the field (a path is formatted only then). */
export function renderField(field: string | readonly PropertyKey[], source: string, scope: Scope, encode?: Encode): Rendered {
  try {
    return renderShown(source, scope, encode);
  } catch (error) {
    throw fieldError(typeof field === 'string' ? field : formatPath(field), error);
  }
}

export function fieldError(field: string, error: unknown): StepError {
  if (error instanceof StepError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new StepError('template', `${field}: ${message}`, { cause: error });
}

export function buildRequest(step: Step, scope: Scope): BuiltRequest {
  const url = renderField('url', step.url, scope, encodeUrlValue);
  checkPathSegments(url.text);
  const built: BuiltRequest = { method: step.method, url: url.text, headers: {}, sensitiveHeaders: new Set(), shown: { url: url.shown ?? url.text, headers: {} } };
  let query = '';
  let shownQuery = '';
  for (const key in step.query) {
    const value = renderField(['query', key], step.query[key] as string, scope);
    const pair = `${encodeURIComponent(key)}=`;
    query += `${query ? '&' : ''}${pair}${encodeURIComponent(value.text)}`;
    shownQuery += `${shownQuery ? '&' : ''}${pair}${value.shown === undefined ? encodeURIComponent(value.text) : MASK}`;
  }
  if (query) addQuery(built, query, shownQuery);

  let agent = false;
  for (const name in step.headers) {
    const value = renderField(['headers', name], step.headers[name] as string, scope);
    addHeader(built, name, value.text, value.shown);
    const lower = name.toLowerCase();
    if (value.shown !== undefined) built.sensitiveHeaders.add(lower);
    agent ||= lower === 'user-agent';
  }
  if (!agent) addHeader(built, 'user-agent', USER_AGENT);

  if (step.body !== undefined && step.bodyType !== undefined) {
    const { body, shown, contentType } = buildBody(step.bodyType, step.body, scope);
    built.body = body;
    built.shown.body = shown;
    if (!Object.keys(built.headers).some((name) => name.toLowerCase() === 'content-type')) addHeader(built, 'content-type', contentType);
  }
  return built;
}

/**
 * Makes a step's request ask for the next page: the URL the last page gave (on the step's own
 * origin only: the step's credentials go with it), or query parameters set over the step's own.
 */
export function askForPage(request: BuiltRequest, next: NextPage): void {
  if ('url' in next) {
    const from = new URL(request.url);
    const to = new URL(next.url);
    if (to.origin !== from.origin) {
      throw new StepError('blocked', `paginate: the next page is on another origin (${to.host}, not ${from.host}); it was not followed, so the step's credentials stay with ${from.host}`);
    }
    request.url = to.href;
    request.shown.url = to.href;
    return;
  }
  if ('body' in next) {
    request.body = withFields(request.body, next.body);
    if (request.shown.body !== undefined) request.shown.body = withFields(request.shown.body, next.body);
    return;
  }
  request.url = withQuery(request.url, next.query);
  request.shown.url = withQuery(request.shown.url, next.query);
}

/** A JSON body with fields set by dotted path (`variables.after`), objects made on the way; an empty value removes a field. */
function withFields(body: string | undefined, fields: Record<string, unknown>): string {
  const parsed: unknown = body === undefined || body === '' ? {} : JSON.parse(body);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new StepError('template', 'paginate.nextBody: the step\'s body is not a JSON object');
  for (const [path, value] of Object.entries(fields)) {
    const keys = path.split('.');
    let at = parsed as Record<string, unknown>;
    // Checked with the definition too; here as well, so no path can reach an object's prototype.
    if (keys.some((key) => isReservedKey(key))) throw new StepError('template', `paginate.nextBody.${path}: is not a field name`);
    for (const key of keys.slice(0, -1)) {
      const inner = Object.hasOwn(at, key) ? at[key] : undefined;
      at = typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? (inner as Record<string, unknown>) : (at[key] = {}) as Record<string, unknown>;
    }
    const last = keys.at(-1)!;
    if (value === undefined || value === null || value === '') delete at[last];
    else at[last] = value;
  }
  return JSON.stringify(parsed);
}

/** `url` with each of `query`'s parameters set (replacing the URL's own of that name; an empty value removes it). */
function withQuery(url: string, query: Record<string, string>): string {
  const at = url.indexOf('?');
  const base = at < 0 ? url : url.slice(0, at);
  const name = (pair: string) => percentDecoded(pair.split('=')[0]!.replace(/\+/g, ' '));
  const kept = at < 0 ? [] : url.slice(at + 1).split('&').filter((pair) => pair !== '' && !Object.hasOwn(query, name(pair)));
  const set = Object.entries(query).filter(([, value]) => value !== '').map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
  const pairs = [...kept, ...set];
  return pairs.length > 0 ? `${base}?${pairs.join('&')}` : base;
}

/** Sets a header, refusing values that would split it (CR, LF, NUL); `shown` is what the trace shows of it. */
export function addHeader(request: BuiltRequest, name: string, value: string, shown = value): void {
  if (/[\r\n\0]/.test(value)) {
    throw new StepError('template', `headers.${name}: the value would contain a line break, which could forge headers; it was not sent`);
  }
  request.headers[name] = value;
  request.shown.headers[name] = shown;
}

/** Adds `query` (already encoded) to the request's URL, and `shown` to what the trace shows. */
export function addQuery(request: BuiltRequest, query: string, shown = query): void {
  request.url = appendQuery(request.url, query);
  request.shown.url = appendQuery(request.shown.url, shown);
}

function appendQuery(url: string, query: string): string {
  const hash = url.indexOf('#');
  const [base, fragment] = hash >= 0 ? [url.slice(0, hash), url.slice(hash)] : [url, ''];
  const joiner = base.includes('?') ? (base.endsWith('?') || base.endsWith('&') ? '' : '&') : '?';
  return `${base}${joiner}${query}${fragment}`;
}

/**
 * Encodes a value for where it lands in a URL: a whole leading value is a base URL and kept; in
 * the host it must be a host name; in the path, query and fragment it is percent-encoded, so
 * `+`, `/`, `&`, `#` and spaces arrive as the data they are.
 */
function encodeUrlValue(value: string, before: string): string {
  if (before === '') return value;
  const scheme = before.indexOf('://');
  const inHost = scheme < 0 || !/[/?#]/.test(before.slice(scheme + 3));
  if (!inHost) return encodeURIComponent(value);
  if (!/^[A-Za-z0-9.\-:[\]]*$/.test(value)) throw new TemplateError(`"${value}" cannot be part of a host name`);
  return value;
}

/** A value that makes a whole path segment `.` or `..` would move the request elsewhere. */
function checkPathSegments(url: string): void {
  const afterScheme = url.indexOf('://');
  const pathStart = url.indexOf('/', afterScheme >= 0 ? afterScheme + 3 : 0);
  if (pathStart < 0) return;
  const path = url.slice(pathStart).split(/[?#]/, 1)[0] ?? '';
  if (/\/(\.|%2e){1,2}(\/|$)/i.test(path)) {
    throw new StepError('template', `url: a path segment would be "." or "..", which changes the path; refusing to send ${path}`);
  }
}

function buildBody(type: NonNullable<Step['bodyType']>, body: unknown, scope: Scope): { body: string; shown: string; contentType: string } {
  switch (type) {
    case 'json': {
      const { value, shown } = jsonValue(body, scope, ['body']);
      const text = JSON.stringify(value);
      return { body: text, shown: shown === value ? text : JSON.stringify(shown), contentType: 'application/json' };
    }
    case 'form': {
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw new StepError('template', 'body: a form body is an object of field → value');
      }
      const form = new URLSearchParams();
      const shown = new URLSearchParams();
      for (const [key, value] of Object.entries(body)) {
        const rendered = typeof value === 'string' ? renderField(['body', key], value, scope) : { text: stringify(value), shown: undefined };
        form.append(key, rendered.text);
        shown.append(key, rendered.shown === undefined ? rendered.text : MASK);
      }
      return { body: form.toString(), shown: shown.toString(), contentType: 'application/x-www-form-urlencoded' };
    }
    case 'xml':
    case 'raw': {
      const { text, shown } = renderField('body', stringify(body), scope, type === 'xml' ? escapeXml : undefined);
      return { body: text, shown: shown ?? text, contentType: type === 'xml' ? 'application/xml' : 'text/plain' };
    }
  }
}

/**
 * What a template with tags rendered, as a JSON body value: a number when the text is exactly a
 * number's own spelling (`42`, `-1.5`; not `007` nor `1.50`, which stay text), else the text.
 */
function asNumber(text: string): unknown {
  const trimmed = text.trim();
  return /^-?(0|[1-9]\d*)(\.\d+)?$/.test(trimmed) && String(Number(trimmed)) === trimmed ? Number(trimmed) : text;
}

/**
 * A JSON body built as a value, and as the trace shows it: a leaf that is one whole template
 * keeps its value's type; one that read a secret shows as the mask. `path` is one stack, pushed
 * and popped on the way, read only when a leaf fails. Parts with nothing secret are shared.
 */
function jsonValue(value: unknown, scope: Scope, path: PropertyKey[]): { value: unknown; shown: unknown } {
  if (typeof value === 'string') {
    try {
      const evaluated = evaluateShown(value, scope);
      const typed = evaluated.rendered ? asNumber(evaluated.value as string) : (evaluated.value ?? null);
      return { value: typed, shown: evaluated.secret ? evaluated.shown : typed };
    } catch (error) {
      throw fieldError(formatPath(path), error);
    }
  }
  if (typeof value !== 'object' || value === null) return { value, shown: value };
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> | unknown[] = Array.isArray(value) ? [] : {};
  let shown: Record<string, unknown> | unknown[] | undefined;
  for (const key in record) {
    path.push(Array.isArray(value) ? Number(key) : key);
    const item = jsonValue(record[key], scope, path);
    path.pop();
    (out as Record<string, unknown>)[key] = item.value;
    if (shown === undefined && item.shown !== item.value) shown = Array.isArray(out) ? [...out.slice(0, -1)] : { ...out };
    if (shown !== undefined) (shown as Record<string, unknown>)[key] = item.shown;
  }
  return { value: out, shown: shown ?? out };
}
