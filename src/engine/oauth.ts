import { createHash } from 'node:crypto';
import type { ConnectionAuth } from './definition/schema.ts';
import { StepError } from './errors.ts';
import type { HttpClient } from './http/client.ts';
import { parseBody, preview } from './response.ts';
import { TOKEN_FIELDS } from './run-secrets.ts';
import type { SecretMasker } from './secrets.ts';

/** What a token request needs: where it goes and how the client proves itself (RFC 6749 2.3.1). */
export interface OAuthClient {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  clientAuthentication: 'basic' | 'body';
}

export interface TokenRequestContext {
  http: HttpClient;
  masker: SecretMasker;
  /** When the request must be answered (epoch ms). */
  deadline: number;
}

/** A token endpoint's answer (RFC 6749 5.1). */
export interface TokenAnswer {
  accessToken: string;
  refreshToken?: string;
  /** Epoch ms; absent when the endpoint did not say. */
  expiresAt?: number;
}

/**
 * A stored OAuth connection's fields, as `credentials.CONNECTION.*` reads them: `access_token`,
 * `refresh_token`, `expires_at` (ISO 8601; absent when the provider did not say), and any other
 * field the workspace stored beside them (a client id and secret).
 */
export type ConnectionTokens = Record<string, string>;

/**
 * Renews a stored connection's tokens: `renew` gets the tokens stored now, while no other run
 * renews the same connection, and what it returns is stored before anyone else reads it (a
 * provider that rotates refresh tokens accepts each one once).
 */
export type RenewConnection = (connection: string, renew: (stored: ConnectionTokens | undefined) => Promise<ConnectionTokens>) => Promise<ConnectionTokens>;

/** A token is renewed this long before it expires, so it does not expire on the way to the API. */
const EARLY_MS = 60_000;

/** Asks a token endpoint for a token; every token it answers is a secret from then on. */
export async function requestToken(client: OAuthClient, grant: Record<string, string>, context: TokenRequestContext): Promise<TokenAnswer> {
  const form = new URLSearchParams(grant);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  if (client.clientAuthentication === 'basic') {
    const basic = Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`).toString('base64');
    context.masker.add(basic);
    headers.authorization = `Basic ${basic}`;
  } else {
    form.set('client_id', client.clientId);
    form.set('client_secret', client.clientSecret);
  }
  const started = Date.now();
  const response = await context.http.send({ method: 'POST', url: client.tokenUrl, headers, body: form.toString() }, context.deadline);
  const where = new URL(response.url).host;
  const body = parseBody(response.headers['content-type'], response.body).value as Record<string, unknown> | null;
  for (const field of TOKEN_FIELDS) if (typeof body?.[field] === 'string') context.masker.add(body[field]);
  if (response.status < 200 || response.status >= 300) {
    throw new StepError('auth', `the OAuth token endpoint ${where} answered HTTP ${response.status}: ${preview(context.masker.mask(response.body.toString('utf8')))}`, { status: response.status });
  }
  if (typeof body?.access_token !== 'string' || body.access_token === '') {
    throw new StepError('auth', `the OAuth token endpoint ${where} answered without an access_token`);
  }
  const lifetime = Number(body.expires_in);
  return {
    accessToken: body.access_token,
    ...(typeof body.refresh_token === 'string' && body.refresh_token !== '' ? { refreshToken: body.refresh_token } : {}),
    ...(body.expires_in !== undefined && Number.isFinite(lifetime) ? { expiresAt: started + lifetime * 1000 } : {}),
  };
}

/** A token answer as a connection stores it; a refresh token not sent again stays the one stored. */
export function connectionTokens(answer: TokenAnswer, before: ConnectionTokens = {}): ConnectionTokens {
  const { access_token: _access, expires_at: _expires, ...kept } = before;
  return {
    ...kept,
    access_token: answer.accessToken,
    ...(answer.refreshToken ? { refresh_token: answer.refreshToken } : {}),
    ...(answer.expiresAt === undefined ? {} : { expires_at: new Date(answer.expiresAt).toISOString() }),
  };
}

/** OAuth2 client-credentials tokens, kept until shortly before they expire. */
export class TokenCache {
  readonly #tokens = new Map<string, { token: string; expiresAt: number }>();

  /** A cached token for this client and grant, or a new one (always a new one with `fresh`). */
  async token(client: OAuthClient, grant: Record<string, string>, context: TokenRequestContext, fresh: boolean): Promise<string> {
    const key = createHash('sha256').update(JSON.stringify([client, grant])).digest('hex');
    const hit = this.#tokens.get(key);
    if (!fresh && hit && hit.expiresAt > Date.now()) return hit.token;
    this.#tokens.delete(key);
    const answer = await requestToken(client, grant, context);
    // Without a stated lifetime a token is kept five minutes; renewed a little early either way.
    this.#tokens.set(key, { token: answer.accessToken, expiresAt: (answer.expiresAt ?? Date.now() + 300_000) - 30_000 });
    return answer.accessToken;
  }
}

/** Whether a connection's access token can be sent: present, not the one just refused, not about to expire. */
export function usable(tokens: ConnectionTokens | undefined, refused: string | undefined): tokens is ConnectionTokens & { access_token: string } {
  if (!tokens?.access_token || tokens.access_token === refused) return false;
  return tokens.expires_at === undefined || Date.parse(tokens.expires_at) > Date.now() + EARLY_MS;
}

/** New tokens for a connection, from its refresh token. */
export async function refreshConnection(auth: ConnectionAuth, client: OAuthClient, scope: string | undefined, stored: ConnectionTokens, context: TokenRequestContext): Promise<ConnectionTokens> {
  if (!stored.refresh_token) {
    throw new StepError('auth', `the connection "${auth.connection}" holds no refresh_token and its access token is expired or was refused: connect the account again`);
  }
  const grant: Record<string, string> = { grant_type: 'refresh_token', refresh_token: stored.refresh_token };
  if (scope) grant.scope = scope;
  try {
    return connectionTokens(await requestToken(client, grant, context), stored);
  } catch (error) {
    // invalid_grant (RFC 6749 5.2) is a 400; some providers answer 401.
    if (error instanceof StepError && (error.status === 400 || error.status === 401)) error.message += `; if the account's access was revoked, connect "${auth.connection}" again`;
    throw error;
  }
}
