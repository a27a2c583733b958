import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { draftFromPostman } from '../src/engine/import/postman.ts';
import { parseDefinition } from '../src/engine/index.ts';

/*
 * Postman collections: Wise's published Balance Groups collection (test/fixtures/postman, MIT),
 * as exported, and the parts of the format it does not use.
 */

const file = new URL('./fixtures/postman/wise-groups-api.postman_collection.json', import.meta.url).pathname;
const wise = draftFromPostman(readFileSync(file, 'utf8'));
const step = (id: string) => wise.definition.steps.find((one) => one.id === id)!;

describe('Postman import', () => {
  it("Wise's collection: every request a step in folder order, tokens chained from the scripts that set them", () => {
    expect(wise.definition.steps.map((one) => one.id)).toEqual([
      'generate_tokens_from_authorization_code',
      'refresh_existing_access_token',
      'create_balance_group',
      'get_balance_group_details',
      'get_balance_groups_for_profile',
      'add_balance_currency_to_balance_group',
      'get_balance_currencies_for_a_group',
      'move_money_between_balances',
      'create_a_card_linked_to_a_group',
      'get_all_card_orders_from_a_group',
      'get_all_cards_from_a_group',
    ]);
    // pm.environment.set("refresh_token", json.refresh_token) → an output (a secret) read by the next step.
    expect(step('generate_tokens_from_authorization_code')).toMatchObject({
      method: 'POST',
      url: '{{input.host}}/oauth/token',
      bodyType: 'form',
      body: { grant_type: 'authorization_code', client_id: '{{credentials.balance_groups_api.client_id}}', code: '{{input.client_auth_code}}' },
      auth: { type: 'basic', username: '{{credentials.balance_groups_api.client_id}}', password: '{{credentials.balance_groups_api.client_secret}}' },
      outputs: { refresh_token: { path: 'refresh_token', secret: true } },
    });
    expect(step('refresh_existing_access_token')).toMatchObject({ body: { refresh_token: '{{generate_tokens_from_authorization_code.refresh_token}}' }, outputs: { token: { path: 'access_token', secret: true } } });
    expect(step('create_balance_group')).toMatchObject({ auth: { type: 'bearer', token: '{{refresh_existing_access_token.token}}' }, bodyType: 'json', body: { profileId: '{{input.profile_id}}', name: 'Profile Access Group 4' }, outputs: { group_id: 'id' } });
    expect(step('get_balance_group_details')).toMatchObject({ url: '{{input.host}}/v1/profile-access-groups/{{create_balance_group.group_id}}', queryParams: [{ key: 'profileId', value: '{{input.profile_id}}' }] });
    // {{$guid}}: a new UUID per request; a JSON body with unquoted variables keeps them as values.
    expect(step('add_balance_currency_to_balance_group')).toMatchObject({ headers: [{ key: 'x-idempotence-uuid', value: '{{ "" | uuid }}' }], bodyType: 'json', body: { groupId: '{{create_balance_group.group_id}}', primary: false } });
    expect(wise.definition.input_schema.map((input) => input.name)).toEqual(['host', 'client_redirect_uri', 'client_auth_code', 'profile_id']);
    expect(wise.credentials).toEqual([{ service_name: 'balance_groups_api', fields: { client_id: null, client_secret: null } }]);
    expect(wise.notes).toEqual([]);
    expect(parseDefinition(wise.definition).ok).toBe(true);
  });

  it('collection variables as defaults, path variables, inherited and literal auth, v2.0 auth, GraphQL, saved examples as mappings', () => {
    const draft = draftFromPostman(
      JSON.stringify({
        info: { name: 'CRM', schema: 'https://schema.getpostman.com/json/collection/v2.0.0/collection.json' },
        variable: [
          { key: 'baseUrl', value: 'https://api.crm.example' },
          { key: 'apiKey', value: 'live_1234567890abcdef' },
        ],
        auth: { type: 'apikey', apikey: { key: 'api_key', value: '{{apiKey}}', in: 'query' } },
        item: [
          {
            name: 'People',
            item: [
              {
                name: 'Get person',
                request: {
                  method: 'GET',
                  header: [
                    { key: 'Accept', value: 'application/json' },
                    { key: 'X-Debug', value: '1', disabled: true },
                  ],
                  url: { raw: '{{baseUrl}}/people/:personId?fields=all', host: ['{{baseUrl}}'], path: ['people', ':personId'], query: [{ key: 'fields', value: 'all' }], variable: [{ key: 'personId', value: '' }] },
                },
                response: [{ name: 'Found', code: 200, body: '{"person": {"given_name": "Ada", "family_name": "Lovelace", "work_email": "ada@example.com", "employer": {"name": "Analytical Engines"}}}' }],
              },
            ],
          },
          {
            name: 'Search (GraphQL)',
            request: {
              method: 'POST',
              auth: { type: 'bearer', bearer: [{ key: 'token', value: 'gql-token-0123456789' }] },
              url: 'https://graph.crm.example/graphql',
              body: { mode: 'graphql', graphql: { query: 'query($q: String!) { people(q: $q) { id } }', variables: '{"q": "{{query}}"}' } },
            },
          },
        ],
      }),
    );
    const [person, search] = draft.definition.steps;
    expect(person).toMatchObject({ id: 'get_person', url: '{{input.base_url}}/people/{{input.person_id}}', queryParams: [{ key: 'fields', value: 'all' }], headers: [{ key: 'Accept', value: 'application/json' }], auth: { type: 'api_key', in: 'query', name: 'api_key', value: '{{credentials.crm.api_key}}' } });
    expect(search).toMatchObject({ bodyType: 'json', body: { query: 'query($q: String!) { people(q: $q) { id } }', variables: { q: '{{input.query}}' } }, auth: { type: 'bearer', token: '{{credentials.crm.token}}' } });
    expect(draft.definition.input_schema).toEqual([
      { name: 'base_url', type: 'string', required: false, description: '{{baseUrl}} in the collection', default: 'https://api.crm.example' },
      { name: 'person_id', type: 'string', required: true, description: '{{personId}} in the collection' },
      { name: 'query', type: 'string', required: true, description: '{{query}} in the collection' },
    ]);
    // Secrets the collection held are moved into the credential, never kept in the steps.
    expect(draft.credentials).toEqual([{ service_name: 'crm', fields: { api_key: 'live_1234567890abcdef', token: 'gql-token-0123456789' } }]);
    expect(JSON.stringify(draft.definition)).not.toMatch(/live_1234|gql-token/);
    expect(draft.definition.field_mappings).toEqual([
      { sourcePath: 'person.given_name', targetField: 'firstname', step: 'get_person' },
      { sourcePath: 'person.family_name', targetField: 'lastname', step: 'get_person' },
      { sourcePath: 'person.work_email', targetField: 'email', step: 'get_person' },
      { sourcePath: 'person.employer.name', targetField: 'company', step: 'get_person' },
    ]);
    expect(draft.samples.get_person).toMatchObject({ person: { given_name: 'Ada' } });
    expect(parseDefinition(draft.definition).ok).toBe(true);
  });

  it('says what is not a collection, and reads any JSON as a draft or a plain error', () => {
    expect(() => draftFromPostman('{')).toThrow(/not JSON/);
    expect(() => draftFromPostman('{"info": {}}')).toThrow(/needs "info" and "item"/);
    expect(() => draftFromPostman('{"info": {"schema": "https://schema.getpostman.com/json/collection/v1.0.0/collection.json"}, "item": []}')).toThrow(/export it as Collection v2.1/);
    expect(() => draftFromPostman('{"info": {}, "item": [{"name": "folder", "item": []}]}')).toThrow(/no request/);
    // Postman's text is not a template of ours: a `{%`, or a `{{` that names no variable, stays text.
    const literal = draftFromPostman(JSON.stringify({ info: { name: 'x' }, item: [{ name: 'a', request: 'https://api.example.com/a{%b{{' }] }));
    expect(parseDefinition(literal.definition).ok, JSON.stringify(literal.definition.steps[0])).toBe(true);
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.jsonValue({ maxDepth: 4 }), (request, auth) => {
        try {
          const draft = draftFromPostman(JSON.stringify({ info: { name: 'x' }, auth, item: [{ name: 'a', request }, { name: 'b', item: [{ request }] }] }));
          const parsed = parseDefinition(draft.definition);
          expect(parsed.ok, JSON.stringify(parsed)).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(Error);
          expect((error as Error).message).toMatch(/no request|collection/);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('is a command: connectors import postman FILE', { timeout: 30_000 }, async () => {
    const bin = new URL('../bin/connectors.js', import.meta.url).pathname;
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, 'import', 'postman', file]);
    expect(JSON.parse(stdout).steps).toHaveLength(11);
    expect(stderr).toContain('credential "balance_groups_api": client_id (fill it in), client_secret (fill it in)');
  });
});
