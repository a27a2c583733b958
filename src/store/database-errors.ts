import { DrizzleQueryError } from 'drizzle-orm/errors';

/** A PostgreSQL error (node-postgres' and PGlite's): it carries a severity and a five-character SQLSTATE. */
function sqlState(error: unknown): string | undefined {
  const { code, severity } = (error ?? {}) as { code?: unknown; severity?: unknown };
  return typeof severity === 'string' && typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** The error under drizzle's wrapping, which carries the statement and its parameters. */
function unwrapped(error: unknown): unknown {
  let current = error;
  while (current instanceof DrizzleQueryError) current = current.cause;
  return current;
}

/**
 * What may be said of an error, in a record, a response or a log line. A database error is named
 * by its SQLSTATE only: its text, the statement and the statement's parameters can hold the
 * values being written (a remote answer, a contact's fields).
 */
export function describeError(error: unknown): string {
  const current = unwrapped(error);
  const code = sqlState(current);
  if (code !== undefined) return `the database refused a statement (SQLSTATE ${code})`;
  if (current === undefined) return 'a database statement failed';
  return current instanceof Error ? current.message : String(current);
}

/** An error as a log line holds it: its kind, what may be said of it, a code, and where it was thrown. */
export function loggableError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: describeError(error) };
  const inner = unwrapped(error);
  const code = sqlState(inner) ?? (inner as { code?: unknown } | undefined)?.code;
  const frames = (error.stack ?? '').split('\n').filter((line) => line.startsWith('    at '));
  return { type: error.name, message: describeError(error), ...(typeof code === 'string' ? { code } : {}), stack: frames.join('\n') };
}

/** SQLSTATEs of a connection that went away (class 08) or a server shutting it down (57P01-57P03). */
const LOST = /^(08...|57P0[123])$/;
/** What a socket says when its database went away. */
const GONE = /Connection terminated|ECONNREFUSED|ECONNRESET|EPIPE|connection is closed|Client has encountered a connection error/i;

/** Whether an error means the database could not be reached, rather than that it refused a statement. */
export function isConnectionFailure(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 10; current = current.cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (LOST.test(code) || GONE.test(code))) return true;
    if (GONE.test(current.message)) return true;
  }
  return false;
}
