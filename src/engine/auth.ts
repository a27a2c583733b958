import { createHash } from 'node:crypto';
import type { Auth } from './definition/schema.ts';
import { StepError } from './errors.ts';
import type { HttpClient } from './http/client.ts';
import { addHeader, addQuery, renderField, type BuiltRequest } from './request.ts';
import { parseBody, preview } from './response.ts';
import type { SecretMasker } from './secrets.ts';
import type { Scope } from './template/index.ts';

interface CachedToken {
  token: string;
  expiresAt: number;
}

/** OAuth2 access tokens, kept until shortly before they expire. */
export class TokenCache {
  readonly #tokens = new Map<string, CachedToken>();
  get(key: string, now = Date.now()): string | undefined {
    const hit = this.#tokens.get(key);
    if (hit && hit.expiresAt > now) return hit.token;
    this.#tokens.delete(key);
    return undefined;
  }
  set(key: string, token: string, expiresAt: number): void {
    this.#tokens.set(key, { token, expiresAt });
  }
}

export interface AuthContext {
  http: HttpClient;
  tokens: TokenCache;
  masker: SecretMasker;
  /** When the step's try must be over (epoch ms). */
  deadline: number;
  /** Fetch a new OAuth token even if one is cached (after a 401). */
  refresh: boolean;
}

/**
 * Adds a step's credentials to its request; every rendered credential becomes a secret to mask.
 * Only OAuth2 may need to wait (for a token), so only then is there a promise to await.
 */
export function applyAuth(auth: Auth, request: BuiltRequest, scope: Scope, context: AuthContext): Promise<void> | undefined {
  const secret = (field: string, source: string) => {
    const { text } = renderField(`auth.${field}`, source, scope);
    context.masker.add(text);
    return text;
  };
  switch (auth.type) {
    case 'none':
      return undefined;
    case 'bearer':
      addHeader(request, 'authorization', `Bearer ${secret('token', auth.token)}`);
      return undefined;
    case 'basic': {
      const encoded = Buffer.from(`${secret('username', auth.username)}:${secret('password', auth.password)}`).toString('base64');
      context.masker.add(encoded);
      addHeader(request, 'authorization', `Basic ${encoded}`);
      return undefined;
    }
    case 'api_key': {
      const value = secret('value', auth.value);
      if (auth.in === 'query') addQuery(request, `${encodeURIComponent(auth.name)}=${encodeURIComponent(value)}`);
      else {
        addHeader(request, auth.name, value);
        request.sensitiveHeaders.add(auth.name.toLowerCase());
      }
      return undefined;
    }
    case 'oauth2_client_credentials':
      return withOAuthToken(auth, request, scope, context, secret);
  }
}

async function withOAuthToken(
  auth: Extract<Auth, { type: 'oauth2_client_credentials' }>,
  request: BuiltRequest,
  scope: Scope,
  context: AuthContext,
  secret: (field: string, source: string) => string,
): Promise<void> {
  const token = await oauthToken(
    {
      tokenUrl: renderField('auth.tokenUrl', auth.tokenUrl, scope).text,
      clientId: secret('clientId', auth.clientId),
      clientSecret: secret('clientSecret', auth.clientSecret),
      scope: auth.scope === undefined ? undefined : renderField('auth.scope', auth.scope, scope).text,
      audience: auth.audience === undefined ? undefined : renderField('auth.audience', auth.audience, scope).text,
      clientAuthentication: auth.clientAuthentication,
    },
    context,
  );
  context.masker.add(token);
  addHeader(request, 'authorization', `Bearer ${token}`);
}

interface TokenRequest {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope: string | undefined;
  audience: string | undefined;
  clientAuthentication: 'basic' | 'body';
}

async function oauthToken(grant: TokenRequest, context: AuthContext): Promise<string> {
  const key = createHash('sha256').update(JSON.stringify(grant)).digest('hex');
  const cached = context.refresh ? undefined : context.tokens.get(key);
  if (cached) return cached;

  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (grant.scope) form.set('scope', grant.scope);
  if (grant.audience) form.set('audience', grant.audience);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  if (grant.clientAuthentication === 'basic') {
    const basic = Buffer.from(`${encodeURIComponent(grant.clientId)}:${encodeURIComponent(grant.clientSecret)}`).toString('base64');
    context.masker.add(basic);
    headers.authorization = `Basic ${basic}`;
  } else {
    form.set('client_id', grant.clientId);
    form.set('client_secret', grant.clientSecret);
  }
  const started = Date.now();
  const response = await context.http.send({ method: 'POST', url: grant.tokenUrl, headers, body: form.toString() }, context.deadline);
  const where = new URL(response.url).host;
  if (response.status < 200 || response.status >= 300) {
    throw new StepError('auth', `the OAuth token endpoint ${where} answered HTTP ${response.status}: ${preview(context.masker.mask(response.body.toString('utf8')))}`);
  }
  const body = parseBody(response.headers['content-type'], response.body).value as { access_token?: unknown; expires_in?: unknown } | null;
  if (typeof body?.access_token !== 'string' || body.access_token === '') {
    throw new StepError('auth', `the OAuth token endpoint ${where} answered without an access_token`);
  }
  const lifetime = typeof body.expires_in === 'number' ? body.expires_in : Number(body.expires_in ?? 300);
  // Renew a little early so a token does not expire between the cache and the remote API.
  const expiresAt = started + Math.max(0, (Number.isFinite(lifetime) ? lifetime : 300) - 30) * 1000;
  context.tokens.set(key, body.access_token, expiresAt);
  return body.access_token;
}
