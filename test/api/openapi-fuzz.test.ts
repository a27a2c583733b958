import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, example, postgresReachable, startApp, testSettings, type Client, type TestApp } from '../support/app.ts';

/*
 * Every operation of the OpenAPI document, called with mutated paths, queries and bodies: no
 * answer is a 5xx, every error has the documented shape, and no row that existed changed.
 */

type Operation = { method: string; path: string; parameters?: { name: string; in: string }[] };
type OpenApi = { paths: Record<string, Record<string, Operation>> };

const hostile = fc.constantFrom('\u0000', '%00', '\ud800', '..', '%2e%2e', '//x', 'constructor', '__proto__', 'toString', '99999999999999999999', '2147483648', '-1', '1e309', 'NaN', ' ', "'; drop table contacts; --", '{{ credentials }}', '{% include "x" %}', 'é😀', '');
const text = fc.oneof(hostile, fc.string({ maxLength: 30 }), fc.uuid().map(String));
const body = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.dictionary(fc.oneof(hostile, fc.string({ maxLength: 10 })), fc.oneof(text, fc.jsonValue({ maxDepth: 2 }))),
  fc.constantFrom('{"a":', '[]]', 'null', '"x"', `${'['.repeat(500)}${']'.repeat(500)}`, '{"__proto__": {"x": 1}}'),
  fc.constant(example('hubspot-contact-enrichment.multi-step.json')).chain((document) =>
    fc.tuple(fc.constantFrom('name', 'steps', 'finalMapping', 'icon', 'rate_limit', 'timeout_ms'), fc.oneof(text, fc.jsonValue({ maxDepth: 2 }))).map(([key, value]) => ({ ...document, [key]: value })),
  ),
);

/** Percent-encodes a path part; a lone surrogate as the bytes it would be (WTF-8), which no UTF-8 decoder takes. */
function encodePart(part: string): string {
  return part.replace(/[\ud800-\udfff]|[^\ud800-\udfff]+/gu, (piece) => {
    if (piece.length !== 1 || !/[\ud800-\udfff]/.test(piece)) return encodeURIComponent(piece);
    const unit = piece.charCodeAt(0);
    return [0xed, 0xa0 | ((unit >> 6) & 0x0f), 0x80 | (unit & 0x3f)].map((byte) => `%${byte.toString(16).toUpperCase()}`).join('');
  });
}

for (const backend of BACKENDS) {
  describe.skipIf(backend.name === 'PostgreSQL' && !postgresReachable)(`the whole API, fuzzed, on ${backend.name}`, () => {
    let app: TestApp;
    let alice: Client;
    let database: Awaited<ReturnType<typeof backend.create>>;
    let operations: Operation[];
    const existing: string[] = [];

    beforeAll(async () => {
      database = await backend.create();
      app = await startApp(testSettings(database), { worker: false });
      alice = await app.as('alice');
      await alice.newWorkspace('Fuzzed');
      const connector = await alice.post<{ id: string }>('/connectors', example('enhance-data.single-step.json'));
      const contact = await alice.post<{ id: string }>('/contacts', { email: 'ada@example.com', metadata: { a: 1 } });
      const flow = await alice.post<{ id: string }>('/flows', { name: 'F', actions: [{ type: 'connector', connector_id: connector.body.id }] });
      await alice.post('/workspace/credentials', { service_name: 'svc', credentials: { token: 'fuzz-token-123456' } });
      existing.push(`/connectors/${connector.body.id}`, `/contacts/${contact.body.id}`, `/flows/${flow.body.id}`, '/workspace/credentials', `/workspaces/${alice.workspaceId}`);
      const document = (await (await fetch(`${app.url}/api/v1/openapi.json`)).json()) as OpenApi;
      operations = Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ ...operation, method: method.toUpperCase(), path: path.replace(/^\/api\/v1/, '') })));
    });
    afterAll(async () => {
      await app?.close();
      await database?.drop();
    });

    it('never answers 5xx, and changes no row that existed', { timeout: 300_000 }, async () => {
      const before = await Promise.all(existing.map(async (path) => (await alice.get(path)).text));
      expect(operations.length).toBeGreaterThan(40);
      await fc.assert(
        fc.asyncProperty(fc.nat(), fc.array(text, { minLength: 3, maxLength: 3 }), fc.dictionary(fc.oneof(hostile, fc.constantFrom('limit', 'offset', 'search', 'status', 'batch_id', 'before', 'resource_id', 'enabled')), text, { maxKeys: 3 }), body, fc.boolean(), async (pick, params, query, sent, asJson) => {
          const operation = operations[pick % operations.length]!;
          // Path parameters never name a row that exists, so nothing stored can be changed on purpose.
          let at = 0;
          const path = operation.path.replace(/\{[^}]+\}/g, () => encodePart(params[at++] ?? 'x'));
          const search = new URLSearchParams(query).toString();
          const target = `${path}${search ? `?${search}` : ''}`;
          const raw = typeof sent === 'string' ? sent : JSON.stringify(sent);
          const answer = await alice.call(operation.method, target, operation.method === 'GET' || operation.method === 'DELETE' ? undefined : raw, asJson ? {} : { 'content-type': 'text/plain' });
          expect(answer.status, `${operation.method} ${target} ${raw.slice(0, 200)}: ${answer.text.slice(0, 300)}`).toBeLessThan(500);
          if (answer.status >= 400) expect(answer.body, `${operation.method} ${target}`).toMatchObject({ error: { code: expect.any(String) as string, message: expect.any(String) as string } });
        }),
        { numRuns: Number(process.env.FUZZ_RUNS ?? 600) },
      );
      expect(await Promise.all(existing.map(async (path) => (await alice.get(path)).text))).toEqual(before);
      expect(app.logs.filter((line) => /"level":50/.test(line))).toEqual([]);
    });
  });
}
