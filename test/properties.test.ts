import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../src/engine/index.ts';
import { json, oneStep, standIn, type StandIn } from './support/stand-in.ts';
import { definitionOf, testEngine } from './support/engine.ts';

// Well-formed text of any code point, and text dense in the characters that mean something in
// URLs, JSON and headers, which uniform code points would almost never produce.
const significant = fc.constantFrom('+', '&', '=', '#', '?', '/', '%', '%2B', ' ', '.', ';', ',', '"', '\\', '\n', '\u0000', 'é', '😀', 'a', '1');
const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: significant, maxLength: 20 }));

describe('values arrive as they were', () => {
  let api: StandIn;
  let engine: Engine;
  beforeAll(async () => {
    api = await standIn((request, response) => json(response, 200, { ok: true }));
    engine = testEngine();
  });
  afterAll(async () => {
    await engine.close();
    await api.close();
  });
  const run = (raw: unknown, input: Record<string, unknown>) => engine.run(definitionOf(raw), { input });

  it('in a query string, from the URL template and from query params', async () => {
    const definition = oneStep({ url: `${api.url}/q?a={{ input.v }}&x=1`, queryParams: [{ key: 'b', value: '{{ input.v }}' }] });
    await fc.assert(
      fc.asyncProperty(anyText, async (value) => {
        const result = await run(definition, { v: value });
        expect(result.status).toBe('success');
        const { searchParams } = api.received.at(-1)?.url ?? new URL('http://x');
        expect(searchParams.get('a')).toBe(value);
        expect(searchParams.get('b')).toBe(value);
        expect(searchParams.get('x')).toBe('1');
      }),
      { numRuns: 200 },
    );
  });

  it('in a path segment', async () => {
    const definition = oneStep({ url: `${api.url}/items/{{ input.v }}/detail` });
    await fc.assert(
      fc.asyncProperty(anyText.filter((v) => v !== '.' && v !== '..'), async (value) => {
        const result = await run(definition, { v: value });
        expect(result.status).toBe('success');
        const segments = (api.received.at(-1)?.target ?? '').split('?')[0]?.split('/') ?? [];
        expect(segments).toHaveLength(4);
        expect(decodeURIComponent(segments[2] ?? '')).toBe(value);
        expect(segments[3]).toBe('detail');
      }),
      { numRuns: 200 },
    );
  });

  it('in a JSON body, as a whole value and inside text', async () => {
    const definition = oneStep({ url: `${api.url}/b`, method: 'POST', body: { whole: '{{ input.v }}', text: '<{{ input.s }}>', nested: [{ v: '{{ input.v }}' }] } });
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 3 }), anyText, async (value, text) => {
        const result = await run(definition, { v: value, s: text });
        expect(result.status).toBe('success');
        const body = JSON.parse(api.received.at(-1)?.body ?? '') as unknown;
        // JSON cannot hold -0; it arrives as 0, as it would from any JSON client.
        const expected = JSON.parse(JSON.stringify(value ?? null)) as unknown;
        expect(body).toEqual({ whole: expected, text: `<${text}>`, nested: [{ v: expected }] });
      }),
      { numRuns: 200 },
    );
  });

  it('never lets CR or LF into a header', async () => {
    const definition = oneStep({ url: `${api.url}/h`, headers: { 'X-Value': 'v={{ input.v }}' } });
    const risky = fc.stringMatching(/^[a-zA-Z:\r\n \t]{0,24}$/).map((s) => `${s}\r\nX-Injected: 1`);
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyText, risky), async (value) => {
        const before = api.received.length;
        const result = await run(definition, { v: value });
        if (/[\r\n]/.test(value)) {
          expect(result.steps[0]?.error?.code).toBe('template');
          expect(api.received.length).toBe(before);
        }
        for (const request of api.received.slice(before)) {
          expect(request.headers['x-injected']).toBeUndefined();
          expect(String(request.headers['x-value'])).not.toMatch(/[\r\n]/);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('credentials never appear in a trace', () => {
  let api: StandIn;
  let engine: Engine;
  beforeAll(async () => {
    // A hostile API: it echoes everything it got, in its body and headers, and sometimes fails.
    api = await standIn((request, response) => {
      const echo = { headers: request.headers, target: request.target, body: request.body };
      const fail = request.url.searchParams.get('fail') === '1';
      response
        .writeHead(fail ? 500 : 200, { 'content-type': 'application/json', 'x-echo': encodeURIComponent(JSON.stringify(echo)).slice(0, 4000) })
        .end(JSON.stringify(echo));
    });
    engine = testEngine({ storedBodyBytes: 300 });
  });
  afterAll(async () => {
    await engine.close();
    await api.close();
  });

  it('even when the API spells the secret with JSON escapes', async () => {
    const spelled = await standIn((request, response) => {
      const token = (request.headers.authorization ?? '').replace('Bearer ', '');
      const escaped = [...token].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
      response.writeHead(200, { 'content-type': 'application/json' }).end(`{"you_sent": "${escaped}"}`);
    });
    try {
      const result = await engine.run(definitionOf(oneStep({ url: `${spelled.url}/x`, auth: { type: 'bearer', token: '{{ credentials.svc.token }}' } })), {
        credentials: { svc: { token: 'escaped-secret-42' } },
      });
      expect(result.steps[0]?.response?.body).toEqual({ you_sent: '••••••' });
      expect(JSON.stringify(result.steps)).not.toContain('escaped-secret-42');
    } finally {
      await spelled.close();
    }
  });

  // Secrets as they are issued: long enough to be told apart from ordinary text.
  const secret = fc.string({ unit: 'binary-ascii', minLength: 8, maxLength: 40 }).filter((s) => !/[\r\n]/.test(s) && s.trim() === s);

  it('wherever the secret is used and whatever comes back', async () => {
    await fc.assert(
      fc.asyncProperty(secret, secret, secret, fc.boolean(), fc.constantFrom('bearer', 'basic', 'query', 'header'), async (token, key, password, fail, kind) => {
        fc.pre(new Set([token, key, password]).size === 3);
        const auth = {
          bearer: { type: 'bearer', token: '{{ credentials.svc.token }}' },
          basic: { type: 'basic', username: 'user', password: '{{ credentials.svc.password }}' },
          query: { type: 'api_key', in: 'query', name: 'key', value: '{{ credentials.svc.key }}' },
          header: { type: 'api_key', name: 'X-Key', value: '{{ workspace.svc_key }}' },
        }[kind];
        const definition = oneStep({
          url: `${api.url}/s?fail=${fail ? 1 : 0}&t={{ credentials.svc.token }}`,
          method: 'POST',
          auth,
          headers: { 'X-Token': 'Token {{ credentials.svc.token }}' },
          body: { key: '{{ credentials.svc.key }}', note: 'pw={{ credentials.svc.password }}' },
          outputMapping: { echoed: 'headers' },
        });
        const result = await engine.run(definitionOf(definition), { credentials: { svc: { token, key, password } } });
        const trace = JSON.stringify({ steps: result.steps, mappings: result.mappings, error: result.error });
        for (const value of [token, key, password]) {
          expect(trace).not.toContain(value);
          expect(trace).not.toContain(JSON.stringify(value).slice(1, -1));
          expect(trace).not.toContain(encodeURIComponent(value));
        }
      }),
      { numRuns: 150 },
    );
  });
});
