import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USER_AGENT } from '../src/engine/request.ts';
import { BACKENDS, startApp, testSettings } from './support/app.ts';
import { runOnce } from './support/engine.ts';
import { json, standIn, type Received, type StandIn } from './support/stand-in.ts';

/*
 * Stand-ins for real APIs, answering as each provider's public documentation shows (status,
 * headers, body, errors) and refusing what the real API refuses; the definitions are written as
 * the README tells a user to write them, with the providers' real URLs.
 */

type Provider = (request: Received, response: ServerResponse) => void;

const bearer = (request: Received, token: string) => request.headers.authorization === `Bearer ${token}`;

const PROVIDERS: Record<string, Provider> = {
  // SendGrid v3 Mail Send: 202 with an empty body; the message id is only in a header.
  'https://api.sendgrid.com': (request, response) => {
    if (!bearer(request, 'SG.test-key')) return json(response, 401, { errors: [{ field: null, message: 'authorization required', help: null }] });
    if (request.headers['content-type'] !== 'application/json') return json(response, 415, { errors: [{ field: null, message: 'Content-Type should be application/json.', help: null }] });
    response.writeHead(202, { 'x-message-id': 'W8Gx3dT5Q1-sVdDIFLD-Rw', 'content-length': '0' }).end();
  },
  // Slack Web API: always 200, `ok: false` with an error code when it fails.
  'https://slack.com': (request, response) => {
    if (!bearer(request, 'xoxb-test')) return json(response, 200, { ok: false, error: 'invalid_auth' });
    const email = request.url.searchParams.get('email');
    if (email !== 'spengler@ghostbusters.example.com') return json(response, 200, { ok: false, error: 'users_not_found' });
    json(response, 200, { ok: true, user: { id: 'W012A3CDE', name: 'spengler', real_name: 'Egon Spengler', profile: { first_name: 'Egon', last_name: 'Spengler', title: 'Ghostbuster', email } } });
  },
  // Google Geocoding: 200 with `status` OK, ZERO_RESULTS or REQUEST_DENIED (and `error_message`).
  'https://maps.googleapis.com': (request, response) => {
    if (request.url.searchParams.get('key') !== 'AIza-test') {
      return json(response, 200, { error_message: 'The provided API key is invalid. ', results: [], status: 'REQUEST_DENIED' });
    }
    if (request.url.searchParams.get('address') !== '1600 Amphitheatre Parkway, Mountain View, CA') return json(response, 200, { results: [], status: 'ZERO_RESULTS' });
    json(response, 200, {
      results: [
        {
          formatted_address: '1600 Amphitheatre Pkwy, Mountain View, CA 94043, USA',
          address_components: [
            { long_name: 'Mountain View', short_name: 'Mountain View', types: ['locality', 'political'] },
            { long_name: '94043', short_name: '94043', types: ['postal_code'] },
          ],
          geometry: { location: { lat: 37.4224428, lng: -122.0842467 } },
        },
      ],
      status: 'OK',
    });
  },
  // People Data Labs Person Enrichment: 404 when no record matches, 401 without a key.
  'https://api.peopledatalabs.com': (request, response) => {
    if (request.headers['x-api-key'] !== 'pdl-test') return json(response, 401, { status: 401, error: { type: 'authentication_error', message: 'No API key found in request' } });
    if (request.url.searchParams.get('email') !== 'sean@peopledatalabs.com') {
      return json(response, 404, { status: 404, error: { type: 'not_found', message: 'No records were found matching your request' } });
    }
    json(response, 200, { status: 200, likelihood: 10, data: { full_name: 'sean thorne', first_name: 'sean', last_name: 'thorne', job_title: 'co-founder', job_company_name: 'people data labs' } });
  },
  // OpenAI Chat Completions: the model's JSON answer is a string inside the answer.
  'https://api.openai.com': (request, response) => {
    if (!bearer(request, 'sk-test')) return json(response, 401, { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } });
    json(response, 200, {
      id: 'chatcmpl-123',
      object: 'chat.completion',
      choices: [{ index: 0, message: { role: 'assistant', content: '```json\n{"company": "Acme Corp", "industry": "Software"}\n```' }, finish_reason: 'stop' }],
    });
  },
  // EU VIES checkVat (SOAP): values are text, with namespace prefixes.
  'https://ec.europa.eu': (request, response) => {
    if (!String(request.headers['content-type']).startsWith('text/xml')) return void response.writeHead(415).end();
    const number = /<urn:vatNumber>([^<]*)</.exec(request.body)?.[1] ?? '';
    response.writeHead(200, { 'content-type': 'text/xml;charset=UTF-8' }).end(
      `<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/"><env:Header/><env:Body><ns2:checkVatResponse xmlns:ns2="urn:ec.europa.eu:taxud:vies:services:checkVat:types"><ns2:countryCode>BE</ns2:countryCode><ns2:vatNumber>${number}</ns2:vatNumber><ns2:requestDate>2026-12-02+01:00</ns2:requestDate><ns2:valid>true</ns2:valid><ns2:name>NV EXAMPLE</ns2:name><ns2:address>RUE DE LA LOI 1
1000 BRUXELLES</ns2:address></ns2:checkVatResponse></env:Body></env:Envelope>`,
    );
  },
  'https://api.hubspot.com': hubspot,
  'https://api.twilio.com': twilio,
  'https://api.hunter.io': hunter,
  // GitHub REST: a request without a User-Agent is refused.
  'https://api.github.com': (request, response) => {
    if (!request.headers['user-agent']) {
      return void response.writeHead(403, { 'content-type': 'text/plain' }).end('Request forbidden by administrative rules. Please make sure your request has a User-Agent header (https://docs.github.com/en/rest/overview/resources-in-the-rest-api#user-agent-required).');
    }
    json(response, 200, { login: 'octocat', name: 'The Octocat', company: '@github', location: 'San Francisco', email: null });
  },
};

// HubSpot CRM v3: default properties unless `properties` names others, associations only when asked.
const HUBSPOT_CONTACT = { id: '501', properties: { createdate: '2026-01-05T10:00:00.000Z', email: 'jose.tayzon@example.com', firstname: 'Jose', hs_object_id: '501', lastmodifieddate: '2026-02-01T09:00:00.000Z', lastname: 'Tayzon' } };
const HUBSPOT_COMPANY = { id: '9001', properties: { createdate: '2026-01-05T10:00:00.000Z', domain: 'tayzon.example', hs_lastmodifieddate: '2026-02-01T09:00:00.000Z', hs_object_id: '9001', name: 'Tayzon Logistics' } };
function hubspot(request: Received, response: ServerResponse): void {
  if (request.headers.authorization !== 'Bearer pat-na1-test') {
    return json(response, 401, { status: 'error', message: 'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview', correlationId: 'a1b2', category: 'INVALID_AUTHENTICATION' });
  }
  const asked = (request.url.searchParams.get('properties') ?? '').split(',').filter(Boolean);
  const withProperties = (record: { id: string; properties: Record<string, string> }, extra: Record<string, string>) => ({ ...record, properties: { ...record.properties, ...Object.fromEntries(asked.filter((name) => name in extra).map((name) => [name, extra[name]!])) }, archived: false });
  const path = request.url.pathname;
  if (request.method === 'POST' && path === '/crm/v3/objects/contacts/search') {
    if (request.headers['content-type'] !== 'application/json') return json(response, 415, { status: 'error', message: 'Unsupported Media Type', category: 'VALIDATION_ERROR' });
    const email = (JSON.parse(request.body) as { filterGroups: { filters: { value: string }[] }[] }).filterGroups[0]?.filters[0]?.value;
    return json(response, 200, email === HUBSPOT_CONTACT.properties.email ? { total: 1, results: [{ id: '501', properties: HUBSPOT_CONTACT.properties, archived: false }] } : { total: 0, results: [] });
  }
  if (path === '/crm/v3/objects/contacts/501') {
    const contact = withProperties(HUBSPOT_CONTACT, {});
    return json(response, 200, request.url.searchParams.get('associations') === 'companies' ? { ...contact, associations: { companies: { results: [{ id: '9001', type: 'contact_to_company' }] } } } : contact);
  }
  if (path === '/crm/v3/objects/companies/9001') return json(response, 200, withProperties(HUBSPOT_COMPANY, { industry: 'TRANSPORTATION' }));
  json(response, 404, { status: 'error', message: 'Object not found.', category: 'OBJECT_NOT_FOUND' });
}

// Twilio Messages: a form body, Basic auth with the account SID, 201 with the message; errors carry a code and a message.
function twilio(request: Received, response: ServerResponse): void {
  if (request.headers.authorization !== `Basic ${Buffer.from('AC0123:twilio-token').toString('base64')}`) {
    return json(response, 401, { code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 });
  }
  if (request.headers['content-type'] !== 'application/x-www-form-urlencoded') return json(response, 400, { code: 20001, message: 'Invalid content type', status: 400 });
  const form = new URLSearchParams(request.body);
  if (!/^\+[1-9]\d{7,14}$/.test(form.get('To') ?? '')) {
    return json(response, 400, { code: 21211, message: `The 'To' number ${form.get('To') ?? ''} is not a valid phone number.`, more_info: 'https://www.twilio.com/docs/errors/21211', status: 400 });
  }
  json(response, 201, { sid: 'SM1f0e8ae6ade43cb3c0ce4525424e404f', status: 'queued', to: form.get('To'), from: form.get('From'), body: form.get('Body'), num_segments: '1', direction: 'outbound-api', api_version: '2010-04-01' });
}

// Hunter Email Verifier: the key in the query; errors as a list with details.
function hunter(request: Received, response: ServerResponse): void {
  if (request.url.searchParams.get('api_key') !== 'hunter-key') return json(response, 401, { errors: [{ id: 'authentication_failed', code: 401, details: 'No user found for the API key supplied' }] });
  const email = request.url.searchParams.get('email');
  json(response, 200, { data: { status: 'valid', result: 'deliverable', score: 100, email, regexp: true, gibberish: false, disposable: false, webmail: false, mx_records: true, smtp_server: true, smtp_check: true, accept_all: false, block: false }, meta: { params: { email } } });
}

const bin = new URL('../bin/connectors.js', import.meta.url).pathname;
const template = (name: string) => (JSON.parse(readFileSync(new URL(`../templates/${name}.json`, import.meta.url), 'utf8')) as { definition: unknown }).definition;

describe('real APIs, as their documentation describes them', () => {
  const servers: Record<string, StandIn> = {};
  const connectTo: Record<string, string> = {};
  beforeAll(async () => {
    for (const [origin, provider] of Object.entries(PROVIDERS)) {
      servers[origin] = await standIn(provider);
      connectTo[origin] = servers[origin].url;
    }
  });
  afterAll(async () => {
    for (const server of Object.values(servers)) await server.close();
  });
  const run = (definition: unknown, context = {}) => runOnce(definition, context, { connectTo });

  it('HubSpot: the shipped template, against HubSpot\'s documented answers, and no match for an unknown email', async () => {
    const enrich = (email: string) => run(template('hubspot-contact-enrichment'), { input: { email }, credentials: { hubspot: { token: 'pat-na1-test' } } });
    const found = await enrich('jose.tayzon@example.com');
    expect(found.error).toBeUndefined();
    expect(found.patch).toEqual({ firstname: 'Jose', lastname: 'Tayzon', metadata: { company_name: 'Tayzon Logistics', industry: 'TRANSPORTATION' } });
    const unknown = await enrich('nobody@example.com');
    expect([unknown.status, unknown.noMatch, unknown.patch]).toEqual(['success', 'no match: step_1: {{ total == 0 }} holds', {}]);
    expect(unknown.steps.map((step) => step.status)).toEqual(['success', 'skipped', 'skipped']);
  });

  it('Twilio and Hunter: the shipped templates, against their documented answers and errors', async () => {
    const credentials = { twilio: { account_sid: 'AC0123', auth_token: 'twilio-token' }, hunter: { api_key: 'hunter-key' } };
    const sms = (phone: string) => run(template('twilio-sms'), { contact: { phone_number: phone }, input: { from: '+15017122661', message: 'Hi' }, credentials });
    const sent = await sms('+15558675310');
    expect(sent.steps[0]?.outputs).toEqual({ sid: 'SM1f0e8ae6ade43cb3c0ce4525424e404f', status: 'queued' });
    const refused = await sms('555');
    expect(refused.error?.message).toBe("HTTP 400 Bad Request from api.twilio.com: The 'To' number 555 is not a valid phone number.");

    const verify = (key: string) => run(template('email-verification'), { contact: { email: 'ada@example.com' }, credentials: { hunter: { api_key: key } } });
    expect((await verify('hunter-key')).patch).toEqual({ metadata: { email_verification: { status: 'valid', result: 'deliverable', score: 100 } } });
    expect((await verify('wrong')).error?.message).toBe('HTTP 401 Unauthorized from api.hunter.io: No user found for the API key supplied');
  });

  it('gives the same contact patch through `connectors run` and the API\'s test endpoint as through the engine', { timeout: 120_000 }, async () => {
    const cases = [
      { name: 'hubspot-contact-enrichment', contact: {}, input: { email: 'jose.tayzon@example.com' }, credentials: { hubspot: { token: 'pat-na1-test' } } },
      { name: 'twilio-sms', contact: { phone_number: '+15558675310' }, input: { from: '+15017122661', message: 'Hi' }, credentials: { twilio: { account_sid: 'AC0123', auth_token: 'twilio-token' } } },
      { name: 'email-verification', contact: { email: 'ada@example.com' }, input: {}, credentials: { hunter: { api_key: 'hunter-key' } } },
    ];
    const dir = mkdtempSync(join(tmpdir(), 'connectors-real-'));
    const database = await BACKENDS[0]!.create();
    const app = await startApp(testSettings(database), { connectTo });
    try {
      const alice = await app.as('alice');
      await alice.newWorkspace('Real APIs');
      for (const { name, contact, input, credentials } of cases) {
        const expected = (await run(template(name), { contact, input, credentials })).patch;
        expect(Object.keys(expected).length).toBeGreaterThan(0);

        writeFileSync(join(dir, `${name}.json`), JSON.stringify(template(name)));
        writeFileSync(join(dir, `${name}.contact.json`), JSON.stringify(contact));
        const args = [join(dir, `${name}.json`), '--json', '--allow-host', '127.0.0.1', '--contact', join(dir, `${name}.contact.json`)];
        for (const [key, value] of Object.entries(input)) args.push('--input', `${key}=${value}`);
        for (const [service, fields] of Object.entries(credentials)) for (const [field, value] of Object.entries(fields)) args.push('--credential', `${service}.${field}=${value}`);
        for (const [from, to] of Object.entries(connectTo)) args.push('--connect-to', `${from}=${to}`);
        const { stdout } = await promisify(execFile)(process.execPath, [bin, 'run', ...args], { env: { ...process.env, CONNECTORS_ALLOWED_HOSTS: '' } });
        expect((JSON.parse(stdout) as { patch: unknown }).patch).toEqual(expected);

        for (const [service, fields] of Object.entries(credentials)) await alice.post('/workspace/credentials', { service_name: service, credentials: fields });
        const id = (await alice.post<{ id: string }>('/connectors', template(name))).body.id;
        const tested = await alice.post<{ status: string; patch: unknown }>(`/connectors/${id}/test`, { input_data: { contact, ...input } });
        expect([tested.status, tested.body.status, tested.body.patch]).toEqual([200, 'success', expected]);
      }
    } finally {
      await app.close();
      await database.drop();
    }
  });

  it('SendGrid: a 202 with an empty body, its X-Message-Id read from the headers', async () => {
    const send = (key: string) =>
      run(
        {
          name: 'Welcome email',
          steps: [
            {
              id: 'send',
              method: 'POST',
              url: 'https://api.sendgrid.com/v3/mail/send',
              auth: { type: 'bearer', token: '{{ credentials.sendgrid.api_key }}' },
              body: { personalizations: [{ to: [{ email: '{{ contact.email }}' }] }], from: { email: 'hello@example.com' }, subject: 'Welcome', content: [{ type: 'text/plain', value: 'Hi {{ contact.firstname }}' }] },
              outputMapping: { message_id: '_headers.x-message-id', status: '_status' },
            },
          ],
          finalMapping: { 'metadata.welcome_message_id': '{{ send.message_id }}' },
        },
        { contact: { email: 'ada@example.com', firstname: 'Ada' }, credentials: { sendgrid: { api_key: key } } },
      );
    const sent = await send('SG.test-key');
    expect(sent.status).toBe('success');
    expect(sent.steps[0]?.outputs).toEqual({ message_id: 'W8Gx3dT5Q1-sVdDIFLD-Rw', status: 202 });
    expect(sent.patch).toEqual({ metadata: { welcome_message_id: 'W8Gx3dT5Q1-sVdDIFLD-Rw' } });
    const refused = await send('SG.wrong');
    expect(refused.error?.message).toBe('HTTP 401 Unauthorized from api.sendgrid.com: {"errors":[{"field":null,"message":"authorization required","help":null}]}');
  });

  it('Slack: 200 with ok false is a failure with Slack\'s error code, and users_not_found is no match', async () => {
    const lookup = (email: string, token = 'xoxb-test') =>
      run(
        {
          name: 'Slack profile',
          steps: [
            {
              id: 'user',
              url: 'https://slack.com/api/users.lookupByEmail',
              query: { email: '{{ contact.email }}' },
              auth: { type: 'bearer', token },
              noMatch: { when: '{{ error == "users_not_found" }}' },
              failWhen: '{{ ok == false }}',
              errorPath: 'error',
              outputMapping: { first: 'user.profile.first_name', title: 'user.profile.title' },
            },
          ],
          finalMapping: { firstname: '{{ user.first }}', 'metadata.title': '{{ user.title }}' },
        },
        { contact: { email } },
      );
    const found = await lookup('spengler@ghostbusters.example.com');
    expect(found.patch).toEqual({ firstname: 'Egon', metadata: { title: 'Ghostbuster' } });
    const missing = await lookup('nobody@example.com');
    expect(missing.status).toBe('success');
    expect(missing.patch).toEqual({});
    expect(missing.noMatch).toBe('no match: user: {{ error == "users_not_found" }} holds');
    expect(missing.steps[0]).toMatchObject({ status: 'success', noMatch: true, outputs: {} });
    const denied = await lookup('spengler@ghostbusters.example.com', 'xoxb-revoked');
    expect(denied.status).toBe('failed');
    expect(denied.error).toMatchObject({ step: 'user', code: 'api_error', message: 'the API answered 200 but says it failed ({{ ok == false }}): invalid_auth' });
  });

  it('Google Geocoding: ZERO_RESULTS is no match, REQUEST_DENIED fails with Google\'s error_message', async () => {
    const geocode = (address: string, key = 'AIza-test') =>
      run(
        {
          name: 'Geocode',
          steps: [
            {
              id: 'geo',
              url: 'https://maps.googleapis.com/maps/api/geocode/json',
              query: { address: '{{ input.address }}' },
              auth: { type: 'api_key', in: 'query', name: 'key', value: key },
              noMatch: { when: '{{ status == "ZERO_RESULTS" }}' },
              failWhen: '{{ status != "OK" }}',
              errorPath: 'error_message',
              outputMapping: { lat: 'results[0].geometry.location.lat', city: 'results[0].address_components[0].long_name', places: 'results | size' },
            },
          ],
          finalMapping: { city: '{{ geo.city }}', 'metadata.lat': '{{ geo.lat }}' },
        },
        { input: { address } },
      );
    const found = await geocode('1600 Amphitheatre Parkway, Mountain View, CA');
    expect(found.patch).toEqual({ city: 'Mountain View', metadata: { lat: 37.4224428 } });
    expect(found.steps[0]?.outputs.places).toBe(1);
    const nothing = await geocode('nowhere at all');
    expect([nothing.status, nothing.noMatch]).toEqual(['success', 'no match: geo: {{ status == "ZERO_RESULTS" }} holds']);
    const denied = await geocode('1600 Amphitheatre Parkway, Mountain View, CA', 'AIza-wrong');
    expect(denied.error?.message).toBe('the API answered 200 but says it failed ({{ status != "OK" }}): The provided API key is invalid.');
  });

  it('People Data Labs: 404 is no match and skips the steps that read it; 401 still fails', async () => {
    const enrich = (email: string, key = 'pdl-test') =>
      run(
        {
          name: 'Person enrichment',
          steps: [
            {
              id: 'person',
              url: 'https://api.peopledatalabs.com/v5/person/enrich',
              query: { email: '{{ contact.email }}' },
              auth: { type: 'api_key', in: 'header', name: 'X-Api-Key', value: key },
              noMatch: [404],
              errorPath: 'error.message',
              outputMapping: { first: 'data.first_name', company: 'data.job_company_name' },
            },
            { id: 'company', url: 'https://api.github.com/users/{{ person.company | replace: " ", "" }}' },
            { id: 'profile', url: 'https://api.github.com/users/octocat', outputMapping: { location: 'location' } },
          ],
          finalMapping: { firstname: '{{ person.first | capitalize }}', 'metadata.location': '{{ profile.location }}' },
        },
        { contact: { email } },
      );
    const found = await enrich('sean@peopledatalabs.com');
    expect(found.patch).toEqual({ firstname: 'Sean', metadata: { location: 'San Francisco' } });
    const missing = await enrich('nobody@example.com');
    expect(missing.status).toBe('success');
    expect(missing.steps.map((step) => step.status)).toEqual(['success', 'skipped', 'success']);
    expect(missing.steps[1]?.notes).toEqual(['not run: it reads a step that found no match']);
    expect(missing.patch).toEqual({ metadata: { location: 'San Francisco' } });
    expect(missing.noMatch).toBe('no match: person: HTTP 404 Not Found from api.peopledatalabs.com');
    const unauthorised = await enrich('sean@peopledatalabs.com', 'wrong');
    expect(unauthorised.error?.message).toBe('HTTP 401 Unauthorized from api.peopledatalabs.com: No API key found in request');
  });

  it('OpenAI: the model\'s JSON answer, inside a string and a code fence, read with parse_json', async () => {
    const result = await run(
      {
        name: 'Classify company',
        steps: [
          {
            id: 'ask',
            method: 'POST',
            url: 'https://api.openai.com/v1/chat/completions',
            auth: { type: 'bearer', token: '{{ credentials.openai.api_key }}' },
            body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Company and industry for {{ contact.email }} as JSON' }] },
            outputMapping: { answer: 'choices[0].message.content | parse_json' },
          },
        ],
        finalMapping: { company: '{{ ask.answer.company }}', 'metadata.industry': '{{ ask.answer.industry }}' },
      },
      { contact: { email: 'jane@acme.example' }, credentials: { openai: { api_key: 'sk-test' } } },
    );
    expect(result.patch).toEqual({ company: 'Acme Corp', metadata: { industry: 'Software' } });
  });

  it('EU VIES (SOAP): an XML answer keeps its values as text, read through namespace prefixes', async () => {
    const result = await run({
      name: 'Check VAT',
      steps: [
        {
          id: 'vat',
          method: 'POST',
          url: 'https://ec.europa.eu/taxation_customs/vies/services/checkVatService',
          bodyType: 'xml',
          body: '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:urn="urn:ec.europa.eu:taxud:vies:services:checkVat:types"><soapenv:Body><urn:checkVat><urn:countryCode>BE</urn:countryCode><urn:vatNumber>0420834005</urn:vatNumber></urn:checkVat></soapenv:Body></soapenv:Envelope>',
          headers: { 'Content-Type': 'text/xml; charset=utf-8' },
          outputMapping: { number: '["env:Envelope"]["env:Body"]["ns2:checkVatResponse"]["ns2:vatNumber"]', valid: '["env:Envelope"]["env:Body"]["ns2:checkVatResponse"]["ns2:valid"]' },
        },
      ],
      finalMapping: { 'metadata.vat_number': '{{ vat.number }}', 'metadata.vat_valid': '{{ vat.valid }}' },
    });
    expect(result.patch).toEqual({ metadata: { vat_number: '0420834005', vat_valid: 'true' } });
  });

  it('GitHub: every request carries a User-Agent unless the step sets its own', async () => {
    const result = await run({ name: 'GitHub user', steps: [{ id: 'user', url: 'https://api.github.com/users/octocat', outputMapping: { company: 'company' } }], finalMapping: { company: '{{ user.company }}' } });
    expect(result.patch).toEqual({ company: '@github' });
    expect(servers['https://api.github.com']!.received.at(-1)?.headers['user-agent']).toBe(USER_AGENT);
    expect(result.steps[0]?.request?.headers['user-agent']).toBe(USER_AGENT);
    await run({ name: 'Own agent', steps: [{ url: 'https://api.github.com/users/octocat', headers: { 'User-Agent': 'acme-crm/2.1' } }] });
    expect(servers['https://api.github.com']!.received.at(-1)?.headers['user-agent']).toBe('acme-crm/2.1');
  });
});
