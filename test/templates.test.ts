import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DefinitionSchema, Engine, parseDefinition, type Definition } from '../src/engine/index.ts';
import fc from 'fast-check';
import { RunSecrets } from '../src/engine/run-secrets.ts';
import { asLiteral, evaluate, renderShown, Scope, stringify } from '../src/engine/template/index.ts';
import { json, oneStep, standIn, type StandIn } from './support/stand-in.ts';
import { testEngine } from './support/engine.ts';

/*
 * Templates are a closed language: no tag reaches a file, no template changes what other
 * templates of the run read, and no template holds the process for long. Attacked both at
 * validation and at run time (a definition that never went through validation).
 */

const PACKAGE_JSON = fileURLToPath(new URL('../package.json', import.meta.url));
const packageName = (JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { name: string }).name;

/** A definition as the engine takes it, built without the checks that would refuse it. */
function unchecked(step: Record<string, unknown>, rest: Record<string, unknown> = {}): Definition {
  return DefinitionSchema.parse({
    name: 'Unchecked',
    type: 'single-step',
    enabled: true,
    inputSchema: [],
    steps: [{ id: 'step_1', method: 'GET', headers: {}, query: {}, auth: { type: 'none' }, timeoutMs: 5000, retries: 0, outputs: {}, continueOnError: false, ...step }],
    fieldMappings: [],
    finalMapping: {},
    continueOnError: false,
    ...rest,
  });
}

const FILE_TAGS = [
  `{% include '${PACKAGE_JSON}' %}`,
  '{% include contact.company %}',
  "{%- include 'data/secrets.json' -%}",
  `{% render '${PACKAGE_JSON}' %}`,
  "{% render 'x' with contact as c %}",
  `{% layout '${PACKAGE_JSON}' %}`,
  '{% block body %}x{% endblock %}',
  "{% liquid\n  include 'data/secrets.json'\n%}",
  "{% if contact.email %}{% include 'package.json' %}{% endif %}",
  "{% for i in (1..2) %}{% render 'package.json' %}{% endfor %}",
];

describe('file-loading tags', () => {
  it.each(FILE_TAGS)('are refused at validation, naming the template: %s', (tag) => {
    for (const [place, definition, path] of [
      ['url', oneStep({ url: `https://api.example.com/phone${tag}` }), 'steps[0].url'],
      ['header', oneStep({ url: 'https://api.example.com/', headers: { 'X-A': tag } }), 'steps[0].headers["X-A"]'],
      ['body', oneStep({ url: 'https://api.example.com/', method: 'POST', body: { a: [tag] } }), 'steps[0].body.a[0]'],
      ['auth', oneStep({ url: 'https://api.example.com/', auth: { type: 'bearer', token: tag } }), 'steps[0].auth.token'],
      ['when', oneStep({ url: 'https://api.example.com/', when: tag }), 'steps[0].when'],
      ['mapping', oneStep({ url: 'https://api.example.com/' }, { finalMapping: { 'metadata.x': tag } }), 'finalMapping["metadata.x"]'],
    ] as const) {
      const parsed = parseDefinition(definition);
      expect(parsed.ok, place).toBe(false);
      if (!parsed.ok) expect(parsed.issues, place).toContainEqual({ path, message: expect.stringMatching(/is not allowed: .*(cannot read files|layout)/) as string });
    }
  });

  it.each(['{% increment count %}', '{% decrement contact %}'])('refuse tags that change what every template reads: %s', (tag) => {
    const parsed = parseDefinition(oneStep({ url: `https://api.example.com/${tag}` }));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues[0]?.message).toMatch(/is not allowed: it changes a value every template of the run shares/);
  });

  describe('at run time, when a definition was never checked', () => {
    let api: StandIn;
    let engine: Engine;
    const unhandled: unknown[] = [];
    const listen = (reason: unknown) => unhandled.push(reason);
    beforeAll(async () => {
      api = await standIn((request, response) => json(response, 200, { target: request.target }));
      engine = testEngine();
    });
    afterAll(async () => {
      await engine.close();
      await api.close();
    });
    beforeEach(() => process.on('unhandledRejection', listen));
    afterEach(() => process.off('unhandledRejection', listen));

    it.each(FILE_TAGS)('fail the step with the reason, read no file, and leave nothing unhandled: %s', async (tag) => {
      const result = await engine.run(unchecked({ url: `${api.url}/phone${tag}`, headers: { 'X-Tag': tag } }), { contact: { company: PACKAGE_JSON, email: 'a@b.c' } });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(unhandled).toEqual([]);
      expect(result.status).toBe('failed');
      expect(result.error).toMatchObject({ step: 'step_1', code: 'template', message: expect.stringMatching(/^url: invalid template: \{% \w+ %\} is not allowed/) as string });
      expect(JSON.stringify(result)).not.toContain(packageName);
      expect(JSON.stringify(result)).not.toContain(fileURLToPath(new URL('..', import.meta.url)));
    });
  });
});

describe('what a template assigns', () => {
  let api: StandIn;
  beforeAll(async () => {
    api = await standIn((request, response) => json(response, 200, { target: request.target }));
  });
  afterAll(() => api.close());

  it('stays in that template: another field of the run cannot read it', async () => {
    const engine = testEngine();
    try {
      // Validation refuses {{ kept }} outside its template; at run time it is not there either.
      await engine.run(unchecked({ url: `${api.url}/a?x={% assign kept = 'assigned' %}{{ kept }}`, headers: { 'X-Other': '{{ kept | default: "unset" }}' } }));
      expect(api.received.at(-1)?.target).toBe('/a?x=assigned');
      expect(api.received.at(-1)?.headers['x-other']).toBe('unset');
    } finally {
      await engine.close();
    }
  });
});

describe('a template that would hold the process', () => {
  let api: StandIn;
  let engine: Engine;
  beforeAll(async () => {
    const items = Array.from({ length: 60_000 }, (_, index) => ({ id: index, name: `person ${index}` }));
    api = await standIn((request, response) => json(response, 200, request.url.pathname === '/big' ? { items } : { ok: true }));
    engine = testEngine();
  });
  afterAll(async () => {
    await engine.close();
    await api.close();
  });

  it.each([
    ['a loop without end', '{% for i in (1..1000000) %}{% for j in (1..1000000) %}{% endfor %}{% endfor %}', /took longer than the 50 ms a run may spend rendering them/],
    ['a range of millions', '{{ (1..50000000) | size }}', /made more than the 1,000,000 characters or list items/],
    ['a string that doubles', "{% assign s = 'ab' %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s }}", /made more than the 1,000,000 characters|more than a run's templates may work through/],
  ])('stops at the run budget: %s', async (_what, template) => {
    const result = await engine.run(unchecked({ url: `${api.url}/x?q=${template}` }));
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('template');
  });

  it('refuses a filter over more items than a run may work through, before it starts', async () => {
    const definition = parseDefinition({
      name: 'Heavy',
      steps: [
        { id: 'list', url: `${api.url}/big` },
        { id: 'use', url: `${api.url}/use?names={{ list.items | where_exp: 'item', 'item.id > 5' | map: 'name' | sort | join: ',' }}` },
      ],
    });
    expect(definition.ok).toBe(true);
    if (!definition.ok) return;
    const result = await engine.run(definition.definition);
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ step: 'use', code: 'template', message: expect.stringMatching(/the filter where_exp was given more than a run's templates may work through/) as string });
  });

  it('lets ordinary templates through: filters over a list of a hundred', async () => {
    const definition = parseDefinition({
      name: 'Ordinary',
      steps: [{ url: `${api.url}/x?names={{ input.people | map: 'name' | sort | join: ',' | upcase }}&count={{ input.people | size }}` }],
    });
    if (!definition.ok) throw new Error(JSON.stringify(definition.issues));
    const people = Array.from({ length: 100 }, (_, index) => ({ name: `p${String(index).padStart(3, '0')}` }));
    const result = await engine.run(definition.definition, { input: { people } });
    expect(result.status).toBe('success');
    expect(new URL(api.received.at(-1)?.target ?? '', 'http://x').searchParams.get('count')).toBe('100');
  });
});

describe('the filters the README documents', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const table = readme.slice(readme.indexOf('<!-- filters -->'), readme.indexOf('<!-- /filters -->'));
  const cell = (text: string) => /`([^`]*)`/.exec(text)?.[1]?.replaceAll('\\|', '|') ?? '';
  const rows = table.split('\n').filter((line) => line.startsWith('| `')).map((line) => line.split(/(?<!\\)\|/).slice(1, -1));
  const scope = () =>
    new Scope({
      step_1: { items: [{ name: 'Ada', amount: 5, vip: true }, { name: 'Bob', amount: 7, vip: false }], created: '2026-03-01T10:20:30Z', answer: '[{"id": 1}, {"id": 2}]' },
      contact: { email: 'ada@example.com', firstname: 'ada' },
    });

  it('lists at least the ones users need', () => expect(rows.length).toBeGreaterThanOrEqual(15));
  it('chains hmac on raw bytes: AWS Signature V4\'s documented signing key', () => {
    const derive = ['20120215', 'us-east-1', 'iam', 'aws4_request'].map((part, index) => `{% assign k = "${part}" | hmac: "sha256", ${index === 0 ? '"AWS4wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"' : 'k'}, "key" %}`).join('');
    expect(evaluate(`${derive}{{ k }}`, new Scope({}))).toBe('hex:f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d');
    expect(() => evaluate('{{ "m" | hmac: "md5", "k" }}', new Scope({}))).toThrow('hmac: the algorithm is one of sha1, sha256, sha384, sha512, not "md5"');
  });
  for (const [name, example, gives] of rows) {
    if (cell(name!) === 'uuid') {
      // Random by design: a UUID v4, new at each render.
      it(`uuid: ${cell(example!)}`, () => {
        const [one, two] = [0, 1].map(() => stringify(evaluate(cell(example!), scope())));
        expect(one).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(two).not.toBe(one);
      });
      continue;
    }
    it(`${cell(name!)}: ${cell(example!)}`, () => expect(stringify(evaluate(cell(example!), scope()))).toBe(cell(gives!)));
  }
});

describe('text written as a literal template (what importers make of outside text)', () => {
  const pieces = fc.constantFrom('{{', '}}', '{%', '%}', '{', '}', '%', "'", '"', '-', ' ', '\\', 'raw', 'endraw', 'include', `'${PACKAGE_JSON}'`, 'credentials.svc.token', '|', 'a', '\n', '\0');

  it('renders as the text itself, whatever template syntax it holds, and reads nothing', () => {
    const credentials = { svc: { token: 'sk_live_secret' } };
    // Watched as a run watches them: a template that read the credential would be shown masked.
    const scope = new Scope({ credentials, input: {} }, { secrets: new RunSecrets([], credentials) });
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 24 }).map((parts) => parts.join('')), (text) => {
        const rendered = renderShown(asLiteral(text), scope);
        expect(rendered.text).toBe(text);
        expect(rendered.shown).toBeUndefined();
      }),
      { numRuns: 500 },
    );
  });
});
