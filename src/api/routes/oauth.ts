import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { authorizationUrl, connectableStep, exchangeCode, pkcePair, StepError } from '../../engine/index.ts';
import type { Store } from '../../store/index.ts';
import { ApiError, notFound } from '../errors.ts';
import type { Env } from '../env.ts';
import { IdParam } from '../schemas.ts';
import type { Services } from '../services.ts';
import { requireRole, rowId, workspaceScope } from '../workspace-scope.ts';
import { runnable } from './connectors.ts';
import { body, json, ok, router, routesOf } from './openapi-helpers.ts';

export const OAUTH_CALLBACK_PATH = '/api/v1/oauth/callback';
/** How long the provider's consent page may take before the code it sends back is refused. */
const STATE_LIFETIME_MS = 15 * 60_000;
const STATE_CONTEXT = 'oauth-state';

/** What the callback must know, sealed into `state`: the browser carries it and cannot read or change it. */
interface PendingConnection {
  workspace: string;
  connector: string;
  step: string;
  user: string;
  verifier?: string;
  redirectUri: string;
  expires: number;
}

const AuthorizeBody = z.object({ step_id: z.string().max(100).optional() }).openapi('AuthorizeRequest');
const AuthorizeAnswer = z
  .object({ authorization_url: z.string(), connection: z.string(), redirect_uri: z.string() })
  .openapi('Authorization', { description: 'Send the browser to `authorization_url`; the provider sends it back to `redirect_uri`, which stores the tokens as the credential `connection`.' });

/**
 * Connecting an account (OAuth 2.0 authorization code with PKCE): the app asks where to send the
 * browser, the provider sends it back to the callback, and the callback stores the tokens,
 * encrypted, as the credential the connector's auth names.
 */
const route = routesOf('Credentials');

export function oauthRoutes(services: Services): OpenAPIHono<Env> {
  const { store } = services;
  const app = router();
  app.use('/workspace/connectors/:id/oauth/authorize', workspaceScope(store));

  app.openapi(
    route({
      method: 'post',
      path: '/workspace/connectors/{id}/oauth/authorize',
      operationId: 'authorizeConnection',
      summary: 'Start connecting an account',
      description: "For a connector whose auth is `oauth2` with `grantType: authorization_code`. Register `redirect_uri` with the provider. The connector's client id is in the URL, as OAuth requires; its secret never leaves the server.",
      request: { params: IdParam, ...body(AuthorizeBody) },
      responses: { 200: json(AuthorizeAnswer, 'Where to send the browser') },
      errors: [400, 403, 404, 409],
    }),
    async (c) => {
      const scope = c.get('workspace');
      requireRole(scope, 'editor');
      const connector = await store.connectors.get(scope.id, rowId(c.req.valid('param').id, 'connector'));
      if (!connector) throw notFound('connector');
      const { step_id: stepId } = c.req.valid('json');
      const found = connectableStep(runnable(connector), stepId);
      if (!found) throw new ApiError(400, 'not_connectable', `${stepId ? `step ${stepId}` : 'no step'} of this connector uses oauth2 auth with grantType authorization_code`, [{ path: 'step_id', message: 'names no step that connects an account' }]);
      const redirectUri = `${services.publicUrl ?? new URL(c.req.url).origin}${OAUTH_CALLBACK_PATH}`;
      const pkce = found.auth.pkce ? pkcePair() : undefined;
      const pending: PendingConnection = { workspace: scope.id, connector: connector.id, step: found.step.id, user: c.get('caller').id, redirectUri, expires: Date.now() + STATE_LIFETIME_MS, ...(pkce ? { verifier: pkce.verifier } : {}) };
      const credentials = await store.credentials.open(scope.id);
      let url: string;
      try {
        url = authorizationUrl(found.auth, { workspace: { id: scope.id, name: scope.name }, credentials }, { redirectUri, state: seal(store, pending), ...(pkce ? { challenge: pkce.challenge } : {}) });
      } catch (error) {
        if (error instanceof StepError) throw new ApiError(400, 'invalid_auth', error.message, [{ path: `steps.${found.step.id}.auth`, message: error.message }]);
        throw error;
      }
      return c.json(ok({ authorization_url: url, connection: found.auth.connection, redirect_uri: redirectUri }), 200);
    },
  );

  // The provider sends the browser here, without our bearer token: `state` is what proves the request.
  app.get('/oauth/callback', async (c) => {
    const pending = open(store, c.req.query('state'));
    if (!pending) throw new ApiError(400, 'invalid_state', 'this sign-in link is not one this server made, or it expired: start connecting the account again');
    // Back to the connector in the web app, which says how it went.
    const back = (outcome: Record<string, string>) => c.redirect(`/#/connectors/${pending.connector}?${new URLSearchParams(outcome)}`, 302);
    const refused = c.req.query('error');
    if (refused) return back({ oauth_error: `the provider answered ${refused}${c.req.query('error_description') ? `: ${c.req.query('error_description')}` : ''}`.slice(0, 300) });
    const code = c.req.query('code');
    if (!code) return back({ oauth_error: 'the provider sent back no code' });
    try {
      const connection = await complete(services, pending, code);
      return back({ connected: connection });
    } catch (error) {
      if (error instanceof StepError || error instanceof ApiError) return back({ oauth_error: error.message.slice(0, 300) });
      throw error;
    }
  });

  return app;
}

async function complete(services: Services, pending: PendingConnection, code: string): Promise<string> {
  const { store } = services;
  const connector = await store.connectors.get(pending.workspace, pending.connector);
  const found = connector ? connectableStep(runnable(connector), pending.step) : undefined;
  if (!connector || !found) throw new ApiError(404, 'not_found', 'the connector, or its step that connects an account, is gone');
  // Whoever started it must still be able to store credentials there.
  const workspace = await store.workspaces.findForMember(pending.workspace, pending.user);
  if (!workspace) throw notFound('workspace');
  requireRole(workspace, 'editor');
  const credentials = await store.credentials.open(pending.workspace);
  const { connection } = found.auth;
  const tokens = await exchangeCode(
    found.auth,
    { workspace: { id: pending.workspace, name: workspace.name }, credentials },
    { code, redirectUri: pending.redirectUri, ...(pending.verifier ? { verifier: pending.verifier } : {}), ...(credentials[connection] ? { stored: credentials[connection] } : {}) },
    services.engine.http,
  );
  await store.credentials.put(pending.workspace, connection, tokens, pending.user);
  return connection;
}

function seal(store: Store, pending: PendingConnection): string {
  const { ciphertext, keyId } = store.box.seal(JSON.stringify(pending), STATE_CONTEXT);
  return `${keyId}.${Buffer.from(ciphertext, 'base64').toString('base64url')}`;
}

/** The pending connection a `state` holds, or nothing when it was not made here or is too old. */
function open(store: Store, state: string | undefined): PendingConnection | undefined {
  const dot = state?.indexOf('.') ?? -1;
  if (!state || dot <= 0 || state.length > 4096) return undefined;
  try {
    const pending = JSON.parse(store.box.open(Buffer.from(state.slice(dot + 1), 'base64url').toString('base64'), state.slice(0, dot), STATE_CONTEXT)) as PendingConnection;
    return pending.expires > Date.now() ? pending : undefined;
  } catch {
    return undefined;
  }
}
