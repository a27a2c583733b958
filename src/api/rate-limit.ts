import { createMiddleware } from 'hono/factory';
import type { Store } from '../store/index.ts';
import { ApiError } from './errors.ts';
import type { Env } from './env.ts';

/** At most `perMinute` calls per workspace per minute, counted in the database (shared by every process). */
export function rateLimit(store: Store, perMinute: number) {
  return createMiddleware<Env>(async (c, next) => {
    const { allowed, remaining, retryAfterSeconds } = await store.rateLimits.hit(c.get('workspace').id, perMinute);
    c.header('RateLimit-Limit', String(perMinute));
    c.header('RateLimit-Remaining', String(remaining));
    if (!allowed) {
      throw new ApiError(429, 'rate_limited', `at most ${perMinute} test and execute calls per workspace per minute; try again in ${retryAfterSeconds} s`, [], {
        'Retry-After': String(retryAfterSeconds),
      });
    }
    await next();
  });
}

/** Takes `runs` from the workspace's allowance of runs bulk requests queue per minute, or answers 429 saying how many fit. */
export async function takeBulkRuns(store: Store, workspaceId: string, runs: number, perMinute: number): Promise<void> {
  const { allowed, remaining, retryAfterSeconds } = await store.rateLimits.takeRuns(workspaceId, runs, perMinute);
  if (!allowed) {
    throw new ApiError(429, 'rate_limited', `bulk requests queue at most ${perMinute} runs per workspace per minute; this one asks for ${runs} and ${remaining} more fit now; try again in ${retryAfterSeconds} s`, [], {
      'Retry-After': String(retryAfterSeconds),
    });
  }
}
