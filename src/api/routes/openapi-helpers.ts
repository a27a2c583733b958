import { createRoute, OpenAPIHono, z, type RouteConfig } from '@hono/zod-openapi';
import { invalid, zodDetails } from '../errors.ts';
import type { Env } from '../env.ts';
import { errors, type ErrorStatus } from '../schemas.ts';

/** Who may call a route: a signed-in user, and for workspace resources the X-Workspace-Id header too. */
export const userSecurity = [{ Bearer: [] }];
export const security = [{ Bearer: [], Workspace: [] }];

type RouteSpec = Omit<RouteConfig, 'tags' | 'security'> & {
  operationId: string;
  /** The error answers it may give besides 401 (which every signed-in route may). */
  errors?: ErrorStatus[];
  /** Workspace security unless said otherwise; `[]` for a public route. */
  security?: RouteConfig['security'];
};

/**
 * The routes of one tag: each gets the tag, workspace security unless it says otherwise, and
 * its error answers (401 too, when it needs a token), documented once.
 */
export function routesOf(tag: string) {
  return <const R extends RouteSpec>({ errors: statuses = [], ...spec }: R) => {
    const secured = (spec.security ?? security).length > 0;
    const answers = errors(...[...new Set<ErrorStatus>([...statuses, ...(secured ? [401 as const] : [])])].sort());
    // Errors are thrown (ApiError), never returned: the handler's answer types are the route's own.
    return createRoute({ tags: [tag], security, ...spec, responses: { ...spec.responses, ...(answers as Record<never, never>) } });
  };
}

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
