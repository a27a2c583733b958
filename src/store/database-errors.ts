import { DrizzleQueryError } from 'drizzle-orm/errors';

/** A PostgreSQL error (node-postgres' and PGlite's): it carries a severity and a five-character SQLSTATE. */
function sqlState(error: unknown): string | undefined {
  const { code, severity } = (error ?? {}) as { code?: unknown; severity?: unknown };
  return typeof severity === 'string' && typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/**
 * What may be said of an error, in a record, a response or a log line. A database error is named
 * by its SQLSTATE only: its text, the statement and the statement's parameters can hold the
 * values being written (a remote answer, a contact's fields).
 */
export function describeError(error: unknown): string {
  let current = error;
  while (current instanceof DrizzleQueryError) current = current.cause;
  const code = sqlState(current);
  if (code !== undefined) return `the database refused a statement (SQLSTATE ${code})`;
  if (current === undefined) return 'a database statement failed';
  return current instanceof Error ? current.message : String(current);
}

/** An error as a log line holds it: its kind, what may be said of it, a code, and where it was thrown. */
export function loggableError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: describeError(error) };
  let inner: unknown = error;
  while (inner instanceof DrizzleQueryError) inner = inner.cause;
  const code = sqlState(inner) ?? (inner as { code?: unknown } | undefined)?.code;
  const frames = (error.stack ?? '').split('\n').filter((line) => line.startsWith('    at '));
  return { type: error.name, message: describeError(error), ...(typeof code === 'string' ? { code } : {}), stack: frames.join('\n') };
}
