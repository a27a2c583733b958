import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDefinition } from '../src/engine/index.ts';
import type { ConnectionTokens, RenewConnection } from '../src/engine/index.ts';
import { definitionOf, testEngine } from './support/engine.ts';
import { CLIENT_ID, CLIENT_SECRET, oauthProvider, type OAuthProvider } from './support/oauth-provider.ts';

/*
 * OAuth 2.0 beyond client credentials, in the engine: an account's tokens stored as a credential
 * (connected in the browser, or a refresh token pasted in), renewed before they expire and once
 * on a 401, and a rotated refresh token handed to the store.
 */

const profile = (provider: OAuthProvider, auth: Record<string, unknown>) =>
  definitionOf({
    name: 'Profile',
    steps: [
      { id: 'me', url: `${provider.url}/api/me`, auth, outputs: { email: 'email' } },
      { id: 'again', url: `${provider.url}/api/me?second=1`, auth, outputs: { company: 'company' } },
    ],
    finalMapping: { company: '{{ again.company }}' },
  });

const pasted = (provider: OAuthProvider, grantType = 'refresh_token') => ({
  type: 'oauth2',
  grantType,
  tokenUrl: `${provider.url}/token`,
  clientId: '{{ credentials.google.client_id }}',
  clientSecret: '{{ credentials.google.client_secret }}',
  connection: 'google',
  ...(grantType === 'authorization_code' ? { authorizationUrl: `${provider.url}/authorize` } : {}),
});

describe('OAuth connections in the engine', () => {
  let provider: OAuthProvider;
  const engine = testEngine();
  beforeAll(async () => {
    provider = await oauthProvider();
  });
  afterAll(async () => {
    await engine.close();
    await provider.close();
  });

  it('trades a pasted refresh token for an access token, once per run, and never shows either', async () => {
    const { refresh_token } = provider.grant();
    const credentials = { google: { client_id: CLIENT_ID, client_secret: CLIENT_SECRET, refresh_token } };
    const before = provider.refreshes;
    const result = await engine.run(profile(provider, pasted(provider)), { credentials });
    expect(result.error).toBeUndefined();
    expect(result.patch).toEqual({ company: 'Analytical Engines' });
    expect(provider.refreshes - before).toBe(1);
    const form = new URLSearchParams(provider.received.findLast((request) => request.url.pathname === '/token')!.body);
    expect(form.get('grant_type')).toBe('refresh_token');
    const shown = JSON.stringify(result);
    expect(shown).not.toContain(refresh_token);
    expect(shown).not.toMatch(/at-[0-9a-f]{24}|rt-[0-9a-f]{24}/);
    expect(result.steps[0]?.request?.headers.authorization).toBe('Bearer ••••••');
  });

  it('sends a stored access token while it lasts, renews it when it is about to expire, and hands the rotated refresh token over', async () => {
    const granted = provider.grant();
    const stored: ConnectionTokens = { access_token: granted.access_token, refresh_token: granted.refresh_token, expires_at: new Date(Date.now() + 3_600_000).toISOString() };
    const saved: ConnectionTokens[] = [];
    const renewConnection: RenewConnection = async (name, renew) => {
      expect(name).toBe('google');
      const next = await renew(stored);
      if (next !== stored) saved.push(next);
      return next;
    };
    const credentials = { google: { client_id: CLIENT_ID, client_secret: CLIENT_SECRET, ...stored } };
    const before = provider.refreshes;
    expect((await engine.run(profile(provider, pasted(provider, 'authorization_code')), { credentials }, { renewConnection })).status).toBe('success');
    expect(provider.refreshes).toBe(before);
    expect(saved).toEqual([]);

    // Thirty seconds left: renewed before it is sent.
    const expiring = { ...credentials, google: { ...credentials.google, expires_at: new Date(Date.now() + 30_000).toISOString() } };
    Object.assign(stored, expiring.google);
    const result = await engine.run(profile(provider, pasted(provider, 'authorization_code')), { credentials: expiring }, { renewConnection });
    expect(result.status).toBe('success');
    expect(provider.refreshes - before).toBe(1);
    expect(saved).toHaveLength(1);
    expect(saved[0]!.refresh_token).not.toBe(granted.refresh_token);
    expect(saved[0]!.access_token).not.toBe(granted.access_token);
    expect(Date.parse(saved[0]!.expires_at!)).toBeGreaterThan(Date.now() + 3_000_000);
    // What else the credential held is kept beside the tokens.
    expect(saved[0]!.client_id).toBe(CLIENT_ID);
  });

  it('renews once when the API answers 401 to a token that looked valid, and fails clearly when the grant is revoked', async () => {
    const granted = provider.grant();
    provider.revoke(granted.access_token);
    const credentials = { google: { client_id: CLIENT_ID, client_secret: CLIENT_SECRET, ...granted } };
    const result = await engine.run(profile(provider, pasted(provider)), { credentials });
    expect(result.status).toBe('success');
    expect(result.steps[0]?.notes).toContain('401: got a new OAuth token and tried again');

    // The refresh token was rotated by that run; sending the old one again is reuse, and the provider ends the grant.
    const reused = await engine.run(profile(provider, pasted(provider)), { credentials: { google: { ...credentials.google, access_token: 'at-gone' } } });
    expect(reused.status).toBe('failed');
    expect(reused.error?.code).toBe('auth');
    expect(reused.error?.message).toMatch(/HTTP 400.*invalid_grant.*connect "google" again/);
    expect(JSON.stringify(reused)).not.toContain(granted.refresh_token);
  });

  it('says which connection is missing, or holds no refresh token', async () => {
    const missing = await engine.run(profile(provider, pasted(provider)), { credentials: {} });
    expect(missing.error?.message).toMatch(/no account is connected as "google"/);
    const noRefresh = await engine.run(profile(provider, pasted(provider)), { credentials: { google: { client_id: CLIENT_ID, client_secret: CLIENT_SECRET, access_token: 'at-expired', expires_at: '2020-01-01T00:00:00Z' } } });
    expect(noRefresh.error?.message).toMatch(/"google" holds no refresh_token/);
  });
});

describe('OAuth auth blocks', () => {
  const step = (auth: Record<string, unknown>) => ({ name: 'x', steps: [{ id: 's', url: 'https://api.example.com', auth }] });
  const issues = (auth: Record<string, unknown>) => {
    const parsed = parseDefinition(step(auth));
    return parsed.ok ? [] : parsed.issues.map((issue) => `${issue.path}: ${issue.message}`);
  };

  it('refuses a refreshToken key instead of sending client credentials without it', () => {
    expect(issues({ type: 'oauth2', tokenUrl: 'https://x/token', clientId: 'a', clientSecret: 'b', refreshToken: '{{credentials.g.rt}}' })).toEqual([expect.stringMatching(/refreshToken: is not a field of oauth2 auth: a refresh token is stored as a credential/)]);
  });

  it('names the grant type it does not know, and what each grant needs', () => {
    expect(issues({ type: 'oauth2', grantType: 'password', tokenUrl: 'https://x/token', clientId: 'a', clientSecret: 'b' })).toEqual([expect.stringMatching(/grantType: must be one of client_credentials, refresh_token, authorization_code/)]);
    expect(issues({ type: 'oauth2', grantType: 'refresh_token', tokenUrl: 'https://x/token', clientId: 'a', clientSecret: 'b' })).toEqual([expect.stringMatching(/connection: required/)]);
    expect(issues({ type: 'oauth2', grant_type: 'authorization_code', token_url: 'https://x/token', client_id: 'a', client_secret: 'b', connection: 'crm' })).toEqual([expect.stringMatching(/authorizationUrl: required/)]);
    expect(issues({ type: 'oauth2', grantType: 'authorization_code', tokenUrl: 'https://x/token', authorizationUrl: 'https://x/auth', clientId: 'a', clientSecret: 'b', connection: 'no spaces' })).toEqual([expect.stringMatching(/connection: must name a stored credential/)]);
  });

  it('reads PKCE as on unless turned off', () => {
    const parsed = parseDefinition(step({ type: 'oauth2', grantType: 'authorization_code', tokenUrl: 'https://x/token', authorizationUrl: 'https://x/auth', clientId: 'a', clientSecret: 'b', connection: 'crm' }));
    expect(parsed.ok && parsed.definition.steps[0]!.auth).toMatchObject({ type: 'oauth2_authorization_code', pkce: true, clientAuthentication: 'basic' });
  });
});
