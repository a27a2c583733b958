import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';

/** A run's progress as read from its row: what finished, what runs now, and whether it ended. */
export interface ProgressView {
  /** Each finished part (step or action) in order, as its `finished` event's data. */
  finished: Record<string, unknown>[];
  /** The part running now, if any. */
  current: number | null;
  /** Set once the run ended: the final event's data. */
  final?: Record<string, unknown>;
}

export interface ProgressNames {
  started: string;
  finished: string;
  final: string;
  /** What a `started` event says about part `index` besides its index (its id, name). */
  label(index: number): Record<string, unknown>;
}

const POLL_MS = 250;
const KEEP_ALIVE_MS = 15_000;
/** A stream ends after this long; clients reconnect (EventSource does on its own). */
const MAX_STREAM_MS = 30 * 60_000;

/**
 * Server-sent events for a run, from its row, which every worker process writes as it goes: each
 * part as it starts and ends, then the final state. Polling the row means the events are the same
 * whichever process runs the work, and a part that started and ended between two reads still gets
 * both events, in order.
 */
export function streamProgress(c: Context, load: () => Promise<ProgressView | undefined>, names: ProgressNames): Response {
  return streamSSE(c, async (stream) => {
    let started = 0;
    let finished = 0;
    let sequence = 0;
    let quietSince = Date.now();
    const send = async (event: string, data: Record<string, unknown>) => {
      quietSince = Date.now();
      await stream.writeSSE({ event, data: JSON.stringify(data), id: String(++sequence) });
    };
    const until = Date.now() + MAX_STREAM_MS;
    while (!stream.aborted && Date.now() < until) {
      const view = await load();
      if (!view) return;
      for (; finished < view.finished.length; finished++) {
        const part = view.finished[finished]!;
        // Parts never run (after a failure) end without having started.
        if (started <= finished && part.status !== 'skipped') await send(names.started, { index: finished, ...names.label(finished) });
        started = Math.max(started, finished + 1);
        await send(names.finished, part);
      }
      if (view.final) {
        await send(names.final, view.final);
        return;
      }
      if (view.current !== null && view.current >= started) {
        await send(names.started, { index: view.current, ...names.label(view.current) });
        started = view.current + 1;
      }
      if (Date.now() - quietSince > KEEP_ALIVE_MS) {
        quietSince = Date.now();
        await stream.write(': keep-alive\n\n');
      }
      await stream.sleep(POLL_MS);
    }
  });
}
