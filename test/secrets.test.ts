import { Context } from 'liquidjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DefinitionSchema, parseDefinition, type Definition, type Engine, type RunResult } from '../src/engine/index.ts';
import { liquid } from '../src/engine/template/language.ts';
import { json, oneStep, standIn, type Received, type StandIn } from './support/stand-in.ts';
import { definitionOf, testEngine } from './support/engine.ts';

/*
 * Secrets are tainted, not pattern-matched: whatever a template makes from a credential (through
 * any filter) is secret, mappings cannot read credentials, tokens a step obtains join the
 * secrets, and whatever a remote API echoes back is masked in each encoding it may use.
 */

const MASK = '••••••';
const SECRET = 'Sk/Ab+9=x&Q7mz';
const credentials = { svc: { token: SECRET } };

/** The secret the ways a remote API may spell it back: written independently of the masker. */
function spellings(value: string): string[] {
  const percent = encodeURIComponent(value);
  const bytes = Buffer.from(value);
  return [
    value,
    value.toUpperCase(),
    value.toLowerCase(),
    percent,
    percent.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()),
    JSON.stringify(value).slice(1, -1).replace(/\//g, '\\/'),
    bytes.toString('base64'),
    bytes.toString('base64url'),
  ];
}

function expectNoSecret(result: RunResult, secret = SECRET): void {
  const text = JSON.stringify(result);
  // JSON.stringify escapes backslashes; read the strings back as they are.
  const strings: string[] = [];
  JSON.parse(text, (_key, value: unknown) => (typeof value === 'string' && strings.push(value), value));
  for (const form of spellings(secret)) {
    expect(text, `the trace shows ${form}`).not.toContain(form);
    for (const string of strings) expect(string, `the trace shows ${form}`).not.toContain(form);
  }
}

/** An API that answers with everything it got, spelled every way it could be. */
function echo(request: Received): Record<string, unknown> {
  const got = JSON.stringify({ target: request.target, headers: request.headers, body: request.body });
  return {
    raw: got,
    upper: got.toUpperCase(),
    lower: got.toLowerCase(),
    percent: encodeURIComponent(got),
    percentLower: encodeURIComponent(got).replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()),
    base64: Buffer.from(got).toString('base64'),
    base64url: Buffer.from(got).toString('base64url'),
    shifted: Buffer.from(`x${got}`).toString('base64'),
    shiftedTwice: Buffer.from(`xy${got}`).toString('base64'),
  };
}

/** A definition as the engine takes it, built without the checks that would refuse it. */
function unchecked(raw: Record<string, unknown>): Definition {
  const parsed = parseDefinition(raw);
  if (parsed.ok) return parsed.definition;
  const { finalMapping, ...rest } = raw;
  const checked = definitionOf(rest);
  return DefinitionSchema.parse({ ...checked, finalMapping });
}

describe('a credential through any filter', () => {
  let api: StandIn;
  let engine: Engine;
  beforeAll(async () => {
    api = await standIn((request, response) => {
      // JSON with every slash escaped, as PHP writes it.
      response.writeHead(200, { 'content-type': 'application/json', 'x-echo': encodeURIComponent(request.body).slice(0, 2000) }).end(JSON.stringify(echo(request)).replace(/\//g, '\\/'));
    });
    engine = testEngine();
  });
  afterAll(async () => {
    await engine.close();
    await api.close();
  });

  const ARGS: Record<string, string> = {
    append: ': "-x"', prepend: ': "x-"', remove: ': "A"', remove_first: ': "A"', remove_last: ': "A"', replace: ': "A", "a"', replace_first: ': "A", "a"', replace_last: ': "A", "a"',
    truncate: ': 9', truncatewords: ': 1', slice: ': 1, 6', split: ': "/"', hmac_sha256: ': "key"', default: ': "none"', date: ': "%Y"', plus: ': 1', minus: ': 1', times: ': 2',
    divided_by: ': 2', modulo: ': 2', at_least: ': 1', at_most: ': 1', round: ': 1', join: ': "|"', map: ': "x"', sum: '', concat: ': "a"', push: ': "x"', unshift: ': "x"',
    where: ': "x"', reject: ': "x"', where_exp: ': "c", "c != \'!\'"', reject_exp: ': "c", "c == \'!\'"', group_by: ': "x"', group_by_exp: ': "c", "c"', has: ': "x"', has_exp: ': "c", "c"',
    find_index: ': "x"', find_index_exp: ': "c", "c"', find: ': "x"', find_exp: ': "c", "c"', wrap: ': "k"', pick: ': "x"',
  };
  const LIST_FILTERS = new Set(['wrap', 'pick', 'join', 'reverse', 'sort', 'sort_natural', 'map', 'sum', 'compact', 'concat', 'push', 'unshift', 'pop', 'shift', 'where', 'reject', 'where_exp', 'reject_exp', 'group_by', 'group_by_exp', 'has', 'has_exp', 'find_index', 'find_index_exp', 'find', 'find_exp', 'uniq', 'sample', 'array_to_sentence_string']);

  // Every filter liquid has, applied to the credential itself, or to it split into characters.
  const cases = Object.keys(liquid.filters).flatMap((name) => {
    const filter = `${name}${ARGS[name] ?? ''}`;
    const templates = [`{{ credentials.svc.token | ${filter} }}`];
    if (LIST_FILTERS.has(name)) templates.push(`{{ credentials.svc.token | split: "" | ${filter} | join: "" }}`);
    if (name === 'base64_decode') templates[0] = '{{ credentials.svc.token | base64_encode | base64_decode }}';
    if (name === 'url_decode') templates.push('{{ credentials.svc.token | url_encode | url_encode | url_decode }}');
    if (name === 'escape') templates.push('{{ credentials.svc.token | escape | escape }}');
    return templates;
  });

  it.each(cases)('%s: sent as made, shown as the mask, echoed back masked', async (template) => {
    const before = api.received.length;
    const result = await engine.run(
      definitionOf(oneStep({ url: `${api.url}/echo`, method: 'POST', headers: { 'X-Derived': '{{ credentials.svc.token | size }}' }, body: { derived: template, in_text: `<${template}>` } })),
      { credentials },
    );
    expectNoSecret(result);
    if (result.status !== 'success') {
      // A filter that cannot take text (a date of a token, say) fails the step; nothing was sent.
      expect(result.error?.code).toBe('template');
      expect(api.received.length).toBe(before);
      return;
    }
    const sent = JSON.parse(api.received.at(-1)?.body ?? '{}') as Record<string, unknown>;
    // What the template makes with no watch on the value: the same filters, the project's own included.
    const value: unknown = liquid.evalValueSync(template.slice(3, -3).replace('credentials.svc.token', 'token'), new Context({ token: SECRET }));
    const made = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value as string);
    // `sample` picks a character at random, and `uuid` makes a new value: one made from a secret is masked wherever it appears, keys of the trace included.
    if (template.includes('sample') || template.includes('uuid')) return;
    expect(String(sent.in_text)).toBe(`<${made}>`);
    const shown = JSON.parse(result.steps[0]?.request?.body ?? '{}') as Record<string, unknown>;
    expect(shown).toEqual({ derived: MASK, in_text: made === '' ? '<>' : `<${MASK}>` });
    expect(result.steps[0]?.request?.headers['X-Derived']).toBe(MASK);
    if (made.length >= 8) expect(JSON.stringify(result)).not.toContain(made);
  });

  it('in the URL path and query, each value that read it is the mask, the rest as sent', async () => {
    const result = await engine.run(
      definitionOf(oneStep({ url: `${api.url}/v1/{{ credentials.svc.token | upcase }}/lookup?email={{ contact.email }}`, queryParams: [{ key: 'sig', value: '{{ credentials.svc.token | base64_encode }}' }, { key: 'plain', value: 'yes' }] })),
      { credentials, contact: { email: 'ada@example.com' } },
    );
    expect(result.status).toBe('success');
    expect(result.steps[0]?.request?.url).toBe(`${api.url}/v1/${MASK}/lookup?email=ada%40example.com&sig=${MASK}&plain=yes`);
    expect(api.received.at(-1)?.target).toBe(`/v1/${encodeURIComponent(SECRET.toUpperCase())}/lookup?email=ada%40example.com&sig=${encodeURIComponent(Buffer.from(SECRET).toString('base64'))}&plain=yes`);
    expectNoSecret(result);
  });

  it('through an assign or a capture, in a loop, or by a name computed at run time', async () => {
    for (const template of [
      '{% assign t = credentials.svc.token | downcase %}{{ t }}',
      '{% capture t %}{{ credentials.svc.token | reverse }}{% endcapture %}{{ t | upcase }}',
      '{% for c in credentials %}{{ c[1].token | slice: 2, 9 }}{% endfor %}',
      "{% assign root = 'creden' | append: 'tials' %}{{ [root].svc.token | upcase }}",
      '{{ workspace | json }}',
      '{{ credentials | inspect }}',
    ]) {
      const result = await engine.run(unchecked(oneStep({ url: `${api.url}/echo`, method: 'POST', body: { derived: template } })), { credentials });
      expect(result.status, template).toBe('success');
      expect(JSON.parse(result.steps[0]?.request?.body ?? '{}'), template).toEqual({ derived: MASK });
      expectNoSecret(result);
    }
  });

  it('masks a credential of one, two or three characters too', async () => {
    for (const secret of ['q', 'Zx', 'k9!']) {
      const result = await engine.run(definitionOf(oneStep({ url: `${api.url}/echo`, method: 'POST', headers: { 'X-Key': '{{ credentials.svc.token }}' } })), { credentials: { svc: { token: secret } } });
      expect(result.steps[0]?.request?.headers['X-Key']).toBe(MASK);
      const raw = (result.steps[0]?.response?.body as { raw: string }).raw;
      expect(raw).not.toContain(`"x-key":"${secret}"`);
    }
  });
});

describe('mappings', () => {
  it.each([
    '{{ credentials.svc.token }}',
    '{{ credentials.svc.token | upcase }}',
    '{{ workspace.svc_token }}',
    '{{ workspace.api_key | base64_encode }}',
    '{{ workspace }}',
    '{% for c in credentials %}{{ c }}{% endfor %}',
    'token: {{ credentials["svc"].token | slice: 1, 4 }}',
  ])('cannot read credentials: %s is refused at validation with its path', (template) => {
    const parsed = parseDefinition(oneStep({ url: 'https://api.example.com/' }, { finalMapping: { 'metadata.leak': template } }));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues).toContainEqual({ path: 'finalMapping["metadata.leak"]', message: expect.stringContaining('credentials cannot be written to a contact') as string });
  });

  it('may read the workspace id and name', () => {
    expect(parseDefinition(oneStep({ url: 'https://api.example.com/' }, { finalMapping: { 'metadata.workspace': '{{ workspace.id }}/{{ workspace.name }}' } })).ok).toBe(true);
  });

  describe('that never went through validation', () => {
    let api: StandIn;
    let engine: Engine;
    beforeAll(async () => {
      api = await standIn((request, response) => json(response, 200, { you_sent: request.headers['x-key'] ?? null, name: 'Ada' }));
      engine = testEngine();
    });
    afterAll(async () => {
      await engine.close();
      await api.close();
    });

    it('write nothing made from a secret, or holding one, and say why', async () => {
      const definition = unchecked(
        oneStep(
          { url: `${api.url}/x`, headers: { 'X-Key': '{{ credentials.svc.token }}' }, outputMapping: { echoed: 'you_sent', name: 'name' } },
          { finalMapping: { 'metadata.a': '{{ credentials.svc.token | reverse }}', 'metadata.b': '{{ step_1.echoed | downcase }}', 'metadata.c': 'x{{ workspace.svc_token }}', firstname: '{{ step_1.name }}' } },
        ),
      );
      const result = await engine.run(definition, { credentials });
      expect(result.status).toBe('success');
      expect(result.patch).toEqual({ firstname: 'Ada' });
      for (const target of ['metadata.a', 'metadata.b', 'metadata.c']) {
        expect(result.mappings.find((mapping) => mapping.target === target)).toMatchObject({ written: false, reason: expect.stringContaining('is, or holds, a secret') as string });
      }
      expectNoSecret(result);
    });
  });
});

describe('tokens a step obtains', () => {
  let api: StandIn;
  let engine: Engine;
  const ACCESS = 'at-9f8e7d6c5b4a';
  const REFRESH = 'rt-0a1b2c3d4e5f';
  beforeAll(async () => {
    api = await standIn((request, response) => {
      if (request.url.pathname === '/oauth/token') return json(response, 200, { access_token: ACCESS, refresh_token: REFRESH, token_type: 'bearer', expires_in: 3600 });
      if (request.url.pathname === '/session') return json(response, 200, { session: { key: 'sess-42-abcdef' } });
      json(response, 200, { saw: request.headers.authorization ?? null, session: request.headers['x-session'] ?? null });
    });
    engine = testEngine();
  });
  afterAll(async () => {
    await engine.close();
    await api.close();
  });

  it('from a token endpoint are secret: masked in its answer and outputs, used by later steps, never mapped', async () => {
    const definition = unchecked({
      name: 'Explicit token step',
      steps: [
        { id: 'login', method: 'POST', url: `${api.url}/oauth/token`, outputMapping: { token: 'access_token' } },
        { id: 'use', url: `${api.url}/me`, headers: { Authorization: 'Bearer {{ login.token }}' } },
      ],
      finalMapping: { 'metadata.token': '{{ login.token }}' },
    });
    const result = await engine.run(definition);
    expect(result.status).toBe('success');
    expect(result.steps[0]?.response?.body).toMatchObject({ access_token: MASK, refresh_token: MASK, token_type: 'bearer' });
    expect(result.steps[0]?.outputs).toEqual({ token: MASK });
    expect(result.steps[1]?.response?.body).toEqual({ saw: `Bearer ${MASK}`, session: null });
    expect(api.received.at(-1)?.headers.authorization).toBe(`Bearer ${ACCESS}`);
    expect(result.patch).toEqual({});
    for (const token of [ACCESS, REFRESH]) expectNoSecret(result, token);
  });

  it('marked "secret" in an output mapping are secret, and a mapping of one is refused at validation', async () => {
    const steps = [
      { id: 'open', method: 'POST', url: `${api.url}/session`, outputMapping: { key: { path: 'session.key', secret: true } } },
      { id: 'use', url: `${api.url}/me`, headers: { 'X-Session': '{{ open.key }}' } },
    ];
    const refused = parseDefinition({ name: 'Session', steps, finalMapping: { 'metadata.session': '{{ open.key }}' } });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.issues).toContainEqual({ path: 'finalMapping["metadata.session"]', message: '{{ open.key }}: output key of open is secret, so it cannot be written to a contact' });

    const result = await engine.run(definitionOf({ name: 'Session', steps }));
    expect(result.status).toBe('success');
    expect(result.steps[0]?.response?.body).toEqual({ session: { key: MASK } });
    expect(result.steps[0]?.outputs).toEqual({ key: MASK });
    expect(result.steps[1]?.request?.headers['X-Session']).toBe(MASK);
    expect(result.steps[1]?.response?.body).toEqual({ saw: null, session: MASK });
    expectNoSecret(result, 'sess-42-abcdef');
  });
});

describe('what a remote API answers', () => {
  let api: StandIn;
  let engine: Engine;
  beforeAll(async () => {
    api = await standIn((request, response) => {
      const key = String(request.headers['x-key'] ?? '');
      switch (request.url.pathname) {
        case '/xml-cdata':
          return void response.writeHead(200, { 'content-type': 'application/xml' }).end(`<r><a><![CDATA[${key.slice(0, 5)}]]><![CDATA[${key.slice(5)}]]></a><b>${[...key].map((c) => `&#${c.charCodeAt(0)};`).join('')}</b></r>`);
        case '/escaped':
          return void response.writeHead(200, { 'content-type': 'application/json' }).end(`{"u":"${[...key].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}","slashes":${JSON.stringify(key).replace(/\//g, '\\/')}}`);
        case '/basic':
          return json(response, 200, { basic: Buffer.from(`someone:${key}`).toString('base64'), urlsafe: Buffer.from(`ab${key}`).toString('base64url') });
        case '/error':
          return json(response, 403, { error: `key ${key.toUpperCase()} is not allowed; ${key.toLowerCase()} neither` }, { 'x-rejected': key });
        default:
          return json(response, 200, { ok: true });
      }
    });
    engine = testEngine();
  });
  afterAll(async () => {
    await engine.close();
    await api.close();
  });

  it.each(['/xml-cdata', '/escaped', '/basic', '/error'])('is masked however it spells the credential: %s', async (path) => {
    const result = await engine.run(definitionOf(oneStep({ url: `${api.url}${path}`, headers: { 'X-Key': '{{ credentials.svc.token }}' } })), { credentials });
    expectNoSecret(result);
    if (path === '/error') {
      expect(result.error?.message).toMatch(/^HTTP 403 Forbidden from 127\.0\.0\.1:\d+: \{"error":"key •••••• is not allowed; •••••• neither"\}$/);
      expect(result.steps[0]?.response?.headers['x-rejected']).toBe(MASK);
    }
  });

  it('with a value that is not a host name, says so without the value', async () => {
    const result = await engine.run(definitionOf(oneStep({ url: 'https://{{ credentials.svc.token | upcase }}.example.com/' })), { credentials });
    expect(result.error?.message).toBe(`url: "${MASK}" cannot be part of a host name`);
  });
});

describe('a redirect to another origin', () => {
  let origin: StandIn;
  let other: StandIn;
  beforeAll(async () => {
    other = await standIn((request, response) => json(response, 200, { headers: request.headers }));
    origin = await standIn((_request, response) => void response.writeHead(302, { location: `${other.url}/landed` }).end());
  });
  afterAll(async () => {
    await origin.close();
    await other.close();
  });

  it('drops every header that carries something made from a credential', async () => {
    const result = await engine().run(
      definitionOf(
        oneStep({
          url: `${origin.url}/go`,
          headers: { 'X-B64': '{{ credentials.svc.token | base64_encode }}', 'X-Low': '{{ credentials.svc.token | downcase }}', 'X-Short': '{{ credentials.short.v }}', 'X-Plain': 'kept' },
        }),
      ),
      { credentials: { ...credentials, short: { v: 'ab' } } },
    );
    const landed = other.received.at(-1)?.headers ?? {};
    expect(landed['x-plain']).toBe('kept');
    for (const name of ['x-b64', 'x-low', 'x-short']) expect(landed[name], name).toBeUndefined();
    expect(result.status).toBe('success');
  });

  const engines: Engine[] = [];
  const engine = () => {
    const made = testEngine();
    engines.push(made);
    return made;
  };
  afterAll(async () => {
    for (const made of engines) await made.close();
  });
});
