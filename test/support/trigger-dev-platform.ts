import { json, standIn, type StandIn } from './stand-in.ts';

/** A run the stand-in was asked for. */
export interface TriggeredRun {
  id: string;
  task: string;
  payload: unknown;
  idempotencyKey: string | undefined;
}

export interface TriggerDevPlatform extends StandIn {
  secretKey: string;
  runs: TriggeredRun[];
  /** While set, the trigger endpoint answers 503, as the platform does when it is unavailable. */
  down: boolean;
}

/**
 * Trigger.dev's trigger endpoint as its API reference documents it: `POST /api/v1/tasks/{task}/
 * trigger` with `Authorization: Bearer <secret key>` and `{ payload, options }` (the SDK sends
 * the payload as superjson text), answering `{ id: "run_..." }`. A repeated idempotency key
 * answers the run it made before (`isCached`), which is how the platform keeps one run per key.
 */
export async function triggerDevPlatform(tasks: string[]): Promise<TriggerDevPlatform> {
  const secretKey = 'tr_dev_test0123456789abcdef';
  const runs: TriggeredRun[] = [];
  const byKey = new Map<string, TriggeredRun>();
  const platform: TriggerDevPlatform = Object.assign(
    await standIn((request, response) => {
      if (platform.down) return json(response, 503, { error: 'Service Unavailable' });
      if (request.headers.authorization !== `Bearer ${secretKey}`) return json(response, 401, { error: 'Invalid API Key' });
      const match = /^\/api\/v1\/tasks\/([^/]+)\/trigger$/.exec(request.url.pathname);
      if (request.method !== 'POST' || !match) return json(response, 404, { error: 'Not found' });
      if (!String(request.headers['content-type']).startsWith('application/json')) return json(response, 400, { error: 'Invalid content type' });
      const task = decodeURIComponent(match[1]!);
      if (!tasks.includes(task)) return json(response, 404, { error: `Task not found: ${task}` });
      const body = JSON.parse(request.body) as { payload?: string; options?: { payloadType?: string; idempotencyKey?: string } };
      const key = body.options?.idempotencyKey;
      const earlier = key ? byKey.get(key) : undefined;
      if (earlier) return json(response, 200, { id: earlier.id, isCached: true });
      const text = body.payload ?? 'null';
      const payload: unknown = body.options?.payloadType === 'application/super+json' ? (JSON.parse(text) as { json: unknown }).json : JSON.parse(text);
      const run = { id: `run_${(runs.length + 1).toString(36).padStart(20, '0')}`, task, payload, idempotencyKey: key };
      runs.push(run);
      if (key) byKey.set(key, run);
      return json(response, 200, { id: run.id });
    }),
    { secretKey, runs, down: false },
  );
  return platform;
}
