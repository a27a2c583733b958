import { createMiddleware } from 'hono/factory';
import { formatPath, MAX_JSON_DEPTH } from '../engine/index.ts';
import { ApiError, invalid, type ErrorDetail } from './errors.ts';
import type { Env } from './env.ts';
import { isUnstorable } from '../store/index.ts';

const JSON_TYPE = /^application\/([\w.-]+\+)?json\s*(;|$)/i;
/** Problems named per request: enough to act on, not a flood. */
const MAX_DETAILS = 20;

/**
 * Every request from outside is checked here, once, before any route reads it: a JSON body is
 * parsed and must nest at most MAX_JSON_DEPTH deep, and no text in it (keys included), in the
 * path or in the query holds a NUL or a lone surrogate; no key is `__proto__`. Each problem is
 * a 400 naming where it is.
 */
export function inputBounds() {
  return createMiddleware<Env>(async (c, next) => {
    const details: ErrorDetail[] = [];
    // A URL holds a NUL only as %00 (a lone surrogate does not survive decoding): most never do.
    if (/%00/i.test(c.req.url)) {
      const url = new URL(c.req.url);
      if (/%00/i.test(url.pathname)) details.push({ path: 'path', message: 'holds a NUL character (%00)' });
      for (const [name, value] of url.searchParams) if (isUnstorable(value) || isUnstorable(name)) details.push({ path: `query.${name}`, message: unstorable(value + name) });
    }
    if (JSON_TYPE.test(c.req.header('content-type') ?? '') && c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const body = parseJson(await c.req.text());
      if (body !== undefined) {
        checkValue(body.value, [], details);
        // The routes' validators read the body already parsed and checked.
        c.req.json = <T>() => Promise.resolve(body.value as T);
      }
    }
    if (details.length > 0) throw invalid('the request holds text that cannot be stored', details.slice(0, MAX_DETAILS));
    await next();
  });
}

function parseJson(text: string): { value: unknown } | undefined {
  if (text.trim() === '') return undefined;
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    // V8 quotes a piece of the body in its message, and a body may hold a secret.
    const reason = (error as Error).message.replace(/, ".*$/s, '').replace(/ in JSON at position.*$/s, '');
    throw new ApiError(400, 'bad_request', `the request body is not valid JSON (${reason})`);
  }
}

/**
 * Walks a body once: its nesting, and every text in it. `path` is one stack, pushed and popped
 * on the way, formatted only for a problem; the depth bound keeps the walk's own stack short.
 */
function checkValue(value: unknown, path: PropertyKey[], details: ErrorDetail[]): void {
  if (details.length >= MAX_DETAILS) return;
  if (typeof value === 'string') {
    if (isUnstorable(value)) details.push({ path: formatPath(path) || '(root)', message: unstorable(value) });
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  if (path.length >= MAX_JSON_DEPTH) {
    throw invalid(`the request body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`, [{ path: '(root)', message: `nests deeper than ${MAX_JSON_DEPTH} levels` }]);
  }
  const array = Array.isArray(value);
  for (const key of Object.keys(value)) {
    path.push(array ? Number(key) : key);
    if (key === '__proto__') details.push({ path: formatPath(path), message: 'is a reserved name, not a key' });
    else if (!array && isUnstorable(key)) details.push({ path: formatPath(path), message: `the key ${unstorable(key)}` });
    checkValue((value as Record<string, unknown>)[key], path, details);
    path.pop();
  }
}

function unstorable(text: string): string {
  return text.includes('\0') ? 'holds a NUL character (\\u0000), which cannot be stored' : 'holds half of a UTF-16 surrogate pair, which is not text and cannot be stored';
}
