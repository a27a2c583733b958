import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, JWT_SECRET, postgresReachable, startApp, testSettings, type Client, type TestApp } from '../support/app.ts';

/*
 * Bad input from outside answers 4xx naming where it is, never 5xx, and changes nothing: NUL
 * and lone surrogates in any text, JSON nested without end, prototype names, numbers past what
 * a column holds, tokens that claim too much. Every response carries the security headers.
 */

const NUL = '\u0000';
const LONE = '\ud800';

type ErrorBody = { error: { code: string; message: string; details: { path: string; message: string }[] } };

for (const backend of BACKENDS) {
  describe.skipIf(backend.name === 'PostgreSQL' && !postgresReachable)(`input from outside on ${backend.name}`, () => {
    let app: TestApp;
    let alice: Client;
    let database: Awaited<ReturnType<typeof backend.create>>;
    let workspaceId: string;
    let connectorId: string;
    let contactId: string;
    let flowId: string;

    beforeAll(async () => {
      database = await backend.create();
      app = await startApp(testSettings(database, { bulkLimitPerMinute: 5 }));
      alice = await app.as('alice');
      workspaceId = await alice.newWorkspace('Bounds');
      connectorId = (await alice.post<{ id: string }>('/connectors', { name: 'C', steps: [{ url: 'https://api.example.com/' }] })).body.id;
      contactId = (await alice.post<{ id: string }>('/contacts', { email: 'a@example.com' })).body.id;
      flowId = (await alice.post<{ id: string }>('/flows', { name: 'F', actions: [{ type: 'connector', connector_id: connectorId }] })).body.id;
    });
    afterAll(async () => {
      await app?.close();
      await database?.drop();
    });

    /** Every case answers 400 with a detail at `path`; no 5xx anywhere. */
    async function refused(method: string, path: string, body: unknown, at: string): Promise<void> {
      const answer = await alice.call<ErrorBody>(method, path, body);
      expect(answer.status, `${method} ${path}: ${answer.text}`).toBe(400);
      expect(answer.body.error.details.map((detail) => detail.path), `${method} ${path}`).toContain(at);
    }

    it.each([NUL, LONE])('refuses %j in every stored text of a body, naming the field', async (bad) => {
      await refused('POST', '/workspaces', { name: `W${bad}` }, 'name');
      await refused('POST', '/connectors', { name: `C${bad}`, steps: [{ url: 'https://api.example.com/' }] }, 'name');
      await refused('POST', '/connectors', { name: 'C2', steps: [{ url: `https://api.example.com/${bad}` }] }, 'steps[0].url');
      await refused('PUT', `/connectors/${connectorId}`, { name: 'C', steps: [{ url: 'https://api.example.com/', headers: [{ key: 'X', value: bad }] }] }, 'steps[0].headers[0].value');
      await refused('POST', '/contacts', { firstname: `Ada${bad}` }, 'firstname');
      await refused('PATCH', `/contacts/${contactId}`, { custom_fields: { [`k${bad}`]: 'v' } }, `custom_fields[${JSON.stringify(`k${bad}`)}]`);
      await refused('PATCH', `/contacts/${contactId}`, { metadata: { a: [{ b: `x${bad}` }] } }, 'metadata.a[0].b');
      await refused('POST', '/workspace/credentials', { service_name: 'svc', credentials: { token: `t${bad}` } }, 'credentials.token');
      await refused('POST', '/flows', { name: 'F2', actions: [{ type: 'connector', connector_id: connectorId, inputs: { a: `{{ contact.email }}${bad}` } }] }, 'actions[0].inputs.a');
      await refused('POST', `/connectors/${connectorId}/execute`, { idempotency_key: `key${bad}` }, 'idempotency_key');
      await refused('POST', `/connectors/${connectorId}/test`, { input_data: { contact: { email: bad } } }, 'input_data.contact.email');
    });

    it('refuses NUL in a path or a query, naming it', async () => {
      for (const [method, path, at] of [
        ['GET', '/contacts?search=a%00b', 'query.search'],
        ['GET', '/connectors?search=%00', 'query.search'],
        ['GET', '/flows?search=x%00', 'query.search'],
        ['GET', '/audit?resource_id=%00', 'query.resource_id'],
        ['DELETE', '/workspace/credentials/svc%00', 'path'],
        ['GET', '/connector-templates/phone%00', 'path'],
        ['POST', '/connector-templates/phone%00/install', 'path'],
        ['PUT', `/workspaces/${workspaceId}/members/bob%00`, 'path'],
        ['DELETE', `/workspaces/${workspaceId}/members/bob%00`, 'path'],
      ] as const) {
        await refused(method, path, method === 'PUT' ? { role: 'viewer' } : method === 'POST' ? {} : undefined, at);
      }
    });

    it('refuses JSON nested deeper than 100 levels, and bodies with __proto__ keys', async () => {
      const deep = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
      for (const path of ['/connectors', '/contacts', '/connectors/test', '/connectors/validate', '/flows']) {
        const answer = await alice.call<ErrorBody>('POST', path, deep);
        expect(answer.status, path).toBe(400);
        expect(answer.body.error.message).toContain('deeper than 100 levels');
      }
      await refused('POST', '/contacts', '{"metadata":{"__proto__":{"admin":true}}}', 'metadata.__proto__');
      const malformed = await alice.call<ErrorBody>('POST', '/contacts', '{"email": "secret-in-a-bad-body" ');
      expect(malformed.status).toBe(400);
      expect(malformed.text).not.toContain('secret-in-a-bad-body');
    });

    it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'metadata.constructor', 'custom_fields.__proto__', 'metadata.a.toString'])(
      'refuses %s as a mapping target',
      async (target) => {
        const answer = await alice.post<ErrorBody>('/connectors/validate', { name: 'P', steps: [{ url: 'https://api.example.com/' }], finalMapping: { [target]: '{{ step_1.x }}' } });
        expect(answer.status).toBe(400);
        expect(answer.body.error.details[0]?.path).toMatch(/^finalMapping/);
        const fields = await alice.post<ErrorBody>('/connectors/validate', { name: 'P', config: { url: 'https://api.example.com/' }, field_mappings: [{ sourcePath: 'x', targetField: target }] });
        expect(fields.body.error.details).toContainEqual(expect.objectContaining({ path: 'field_mappings[0].targetField' }));
      },
    );

    it.each(['X-Key\r\nX-Admin: 1', 'X Key', 'X:Key', ''])('refuses %j as the name of an api_key header', async (name) => {
      await refused('POST', '/connectors/validate', { name: 'H', steps: [{ url: 'https://api.example.com/', auth: { type: 'api_key', in: 'header', name, value: 'v' } }] }, 'steps[0].auth.name');
    });

    it('refuses numbers past what a column holds', async () => {
      await refused('POST', `/connectors/${connectorId}/versions/2147483648/restore`, {}, 'version');
      await refused('POST', `/connectors/${connectorId}/versions/99999999999999999999/restore`, {}, 'version');
      await refused('GET', '/contacts?offset=99999999999999', undefined, 'offset');
      await refused('GET', '/audit?before=1e300', undefined, 'before');
    });

    it('answers 404 for docs assets named like what every object has', async () => {
      for (const name of ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty']) {
        expect((await fetch(`${app.url}/docs/${name}`)).status, name).toBe(404);
        expect((await fetch(`${app.url}/assets/x.${name}`)).status, name).toBe(404);
      }
    });

    it('accepts an icon as a name, an emoji or a data: image, and refuses a link', async () => {
      for (const icon of ['hubspot', '📞', 'data:image/png;base64,iVBORw0KGgo=']) {
        expect((await alice.post('/connectors/validate', { name: 'I', icon, steps: [{ url: 'https://api.example.com/' }] })).status, icon).toBe(200);
      }
      for (const icon of ['https://tracker.example/pixel.png', '//tracker.example/p.png', 'javascript:alert(1)', 'data:text/html;base64,PHNjcmlwdD4=']) {
        await refused('POST', '/connectors/validate', { name: 'I', icon, steps: [{ url: 'https://api.example.com/' }] }, 'icon');
      }
    });

    it('counts every contact of a bulk run against the bulk allowance per minute', async () => {
      const ids = [];
      for (let n = 0; n < 6; n++) ids.push((await alice.post<{ id: string }>('/contacts', { email: `bulk${n}@example.com` })).body.id);
      const tooMany = await alice.post<ErrorBody>(`/flows/${flowId}/runs`, { contact_ids: ids });
      expect(tooMany.status).toBe(429);
      expect(tooMany.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(tooMany.body.error.message).toContain('asks for 6 and 5 more fit now');
      expect((await alice.post(`/flows/${flowId}/runs`, { contact_ids: ids.slice(0, 3) })).status).toBe(202);
      expect((await alice.post<ErrorBody>(`/flows/${flowId}/runs`, { contact_ids: ids.slice(0, 3) })).body.error.message).toContain('2 more fit now');
    });

    it('refuses tokens that claim too much: NUL in sub or email, issued in the future, living for centuries', async () => {
      const now = Math.floor(Date.now() / 1000);
      const sign = (claims: Record<string, unknown>) => new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(JWT_SECRET));
      for (const [claims, reason] of [
        [{ sub: `a${NUL}b`, exp: now + 60 }, "sub claim is not valid"],
        [{ sub: 'ok', email: `e${NUL}@x`, exp: now + 60 }, "email claim is not valid"],
        [{ sub: `a${LONE}`, exp: now + 60 }, "sub claim is not valid"],
        [{ sub: 'x'.repeat(400), exp: now + 60 }, "sub claim is not valid"],
        [{ sub: 'ok', iat: now + 86_400 * 365, exp: now + 86_400 * 366 }, 'issued in the future'],
        [{ sub: 'ok', iat: now, exp: now + 86_400 * 365 * 1000 }, 'lives longer than the 90 days'],
        [{ sub: 'ok', exp: now + 86_400 * 365 * 1000 }, 'lives longer than the 90 days'],
      ] as const) {
        const response = await fetch(`${app.url}/api/v1/workspaces`, { headers: { authorization: `Bearer ${await sign(claims)}` } });
        expect(response.status, reason).toBe(401);
        expect(await response.text()).toContain(reason);
      }
    });

    it('sends security headers on the app, the API and the docs; the app and the API run no inline script', async () => {
      for (const path of ['/', '/api/v1/openapi.json', '/health', '/docs']) {
        const response = await fetch(`${app.url}${path}`);
        expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
        expect(response.headers.get('referrer-policy'), path).toBe('no-referrer');
        expect(response.headers.get('x-frame-options'), path).toBe('DENY');
        const policy = response.headers.get('content-security-policy') ?? '';
        expect(policy, path).toContain("frame-ancestors 'none'");
        expect(policy, path).toMatch(/script-src 'self'(;|$)/);
        expect(policy, path).toMatch(/img-src 'self' data:/);
        if (path !== '/docs') expect(policy, path).toMatch(/style-src 'self'(;|$)/);
      }
    });

    it('changed nothing while refusing: the connector, the contact and the workspace are as they were', async () => {
      const connector = await alice.get<{ name: string; version: number }>(`/connectors/${connectorId}`);
      expect(connector.body).toMatchObject({ name: 'C', version: 1 });
      expect((await alice.get<{ firstname: string | null; custom_fields: object; metadata: object }>(`/contacts/${contactId}`)).body).toMatchObject({ firstname: null, custom_fields: {}, metadata: {} });
      expect((await alice.get<{ data: unknown[] }>('/workspace/credentials')).body.data).toEqual([]);
      expect(app.logs.some((line) => /"level":50/.test(line) && !line.includes('queue'))).toBe(false);
    });
  });
}
