import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { guessContactField } from '../src/engine/contact-fields.ts';
import { draftFromOpenApi, operationsOf, readOpenApi } from '../src/engine/import/openapi.ts';
import { parseDefinition } from '../src/engine/index.ts';

/*
 * Real providers' published API descriptions (test/fixtures/openapi, licences in its README),
 * one of each shape: OpenAPI 3.0 in YAML with path-level servers (Twilio Lookups), Swagger 2 in
 * JSON at 1.9 MB (SendGrid v3), OpenAPI 3.0 in YAML with shared request bodies and OAuth beside
 * an API key (Swagger Petstore). Each chosen operation must become the step a user would type.
 */

const fixture = (name: string) => readFileSync(new URL(`./fixtures/openapi/${name}`, import.meta.url), 'utf8');
const twilio = readOpenApi(fixture('twilio-lookups-v2.yaml'));
const sendgrid = readOpenApi(fixture('sendgrid-v3.json'));
const petstore = readOpenApi(fixture('petstore-v3.yaml'));

function accepted(draft: ReturnType<typeof draftFromOpenApi>): void {
  const parsed = parseDefinition(draft.definition);
  expect(parsed.ok, JSON.stringify(parsed)).toBe(true);
}

const inputsOf = (draft: ReturnType<typeof draftFromOpenApi>) => Object.fromEntries(draft.definition.input_schema.map(({ name, ...input }) => [name, input]));
const mappingsOf = (draft: ReturnType<typeof draftFromOpenApi>) => Object.fromEntries(draft.definition.field_mappings.map((mapping) => [mapping.targetField, mapping.sourcePath]));

describe('OpenAPI import', () => {
  it('Twilio Lookups (OpenAPI 3.0, YAML): the path-level server, the path parameter required, query parameters optional, basic auth', () => {
    expect(twilio.version).toBe('3');
    expect(operationsOf(twilio)).toHaveLength(10);
    expect(operationsOf(twilio, 'phone overrides').map((operation) => operation.key)).toEqual(['FetchLookupPhoneNumberOverrides', 'UpdateLookupPhoneNumberOverrides', 'CreateLookupPhoneNumberOverrides', 'DeleteLookupPhoneNumberOverrides']);

    const draft = draftFromOpenApi(twilio, 'FetchPhoneNumber');
    const [step] = draft.definition.steps;
    expect(step).toMatchObject({ id: 'fetch_phone_number', method: 'GET', url: 'https://lookups.twilio.com/v2/PhoneNumbers/{{input.phone_number}}', auth: { type: 'basic', username: '{{credentials.twilio.username}}', password: '{{credentials.twilio.password}}' } });
    expect(step!.queryParams.slice(0, 3)).toEqual([
      { key: 'Fields', value: '{{input.fields}}' },
      { key: 'CountryCode', value: '{{input.country_code}}' },
      { key: 'FirstName', value: '{{input.first_name}}' },
    ]);
    const inputs = inputsOf(draft);
    expect(inputs.phone_number).toMatchObject({ type: 'string', required: true, description: expect.stringContaining('E.164') });
    expect(inputs.fields).toMatchObject({ required: false });
    expect(Object.keys(inputs)).toHaveLength(16);
    expect(draft.credentials).toEqual([{ service_name: 'twilio', fields: { username: null, password: null } }]);
    // The example answer shows add-ons as null; their shape comes from the schema.
    expect(step!.outputs).toMatchObject({ phone_number: 'phone_number', national_format: 'national_format', valid: 'valid' });
    expect(draft.samples.fetch_phone_number).toMatchObject({ phone_number: '+14159929960', caller_name: { caller_name: expect.anything() } });
    expect(mappingsOf(draft)).toEqual({ phone_number: 'phone_number' });
    accepted(draft);
  });

  it('SendGrid v3 (Swagger 2, JSON, 1.9 MB): host and base path over https, the body from its example, a key in Authorization as bearer, contact fields pre-mapped', () => {
    expect(sendgrid.version).toBe('2');
    expect(operationsOf(sendgrid).length).toBeGreaterThan(300);
    expect(operationsOf(sendgrid, 'contacts emails').map((operation) => operation.key)).toEqual(['POST_marketing-contacts-search-emails']);

    const draft = draftFromOpenApi(sendgrid, 'POST_marketing-contacts-search-emails');
    const [step] = draft.definition.steps;
    expect(step).toMatchObject({ method: 'POST', url: 'https://api.sendgrid.com/v3/marketing/contacts/search/emails', bodyType: 'json', body: { emails: ['jane_doe@example.com', 'john_doe@example.com', 'joann_doe@example.com'] }, auth: { type: 'bearer', token: '{{credentials.sendgrid.token}}' } });
    expect(draft.notes).toContain('the document lists only http for api.sendgrid.com; the step uses https');
    const contact = 'result["jane_doe@example.com"].contact';
    expect(mappingsOf(draft)).toEqual({
      st_address: `${contact}.address_line_1`,
      city: `${contact}.city`,
      email: `${contact}.email`,
      firstname: `${contact}.first_name`,
      lastname: `${contact}.last_name`,
      zip: `${contact}.postal_code`,
      state: `${contact}.state_province_region`,
      phone_number: `${contact}.phone_number`,
    });
    expect(Object.keys(step!.outputs ?? {})).toHaveLength(20);
    accepted(draft);

    // A path parameter, picked by method and path.
    const byPath = draftFromOpenApi(sendgrid, 'GET /marketing/contacts/{id}');
    expect(byPath.definition.steps[0]).toMatchObject({ url: 'https://api.sendgrid.com/v3/marketing/contacts/{{input.id}}' });
    expect(inputsOf(byPath).id).toMatchObject({ required: true });
    expect(mappingsOf(byPath)).toMatchObject({ email: 'email', firstname: 'first_name' });
    accepted(byPath);
  });

  it('Petstore (OpenAPI 3.0, YAML): the API key chosen over implicit OAuth, enums and defaults, a shared body, a form', () => {
    const user = draftFromOpenApi(petstore, 'getUserByName');
    expect(user.definition.steps[0]).toMatchObject({ url: 'https://petstore3.swagger.io/api/v3/user/{{input.username}}', auth: { type: 'none' } });
    expect(mappingsOf(user)).toEqual({ firstname: 'firstName', lastname: 'lastName', email: 'email', phone_number: 'phone' });
    accepted(user);

    const pet = draftFromOpenApi(petstore, 'getPetById');
    expect(pet.definition.steps[0]).toMatchObject({ url: 'https://petstore3.swagger.io/api/v3/pet/{{input.pet_id}}', auth: { type: 'api_key', in: 'header', name: 'api_key', value: '{{credentials.swagger.api_key}}' } });
    expect(inputsOf(pet).pet_id).toMatchObject({ type: 'number', required: true });
    accepted(pet);

    const byStatus = draftFromOpenApi(petstore, 'findPetsByStatus');
    expect(inputsOf(byStatus).status).toMatchObject({ type: 'string', default: 'available', enum: ['available', 'pending', 'sold'] });
    expect(byStatus.notes).toContain("security petstore_auth cannot be sent by the engine: set the step's auth by hand");
    accepted(byStatus);

    // The body's schema is a shared `$ref`; without an example, its required fields are kept.
    const add = draftFromOpenApi(petstore, 'addPet');
    expect(add.definition.steps[0]).toMatchObject({ method: 'POST', bodyType: 'json', body: { name: 'doggie', photoUrls: [] } });
    accepted(add);

    const form = draftFromOpenApi(petstore, 'updatePetWithForm');
    expect(form.definition.steps[0]!.queryParams).toEqual([
      { key: 'name', value: '{{input.name}}' },
      { key: 'status', value: '{{input.status}}' },
    ]);
    accepted(form);
  });

  it('says which operation is not there, and what is not a document', () => {
    expect(() => draftFromOpenApi(petstore, 'nope')).toThrow(/no operation "nope"/);
    expect(() => readOpenApi('{"openapi": "3.1.0"}')).toThrow(/no "paths"/);
    expect(() => readOpenApi('title: x')).toThrow(/neither "openapi": "3.x" nor "swagger": "2.0"/);
    expect(() => readOpenApi('{"a": ')).toThrow(/neither JSON nor YAML/);
  });

  it('a relative server, server variables, allOf, cycles in $refs and prototype names', () => {
    const spec = readOpenApi(
      JSON.stringify({
        openapi: '3.1.0',
        info: { title: 'People', version: '1' },
        servers: [{ url: 'https://{region}.people.example/v1', variables: { region: { default: 'eu' } } }],
        components: {
          securitySchemes: { app: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: 'https://auth.people.example/token', scopes: { 'people:read': '' } } } } },
          schemas: {
            Person: { allOf: [{ $ref: '#/components/schemas/Named' }, { type: 'object', properties: { employer: { type: 'object', properties: { name: { type: 'string' } } }, manager: { $ref: '#/components/schemas/Person' } } }] },
            Named: { type: 'object', properties: { given_name: { type: 'string' }, email: { type: 'string', format: 'email' } } },
            Loop: { $ref: '#/components/schemas/Loop' },
          },
        },
        security: [{ app: [] }],
        paths: {
          '/people/{id}': {
            parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
            get: { operationId: 'getPerson', responses: { 200: { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Person' } } } } } },
            post: { operationId: 'loop', requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Loop' } } } }, responses: { 200: { description: 'ok', content: { 'application/json': { schema: { $ref: '#/constructor' } } } } } },
          },
          '/__proto__': { get: { operationId: '__proto__', parameters: [{ name: '__proto__', in: 'query', schema: { type: 'string' } }], responses: {} } },
        },
      }),
    );
    const person = draftFromOpenApi(spec, 'getPerson');
    expect(person.definition.steps[0]).toMatchObject({ url: 'https://eu.people.example/v1/people/{{input.id}}', auth: { type: 'oauth2', grantType: 'client_credentials', tokenUrl: 'https://auth.people.example/token', scope: 'people:read' } });
    expect(mappingsOf(person)).toEqual({ firstname: 'given_name', email: 'email', company: 'employer.name' });
    expect(person.credentials).toEqual([{ service_name: 'people', fields: { client_id: null, client_secret: null } }]);
    accepted(person);
    expect(draftFromOpenApi(spec, 'loop').definition.steps[0]).toMatchObject({ body: {} });
    const proto = draftFromOpenApi(spec, '__proto__');
    expect(proto.definition.input_schema.map((input) => input.name)).toEqual(['proto']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    const split = readOpenApi(JSON.stringify({ openapi: '3.0.0', info: { title: 'Split', version: '1' }, servers: [{ url: 'https://split.example' }], paths: { '/x': { get: { operationId: 'x', responses: { 200: { $ref: './responses.yaml#/Ok' } } } } } }));
    expect(draftFromOpenApi(split, 'x').notes).toContain('./responses.yaml#/Ok: references to other files are not followed; paste the document bundled into one file for what they hold');

    const relative = readOpenApi('openapi: 3.0.0\ninfo: {title: Rel, version: "1"}\nservers: [{url: /api}]\npaths: {/x: {get: {responses: {}}}}');
    expect(draftFromOpenApi(relative, 'GET /x', 'https://docs.example/spec.yaml').definition.steps[0]!.url).toBe('https://docs.example/api/x');
    const unplaced = draftFromOpenApi(relative, 'GET /x');
    expect(unplaced.definition.steps[0]!.url).toBe('{{input.base_url}}/api/x');
    expect(inputsOf(unplaced).base_url).toMatchObject({ required: true });
  });

  it('refuses YAML that multiplies itself, and reads any document as a draft or a plain error', () => {
    const laughs = ['a: &a [x,x,x,x,x,x,x,x,x]', ...'bcdefg'.split('').map((name, at) => `${name}: &${name} [${Array(9).fill(`*${'abcdefg'[at]}`).join(',')}]`)].join('\n');
    expect(() => readOpenApi(`openapi: 3.0.0\n${laughs}`)).toThrow(/neither JSON nor YAML/);
    const schema = fc.letrec((tie) => ({
      node: fc.oneof({ maxDepth: 3 }, fc.constant({ $ref: '#/components/schemas/A' }), fc.record({ type: fc.constantFrom('object', 'array', 'string', 'integer'), properties: fc.dictionary(fc.constantFrom('email', 'name', '__proto__', 'constructor', 'zip'), tie('node'), { maxKeys: 3 }), items: tie('node'), allOf: fc.array(tie('node'), { maxLength: 2 }) }, { requiredKeys: [] })),
    })).node;
    fc.assert(
      fc.property(schema, schema, fc.constantFrom('path', 'query', 'header', 'cookie', 'body'), (request, answer, where) => {
        const spec = { swagger: '2.0', host: 'api.example.com', definitions: {}, components: { schemas: { A: request } }, paths: { '/x/{id}': { post: { operationId: 'x', parameters: [{ name: 'id', in: where, schema: request }], responses: { 200: { schema: answer } } } } } };
        for (const document of [spec, { ...spec, swagger: undefined, openapi: '3.0.0', paths: { '/x': { post: { operationId: 'x', requestBody: { content: { 'application/json': { schema: request } } }, responses: { 200: { content: { 'application/json': { schema: answer } } } } } } } }]) {
          const draft = draftFromOpenApi(readOpenApi(JSON.stringify(document)), 'x');
          expect(parseDefinition(draft.definition).ok).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('is a command: connectors import openapi FILE lists or searches operations, and FILE OPERATION prints the draft', { timeout: 30_000 }, async () => {
    const bin = new URL('../bin/connectors.js', import.meta.url).pathname;
    const file = new URL('./fixtures/openapi/petstore-v3.yaml', import.meta.url).pathname;
    const run = (...args: string[]) => promisify(execFile)(process.execPath, [bin, 'import', 'openapi', file, ...args]);
    const listed = await run('user');
    expect(listed.stdout).toContain('getUserByName\tGET /user/{username}');
    expect(listed.stdout).not.toContain('getPetById');
    const { stdout } = await run('getUserByName');
    const definition = JSON.parse(stdout);
    expect(definition.field_mappings).toContainEqual({ sourcePath: 'email', targetField: 'email', step: 'get_user_by_name' });
    expect(parseDefinition(definition).ok).toBe(true);
  });
});

describe('guessing a contact field from a path', () => {
  it('reads the last names of the path as answers spell them', () => {
    const cases: [string, string | undefined][] = [
      ['firstName', 'firstname'],
      ['person.given_name', 'firstname'],
      ['results[0].emailAddress', 'email'],
      ['address.postalCode', 'zip'],
      ['zip', 'zip'],
      ['location.locality', 'city'],
      ['company.name', 'company'],
      ['organization', 'company'],
      ['data.phone_number', 'phone_number'],
      ['person.address["@zip"]', 'zip'],
      ['name', undefined],
      ['id', undefined],
    ];
    for (const [path, field] of cases) expect(guessContactField(path), path).toBe(field);
  });
});
