import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../src/store/schema.ts';
import { BACKENDS, JWT_SECRET, postgresReachable, startApp, testSettings, type TestApp } from '../support/app.ts';

const secret = new TextEncoder().encode(JWT_SECRET);
const hs256 = (claims: Record<string, unknown>, key: Uint8Array = secret, alg = 'HS256') => new SignJWT(claims).setProtectedHeader({ alg }).sign(key);
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

async function status(app: TestApp, token: string | undefined): Promise<{ status: number; body: unknown; header: string | null }> {
  const response = await fetch(`${app.url}/api/v1/workspaces`, { headers: token === undefined ? {} : { authorization: token } });
  return { status: response.status, body: await response.json(), header: response.headers.get('www-authenticate') };
}

for (const backend of BACKENDS) {
  describe.skipIf(backend.name === 'PostgreSQL' && !postgresReachable)(`authentication on ${backend.name}`, () => {
    let app: TestApp;
    let database: Awaited<ReturnType<typeof backend.create>>;
    beforeAll(async () => {
      database = await backend.create();
      app = await startApp(testSettings(database));
    });
    afterAll(async () => {
      await app?.close();
      await database?.drop();
    });

    it('accepts a valid HS256 token (Supabase claims) and records the user on the first call', async () => {
      const token = await hs256({ sub: 'user-1', email: 'one@example.com', aud: 'authenticated', role: 'authenticated', exp: inAnHour() });
      expect((await status(app, `Bearer ${token}`)).status).toBe(200);
      const [row] = await app.store.database.db.select().from(users);
      expect(row).toMatchObject({ id: 'user-1', email: 'one@example.com' });
    });

    it('refuses a token it accepted once it has expired', async () => {
      const token = `Bearer ${await hs256({ sub: 'user-2', exp: Math.floor(Date.now() / 1000) + 2 })}`;
      expect((await status(app, token)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 2100));
      const late = await status(app, token);
      expect(late.status).toBe(401);
      expect(late.body).toMatchObject({ error: { message: 'the token has expired' } });
    });

    it.each([
      ['no Authorization header', async () => undefined, 'send Authorization: Bearer <token>'],
      ['a header that is not Bearer', async () => 'Basic dXNlcjpwYXNz', 'send Authorization: Bearer <token>'],
      ['garbage', async () => 'Bearer not.a.jwt', 'the token is not valid'],
      ['an expired token', async () => `Bearer ${await hs256({ sub: 'u', exp: Math.floor(Date.now() / 1000) - 60 })}`, 'the token has expired'],
      ['a token signed with another secret', async () => `Bearer ${await hs256({ sub: 'u', exp: inAnHour() }, new TextEncoder().encode('another-secret-another-secret-000'))}`, 'the token signature is not valid'],
      ['alg none', async () => `Bearer ${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: 'u', exp: inAnHour() })}.`, 'tokens signed with none are not accepted'],
      ['HS512 with the right secret', async () => `Bearer ${await hs256({ sub: 'u', exp: inAnHour() }, secret, 'HS512')}`, 'tokens signed with HS512 are not accepted'],
      ['a token with no user', async () => `Bearer ${await hs256({ exp: inAnHour() })}`, 'the token names no user (sub)'],
      ['a token that never expires', async () => `Bearer ${await hs256({ sub: 'u' })}`, 'the token\'s exp claim is not valid'],
    ])('answers 401 for %s', async (_case, token, message) => {
      const answer = await status(app, await token());
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({ success: false, error: { code: 'unauthorized', message, details: [] } });
    });

    it('serves the OpenAPI document and the docs without a token, and nothing else', async () => {
      const document = (await (await fetch(`${app.url}/api/v1/openapi.json`)).json()) as { paths: Record<string, Record<string, { security?: unknown }>>; components: { securitySchemes: Record<string, unknown> } };
      // Try-it-out in the docs can send both the token and the workspace.
      expect(document.components.securitySchemes.Workspace).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-Workspace-Id' });
      expect(document.paths['/api/v1/connectors']?.get?.security).toEqual([{ Bearer: [], Workspace: [] }]);
      expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/v1/connectors', '/api/v1/connectors/{id}/test', '/api/v1/workspace/credentials', '/api/v1/connector-templates/{id}/install', '/api/v1/audit']));
      const docs = await fetch(`${app.url}/docs`);
      expect(docs.status).toBe(200);
      expect(await docs.text()).toContain('swagger-ui-bundle.js');
      expect((await fetch(`${app.url}/docs/swagger-ui-bundle.js`)).status).toBe(200);
      expect((await fetch(`${app.url}/api/v1/connector-templates`)).status).toBe(401);
    });
  });
}

describe('authentication with a JWKS URL', () => {
  let app: TestApp;
  let jwks: Server;
  let database: Awaited<ReturnType<(typeof BACKENDS)[0]['create']>>;
  const keys = generateKeyPair('RS256');
  beforeAll(async () => {
    const { publicKey } = await keys;
    const jwk = { ...(await exportJWK(publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
    jwks = createServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
    jwks.listen(0, '127.0.0.1');
    await once(jwks, 'listening');
    database = await BACKENDS[0]!.create();
    app = await startApp(testSettings(database, { auth: { jwksUrl: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json` } }));
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
    jwks?.close();
  });

  it('accepts tokens signed by a key of the set, and refuses others', async () => {
    const { privateKey } = await keys;
    const signed = await new SignJWT({ sub: 'jwks-user' }).setProtectedHeader({ alg: 'RS256', kid: 'key-1' }).setExpirationTime('1h').sign(privateKey);
    expect((await status(app, `Bearer ${signed}`)).status).toBe(200);
    const stranger = (await generateKeyPair('RS256')).privateKey;
    const forged = await new SignJWT({ sub: 'jwks-user' }).setProtectedHeader({ alg: 'RS256', kid: 'key-1' }).setExpirationTime('1h').sign(stranger);
    expect((await status(app, `Bearer ${forged}`)).status).toBe(401);
    // No HS256 secret is configured, so a symmetric token cannot pass, whatever its key.
    expect((await status(app, `Bearer ${await hs256({ sub: 'u', exp: inAnHour() })}`)).status).toBe(401);
  });
});
