import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import { fromZod, type Issue } from '../engine/index.ts';
import { isConnectionFailure } from '../store/index.ts';
import type { Logger } from './logger.ts';

export interface ErrorDetail {
  path: string;
  message: string;
}

/** An error a caller should see: its status, a stable code, a message and, for bad input, which fields. */
export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: string;
  readonly details: ErrorDetail[];
  readonly headers: Record<string, string>;

  constructor(status: ContentfulStatusCode, code: string, message: string, details: ErrorDetail[] = [], headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
    this.headers = headers;
  }
}

/** 404 for what does not exist and for what belongs to a workspace the caller is not in. */
export function notFound(what: string): ApiError {
  return new ApiError(404, 'not_found', `${what} not found`);
}

export function invalid(message: string, details: ErrorDetail[]): ApiError {
  return new ApiError(400, 'validation_failed', message, details);
}

export function invalidDefinition(issues: Issue[], what = 'connector definition'): ApiError {
  return invalid(`the ${what} is not valid`, details(issues));
}

/** zod's issues as `{ path, message }`, the path written as `a.b[0].c`. */
export function zodDetails(error: z.ZodError): ErrorDetail[] {
  return details(fromZod(error));
}

/** Issues as details; the whole input is named `(root)`. */
function details(issues: Issue[]): ErrorDetail[] {
  return issues.map(({ path, message }) => ({ path: path || '(root)', message }));
}

export function errorBody(code: string, message: string, details: ErrorDetail[] = []) {
  return { success: false as const, error: { code, message, details } };
}

/** Every error leaves as `{ success: false, error: { code, message, details } }`; nothing internal reaches the caller. */
export function handleError(error: Error, c: Context, logger: Logger): Response {
  if (error instanceof ApiError) {
    for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
    return c.json(errorBody(error.code, error.message, error.details), error.status);
  }
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    if (status === 415) return c.json(errorBody('unsupported_media_type', 'send the body as JSON, with Content-Type: application/json'), status);
    // Hono's own messages (malformed JSON, ...) are safe and say what is wrong.
    return c.json(errorBody(status === 401 ? 'unauthorized' : 'bad_request', error.message || 'bad request'), status);
  }
  if (isConnectionFailure(error)) {
    // The database went away (a restart, a failover): the request may be tried again shortly.
    logger.warn({ err: error, method: c.req.method, path: c.req.path }, 'database unavailable');
    c.header('Retry-After', '2');
    return c.json(errorBody('unavailable', 'the database cannot be reached right now; try again in a few seconds'), 503);
  }
  logger.error({ err: error, method: c.req.method, path: c.req.path }, 'request failed');
  return c.json(errorBody('internal', 'something went wrong on our side; the request changed nothing it could not finish'), 500);
}
