import { OpenAPIHono, z } from '@hono/zod-openapi';
import { invalid, zodDetails } from '../errors.ts';
import type { Env } from '../env.ts';

/** Pieces every route definition repeats. Workspace resources also need the X-Workspace-Id header. */
export const userSecurity = [{ Bearer: [] }];
export const security = [{ Bearer: [], Workspace: [] }];

/** A success answer as the original design gives it: `{ "success": true, "data": ... }`. */
export function json<T extends z.ZodType>(schema: T, description: string) {
  return { content: { 'application/json': { schema: z.object({ success: z.literal(true), data: schema }) } }, description };
}

/** A list answer: `{ "success": true, "data": [...] }` and what stands beside the list (a page's `total`, `limit`, `offset`). */
export function list<T extends z.ZodType, B extends z.ZodRawShape = Record<never, never>>(item: T, description: string, beside?: B) {
  return { content: { 'application/json': { schema: z.object({ success: z.literal(true), data: z.array(item), ...beside }) } }, description };
}

/** The body of a success answer. */
export function ok<T>(data: T): { success: true; data: T } {
  return { success: true, data };
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
