import { OpenAPIHono, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import type { MiddlewareHandler } from 'hono';
import { DOCUMENT_FORMATS } from '../engine/index.ts';
import { authenticate, type TokenVerifier } from './auth.ts';
import { mountDocs } from './docs.ts';
import { inputBounds } from './input-bounds.ts';
import { securityHeaders } from './security-headers.ts';
import { mountWebUi } from './web-ui.ts';
import { ApiError, errorBody, handleError } from './errors.ts';
import type { Env } from './env.ts';
import { auditRoutes } from './routes/audit.ts';
import { connectorRoutes } from './routes/connectors.ts';
import { contactRoutes } from './routes/contacts.ts';
import { credentialRoutes } from './routes/credentials.ts';
import { importRoutes } from './routes/imports.ts';
import { OAUTH_CALLBACK_PATH, oauthRoutes } from './routes/oauth.ts';
import { executionRoutes } from './routes/executions.ts';
import { flowRoutes } from './routes/flows.ts';
import { templateRoutes } from './routes/templates.ts';
import { workspaceRoutes } from './routes/workspaces.ts';
import type { Services } from './services.ts';

export interface AppOptions extends Services {
  verifier: TokenVerifier;
  /** Largest request body, in bytes (default 1 MB). */
  maxBodyBytes?: number;
  /** The web app's build, served at `/`. */
  webDir?: string;
}

export const OPENAPI_PATH = '/api/v1/openapi.json';

/** What the OpenAPI document says of itself; paths are relative to the server it is read from. */
export const OPENAPI_INFO = {
  openapi: '3.1.0',
  info: {
    title: 'Connectors API',
    version: '1',
    description: 'Build, test and run HTTP API integrations without code. Every request carries `Authorization: Bearer <JWT>`; workspace resources also `X-Workspace-Id`. Answers are `{ "success": true, "data": ... }`, errors `{ "success": false, "error": { "code", "message", "details" } }`.',
    license: { name: 'MIT', identifier: 'MIT' },
  },
  servers: [{ url: '/', description: 'This server' }],
};

/** Room for a pasted 10 MB API description, written as a JSON string. */
const IMPORT_BODY_BYTES = 12 * 1024 * 1024;

/** The HTTP API: `/api/v1` (bearer token), its OpenAPI document and the interactive docs. */
export function createApp(options: AppOptions): OpenAPIHono<Env> {
  const { store, logger } = options;
  const app = new OpenAPIHono<Env>();
  app.onError((error, c) => handleError(error, c, logger));
  app.notFound((c) => c.json(errorBody('not_found', `no route for ${c.req.method} ${c.req.path}`), 404));

  app.use('*', securityHeaders());
  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    // Method, path and outcome only: bodies and headers may hold secrets.
    logger.info({ method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started), workspace: c.get('workspace')?.id, user: c.get('caller')?.id }, 'request');
  });

  app.get('/health', (c) => c.json({ status: 'ok' }));
  app.openAPIRegistry.registerComponent('securitySchemes', 'Bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'Workspace', { type: 'apiKey', in: 'header', name: 'X-Workspace-Id', description: 'The workspace the request works in' });
  // What a definition may be written as, in the engine's own words (its input side: before defaults).
  for (const [name, schema] of Object.entries(DOCUMENT_FORMATS)) {
    const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
    app.openAPIRegistry.registerComponent('schemas', name, json as never);
  }
  app.doc31(OPENAPI_PATH, OPENAPI_INFO);
  mountDocs(app);
  if (options.webDir) mountWebUi(app, options.webDir);

  const limit = (maxSize: number): MiddlewareHandler<Env> => {
    const tooLarge = () => {
      // The rest of the body is not read: the connection cannot carry another request.
      throw new ApiError(413, 'payload_too_large', `the request body is larger than ${maxSize} bytes`, [], { Connection: 'close' });
    };
    const counted = bodyLimit({ maxSize, onError: tooLarge });
    // A body of declared length is judged by its header; only one sent in chunks is counted as it
    // is read. (Hono's bodyLimit reads `c.req.raw.body` first, which makes the Node server build
    // a web Request and stream for every request: 6% of the API's CPU.)
    return (c, next) => {
      if (c.req.header('transfer-encoding') !== undefined) return counted(c, next);
      return Number(c.req.header('content-length') ?? 0) > maxSize ? tooLarge() : next();
    };
  };
  const general = limit(options.maxBodyBytes ?? 1024 * 1024);
  // A pasted API description (a provider's whole OpenAPI document) is larger than any other body.
  const imports = limit(Math.max(options.maxBodyBytes ?? 0, IMPORT_BODY_BYTES));
  app.use('/api/v1/*', (c, next) => (c.req.path === '/api/v1/connectors/import' ? imports(c, next) : general(c, next)));
  const auth = authenticate(options.verifier, (caller) => store.users.touch(caller.id, caller.email));
  // The OAuth callback is where a provider sends the browser back: its sealed `state` is its proof.
  app.use('/api/v1/*', (c, next) => (c.req.path === OPENAPI_PATH || c.req.path === OAUTH_CALLBACK_PATH ? next() : auth(c, next)));
  app.use('/api/v1/*', inputBounds());

  for (const routes of [workspaceRoutes, importRoutes, connectorRoutes, executionRoutes, flowRoutes, contactRoutes, credentialRoutes, oauthRoutes, templateRoutes, auditRoutes]) {
    app.route('/api/v1', routes(options));
  }
  return app;
}

/** The OpenAPI document, without a server: the routes are declared, never called. */
export function openApiDocument(): ReturnType<OpenAPIHono['getOpenAPI31Document']> {
  const inert = {} as never;
  const app = createApp({ store: inert, engine: inert, queue: inert, logger: inert, verifier: inert, rateLimitPerMinute: 1, bulkLimitPerMinute: 1 });
  return app.getOpenAPI31Document(OPENAPI_INFO);
}
