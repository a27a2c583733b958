import { createHash, randomBytes } from 'node:crypto';
import type { Definition, Step } from './definition/schema.ts';
import { StepError } from './errors.ts';
import type { HttpClient } from './http/client.ts';
import { oauthClient, secretField } from './auth.ts';
import { connectionTokens, requestToken, type ConnectionTokens } from './oauth.ts';
import { renderField } from './request.ts';
import { workspaceScope, type RunContext } from './run.ts';
import { RunSecrets } from './run-secrets.ts';
import { Scope } from './template/index.ts';

type CodeAuth = Extract<Step['auth'], { type: 'oauth2_authorization_code' }>;

/** The step whose account a workspace connects in the browser: the one named, or the first that asks for one. */
export function connectableStep(definition: Definition, stepId?: string): { step: Step; auth: CodeAuth } | undefined {
  for (const step of definition.steps) {
    if (stepId !== undefined && step.id !== stepId) continue;
    if (step.auth.type === 'oauth2_authorization_code') return { step, auth: step.auth };
  }
  return undefined;
}

/** A PKCE pair (RFC 7636 4.1, S256): the verifier stays on the server, the challenge goes to the provider. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** The auth block's templates read the workspace and its credentials; there is no contact when an account is connected. */
function connectScope(context: RunContext): Scope {
  return new Scope({ workspace: workspaceScope(context), credentials: context.credentials ?? {} });
}

/** Where the browser goes to grant access (RFC 6749 4.1.1): the provider's page, with this server's callback. */
export function authorizationUrl(auth: CodeAuth, context: RunContext, request: { redirectUri: string; state: string; challenge?: string }): string {
  const scope = connectScope(context);
  const url = new URL(renderField('auth.authorizationUrl', auth.authorizationUrl, scope).text);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new StepError('template', 'auth.authorizationUrl: must be an http(s) URL');
  const query = url.searchParams;
  query.set('response_type', 'code');
  query.set('client_id', renderField('auth.clientId', auth.clientId, scope).text);
  query.set('redirect_uri', request.redirectUri);
  query.set('state', request.state);
  if (auth.scope !== undefined) query.set('scope', renderField('auth.scope', auth.scope, scope).text);
  if (request.challenge) {
    query.set('code_challenge', request.challenge);
    query.set('code_challenge_method', 'S256');
  }
  return url.toString();
}

/**
 * Trades the code the provider sent back for the connection's tokens (RFC 6749 4.1.3), over the
 * fields stored before (a client id kept beside them). Errors never hold a secret.
 */
export async function exchangeCode(
  auth: CodeAuth,
  context: RunContext,
  exchange: { code: string; redirectUri: string; verifier?: string; stored?: ConnectionTokens },
  http: HttpClient,
  timeoutMs = 30_000,
): Promise<ConnectionTokens> {
  const { masker } = new RunSecrets([], context.credentials ?? {});
  masker.add(exchange.code);
  masker.add(exchange.verifier);
  const scope = connectScope(context);
  const secret = secretField(scope, masker);
  const grant: Record<string, string> = { grant_type: 'authorization_code', code: exchange.code, redirect_uri: exchange.redirectUri };
  if (exchange.verifier) grant.code_verifier = exchange.verifier;
  try {
    return connectionTokens(await requestToken(oauthClient(auth, scope, secret), grant, { http, masker, deadline: Date.now() + timeoutMs }), exchange.stored);
  } catch (error) {
    throw error instanceof StepError ? error : new StepError('network', masker.mask(String(error instanceof Error ? error.message : error)));
  }
}
