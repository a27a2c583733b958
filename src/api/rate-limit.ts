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
