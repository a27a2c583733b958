import { createHash, randomBytes } from 'node:crypto';
import { json, standIn, type Received, type StandIn } from './stand-in.ts';

/*
 * An OAuth 2.0 provider as RFC 6749 and RFC 7636 describe one, with refresh-token rotation as
 * Xero and Auth0 document it: each refresh answers a new refresh token and retires the one sent;
 * a retired refresh token sent again revokes every token of that grant (reuse detection).
 *
 * - GET  /authorize   the consent page; "Allow" (`approved=yes`) sends the browser back to
 *                     `redirect_uri` with `code` and `state`
 * - POST /token       form body only; client id and secret by Basic auth or in the body
 * - GET  /api/me      a resource: `Authorization: Bearer` a live access token, else 401
 */

export const CLIENT_ID = 'client-4f1a9c';
export const CLIENT_SECRET = 'secret-c0ffee-1234567890';

export interface OAuthProvider extends StandIn {
  /** Refresh-token grants answered, and refused. */
  refreshes: number;
  refusedRefreshes: number;
  /** Issues a grant as a completed consent would, for tests that start with a connected account. */
  grant(lifetimeSeconds?: number): { access_token: string; refresh_token: string };
  /** Makes every access token issued so far expired, as time would. */
  expireAccessTokens(): void;
  /** Makes an access token refused before its time, as a revocation would. */
  revoke(accessToken: string): void;
}

interface Grant {
  live: boolean;
  refresh: string;
  retired: Set<string>;
}

export async function oauthProvider(options: { rotate?: boolean; lifetimeSeconds?: number; answerDelayMs?: number } = {}): Promise<OAuthProvider> {
  const rotate = options.rotate ?? true;
  const lifetime = options.lifetimeSeconds ?? 3600;
  const codes = new Map<string, { redirectUri: string; challenge?: string; used: boolean }>();
  const access = new Map<string, { grant: Grant; expires: number }>();
  const grants: Grant[] = [];
  const token = (prefix: string) => `${prefix}-${randomBytes(12).toString('hex')}`;

  const issue = (grant: Grant, seconds = lifetime) => {
    const accessToken = token('at');
    access.set(accessToken, { grant, expires: Date.now() + seconds * 1000 });
    return accessToken;
  };
  const newGrant = (seconds?: number) => {
    const grant: Grant = { live: true, refresh: token('rt'), retired: new Set() };
    grants.push(grant);
    return { grant, access_token: issue(grant, seconds), refresh_token: grant.refresh };
  };

  const clientOf = (request: Received, form: URLSearchParams): [string | null, string | null] => {
    const basic = /^Basic (.+)$/.exec(request.headers.authorization ?? '');
    if (basic) {
      const [id, secret] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':').map(decodeURIComponent);
      return [id ?? null, secret ?? null];
    }
    return [form.get('client_id'), form.get('client_secret')];
  };

  const provider = (await standIn(async (request, response) => {
    const { pathname, searchParams: query } = request.url;
    if (pathname === '/authorize') {
      const redirectUri = query.get('redirect_uri');
      if (query.get('client_id') !== CLIENT_ID || !redirectUri) return json(response, 400, { error: 'invalid_request', error_description: 'unknown client_id or no redirect_uri' });
      const back = new URL(redirectUri);
      back.searchParams.set('state', query.get('state') ?? '');
      if (query.get('response_type') !== 'code') back.searchParams.set('error', 'unsupported_response_type');
      else if (query.get('approved') === 'no') back.searchParams.set('error', 'access_denied');
      else if (query.get('approved') === 'yes') {
        const code = token('code');
        const challenge = query.get('code_challenge');
        if (challenge && query.get('code_challenge_method') !== 'S256') return json(response, 400, { error: 'invalid_request', error_description: 'code_challenge_method must be S256' });
        codes.set(code, { redirectUri, ...(challenge ? { challenge } : {}), used: false });
        back.searchParams.set('code', code);
      } else {
        // The consent page: what the user sees before allowing.
        const allow = new URL(request.target, provider.url);
        allow.searchParams.set('approved', 'yes');
        response.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><title>Sign in</title><h1>Allow Connectors to read your profile?</h1><p>Scope: ${query.get('scope') ?? ''}</p><a id="allow" href="${allow.toString().replace(/&/g, '&amp;')}">Allow</a>`);
        return;
      }
      response.writeHead(302, { location: back.toString() }).end();
      return;
    }
    if (pathname === '/token') {
      if (request.method !== 'POST' || !(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
        return json(response, 400, { error: 'invalid_request', error_description: 'POST a form body' });
      }
      const form = new URLSearchParams(request.body);
      const [id, secret] = clientOf(request, form);
      if (id !== CLIENT_ID || secret !== CLIENT_SECRET) return json(response, 401, { error: 'invalid_client' }, { 'www-authenticate': 'Basic realm="token"' });
      if (options.answerDelayMs) await new Promise((resolve) => setTimeout(resolve, options.answerDelayMs));
      const answer = (grant: Grant) => json(response, 200, { access_token: issue(grant), token_type: 'Bearer', expires_in: lifetime, refresh_token: grant.refresh, scope: 'profile' }, { 'cache-control': 'no-store' });
      if (form.get('grant_type') === 'authorization_code') {
        const code = codes.get(form.get('code') ?? '');
        if (!code || code.used || code.redirectUri !== form.get('redirect_uri')) return json(response, 400, { error: 'invalid_grant', error_description: 'the code is unknown, used, or was issued for another redirect_uri' });
        code.used = true;
        if (code.challenge && createHash('sha256').update(form.get('code_verifier') ?? '').digest('base64url') !== code.challenge) {
          return json(response, 400, { error: 'invalid_grant', error_description: 'code_verifier does not match code_challenge' });
        }
        return answer(newGrant().grant);
      }
      if (form.get('grant_type') === 'refresh_token') {
        const sent = form.get('refresh_token') ?? '';
        const grant = grants.find((one) => one.refresh === sent || one.retired.has(sent));
        if (grant && grant.retired.has(sent)) {
          // A retired refresh token came back: someone holds a copy; the whole grant ends.
          grant.live = false;
          provider.refusedRefreshes++;
          return json(response, 400, { error: 'invalid_grant', error_description: 'refresh token reuse detected; the grant is revoked' });
        }
        if (!grant || !grant.live) {
          provider.refusedRefreshes++;
          return json(response, 400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
        }
        provider.refreshes++;
        if (rotate) {
          grant.retired.add(grant.refresh);
          grant.refresh = token('rt');
        }
        return answer(grant);
      }
      return json(response, 400, { error: 'unsupported_grant_type' });
    }
    if (pathname === '/api/me') {
      const held = access.get((request.headers.authorization ?? '').replace(/^Bearer /, ''));
      if (!held || !held.grant.live || held.expires <= Date.now()) {
        return json(response, 401, { error: 'invalid_token' }, { 'www-authenticate': 'Bearer error="invalid_token"' });
      }
      return json(response, 200, { email: 'ada@example.com', name: 'Ada Lovelace', company: 'Analytical Engines' });
    }
    json(response, 404, { error: 'not_found' });
  })) as OAuthProvider;

  provider.refreshes = 0;
  provider.refusedRefreshes = 0;
  provider.grant = (seconds) => {
    const { access_token, refresh_token } = newGrant(seconds);
    return { access_token, refresh_token };
  };
  provider.expireAccessTokens = () => {
    for (const held of access.values()) held.expires = 0;
  };
  provider.revoke = (accessToken) => access.delete(accessToken);
  return provider;
}
