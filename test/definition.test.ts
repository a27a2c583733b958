import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDefinition, type Issue } from '../src/engine/index.ts';

const example = (name: string): Record<string, unknown> => JSON.parse(readFileSync(new URL(`../examples/${name}`, import.meta.url), 'utf8'));
const issuesOf = (raw: unknown): Issue[] => {
  const parsed = parseDefinition(raw);
  if (parsed.ok) throw new Error('expected the definition to be refused');
  return parsed.issues;
};
const step = (extra: Record<string, unknown> = {}) => ({ url: 'https://api.test/x', ...extra });

describe('definitions', () => {
  it('normalises the single-step original', () => {
    const parsed = parseDefinition(example('enhance-data.single-step.json'));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    expect(parsed.definition.steps).toEqual([
      {
        id: 'step_1',
        method: 'GET',
        url: 'https://api.example.com/phone?phone={{contact.phone_number}}',
        headers: { 'X-API-Key': '{{workspace.api_key}}', 'Content-Type': 'application/json' },
        query: { format: 'json' },
        auth: { type: 'none' },
        timeoutMs: 30000,
        retries: 3,
        outputs: {},
        continueOnError: false,
      },
    ]);
    expect(parsed.definition.fieldMappings).toHaveLength(6);
  });

  it('reads its own normalised form back unchanged', () => {
    const first = parseDefinition(example('hubspot-contact-enrichment.multi-step.json'));
    if (!first.ok) throw new Error('refused');
    const again = parseDefinition(JSON.parse(JSON.stringify(first.definition)));
    expect(again).toEqual(first);
  });

  it('names the path of what is wrong, as the author wrote it', () => {
    const single = example('enhance-data.single-step.json');
    expect(issuesOf({ ...single, config: { ...(single.config as object), url: '' } })).toEqual([{ path: 'config.url', message: 'is required' }]);
    expect(issuesOf({ name: 'x', steps: [step(), step({ url: 42 })] })).toEqual([{ path: 'steps[1].url', message: 'Invalid input: expected string, received number' }]);
    expect(issuesOf({ name: 'x', steps: [step({ method: 'FETCH' })] })[0]?.path).toBe('steps[0].method');
    expect(issuesOf({ name: 'x', steps: [step({ headers: [{ key: 'A', value: 3 }] })] })[0]?.path).toBe('steps[0].headers[0].value');
    expect(issuesOf({ name: 'x', steps: [step({ outputMaping: {} })] })).toEqual([{ path: 'steps[0].outputMaping', message: 'is not a known field' }]);
    // An auth key the type does not read is refused, not ignored.
    expect(issuesOf({ name: 'x', steps: [step({ auth: { type: 'oauth2', tokenUrl: 'https://a.example/token', clientId: 'id', clientSecret: 's', refreshToken: 'r' } })] })).toEqual([
      { path: 'steps[0].auth.refreshToken', message: 'is not a field of oauth2 auth: a refresh token is stored as a credential, named by "connection", with "grantType": "refresh_token"' },
    ]);
    expect(issuesOf({ name: 'x', steps: [step({ auth: { type: 'bearer', token: 't', prefix: 'Token' } })] })[0]?.path).toBe('steps[0].auth.prefix');
    // Outcome rules: named as the author spelled them.
    expect(issuesOf({ name: 'x', steps: [step({ no_match: { statuses: [404], when: '{{ results | size == }}' } })] })[0]?.path).toBe('steps[0].no_match.when');
    expect(issuesOf({ name: 'x', steps: [step({ noMatch: [4040] })] })[0]?.path).toBe('steps[0].noMatch.statuses[0]');
    expect(issuesOf({ name: 'x', steps: [step({ failWhen: '{% if %}' })] })[0]?.path).toBe('steps[0].failWhen');
    expect(issuesOf({ name: 'x', steps: [step({ error_path: 'error..message' })] })).toEqual([{ path: 'steps[0].error_path', message: '"error..message" is not a valid path (write it like results[0].id)' }]);
    expect(issuesOf({ name: 'x', steps: [step({ auth: { type: 'bearer' } })] })).toEqual([{ path: 'steps[0].auth.token', message: 'required for bearer auth' }]);
    // A JSON body that does not parse is an error on the body, not a string sent as it is.
    expect(issuesOf({ name: 'x', steps: [step({ method: 'POST', bodyType: 'json', body: '{"a": 1,,}' })] })).toEqual([{ path: 'steps[0].body', message: 'is not valid JSON (Expected double-quoted property name in JSON at position 8 (line 1 column 9)); templates go inside strings ("id": "{{ input.id }}")' }]);
    for (const body of ['plain text is a JSON string', '{{ input.payload }}']) expect(parseDefinition({ name: 'x', input_schema: [{ name: 'payload' }], steps: [step({ method: 'POST', bodyType: 'json', body })] }).ok, body).toBe(true);
    expect(issuesOf({ steps: [step()] })[0]?.path).toBe('name');
    expect(issuesOf([])[0]?.message).toBe('a connector definition is a JSON object');
  });

  it('refuses more than 20 steps and duplicate step ids', () => {
    expect(issuesOf({ name: 'x', steps: Array.from({ length: 21 }, () => step()) })).toEqual([{ path: 'steps', message: 'at most 20 steps' }]);
    expect(issuesOf({ name: 'x', steps: [step({ id: 'a' }), step({ id: 'a' })] })).toEqual([{ path: 'steps[1].id', message: 'duplicate step id "a" (also steps[0])' }]);
  });

  it('refuses templates that name a step that does not exist, comes later, or an output it lacks', () => {
    const issues = issuesOf({
      name: 'x',
      steps: [
        step({ id: 'one', url: 'https://api.test/{{ two.id }}', outputMapping: { id: 'results[0].id' } }),
        step({ id: 'two', url: 'https://api.test/{{ one.contactId }}/{{ nope.x }}', outputMapping: { id: 'id' } }),
        step({ id: 'three', url: 'https://api.test/{{ step_1.id }}', body: { me: '{{ three.id }}' } }),
      ],
    });
    expect(issues).toEqual([
      { path: 'steps[0].url', message: '{{ two.id }}: step "two" runs later, so its outputs do not exist yet' },
      { path: 'steps[1].url', message: '{{ one.contactId }}: step "one" has no output "contactId" (its outputs: id)' },
      expect.objectContaining({ path: 'steps[1].url', message: expect.stringMatching(/^\{\{ nope\.x \}\}: unknown variable "nope"/) as unknown }),
      { path: 'steps[2].body.me', message: '{{ three.id }}: a step cannot read its own outputs' },
    ]);
  });

  it('refuses unknown contact fields as targets and points to metadata', () => {
    const issues = issuesOf({ name: 'x', steps: [step()], field_mappings: [{ sourcePath: 'a', targetField: 'favourite_colour' }], finalMapping: { 'metadata.': '{{ step_1.a }}' } });
    expect(issues).toEqual([
      { path: 'field_mappings[0].targetField', message: expect.stringMatching(/^"favourite_colour" is not a contact field; .* custom_fields\.favourite_colour \/ metadata\.favourite_colour$/) as unknown },
      { path: 'finalMapping["metadata."]', message: '"metadata." needs a key after "metadata." (for example metadata.source)' },
    ]);
  });

  it('refuses broken templates, paths and undeclared inputs', () => {
    const issues = issuesOf({
      name: 'x',
      input_schema: [{ name: 'email', type: 'string', required: true }],
      steps: [step({ url: 'https://api.test/{{ input.emial }}', headers: { X: '{{ contact.x | nosuchfilter }}' }, outputMapping: { id: 'results[' } })],
    });
    expect(issues.map((issue) => issue.path)).toEqual(['steps[0].url', 'steps[0].headers.X', 'steps[0].outputMapping.id']);
    expect(issues[0]?.message).toBe('{{ input.emial }}: input "emial" is not declared in input_schema (declared: email)');
    expect(issues[1]?.message).toMatch(/invalid template: .*nosuchfilter/);
    expect(issues[2]?.message).toBe('"results[" is not a valid path (write it like results[0].id)');
  });

  it('refuses a URL that is not http or https', () => {
    expect(issuesOf({ name: 'x', steps: [step({ url: 'ftp://files.test/a' })] })).toEqual([{ path: 'steps[0].url', message: 'must start with http:// or https://' }]);
  });
});
