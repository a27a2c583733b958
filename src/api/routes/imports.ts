import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { draftFromCurl } from '../../engine/import/curl.ts';
import { invalid } from '../errors.ts';
import type { Env } from '../env.ts';
import type { Services } from '../services.ts';
import { requireRole, workspaceScope } from '../workspace-scope.ts';
import { body, json, ok, router, routesOf } from './openapi-helpers.ts';

const route = routesOf('Connectors');

const ImportRequest = z
  .object({
    curl: z.string().min(1).max(100_000).openapi({ description: 'One or several `curl` commands, as API docs print them' }),
    store_credentials: z.boolean().default(false).openapi({ description: 'Store the secrets the commands held as workspace credentials (editors); they are never sent back' }),
  })
  .openapi('ImportRequest', { example: { curl: 'curl https://api.hunter.io/v2/email-verifier?email=patrick@stripe.com&api_key=YOUR_API_KEY' } });

const ImportResult = z
  .object({
    definition: z.record(z.string(), z.unknown()).openapi({ description: 'A draft connector (not saved): one step per command, placeholders declared as inputs, secrets read from credentials' }),
    credentials: z.array(z.object({ service_name: z.string(), fields: z.array(z.string()), missing: z.array(z.string()).openapi({ description: 'Fields the commands held only a placeholder for' }), stored: z.boolean() })),
    notes: z.array(z.string()).openapi({ description: 'What was guessed, or could not be imported' }),
  })
  .openapi('ImportResult');

export function importRoutes({ store }: Services): OpenAPIHono<Env> {
  const app = router();
  app.use('/connectors/import', workspaceScope(store));

  app.openapi(
    route({
      method: 'post',
      path: '/connectors/import',
      operationId: 'importConnector',
      summary: 'Make a draft connector from cURL commands',
      description: 'Nothing is saved unless `store_credentials` is set; the draft is checked by saving it (`POST /connectors`).',
      request: body(ImportRequest),
      responses: { 200: json(ImportResult, 'The draft') },
      errors: [400, 403, 404, 413],
    }),
    async (c) => {
      const scope = c.get('workspace');
      const { curl, store_credentials: storeCredentials } = c.req.valid('json');
      let draft;
      try {
        draft = draftFromCurl(curl);
      } catch (error) {
        throw invalid('the cURL commands could not be read', [{ path: 'curl', message: (error as Error).message }]);
      }
      if (storeCredentials) requireRole(scope, 'editor');
      const credentials = [];
      for (const { service_name: service, fields } of draft.credentials) {
        const missing = Object.keys(fields).filter((field) => fields[field] === null);
        const complete = missing.length === 0;
        if (storeCredentials && complete) await store.credentials.put(scope.id, service, fields as Record<string, string>, c.get('caller').id);
        credentials.push({ service_name: service, fields: Object.keys(fields), missing, stored: storeCredentials && complete });
      }
      return c.json(ok({ definition: draft.definition, credentials, notes: draft.notes }), 200);
    },
  );

  return app;
}
