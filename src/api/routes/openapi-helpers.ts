import { OpenAPIHono, type z } from '@hono/zod-openapi';
import { invalid, zodDetails } from '../errors.ts';
import type { Env } from '../env.ts';

/** Pieces every route definition repeats. Workspace resources also need the X-Workspace-Id header. */
export const userSecurity = [{ Bearer: [] }];
export const security = [{ Bearer: [], Workspace: [] }];

export function json<T extends z.ZodType>(schema: T, description: string) {
  return { content: { 'application/json': { schema } }, description };
}

export function body<T extends z.ZodType>(schema: T) {
  return { body: { content: { 'application/json': { schema } }, required: true } };
}

/** A router whose request validation fails as one 400 naming every bad field. */
export function router(): OpenAPIHono<Env> {
  return new OpenAPIHono<Env>({
    defaultHook: (result) => {
      if (!result.success) {
        const where = result.target === 'json' ? 'body' : result.target === 'query' ? 'query' : result.target === 'param' ? 'path' : result.target;
        throw invalid(`the request ${where} is not valid`, zodDetails(result.error));
      }
    },
  });
}
