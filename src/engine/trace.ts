import type { Step } from './definition/schema.ts';
import type { StepErrorCode } from './errors.ts';

/** What a run records of one step. */
export interface StepTrace {
  id: string;
  name?: string;
  status: 'success' | 'failed' | 'skipped';
  /** The request as sent, secrets masked. */
  request?: { method: string; url: string; headers: Record<string, string>; body?: string; bodyTruncated?: boolean };
  response?: { status: number; headers: Record<string, string>; body: unknown; bodyTruncated?: boolean };
  outputs: Record<string, unknown>;
  /** Things a user should know: outputs that found nothing, why a step was skipped, retries. */
  notes: string[];
  attempts: number;
  durationMs: number;
  error?: { code: StepErrorCode; message: string; status?: number };
  /** The answer meant "nothing found" (the step's `noMatch`): no outputs, and the steps that read it were not run. */
  noMatch?: boolean;
  /** A paginated step's pages, in order: the URL asked (secrets masked), the status, and the items it gave. */
  pages?: { url: string; status: number; items: number }[];
}

export function newTrace(step: Step): StepTrace {
  const trace: StepTrace = { id: step.id, status: 'failed', outputs: {}, notes: [], attempts: 0, durationMs: 0 };
  if (step.name) trace.name = step.name;
  return trace;
}

export function skipped(step: Step, reason: string): StepTrace {
  const trace = newTrace(step);
  trace.status = 'skipped';
  trace.notes.push(reason);
  return trace;
}

/** Keeps a body in a trace, cut at `limit` characters. */
export function keepBody(target: { body?: unknown; bodyTruncated?: boolean }, text: string, limit: number): void {
  if (text.length > limit) {
    target.body = text.slice(0, limit);
    target.bodyTruncated = true;
  } else target.body = text;
}

export function elapsed(since: number): number {
  return Math.round((performance.now() - since) * 10) / 10;
}
