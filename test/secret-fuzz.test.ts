import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DefinitionSchema, type Engine } from '../src/engine/index.ts';
import { formsOf } from '../src/engine/secrets.ts';
import { liquid } from '../src/engine/template/language.ts';
import { standIn, type StandIn } from './support/stand-in.ts';
import { testEngine } from './support/engine.ts';

/*
 * Random templates from the whole liquid grammar (every tag, every filter, literals, ranges,
 * loops, captures, names computed at run time), placed in every slot of a step and of the
 * mappings, over a context that holds a credential. Definitions go to the engine unchecked, so
 * its run-time defences are what is tested. Whatever the template, the credential appears in
 * no form the masker knows, and the run never throws.
 */

const FILTERS = Object.keys(liquid.filters);
const TAGS_REFUSED = ['include', 'render', 'layout', 'increment', 'decrement'];

const word = fc.constantFrom('x', 'ab', 'svc', 'token', 'name', '1', '', ' ', '/', '"', '%', '=');
const literal = fc.oneof(
  word.map((text) => JSON.stringify(text)),
  fc.integer({ min: -3, max: 30 }).map(String),
  fc.constantFrom('(1..3)', 'true', 'false', 'nil', 'empty', 'blank'),
);
const variable = fc.constantFrom(
  'credentials.svc.token',
  'credentials["svc"].token',
  'credentials.svc',
  'credentials',
  'workspace.svc_token',
  'workspace',
  'contact.name',
  'contact',
  'input.word',
  'step_1',
  'step_1.echo',
  'v',
  '[k]',
  '[k].svc.token',
  'c',
  'forloop.index',
);
const operand = fc.oneof({ weight: 3, arbitrary: variable }, { weight: 2, arbitrary: literal });
const filterCall = fc.tuple(fc.constantFrom(...FILTERS), fc.array(operand, { maxLength: 2 })).map(([name, args]) => (args.length > 0 ? `${name}: ${args.join(', ')}` : name));
const expression = fc.tuple(operand, fc.array(filterCall, { maxLength: 4 })).map(([head, filters]) => [head, ...filters].join(' | '));
const condition = fc.tuple(operand, fc.constantFrom('==', '!=', 'contains', '>', '<', 'and', 'or'), operand).map((parts) => parts.join(' '));

const template: fc.Arbitrary<string> = fc.letrec<{ part: string; body: string }>((tie) => ({
  body: fc.array(tie('part'), { maxLength: 4 }).map((parts) => parts.join('')),
  part: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    word,
    expression.map((expr) => `{{ ${expr} }}`),
    expression.map((expr) => `{%- assign v = ${expr} -%}`),
    expression.map((expr) => `{% assign k = ${expr} %}`),
    fc.tuple(expression, tie('body')).map(([expr, body]) => `{% for c in ${expr} limit: 3 %}${body}{% endfor %}`),
    fc.tuple(condition, tie('body'), tie('body')).map(([cond, yes, no]) => `{% if ${cond} %}${yes}{% else %}${no}{% endif %}`),
    fc.tuple(condition, tie('body')).map(([cond, body]) => `{% unless ${cond} %}${body}{% endunless %}`),
    tie('body').map((body) => `{% capture v %}${body}{% endcapture %}`),
    fc.tuple(operand, literal, tie('body')).map(([value, when, body]) => `{% case ${value} %}{% when ${when} %}${body}{% else %}-{% endcase %}`),
    expression.map((expr) => `{% echo ${expr} %}`),
    expression.map((expr) => `{% liquid\nassign v = ${expr}\necho v | upcase\n%}`),
    fc.tuple(operand, operand).map(([a, b]) => `{% cycle ${a}, ${b} %}`),
    fc.tuple(expression, tie('body')).map(([expr, body]) => `{% tablerow c in ${expr} limit: 2 %}${body}{% endtablerow %}`),
    word.map((text) => `{% raw %}{{ ${text} }}{% endraw %}{% comment %}${text}{% endcomment %}{% # ${text} %}`),
    fc.constantFrom(...TAGS_REFUSED).map((tag) => `{% ${tag} 'package.json' %}`),
  ),
})).body;

const credential = fc.stringMatching(/^[A-Za-z0-9/+=&%._-]{8,20}$/).map((text) => `sk_${text}`);

describe('secrets under random templates', () => {
  let api: StandIn;
  let engine: Engine;
  let sent = 0;
  beforeAll(async () => {
    // Echoes the request back: as sent, upper-cased, percent-encoded, in base64 and as \u escapes.
    api = await standIn((request, response) => {
      const got = JSON.stringify({ target: request.target, headers: request.headers, body: request.body });
      const escaped = [...got].map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
      const answer = JSON.stringify({ echo: got, upper: got.toUpperCase(), percent: encodeURIComponent(got), base64: Buffer.from(got).toString('base64') }).replace(/\//g, '\\/');
      // Some answers spell what they got in one way only, so each way is met on its own.
      const only = request.target.length % 3;
      response
        .writeHead(200, { 'content-type': 'application/json', 'x-echo': Buffer.from(got).toString('base64').slice(0, 4000) })
        .end(only === 0 ? `${answer.slice(0, -1)},"escaped":"${escaped}"}` : only === 1 ? `{"escaped":"${escaped}"}` : JSON.stringify({ base64: Buffer.from(got).toString('base64') }));
    });
    engine = testEngine({ storedBodyBytes: 4000 });
  });
  afterAll(async () => {
    await engine.close();
    await api.close();
  });

  it('never show the credential in a form the masker knows, and never throw', async () => {
    const step = (id: string, fields: Record<string, unknown>) => ({ id, method: 'GET', headers: {}, query: {}, auth: { type: 'none' }, timeoutMs: 5000, retries: 0, outputs: {}, continueOnError: true, ...fields, url: `${api.url}/${id}${String(fields.url ?? '')}` });
    // Locals the templates read exist, so that most renders get as far as a request.
    const locals = "{% assign v = 'x' %}{% assign k = 'credentials' %}{% assign c = 'y' %}";
    await fc.assert(
      fc.asyncProperty(credential, fc.array(template, { minLength: 7, maxLength: 7 }), async (secret, templates) => {
        const [body, path, header, query, form, mapping, output] = templates.map((one) => `${locals}${one}`) as [string, string, string, string, string, string, string];
        const definition = DefinitionSchema.parse({
          name: 'Fuzzed',
          type: 'multi-step',
          enabled: true,
          inputSchema: [],
          steps: [
            step('body', { method: 'POST', bodyType: 'json', body: { text: body, whole: `{{ credentials.svc.token | ${FILTERS[secret.length % FILTERS.length]} }}` }, outputs: { echo: 'echo', made: `echo | ${FILTERS[secret.charCodeAt(3) % FILTERS.length]}` } }),
            step('path', { url: `/${path}` }),
            step('header', { headers: { 'X-Fuzz': header } }),
            step('query', { query: { q: query }, auth: { type: 'bearer', token: '{{ credentials.svc.token }}' } }),
            step('form', { method: 'POST', bodyType: 'form', body: { f: form } }),
            step('output', { url: `?o=${output}` }),
          ],
          fieldMappings: [{ sourcePath: 'echo', targetField: 'metadata.echo', step: 'body' }],
          finalMapping: { 'metadata.mapped': mapping, 'metadata.output': `{{ step_1.made }}${output}` },
          continueOnError: true,
        });
        const run = engine.run(definition, { credentials: { svc: { token: secret } }, contact: { name: 'Ada' }, input: { word: 'x' } });
        await expect(run).resolves.toHaveProperty('status');
        const result = await run;
        sent += result.steps.filter((one) => one.request !== undefined).length;
        const text = JSON.stringify(result);
        const strings: string[] = [];
        JSON.parse(text, (_key, value: unknown) => (typeof value === 'string' && strings.push(value), value));
        for (const form of formsOf(secret)) {
          expect(text).not.toContain(form);
          for (const string of strings) expect(string).not.toContain(form);
        }
      }),
      { numRuns: 300 },
    );
    // Most templates rendered and were sent: the property was tried on real requests and answers.
    expect(sent).toBeGreaterThan(300 * 6 * 0.3);
  }, 120_000);
});
