import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_FILES, readExample } from '../../src/demo/examples.ts';
import { columnsFromDocument } from '../../src/store/index.ts';
import type { Connector } from '../../web/src/api.ts';
import { documentFromDraft, draftFromConnector, inputsOf, newDraft } from '../../web/src/connector-builder/draft.ts';
import { variablesFor } from '../../web/src/connector-builder/variables.ts';

/** A stored connector as the API answers it, from a definition document. */
function stored(document: Record<string, unknown>): Connector {
  const checked = columnsFromDocument(document);
  if (!checked.ok) throw new Error(JSON.stringify(checked.issues));
  return { id: 'c1', version: 1, total_executions: 0, successful_executions: 0, failed_executions: 0, last_executed_at: null, ...checked.columns } as unknown as Connector;
}

function definitionOf(document: Record<string, unknown>) {
  const checked = columnsFromDocument(document);
  if (!checked.ok) throw new Error(JSON.stringify(checked.issues));
  return checked.definition;
}

const templates = async () => {
  const folder = new URL('../../templates/', import.meta.url);
  const files = (await readdir(folder)).filter((file) => file.endsWith('.json'));
  return Promise.all(files.map(async (file) => [file, (JSON.parse(await readFile(new URL(file, folder), 'utf8')) as { definition: Record<string, unknown> }).definition] as const));
};

describe("the connector builder's draft", () => {
  it('opens every example and template and saves it back as the same definition', async () => {
    const documents = [...(await Promise.all(EXAMPLE_FILES.map(async (file) => [file, await readExample(file)] as const))), ...(await templates())];
    expect(documents.length).toBeGreaterThan(6);
    for (const [file, document] of documents) {
      const saved = documentFromDraft(draftFromConnector(stored(document)));
      expect(definitionOf(saved), file).toEqual(definitionOf(document));
    }
  });

  it('keeps every auth type through the builder: the OAuth 2 grants, PKCE turned off, AWS signing', () => {
    const auths = [
      { type: 'oauth2', grantType: 'authorization_code', authorizationUrl: 'https://app.example.com/oauth/authorize', tokenUrl: 'https://api.example.com/token', clientId: '{{credentials.app.id}}', clientSecret: '{{credentials.app.secret}}', scope: 'read', connection: 'crm', pkce: false },
      { type: 'oauth2', grant_type: 'refresh_token', token_url: 'https://oauth2.googleapis.com/token', client_id: '{{credentials.google.client_id}}', client_secret: '{{credentials.google.client_secret}}', clientAuthentication: 'body', connection: 'google' },
      { type: 'oauth2', tokenUrl: 'https://login.example.com/token', clientId: 'id', clientSecret: '{{credentials.graph.secret}}', audience: 'https://api.example.com' },
      { type: 'aws_sigv4', accessKeyId: '{{credentials.aws.key}}', secretAccessKey: '{{credentials.aws.secret}}', region: 'us-east-1', service: 'geo' },
    ];
    for (const auth of auths) {
      const document = { name: 'Auth', steps: [{ id: 'one', url: 'https://api.example.com/me', auth }] };
      expect(definitionOf(documentFromDraft(draftFromConnector(stored(document)))), auth.type).toEqual(definitionOf(document));
    }
  });

  it('keeps outputs marked secret, in either spelling, through the builder', () => {
    const document = {
      name: 'Token step',
      steps: [
        { id: 'login', method: 'POST', url: 'https://auth.example.com/token', outputMapping: { token: { path: 'access_token', secret: true }, user: 'user.id' } },
        { id: 'use', url: 'https://api.example.com/me', headers: { Authorization: 'Bearer {{ login.token }}' }, outputMapping: { key: 'session.key' }, secretOutputs: ['key'] },
      ],
    };
    const draft = draftFromConnector(stored(document));
    expect(draft.steps.map((step) => step.secretOutputs)).toEqual([['token'], ['key']]);
    expect(definitionOf(documentFromDraft(draft))).toEqual(definitionOf(document));
  });

  it('keeps outcome rules, in either spelling, through the builder', () => {
    const document = {
      name: 'Outcomes',
      steps: [
        { id: 'person', url: 'https://api.example.com/person', no_match: [404, 410], error_path: 'error.message' },
        { id: 'slack', url: 'https://slack.example.com/api/users', noMatch: { statuses: [], when: '{{ error == "users_not_found" }}' }, failWhen: '{{ ok == false }}', errorPath: 'error' },
      ],
    };
    const draft = draftFromConnector(stored(document));
    expect(draft.steps.map((step) => [step.noMatchStatuses, step.noMatchWhen, step.failWhen, step.errorPath])).toEqual([
      ['404, 410', '', '', 'error.message'],
      ['', '{{ error == "users_not_found" }}', '{{ ok == false }}', 'error'],
    ]);
    expect(definitionOf(documentFromDraft(draft))).toEqual(definitionOf(document));
  });

  it('keeps pagination, in either spelling, through the builder', () => {
    const document = {
      name: 'Pages',
      steps: [
        { id: 'charges', url: 'https://api.stripe.com/v1/charges', paginate: { items: 'data', has_more: '{{ has_more }}', next_query: { starting_after: '{{ data.last.id }}' }, max_pages: 50 } },
        { id: 'issues', url: 'https://api.github.com/repos/o/r/issues', paginate: { items: '_body', nextUrl: '{{ _links.next }}', maxItems: 200 } },
        { id: 'search', method: 'POST', url: 'https://api.github.com/graphql', body: { query: 'query($after: String) { viewer { login } }' }, paginate: { items: 'data.viewer.repositories.nodes', next_body: { 'variables.after': '{{ data.viewer.repositories.pageInfo.endCursor }}' } } },
        { id: 'plain', url: 'https://api.example.com/one' },
      ],
    };
    const draft = draftFromConnector(stored(document));
    expect(draft.steps.map((step) => step.paginate?.next)).toEqual(['query', 'url', 'body', undefined]);
    expect(definitionOf(documentFromDraft(draft))).toEqual(definitionOf(document));
  });

  it('gives each step its own auth only where it differs from the connector\'s', () => {
    const draft = draftFromConnector(
      stored({
        name: 'Mixed',
        steps: [
          { id: 'a', url: 'https://a.example.com', auth: { type: 'bearer', token: '{{credentials.x.token}}' } },
          { id: 'b', url: 'https://b.example.com', auth: { type: 'none' } },
          { id: 'c', url: 'https://c.example.com', auth: { type: 'bearer', token: '{{credentials.x.token}}' } },
        ],
      }),
    );
    expect(draft.auth).toEqual({ type: 'bearer', fields: { token: '{{credentials.x.token}}' } });
    expect(draft.steps.map((step) => step.auth)).toEqual(['inherit', { type: 'none', fields: {} }, 'inherit']);
  });

  it('asks for the inputs its templates read even when the document declares none', async () => {
    const hubspot = draftFromConnector(stored(await readExample('hubspot-contact-enrichment.multi-step.json')));
    expect(hubspot.inputs).toEqual([]);
    expect(inputsOf(hubspot)).toEqual([{ name: 'email', type: 'string', required: false, description: 'Read by a template; not declared' }]);
    const declared = { ...hubspot, inputs: [{ name: 'email', type: 'string' as const, required: true, description: 'Who to look up' }] };
    expect(inputsOf(declared)).toEqual(declared.inputs);
  });

  it('sends a JSON body that does not parse as written, so the API names the field', () => {
    const draft = newDraft();
    draft.name = 'Broken body';
    draft.steps[0] = { ...draft.steps[0]!, url: 'https://api.example.com', method: 'POST', bodyType: 'json', body: '{"a": ' };
    const steps = documentFromDraft(draft).steps as { body: unknown }[];
    expect(steps[0]?.body).toBe('{"a": ');
  });

  it("offers every path of earlier steps' last answers, declaring an output when the step reads through outputs", () => {
    const draft = draftFromConnector(
      stored({
        name: 'Chain',
        steps: [
          { id: 'search', url: 'https://api.example.com/search' },
          { id: 'person', url: 'https://api.example.com/people/{{ search.results[0].id }}', outputMapping: { name: 'name' } },
          { id: 'company', url: 'https://api.example.com/companies/{{ person.name }}' },
        ],
      }),
    );
    const answers = { search: { results: [{ id: 7 }] }, person: { name: 'Ada', employer: { domain: 'engines.example' } } };
    const offered = variablesFor(draft, [], 2, answers).filter((variable) => /^(search|person)\./.test(variable.name));
    expect(offered.map(({ name, declares }) => [name, declares?.path])).toEqual([
      ['person.name', undefined],
      ['search.results[0].id', undefined],
      ['person.domain', 'employer.domain'],
    ]);
    expect(offered[2]!.declares?.step).toBe(draft.steps[1]!.key);
  });
});
