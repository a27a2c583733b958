import { formatPath } from './definition/issues.ts';
import type { Step } from './definition/schema.ts';
import { StepError } from './errors.ts';
import { escapeXml } from './escape.ts';
import { evaluate, render, stringify, TemplateError, type Scope } from './template.ts';

/** A step's request with every template rendered, ready to send. */
export interface BuiltRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Header names (lower case) that carry credentials. */
  sensitiveHeaders: Set<string>;
}

/** Renders a template for one field of a step; a failure names the field (a path is formatted only then). */
export function renderField(
  field: string | readonly PropertyKey[],
  source: string,
  scope: Scope,
  encode?: (value: string, before: string) => string,
): string {
  try {
    return render(source, scope, encode);
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
  let url = renderField('url', step.url, scope, encodeUrlValue);
  checkPathSegments(url);
  let query = '';
  for (const key in step.query) {
    const value = renderField(['query', key], step.query[key] as string, scope);
    query += `${query ? '&' : ''}${encodeURIComponent(key)}=${encodeURIComponent(value)}`;
  }
  if (query) url = appendQuery(url, query);

  const headers: Record<string, string> = {};
  for (const name in step.headers) setHeader(headers, name, renderField(['headers', name], step.headers[name] as string, scope));

  const built: BuiltRequest = { method: step.method, url, headers, sensitiveHeaders: new Set() };
  if (step.body !== undefined && step.bodyType !== undefined) {
    const [body, contentType] = buildBody(step.bodyType, step.body, scope);
    built.body = body;
    if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['content-type'] = contentType;
  }
  return built;
}

/** Sets a header, refusing values that would split it (CR, LF, NUL). */
export function setHeader(headers: Record<string, string>, name: string, value: string): void {
  if (/[\r\n\0]/.test(value)) {
    throw new StepError('template', `headers.${name}: the value would contain a line break, which could forge headers; it was not sent`);
  }
  headers[name] = value;
}

export function appendQuery(url: string, query: string): string {
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

function buildBody(type: NonNullable<Step['bodyType']>, body: unknown, scope: Scope): [string, string] {
  switch (type) {
    case 'json':
      return [JSON.stringify(jsonValue(body, scope, ['body'])), 'application/json'];
    case 'form': {
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw new StepError('template', 'body: a form body is an object of field → value');
      }
      const form = new URLSearchParams();
      for (const [key, value] of Object.entries(body)) {
        form.append(key, typeof value === 'string' ? renderField(['body', key], value, scope) : stringify(value));
      }
      return [form.toString(), 'application/x-www-form-urlencoded'];
    }
    case 'xml':
      return [renderField('body', stringify(body), scope, escapeXml), 'application/xml'];
    case 'raw':
      return [renderField('body', stringify(body), scope), 'text/plain'];
  }
}

/**
 * A JSON body built as a value: a leaf that is one whole template keeps its value's type. `path`
 * is one stack, pushed and popped on the way, read only when a leaf fails.
 */
function jsonValue(value: unknown, scope: Scope, path: PropertyKey[]): unknown {
  if (typeof value === 'string') {
    try {
      return evaluate(value, scope) ?? null;
    } catch (error) {
      throw fieldError(formatPath(path), error);
    }
  }
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> | unknown[] = Array.isArray(value) ? [] : {};
  for (const key in record) {
    path.push(Array.isArray(value) ? Number(key) : key);
    (out as Record<string, unknown>)[key] = jsonValue(record[key], scope, path);
    path.pop();
  }
  return out;
}
