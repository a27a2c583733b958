import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, oneStep, standIn, type StandIn } from './support/stand-in.ts';
import { definitionOf, runOnce, testEngine } from './support/engine.ts';

describe('auth per step', () => {
  let api: StandIn;
  let tokensIssued = 0;
  let revoked = new Set<string>();
  beforeAll(async () => {
    api = await standIn((request, response) => {
      if (request.url.pathname === '/oauth/token') {
        const form = new URLSearchParams(request.body);
        const basic = Buffer.from((request.headers.authorization ?? '').replace('Basic ', ''), 'base64').toString();
        const [id, secret] = basic ? basic.split(':') : [form.get('client_id'), form.get('client_secret')];
        if (form.get('grant_type') !== 'client_credentials' || id !== 'client-1' || secret !== 'client-secret-xyz') {
          return json(response, 401, { error: 'invalid_client' });
        }
        tokensIssued++;
        return json(response, 200, { access_token: `access-token-${tokensIssued}`, expires_in: 3600, token_type: 'Bearer', scope: form.get('scope') });
      }
      const auth = request.headers.authorization ?? '';
      if (auth.startsWith('Bearer access-token-') && revoked.has(auth.slice(7))) return json(response, 401, { error: 'revoked' });
      json(response, 200, { authorization: auth, key: request.headers['x-key'] ?? null, query: request.url.search });
    });
  });
  afterAll(() => api.close());
  const credentials = { svc: { token: 'tok-abcdef', key: 'key-123456', user: 'ada', password: 'p@ss:word' } };

  it('sends a bearer token', async () => {
    const result = await runOnce(oneStep({ url: `${api.url}/me`, auth: { type: 'bearer', token: '{{ credentials.svc.token }}' } }), { credentials });
    expect(api.received.at(-1)?.headers.authorization).toBe('Bearer tok-abcdef');
    expect(result.steps[0]?.request?.headers.authorization).toBe('Bearer ••••••');
  });

  it('sends an API key in a header or in the query', async () => {
    await runOnce(oneStep({ url: `${api.url}/me`, auth: { type: 'api_key', name: 'X-Key', value: '{{ workspace.svc_key }}' } }), { credentials });
    expect(api.received.at(-1)?.headers['x-key']).toBe('key-123456');
    const result = await runOnce(oneStep({ url: `${api.url}/me?a=1`, auth: { type: 'api_key', in: 'query', name: 'api key', value: '{{ credentials.svc.key }}' } }), { credentials });
    expect(api.received.at(-1)?.target).toBe('/me?a=1&api%20key=key-123456');
    expect(result.steps[0]?.request?.url).toBe(`${api.url}/me?a=1&api%20key=••••••`);
  });

  it('sends basic credentials', async () => {
    const result = await runOnce(oneStep({ url: `${api.url}/me`, auth: { type: 'basic', username: '{{ credentials.svc.user }}', password: '{{ credentials.svc.password }}' } }), { credentials });
    expect(api.received.at(-1)?.headers.authorization).toBe(`Basic ${Buffer.from('ada:p@ss:word').toString('base64')}`);
    expect(JSON.stringify(result.steps)).not.toContain(Buffer.from('ada:p@ss:word').toString('base64'));
  });

  const oauth = (clientAuthentication = 'basic') =>
    oneStep({
      url: `${api.url}/me`,
      auth: { type: 'oauth2', token_url: `${api.url}/oauth/token`, client_id: 'client-1', client_secret: '{{ credentials.crm.secret }}', scope: 'contacts.read', clientAuthentication },
    });
  const oauthCredentials = { crm: { secret: 'client-secret-xyz' } };

  it('fetches an OAuth2 token once, keeps it, and fetches again once on a 401', async () => {
    const engine = testEngine();
    try {
      const definition = definitionOf(oauth());
      const first = await engine.run(definition, { credentials: oauthCredentials });
      expect(first.status).toBe('success');
      expect(api.received.at(-1)?.headers.authorization).toBe('Bearer access-token-1');
      await engine.run(definition, { credentials: oauthCredentials });
      expect(tokensIssued).toBe(1);

      revoked = new Set(['access-token-1']);
      const third = await engine.run(definition, { credentials: oauthCredentials });
      expect(third.status).toBe('success');
      expect(tokensIssued).toBe(2);
      expect(third.steps[0]?.notes).toContain('401: got a new OAuth token and tried again');
      expect(JSON.stringify(third)).not.toMatch(/access-token-\d|client-secret-xyz/);
    } finally {
      await engine.close();
    }
  });

  it('can send the client secret in the form body instead', async () => {
    const result = await runOnce(oauth('body'), { credentials: oauthCredentials });
    expect(result.status).toBe('success');
    expect(api.received.find((r) => r.url.pathname === '/oauth/token' && r.body.includes('client_secret'))).toBeDefined();
  });

  it('says when the token endpoint refuses the client', async () => {
    const result = await runOnce(oauth(), { credentials: { crm: { secret: 'wrong-secret' } } });
    expect(result.steps[0]?.error?.code).toBe('auth');
    expect(result.steps[0]?.error?.message).toMatch(/the OAuth token endpoint 127\.0\.0\.1:\d+ answered HTTP 401: .*invalid_client/);
  });
});
