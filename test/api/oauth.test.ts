import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine, parseDefinition, type Definition } from '../../src/engine/index.ts';
import { buildRunContext, connectionRenewer } from '../../src/jobs/run-context.ts';
import { openDatabase, Store } from '../../src/store/index.ts';
import { BACKENDS, postgresReachable, secretBox, startApp, testSettings, type Client, type TestApp, type Schemas } from '../support/app.ts';
import { CLIENT_ID, CLIENT_SECRET, oauthProvider, type OAuthProvider } from '../support/oauth-provider.ts';

/*
 * Connecting an account with OAuth 2.0 (authorization code + PKCE) through the API, as a browser
 * does it, and renewing its tokens from several workers at once against a provider that rotates
 * refresh tokens and revokes a grant whose retired refresh token comes back.
 */

type Credential = Schemas['Credential'];

for (const backend of BACKENDS) {
  describe.skipIf(backend.name === 'PostgreSQL' && !postgresReachable)(`OAuth connections on ${backend.name}`, () => {
    let provider: OAuthProvider;
    let app: TestApp;
    let alice: Client;
    let database: Awaited<ReturnType<typeof backend.create>>;
    let connectorId: string;
    let workspaceId: string;
    const document = () => ({
      name: 'Profile',
      steps: [
        {
          id: 'me',
          url: `${provider.url}/api/me`,
          auth: {
            type: 'oauth2',
            grantType: 'authorization_code',
            authorizationUrl: `${provider.url}/authorize?access_type=offline`,
            tokenUrl: `${provider.url}/token`,
            clientId: '{{ credentials.crm_app.client_id }}',
            clientSecret: '{{ credentials.crm_app.client_secret }}',
            scope: 'profile email',
            connection: 'crm',
          },
          outputMapping: { company: 'company' },
        },
      ],
      finalMapping: { company: '{{ me.company }}' },
    });

    beforeAll(async () => {
      provider = await oauthProvider({ answerDelayMs: 150 });
      database = await backend.create();
      app = await startApp(testSettings(database));
      alice = await app.as('alice');
      workspaceId = await alice.newWorkspace('OAuth');
      await alice.post('/workspace/credentials', { service_name: 'crm_app', credentials: { client_id: CLIENT_ID, client_secret: CLIENT_SECRET } });
      connectorId = (await alice.post<{ id: string }>('/connectors', document())).body.id;
    });
    afterAll(async () => {
      await app?.close();
      await database?.drop();
      await provider?.close();
    });

    /** What a browser does: open the consent page, press Allow, follow the provider back to the callback. */
    async function consent(authorizationUrl: string, approved = 'yes'): Promise<URLSearchParams> {
      const url = new URL(authorizationUrl);
      url.searchParams.set('approved', approved);
      const toCallback = await fetch(url, { redirect: 'manual' });
      expect(toCallback.status).toBe(302);
      const callback = await fetch(toCallback.headers.get('location')!, { redirect: 'manual' });
      expect(callback.status).toBe(302);
      const back = callback.headers.get('location')!;
      expect(back).toMatch(new RegExp(`^/#/connectors/${connectorId}\\?`));
      return new URLSearchParams(back.slice(back.indexOf('?')));
    }

    it('connects an account: consent page, callback, tokens stored encrypted as the named credential, and a run that uses them', async () => {
      const started = await alice.post<{ authorization_url: string; connection: string; redirect_uri: string }>(`/workspace/connectors/${connectorId}/oauth/authorize`, {});
      expect(started.status).toBe(200);
      expect(started.body.connection).toBe('crm');
      expect(started.body.redirect_uri).toBe(`${app.url}/api/v1/oauth/callback`);
      const asked = new URL(started.body.authorization_url);
      expect(Object.fromEntries(asked.searchParams)).toMatchObject({ access_type: 'offline', response_type: 'code', client_id: CLIENT_ID, redirect_uri: started.body.redirect_uri, scope: 'profile email', code_challenge_method: 'S256' });
      expect(asked.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(started.text).not.toContain(CLIENT_SECRET);

      const back = await consent(started.body.authorization_url);
      expect(back.get('connected')).toBe('crm');
      const exchange = new URLSearchParams(provider.received.findLast((request) => request.url.pathname === '/token')!.body);
      expect(exchange.get('grant_type')).toBe('authorization_code');
      expect(exchange.get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{43}$/);

      const listed = await alice.get<{ data: Credential[] }>('/workspace/credentials');
      const crm = listed.body.data.find((credential) => credential.service_name === 'crm')!;
      expect(Object.keys(crm.fields).sort()).toEqual(['access_token', 'expires_at', 'refresh_token']);
      expect(listed.text).not.toMatch(/at-[0-9a-f]{24}|rt-[0-9a-f]{24}/);
      const { rows } = (await app.store.database.db.execute(sql`select credentials from workspace_api_credentials where service_name = 'crm'`)) as unknown as { rows: { credentials: unknown }[] };
      const [row] = rows;
      expect(JSON.stringify(row!.credentials)).not.toMatch(/at-|rt-/);

      const run = await alice.post<{ status: string; patch: Record<string, unknown> }>(`/connectors/${connectorId}/test`, { input_data: {} });
      expect(run.body.status).toBe('success');
      expect(run.body.patch).toEqual({ company: 'Analytical Engines' });
      expect(run.text).not.toMatch(/at-[0-9a-f]{24}|rt-[0-9a-f]{24}/);
    });

    it('sends the browser back with the reason when the user refuses, and refuses a state it did not make', async () => {
      const started = await alice.post<{ authorization_url: string }>(`/workspace/connectors/${connectorId}/oauth/authorize`, {});
      const back = await consent(started.body.authorization_url, 'no');
      expect(back.get('oauth_error')).toBe('the provider answered access_denied');

      const state = new URL(started.body.authorization_url).searchParams.get('state')!;
      const forged = `${state.slice(0, -4)}AAAA`;
      for (const bad of [forged, 'test.AAAA', '', 'x'.repeat(5000)]) {
        const answer = await fetch(`${app.url}/api/v1/oauth/callback?code=abc&state=${encodeURIComponent(bad)}`, { redirect: 'manual' });
        expect(answer.status).toBe(400);
        expect((await answer.json()) as { error: { code: string } }).toMatchObject({ error: { code: 'invalid_state' } });
      }
    });

    it('refuses to start connecting a connector whose auth connects no account, and hides other workspaces\' connectors', async () => {
      const plain = (await alice.post<{ id: string }>('/connectors', { name: 'Plain', steps: [{ id: 's', url: `${provider.url}/api/me` }] })).body.id;
      const refused = await alice.post(`/workspace/connectors/${plain}/oauth/authorize`, {});
      expect(refused.status).toBe(400);
      expect(refused.text).toContain('authorization_code');
      const mallory = await app.as('mallory');
      await mallory.newWorkspace('Elsewhere');
      expect((await mallory.post(`/workspace/connectors/${connectorId}/oauth/authorize`, {})).status).toBe(404);
    });

    it('sends the browser only to an http(s) consent page, and lets only editors start', async () => {
      const hostile = document();
      hostile.name = 'Hostile';
      hostile.steps[0]!.auth.authorizationUrl = 'javascript:alert(document.cookie)//';
      const id = (await alice.post<{ id: string }>('/connectors', hostile)).body.id;
      const refused = await alice.post<{ error: { code: string; details: { path: string }[] } }>(`/workspace/connectors/${id}/oauth/authorize`, {});
      expect([refused.status, refused.body.error.code, refused.body.error.details[0]?.path]).toEqual([400, 'invalid_auth', 'steps.me.auth']);
      expect(refused.text).not.toContain('javascript:');

      await alice.put(`/workspaces/${workspaceId}/members/victor`, { role: 'viewer' });
      const viewer = await app.as('victor', workspaceId);
      expect((await viewer.post(`/workspace/connectors/${connectorId}/oauth/authorize`, {})).status).toBe(403);
    });

    it('renews an expired connection once when runs in two workers need it at the same moment, and stores the rotated refresh token', { timeout: 60_000 }, async () => {
      provider.expireAccessTokens();
      const refreshesBefore = provider.refreshes;
      // A second worker: its own engine and, on PostgreSQL, its own connections to the database.
      const other = database.databaseUrl ? new Store(await openDatabase({ url: database.databaseUrl }), secretBox()) : app.store;
      const engines = [new Engine({ allowedHosts: ['127.0.0.1'] }), new Engine({ allowedHosts: ['127.0.0.1'] })];
      try {
        const parsed = parseDefinition(document());
        const definition = (parsed.ok ? parsed.definition : undefined) as Definition;
        const workspace = { id: workspaceId, name: 'OAuth' };
        const runs = [app.store, other].flatMap((store, worker) =>
          Array.from({ length: 5 }, async () => engines[worker]!.run(definition, await buildRunContext(store, workspace, { inputData: {} }), { renewConnection: connectionRenewer(store, workspaceId) })),
        );
        const results = await Promise.all(runs);
        expect(results.map((result) => result.error?.message ?? result.status)).toEqual(Array(10).fill('success'));
        expect(provider.refreshes - refreshesBefore).toBe(1);
        expect(provider.refusedRefreshes).toBe(0);

        // The next run, anywhere, reads the renewed tokens: nothing more is asked of the provider.
        const next = await engines[1]!.run(definition, await buildRunContext(other, workspace, { inputData: {} }), { renewConnection: connectionRenewer(other, workspaceId) });
        expect(next.status).toBe('success');
        expect(provider.refreshes - refreshesBefore).toBe(1);
      } finally {
        for (const engine of engines) await engine.close();
        if (other !== app.store) await other.close();
      }
    });

    it('takes over the renewal of a run that died holding it, once its lease has run out', { timeout: 60_000 }, async () => {
      provider.expireAccessTokens();
      // What a worker killed in the middle of a renewal leaves behind.
      await app.store.database.db.execute(sql`update workspace_api_credentials set renewing_until = now() + interval '1.5 seconds' where service_name = 'crm'`);
      const started = Date.now();
      const run = await alice.post<{ status: string }>(`/connectors/${connectorId}/test`, { input_data: {} });
      expect(run.body.status).toBe('success');
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
      expect(provider.refusedRefreshes).toBe(0);
    });
  });
}
