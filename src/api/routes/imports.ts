import { type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Engine } from '../../engine/index.ts';
import { draftFromCurl } from '../../engine/import/curl.ts';
import type { Draft } from '../../engine/import/draft.ts';
import { draftFromOpenApi, NoSuchOperation, operationsOf, readOpenApi } from '../../engine/import/openapi.ts';
import { draftFromPostman } from '../../engine/import/postman.ts';
import { invalid } from '../errors.ts';
import type { Env } from '../env.ts';
import type { Services } from '../services.ts';
import { requireRole, workspaceScope } from '../workspace-scope.ts';
import { body, json, ok, router, routesOf } from './openapi-helpers.ts';

const route = routesOf('Connectors');

/** A pasted document, or (OpenAPI) the https address it is published at. */
const DOCUMENT_TEXT = 10 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 15_000;

const document = z.union([z.string().min(1).max(DOCUMENT_TEXT), z.record(z.string(), z.unknown())]);

const ImportRequest = z
  .object({
    curl: z.string().min(1).max(100_000).optional().openapi({ description: 'One or several `curl` commands, as API docs print them' }),
    openapi: document.optional().openapi({ description: 'An OpenAPI 3.x or Swagger 2 document (JSON or YAML text, or the document itself), or the https address it is published at' }),
    operation: z.string().min(1).max(500).optional().openapi({ description: 'The operation to import: its operationId, or `METHOD /path`. Without it the operations are listed' }),
    search: z.string().max(200).optional().openapi({ description: 'Lists only the operations whose id, path, summary or tags hold every word' }),
    postman: document.optional().openapi({ description: 'A Postman collection (v2.1 or v2.0), as exported' }),
    store_credentials: z.boolean().default(false).openapi({ description: 'Store the secrets the source held as workspace credentials (editors); they are never sent back' }),
  })
  .refine((request) => [request.curl, request.openapi, request.postman].filter((source) => source !== undefined).length === 1, {
    message: 'give exactly one of curl, openapi or postman',
    path: ['curl'],
  })
  .openapi('ImportRequest', { example: { curl: 'curl https://api.hunter.io/v2/email-verifier?email=patrick@stripe.com&api_key=YOUR_API_KEY' } });

const Operation = z
  .object({ key: z.string(), method: z.string(), path: z.string(), summary: z.string().optional(), tags: z.array(z.string()), deprecated: z.boolean().optional() })
  .openapi('ImportOperation');

const ImportResult = z
  .object({
    definition: z.record(z.string(), z.unknown()).optional().openapi({ description: 'A draft connector (not saved): placeholders and parameters declared as inputs, secrets read from credentials, suggested mappings in `field_mappings`' }),
    credentials: z.array(z.object({ service_name: z.string(), fields: z.array(z.string()), missing: z.array(z.string()).openapi({ description: 'Fields the source held no value for' }), stored: z.boolean() })),
    notes: z.array(z.string()).openapi({ description: 'What was guessed, or could not be imported' }),
    samples: z.record(z.string(), z.unknown()).optional().openapi({ description: 'A sample answer per step id, where the source showed one: its paths can be mapped before any call' }),
    operations: z.array(Operation).optional().openapi({ description: 'For an OpenAPI document named without `operation`: the operations it holds (at most 500)' }),
  })
  .openapi('ImportResult');

type ImportBody = z.infer<typeof ImportRequest>;

export function importRoutes({ store, engine }: Services): OpenAPIHono<Env> {
  const app = router();
  app.use('/connectors/import', workspaceScope(store));

  app.openapi(
    route({
      method: 'post',
      path: '/connectors/import',
      operationId: 'importConnector',
      summary: 'Make a draft connector from cURL commands, an OpenAPI operation or a Postman collection',
      description: 'Nothing is saved unless `store_credentials` is set; the draft is checked by saving it (`POST /connectors`). An OpenAPI document named without `operation` answers its operations instead.',
      request: body(ImportRequest),
      responses: { 200: json(ImportResult, 'The draft, or the operations to pick from') },
      errors: [400, 403, 404, 413],
    }),
    async (c) => {
      const scope = c.get('workspace');
      const request = c.req.valid('json');
      if (request.store_credentials) requireRole(scope, 'editor');
      const made = await draftOf(request, engine);
      if ('operations' in made) return c.json(ok({ credentials: [], notes: [], operations: made.operations }), 200);
      const { draft } = made;
      const credentials = [];
      for (const { service_name: service, fields } of draft.credentials) {
        const missing = Object.keys(fields).filter((field) => fields[field] === null);
        const complete = missing.length === 0;
        if (request.store_credentials && complete) await store.credentials.put(scope.id, service, fields as Record<string, string>, c.get('caller').id);
        credentials.push({ service_name: service, fields: Object.keys(fields), missing, stored: request.store_credentials && complete });
      }
      return c.json(ok({ definition: draft.definition, credentials, notes: draft.notes, samples: draft.samples }), 200);
    },
  );

  return app;
}

/** The draft the request's source makes, each source's problem named on its field. */
async function draftOf(request: ImportBody, engine: Engine): Promise<{ draft: Draft } | { operations: ReturnType<typeof operationsOf> }> {
  const field = request.curl !== undefined ? 'curl' : request.openapi !== undefined ? 'openapi' : 'postman';
  try {
    if (request.curl !== undefined) return { draft: draftFromCurl(request.curl) };
    if (request.postman !== undefined) return { draft: draftFromPostman(textOf(request.postman)) };
    const source = typeof request.openapi === 'string' && /^https?:\/\/\S+$/i.test(request.openapi.trim()) ? request.openapi.trim() : undefined;
    const spec = readOpenApi(source ? await fetchDocument(engine, source) : textOf(request.openapi!));
    if (request.operation === undefined) return { operations: operationsOf(spec, request.search).slice(0, 500) };
    return { draft: draftFromOpenApi(spec, request.operation, source) };
  } catch (error) {
    throw invalid(`the ${field === 'curl' ? 'cURL commands' : field === 'openapi' ? 'OpenAPI document' : 'Postman collection'} could not be read`, [{ path: error instanceof NoSuchOperation ? 'operation' : field, message: (error as Error).message }]);
  }
}

function textOf(source: string | Record<string, unknown>): string {
  return typeof source === 'string' ? source : JSON.stringify(source);
}

/** A published document, fetched as connectors' requests are: SSRF-guarded, bounded in size and time. */
async function fetchDocument(engine: Engine, url: string): Promise<string> {
  const answer = await engine.http.send({ method: 'GET', url, headers: { accept: 'application/json, application/yaml, text/yaml, */*' } }, Date.now() + FETCH_TIMEOUT_MS);
  if (answer.status < 200 || answer.status >= 300) throw new Error(`${url} answered ${answer.status}`);
  return answer.body.toString('utf8');
}
